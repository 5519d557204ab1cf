# Two commands do all the set-up (README.md): `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench lock clean serve

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/detente forecast korea-2005 --model all

# The web workspace on http://127.0.0.1:8000 (add an account first: see README.md).
serve: $(STAMP)
	$(BIN)/detente serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: $(STAMP)
	bash scripts/test-services.sh
	$(MAKE) lint
	$(BIN)/python -m pytest -n 2 tests

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lock:
	$(PYTHON) -m venv /tmp/detente-lock && /tmp/detente-lock/bin/pip install -q -e '.[all,dev]' hatchling
	/tmp/detente-lock/bin/pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

#!/usr/bin/env bash
# Installs and starts what the tests need outside Python (run by `make test` before pytest):
#   - PostgreSQL (Debian's `postgresql`), a throw-away server on 127.0.0.1 for the run-store tests;
#   - Chromium (Debian's `chromium`) for the report's browser test (Playwright drives it; we never
#     run `playwright install`);
#   - a CJK font (Debian's `fonts-noto-cjk`, SIL Open Font Licence) so that Chinese, Japanese and
#     Korean titles in the report and its pictures draw as text (the report's font list and
#     Matplotlib's name Noto Sans CJK; 56 MB, too big to bundle in the package).
# It writes what it found to .test-services.env at the repository root (gitignored), which
# tests/conftest.py reads:  DETENTE_TEST_PG_URL=...  DETENTE_TEST_CHROMIUM=...
# On CI (CI=true) every service is required and a failure here fails the build. Elsewhere a
# service that cannot be installed (not root, no apt-get) is left out and its tests skip with a
# clear message. Idempotent: a second run finds the server up and returns in well under a second.
#   bash scripts/test-services.sh        # install/start, write .test-services.env
#   bash scripts/test-services.sh stop   # stop the test PostgreSQL server
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENV_FILE="$ROOT/.test-services.env"
PG_DIR="${DETENTE_TEST_PG_DIR:-${TMPDIR:-/tmp}/detente-test-pg}"
PG_PORT="${DETENTE_TEST_PG_PORT:-54329}"
PG_USER=detente
PG_DB=detente_test
CI="${CI:-false}"

say() { echo "test services: $*" >&2; }
missing() {  # a service could not be provided: fatal on CI, a note elsewhere
  if [ "$CI" = "true" ]; then say "ERROR: $1 (required when CI=true)"; exit 1; fi
  say "skipping: $1 (its tests will skip)"
}

apt_install() {  # install Debian packages that are not installed yet; fails if it cannot
  local todo=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || todo+=("$pkg"); done
  [ ${#todo[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "cannot install ${todo[*]}: needs root and apt-get"; return 1
  fi
  say "installing ${todo[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${todo[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${todo[@]}" >/dev/null; }
}

as_pg() {  # run a PostgreSQL program as the unprivileged 'postgres' user when we are root
  # (from / : the postgres user may not be allowed into the checkout)
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

stop_postgres() {
  local bin; bin="$(pg_bin)"
  if [ -n "$bin" ] && [ -f "$PG_DIR/PG_VERSION" ]; then as_pg "$bin/pg_ctl" -D "$PG_DIR" -m fast stop || true; fi
}

start_postgres() {
  apt_install postgresql || return 1
  local bin; bin="$(pg_bin)"
  [ -x "$bin/initdb" ] || { say "no PostgreSQL server binaries under /usr/lib/postgresql"; return 1; }
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    mkdir -p "$PG_DIR" || return 1
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DIR"
    as_pg "$bin/initdb" -D "$PG_DIR" -U "$PG_USER" --auth=trust -E UTF8 --no-instructions >/dev/null \
      || return 1
  fi
  if ! as_pg "$bin/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"
    as_pg "$bin/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" >/dev/null || { tail -n 5 "$PG_DIR/server.log" >&2; return 1; }
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAq)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    "${psql[@]}" -c "CREATE DATABASE $PG_DB" || return 1
  fi
  echo "DETENTE_TEST_PG_URL=postgresql+psycopg://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB" >>"$ENV_FILE.tmp"
}

find_cjk_font() {
  apt_install fonts-noto-cjk || return 1
  local file; file="$(fc-match -f '%{file}' 'Noto Sans CJK SC' 2>/dev/null || true)"
  case "$file" in *NotoSansCJK*) ;; *) say "fonts-noto-cjk installed but fontconfig does not find it"; return 1 ;; esac
  echo "DETENTE_TEST_CJK_FONT=$file" >>"$ENV_FILE.tmp"
}

find_chromium() {
  apt_install chromium || return 1
  local exe; exe="$(command -v chromium || true)"
  [ -n "$exe" ] || { say "chromium installed but not on PATH"; return 1; }
  echo "DETENTE_TEST_CHROMIUM=$exe" >>"$ENV_FILE.tmp"
}

if [ "${1:-}" = "stop" ]; then stop_postgres; exit 0; fi
: >"$ENV_FILE.tmp"
# (set -e is off inside a function called with ||, so every step there checks itself)
start_postgres || missing "PostgreSQL"
find_chromium || missing "Chromium"
find_cjk_font || missing "a CJK font (fonts-noto-cjk)"
mv "$ENV_FILE.tmp" "$ENV_FILE"
say "ready: $(tr '\n' ' ' <"$ENV_FILE")"

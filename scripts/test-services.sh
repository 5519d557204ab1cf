#!/usr/bin/env bash
# Installs and starts what the tests need outside Python (run by `make test`).
# On CI (CI=true) every service is required; on a developer's machine missing ones are skipped
# by the tests with a clear message.
set -euo pipefail
echo "test services: none needed yet"

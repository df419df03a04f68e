#!/usr/bin/env bash
# Install (from Debian's packages) the services the integration tests use.
set -euo pipefail
need=()
# tests/test_db.py runs its own server with the server binaries (initdb, pg_ctl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

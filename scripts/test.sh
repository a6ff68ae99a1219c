#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, starts MariaDB, PostgreSQL and s3rver
# on loopback (scripts/services.sh), builds ./bin, runs `dotnet test SingerNet.sln`, stops the services.
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is required" >&2; exit 2; }

started_services=0
cleanup() {
  if [ "$started_services" = 1 ] && [ "${SINGERNET_KEEP_SERVICES:-0}" != 1 ]; then
    scripts/services.sh stop >&2 || true
  fi
}
trap cleanup EXIT

services_env="$(scripts/services.sh start)"
started_services=1
eval "$services_env"

scripts/build.sh

log="$(mktemp)"
status=0
dotnet test SingerNet.sln --nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
[ "${PIPESTATUS[0]}" = 0 ] || status=1

# One plain closing line for any CI reader: totals over every test project.
# dotnet test prints "     Passed: N" (and Failed/Skipped when non-zero) after each test project.
count() { awk -v key="$1" '$1 == key":" && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log"; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
# Repeat the failed tests' names and first error lines at the end, where a CI reader that keeps only
# the tail of the output still sees them.
failures="$(grep -E -A4 '^ +Failed [A-Za-z_]' "$log" | cut -c1-300 | head -60 || true)"
rm -f "$log"
if [ "$passed" = 0 ] && [ "$status" = 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
if [ "$skipped" != 0 ]; then
  echo "test.sh: $skipped test(s) skipped; every test must run in CI" >&2
  status=1
fi
if [ -n "$failures" ]; then
  echo "--- failed tests ---"
  printf '%s\n' "$failures"
fi
echo "tests: $passed passed, $failed failed"
exit "$status"

#!/usr/bin/env bash
# What SingerNet does today, end to end, on real data: builds every executable into ./bin, then checks
# Singer streams recorded from the Python tap-mysql (every MySQL type, exact DECIMAL(38,10) values past
# System.Decimal, a 1001-record incremental rerun) and shows how a broken stream is reported.
# The tap-mysql -> target-duckdb job joins this demo as those executables land (see README, "Status").
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"

scripts/build.sh
export PATH="$repo/bin:$PATH"
fixtures="$repo/tests/Fixtures/python-tap-mysql"

echo
echo "== 1. A stream recorded from the Python tap-mysql (every MySQL/MariaDB type), validated record by record:"
singer-check "$fixtures/tap-mysql-types-full.singer"

echo
echo "== 2. The INCREMENTAL rerun of a 1M-row table: 1001 records, DECIMAL amounts with multipleOf 0.01"
echo "      (the Python target-csv rejects these in binary floating point; checked here in exact decimal):"
singer-check "$fixtures/orders-incremental-rerun.singer"

echo
echo "== 3. A broken stream: a value past its column's maximum, a RECORD before its SCHEMA, bad JSON."
broken="$(mktemp)"
trap 'rm -f "$broken"' EXIT
sed '6s/"c_tinyint": 127/"c_tinyint": 300/' "$fixtures/tap-mysql-types-full.singer" > "$broken"
printf '%s\n' '{"type": "RECORD", "stream": "orders", "record": {"id": 1}}' 'not json at all' >> "$broken"
set +e
singer-check --all "$broken"
status=$?
set -e
echo "(singer-check exited $status: every error names its line, stream and field)"

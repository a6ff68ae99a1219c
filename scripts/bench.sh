#!/usr/bin/env bash
# Whole-pipe benchmarks. Every figure is printed as a ratio against a floor measured in the same run,
# because the machine is shared and noisy: compare ratios, not seconds.
#   scripts/bench.sh            # all cases, 1M records
#   ROWS=200000 scripts/bench.sh singer-check
#   scripts/bench.sh --quick    # every case on 100,000 records, 3 runs each (a few minutes)
# The end is one table of every case run: our median, the floor's, the ratio, peak RSS and CPU seconds per 1M records.
set -euo pipefail
if [ "${1:-}" = "--quick" ]; then
  shift
  export ROWS="${ROWS:-100000}" RUNS="${RUNS:-3}"
fi
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
ROWS="${ROWS:-1000000}"
work="$repo/artifacts/bench"
mkdir -p "$work"
# SINGERNET_BIN: run executables published elsewhere (a worktree that must not have a bin/ of its own).
bin="${SINGERNET_BIN:-bin}"
[ -n "${SINGERNET_BIN:-}" ] || { [ -x bin/singer-check ] && [ -x bin/tap-mysql ] && [ -x bin/target-postgres ] && [ -x bin/target-duckdb ] && [ -x bin/tap-rest ] && [ -x bin/singer-map ] && [ -x bin/singer-run ]; } || scripts/build.sh

# RUNS: how many times each timed command runs (its median is what ratios use).
RUNS="${RUNS:-5}"

# measure CMD: runs CMD (a shell string) and prints "wall_seconds peak_rss_kb cpu_seconds" (cpu = user + sys, children included).
measure() {
  local timing="$work/.time"
  /usr/bin/time -o "$timing" -f '%e %M %U %S' bash -c "$1" >/dev/null 2>"$work/.stderr" || {
    echo "bench.sh: command failed: $1" >&2; cat "$work/.stderr" >&2; exit 1; }
  tail -1 "$timing" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}

# runs_of N CMD: runs CMD N times; prints "median min max rss cpu" (wall seconds; rss the peak over the runs, in KB;
# cpu the median CPU seconds). The machine is shared and noisy: the median is what ratios use, min and max show the spread.
runs_of() {
  local n="$1" cmd="$2" times=() cpus=() rss=0 line
  for _ in $(seq "$n"); do
    line="$(measure "$cmd")"
    read -r wall peak cpu <<<"$line"
    times+=("$wall"); cpus+=("$cpu")
    [ "$peak" -gt "$rss" ] && rss="$peak"
  done
  local cpu_median
  cpu_median="$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{t[NR]=$1} END {printf "%.2f", (NR % 2) ? t[(NR+1)/2] : (t[NR/2] + t[NR/2+1]) / 2}')"
  printf '%s\n' "${times[@]}" | sort -g | awk -v rss="$rss" -v cpu="$cpu_median" '{t[NR]=$1} END {
    m = (NR % 2) ? t[(NR+1)/2] : (t[NR/2] + t[NR/2+1]) / 2; printf "%.2f %s %s %s %s\n", m, t[1], t[NR], rss, cpu }'
}

# per_second "wall rss": ROWS divided by the wall time.
per_second() { awk -v r="$ROWS" -v t="${1%% *}" 'BEGIN{printf "%d", r/(t>0?t:0.001)}'; }

# row LABEL "median min max rss cpu" [RECORDS] (or "wall rss"): one line of a result table; with RECORDS, the CPU
# seconds per 1M records too (the figure that does not depend on how busy the machine's other core is).
row() {
  local fields=($2) records="${3:-}"
  if [ "${#fields[@]}" -ge 5 ]; then
    local per=""
    [ -n "$records" ] && per="$(awk -v c="${fields[4]}" -v r="$records" 'BEGIN{printf " = %.2f s/1M", c * 1000000 / r}')"
    printf '  %-52s %8ss (%s-%s) %9s KB  cpu %ss%s\n' "$1" "${fields[0]}" "${fields[1]}" "${fields[2]}" "${fields[3]}" "${fields[4]}" "$per"
  else
    printf '  %-52s %8ss %9s KB\n' "$1" "${fields[0]}" "${fields[1]}"
  fi
}

# summary CASE "ours: median min max rss cpu" "floor: median ..." RECORDS: one row of the closing table.
summary() {
  local ours=($2) floor=($3)
  printf '%-34s %8s %8s %7s %9s %10s\n' "$1" "${ours[0]}" "${floor[0]}" "$(ratio "${ours[0]}" "${floor[0]}")" "${ours[3]:-n/a}" \
    "$(awk -v c="${ours[4]:-0}" -v r="$4" 'BEGIN{printf "%.2f", c * 1000000 / r}')" >> "$work/.summary"
}

# rss_of "median min max rss cpu": the peak RSS field of a runs_of result.
rss_of() { local fields=($1); echo "${fields[3]}"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b==0) b=0.001; printf "%.2f", a/b }'; }

# large_rss LABEL CMD "wall rss": runs CMD on twice ROWS records and prints its peak RSS against the ROWS run's:
# a short run's RSS is mostly start-up, so growth from ROWS to 2×ROWS is what says whether memory is flat.
large_rss() {
  local large=$((ROWS * 2)) large_stream="$work/orders-$((ROWS * 2)).singer" result
  make_orders_stream "$large" "$large_stream"
  result="$(runs_of 1 "$2 < '$large_stream'")"
  row "$1, $large records" "$result"
  echo "  peak RSS ratio $large / $ROWS records: $(ratio "$(rss_of "$result")" "$(rss_of "$3")")  (target 1.00 +- 0.20)"
}

# A Singer stream shaped like the Python tap-mysql's bench.orders output (7 columns, exact decimals).
make_orders_stream() {
  local rows="$1" file="$2"
  [ -s "$file" ] && return 0
  python3 - "$rows" "$file" <<'PY'
import sys, random
rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
statuses = ["paid", "shipped", "pending", "refunded"]
with open(path, "w") as f:
    f.write('{"type": "STATE", "value": {"currently_syncing": "bench-orders"}}\n')
    f.write('{"type": "SCHEMA", "stream": "orders", "schema": {"properties": {"customer_id": {"inclusion": "available", "minimum": -2147483648, "maximum": 2147483647, "type": ["null", "integer"]}, "note": {"inclusion": "available", "maxLength": 65535, "type": ["null", "string"]}, "id": {"inclusion": "automatic", "minimum": -9223372036854775808, "maximum": 9223372036854775807, "type": ["null", "integer"]}, "created_at": {"inclusion": "available", "format": "date-time", "type": ["null", "string"]}, "updated_at": {"inclusion": "available", "format": "date-time", "type": ["null", "string"]}, "amount": {"inclusion": "available", "multipleOf": 0.01, "type": ["null", "number"]}, "status": {"inclusion": "available", "maxLength": 20, "type": ["null", "string"]}}, "type": "object"}, "key_properties": ["id"]}\n')
    for i in range(1, rows + 1):
        amount = "%d.%02d" % (random.randint(0, 99999), random.randint(0, 99))
        f.write('{"type": "RECORD", "stream": "orders", "record": {"customer_id": %d, "note": "note for order %d: lorem ipsum dolor sit amet", "id": %d, "created_at": "2024-01-01T00:00:30.000000Z", "updated_at": "2024-01-01T23:17:20.116739Z", "amount": %s, "status": "%s"}, "version": 1795637208975, "time_extracted": "2026-11-25T20:06:48.978383Z"}\n'
                % (random.randint(1, 50000), i, i, amount, statuses[i % 4]))
        if i % 1000 == 0:
            f.write('{"type": "STATE", "value": {"currently_syncing": "bench-orders", "bookmarks": {"bench-orders": {"last_pk_fetched": {"id": %d}}}}}\n' % i)
PY
}

bench_singer_check() {
  local small=$((ROWS / 10)) stream="$work/orders-$ROWS.singer" small_stream="$work/orders-$((ROWS / 10)).singer"
  make_orders_stream "$ROWS" "$stream"
  make_orders_stream "$small" "$small_stream"
  local bytes; bytes=$(stat -c %s "$stream")
  echo "== singer-check: validate $ROWS records ($((bytes / 1048576)) MiB)"
  local floor py ours ours_small
  floor="$(runs_of "$RUNS" "cat '$stream' > /dev/null")"
  py="$(runs_of 1 "python3 -c 'import sys, json, decimal
for line in open(sys.argv[1]): json.loads(line, parse_float=decimal.Decimal)' '$stream'")"
  ours="$(runs_of "$RUNS" "$bin/singer-check '$stream'")"
  ours_small="$(runs_of "$RUNS" "$bin/singer-check '$small_stream'")"
  row "floor: cat > /dev/null" "$floor" "$ROWS"
  row "python3 json.loads(Decimal) per line (parse only)" "$py" "$ROWS"
  row "singer-check (parse + validate)" "$ours" "$ROWS"
  row "singer-check, $small records" "$ours_small" "$small"
  echo "  singer-check records/s:           $(per_second "$ours")"
  echo "  ratio singer-check / python parse: $(ratio "${ours%% *}" "${py%% *}")  (target <= 0.3, issue 17)"
  summary "singer-check / python json.loads" "$ours" "$py" "$ROWS"
  echo "  peak RSS ratio ${ROWS} / ${small} records: $(ratio "$(rss_of "$ours")" "$(rss_of "$ours_small")")  (1.00 = flat)"
}

# singer-map: the orders stream through a stream map with a filter, a sha256 and a dropped property (the issue's case),
# and through the built-ins (dedupe by key, a hash mask); against cat (the floor) and singer-check (parse + validate).
bench_singer_map() {
  local stream="$work/orders-$ROWS.singer" maps="$work/singer-map-maps.json" builtins="$work/singer-map-builtins.json"
  make_orders_stream "$ROWS" "$stream"
  cat > "$maps" <<'JSON'
{"stream_maps": {"orders": {"__filter__": "status != 'refunded'", "note": null, "customer_hash": "sha256(str(customer_id))"}}}
JSON
  cat > "$builtins" <<'JSON'
{"dedupe": {"orders": "first"}, "mask_salt": "bench", "mask": {"orders": {"note": "hash"}}}
JSON
  echo "== singer-map: $ROWS records through a map (filter, sha256, drop) and through the built-ins (dedupe, hash mask)"
  local floor check ours builtin
  floor="$(runs_of "$RUNS" "cat '$stream' > /dev/null")"
  check="$(runs_of "$RUNS" "$bin/singer-check '$stream'")"
  ours="$(runs_of "$RUNS" "$bin/singer-map --config '$maps' --input '$stream'")"
  builtin="$(runs_of "$RUNS" "$bin/singer-map --config '$builtins' --input '$stream'")"
  row "floor: cat > /dev/null" "$floor" "$ROWS"
  row "singer-check (parse + validate)" "$check" "$ROWS"
  row "singer-map, stream map" "$ours" "$ROWS"
  row "singer-map, dedupe + mask" "$builtin" "$ROWS"
  echo "  singer-map records/s (stream map):  $(per_second "$ours")  (target >= 300000)"
  echo "  singer-map records/s (built-ins):   $(per_second "$builtin")"
  echo "  ratio singer-map / singer-check:    $(ratio "${ours%% *}" "${check%% *}")"
  summary "singer-map (stream map) / cat" "$ours" "$floor" "$ROWS"
  large_rss "singer-map, stream map" "$bin/singer-map --config '$maps'" "$ours"
}

# The MariaDB of scripts/services.sh, a table like the Python bench's bench.orders (ints, decimal,
# varchar, text, two DATETIME(6)), one database per size so reruns reuse the data.
mysql_cli() { mariadb -h"$SINGERNET_MYSQL_HOST" -P"$SINGERNET_MYSQL_PORT" -u"$SINGERNET_MYSQL_USER" -p"$SINGERNET_MYSQL_PASSWORD" "$@"; }

seed_orders() {
  local rows="$1" db="bench_orders_$1"
  if [ "$(mysql_cli -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$db' AND table_name='orders'")" = 1 ] &&
     [ "$(mysql_cli -N -e "SELECT COUNT(*) FROM \`$db\`.orders")" = "$rows" ]; then
    return 0
  fi
  echo "  seeding $db.orders with $rows rows" >&2
  mysql_cli -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\`"
  mysql_cli "$db" -e "
    CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT, amount DECIMAL(12,2), status VARCHAR(20), note TEXT,
      created_at DATETIME(6), updated_at DATETIME(6), KEY (updated_at)) ENGINE=InnoDB;
    INSERT INTO orders SELECT seq, 1 + (seq * 7919) % 50000, ((seq * 104729) % 10000000) / 100,
      ELT(1 + seq % 4, 'paid', 'shipped', 'pending', 'refunded'), CONCAT('note for order ', seq, ': lorem ipsum dolor sit amet'),
      TIMESTAMP('2024-01-01') + INTERVAL (seq * 30) SECOND,
      TIMESTAMP('2024-01-01') + INTERVAL (seq * 30 + (seq % 86400)) SECOND + INTERVAL (seq % 1000000) MICROSECOND
    FROM seq_1_to_$rows;"
}

# A config and a catalog selecting orders (FULL_TABLE) in the database for that size.
tap_mysql_files() {
  local rows="$1" db="bench_orders_$1"
  printf '{"host":"%s","port":%s,"user":"%s","password":"%s","filter_dbs":"%s"}' \
    "$SINGERNET_MYSQL_HOST" "$SINGERNET_MYSQL_PORT" "$SINGERNET_MYSQL_USER" "$SINGERNET_MYSQL_PASSWORD" "$db" > "$work/mysql-$rows.json"
  "$bin/tap-mysql" --config "$work/mysql-$rows.json" --discover | python3 -c '
import json, sys
catalog = json.load(sys.stdin)
for stream in catalog["streams"]:
    for entry in stream["metadata"]:
        if not entry["breadcrumb"]:
            entry["metadata"].update({"selected": True, "replication-method": "FULL_TABLE"})
json.dump(catalog, sys.stdout)' > "$work/catalog-$rows.json"
}

bench_tap_mysql() {
  eval "$(scripts/services.sh start mariadb)"
  local small=$((ROWS / 10)) large=$((ROWS * 2))
  for n in "$small" "$ROWS" "$large"; do seed_orders "$n"; tap_mysql_files "$n"; done
  echo "== tap-mysql FULL_TABLE: $ROWS rows of orders (7 columns) to /dev/null"
  local floor ours rss_small rss_large
  floor="$(runs_of "$RUNS" "mariadb -h$SINGERNET_MYSQL_HOST -P$SINGERNET_MYSQL_PORT -u$SINGERNET_MYSQL_USER -p$SINGERNET_MYSQL_PASSWORD --batch --quick -e 'SELECT * FROM bench_orders_$ROWS.orders'")"
  ours="$(runs_of "$RUNS" "$bin/tap-mysql --config '$work/mysql-$ROWS.json' --catalog '$work/catalog-$ROWS.json'")"
  rss_small="$(runs_of 1 "$bin/tap-mysql --config '$work/mysql-$small.json' --catalog '$work/catalog-$small.json'")"
  rss_large="$(runs_of 1 "$bin/tap-mysql --config '$work/mysql-$large.json' --catalog '$work/catalog-$large.json'")"
  row "floor: mariadb --batch --quick -e 'SELECT *'" "$floor" "$ROWS"
  row "tap-mysql, $ROWS rows" "$ours" "$ROWS"
  row "tap-mysql, $small rows" "$rss_small" "$small"
  row "tap-mysql, $large rows" "$rss_large" "$large"
  echo "  tap-mysql rows/s:                 $(per_second "$ours")"
  echo "  ratio tap-mysql / mariadb client: $(ratio "${ours%% *}" "${floor%% *}")  (target <= 1.2, issue 17)"
  summary "tap-mysql / mariadb client" "$ours" "$floor" "$ROWS"
  echo "  peak RSS ratio $large / $small rows: $(ratio "$(rss_of "$rss_large")" "$(rss_of "$rss_small")")  (target 1.00 +- 0.20)"
}

# The same orders as CSV (columns in record order), for the databases' own bulk loaders.
make_orders_csv() {
  local stream="$1" csv="$2"
  [ -s "$csv" ] && return 0
  python3 - "$stream" "$csv" <<'PY'
import csv, json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w", newline="") as dst:
    out = csv.writer(dst)
    for line in src:
        if '"type": "RECORD"' in line:
            r = json.loads(line)["record"]
            out.writerow([r["id"], r["customer_id"], r["note"], r["created_at"], r["updated_at"], line.split('"amount": ')[1].split(",")[0], r["status"]])
PY
}

ORDERS_COLUMNS="id BIGINT PRIMARY KEY, customer_id BIGINT, note TEXT, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ"

bench_target_postgres() {
  eval "$(scripts/services.sh start postgres)"
  local small=$((ROWS / 10)) stream="$work/orders-$ROWS.singer" small_stream="$work/orders-$((ROWS / 10)).singer" csv="$work/orders-$ROWS.csv"
  make_orders_stream "$ROWS" "$stream"; make_orders_stream "$small" "$small_stream"; make_orders_csv "$stream" "$csv"
  local psql_cmd="PGPASSWORD=$SINGERNET_PG_PASSWORD psql -q -h $SINGERNET_PG_HOST -p $SINGERNET_PG_PORT -U $SINGERNET_PG_USER -d $SINGERNET_PG_DATABASE"
  printf '{"host":"%s","port":%s,"user":"%s","password":"%s","dbname":"%s","default_target_schema":"bench_pg"}' \
    "$SINGERNET_PG_HOST" "$SINGERNET_PG_PORT" "$SINGERNET_PG_USER" "$SINGERNET_PG_PASSWORD" "$SINGERNET_PG_DATABASE" > "$work/pg.json"
  echo "== target-postgres: load $ROWS records of orders (7 columns) from a Singer file"
  local floor ours ours_small
  floor="$(runs_of "$RUNS" "$psql_cmd -c 'DROP SCHEMA IF EXISTS bench_floor CASCADE' -c 'CREATE SCHEMA bench_floor' \
    -c 'CREATE TABLE bench_floor.orders ($ORDERS_COLUMNS, amount NUMERIC, status TEXT)' -c \"\\copy bench_floor.orders FROM '$csv' csv\"")"
  ours="$(runs_of "$RUNS" "$psql_cmd -c 'DROP SCHEMA IF EXISTS bench_pg CASCADE' && $bin/target-postgres --config '$work/pg.json' < '$stream'")"
  ours_small="$(runs_of 1 "$psql_cmd -c 'DROP SCHEMA IF EXISTS bench_pg CASCADE' && $bin/target-postgres --config '$work/pg.json' < '$small_stream'")"
  row "floor: psql \\copy of the same rows as CSV" "$floor" "$ROWS"
  row "target-postgres, $ROWS records" "$ours" "$ROWS"
  row "target-postgres, $small records" "$ours_small" "$small"
  echo "  target-postgres records/s:              $(per_second "$ours")"
  echo "  ratio target-postgres / psql \\copy:      $(ratio "${ours%% *}" "${floor%% *}")  (target <= 1.5, issue 17)"
  summary "target-postgres / psql \\copy" "$ours" "$floor" "$ROWS"
  echo "  peak RSS ratio $ROWS / $small records:  $(ratio "$(rss_of "$ours")" "$(rss_of "$ours_small")")  (target 1.00 +- 0.20)"
  large_rss "target-postgres" "$psql_cmd -c 'DROP SCHEMA IF EXISTS bench_pg CASCADE' && $bin/target-postgres --config '$work/pg.json'" "$ours"
}

bench_target_duckdb() {
  local small=$((ROWS / 10)) stream="$work/orders-$ROWS.singer" small_stream="$work/orders-$((ROWS / 10)).singer" csv="$work/orders-$ROWS.csv"
  make_orders_stream "$ROWS" "$stream"; make_orders_stream "$small" "$small_stream"; make_orders_csv "$stream" "$csv"
  printf '{"path":"%s/bench.duckdb"}' "$work" > "$work/duckdb.json"
  echo "== target-duckdb: load $ROWS records of orders (7 columns) from a Singer file"
  dotnet build -v q "scripts/duckdb-query.cs" >/dev/null 2>&1 || true
  rm -f "$work/floor.duckdb"
  local floor_seconds
  floor_seconds="$(DUCKDB_QUERY_TIMING=1 dotnet run scripts/duckdb-query.cs -- "$work/floor.duckdb" \
    "CREATE TABLE orders ($ORDERS_COLUMNS, amount DECIMAL(38,2), status VARCHAR); COPY orders FROM '$csv' (FORMAT csv)" 2>&1 >/dev/null | awk '/elapsed_seconds/ {print $2}')"
  local ours ours_small
  ours="$(runs_of "$RUNS" "rm -f '$work/bench.duckdb' && $bin/target-duckdb --config '$work/duckdb.json' < '$stream'")"
  ours_small="$(runs_of 1 "rm -f '$work/bench.duckdb' && $bin/target-duckdb --config '$work/duckdb.json' < '$small_stream'")"
  row "floor: DuckDB's own COPY of the same rows as CSV" "$floor_seconds n/a"
  row "target-duckdb, $ROWS records" "$ours" "$ROWS"
  row "target-duckdb, $small records" "$ours_small" "$small"
  echo "  target-duckdb records/s:               $(per_second "$ours")  (target >= 400000, issue 17)"
  echo "  ratio target-duckdb / DuckDB CSV COPY: $(ratio "${ours%% *}" "$floor_seconds")"
  summary "target-duckdb / DuckDB CSV COPY" "$ours" "$floor_seconds" "$ROWS"
  echo "  peak RSS ratio $ROWS / $small records: $(ratio "$(rss_of "$ours")" "$(rss_of "$ours_small")")  (target 1.00 +- 0.20)"
  large_rss "target-duckdb" "rm -f '$work/bench.duckdb' && $bin/target-duckdb --config '$work/duckdb.json'" "$ours"
}

bench_target_s3() {
  eval "$(scripts/services.sh start s3)"
  local small=$((ROWS / 10)) stream="$work/orders-$ROWS.singer" small_stream="$work/orders-$((ROWS / 10)).singer" jsonl="$work/orders-$ROWS.jsonl"
  make_orders_stream "$ROWS" "$stream"; make_orders_stream "$small" "$small_stream"
  [ -s "$jsonl" ] || python3 -c '
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for line in src:
        if "\"type\": \"RECORD\"" in line:
            dst.write(line.split("\"record\": ", 1)[1].rsplit(", \"version\"", 1)[0] + "\n")' "$stream" "$jsonl"
  curl -s -X PUT "$SINGERNET_S3_ENDPOINT/bench-s3" >/dev/null || true
  printf '{"s3_bucket":"bench-s3","endpoint_url":"%s","aws_access_key_id":"%s","aws_secret_access_key":"%s","region":"us-east-1"}' \
    "$SINGERNET_S3_ENDPOINT" "$SINGERNET_S3_ACCESS_KEY" "$SINGERNET_S3_SECRET_KEY" > "$work/s3.json"
  echo "== target-s3: $ROWS records of orders to gzip JSONL objects on s3rver (loopback)"
  local floor ours ours_small
  floor="$(runs_of "$RUNS" "gzip -1 < '$jsonl' > /dev/null")"
  ours="$(runs_of "$RUNS" "$bin/target-s3 --config '$work/s3.json' < '$stream'")"
  ours_small="$(runs_of 1 "$bin/target-s3 --config '$work/s3.json' < '$small_stream'")"
  row "floor: gzip -1 over the same JSONL bytes" "$floor" "$ROWS"
  row "target-s3, $ROWS records" "$ours" "$ROWS"
  row "target-s3, $small records" "$ours_small" "$small"
  echo "  target-s3 records/s:              $(per_second "$ours")"
  echo "  ratio target-s3 / gzip -1:        $(ratio "${ours%% *}" "${floor%% *}")  (target <= 1.2, issue 17)"
  summary "target-s3 / gzip -1" "$ours" "$floor" "$ROWS"
  echo "  peak RSS ratio $ROWS / $small records: $(ratio "$(rss_of "$ours")" "$(rss_of "$ours_small")")  (target 1.00 +- 0.20)"
  large_rss "target-s3" "$bin/target-s3 --config '$work/s3.json'" "$ours"
}

# LOG_BASED: the binlog of row changes to bench_orders_N.orders read by tap-mysql from a bookmark, beside the
# server's own decoder (mariadb-binlog) over the same range. Two shapes: UPDATEs of 100,000 rows a transaction
# (N changes in all), and N/50 single-row transactions. Each prepare FLUSHes the binlog and notes where the
# changes start and end; the tap reads to the end current at its start (nothing else writes meanwhile).
binlog_coordinates() { mysql_cli -N -e "SHOW MASTER STATUS" | awk '{print $1, $2}'; }

logbased_files() {
  local rows="$1" file="$2" pos="$3" db="bench_orders_$1"
  printf '{"host":"%s","port":%s,"user":"%s","password":"%s","filter_dbs":"%s","server_id":424242}' \
    "$SINGERNET_MYSQL_HOST" "$SINGERNET_MYSQL_PORT" "$SINGERNET_MYSQL_USER" "$SINGERNET_MYSQL_PASSWORD" "$db" > "$work/logbased-$rows.json"
  $bin/tap-mysql --config "$work/logbased-$rows.json" --discover | python3 -c '
import json, sys
catalog = json.load(sys.stdin)
for stream in catalog["streams"]:
    for entry in stream["metadata"]:
        if not entry["breadcrumb"]:
            entry["metadata"].update({"selected": True, "replication-method": "LOG_BASED"})
json.dump(catalog, sys.stdout)' > "$work/logbased-catalog-$rows.json"
  printf '{"bookmarks":{"%s-orders":{"version":1,"log_file":"%s","log_pos":%s}}}' "$db" "$file" "$pos" > "$work/logbased-state-$rows.json"
}

# logbased_case ROWS SHAPE: makes the changes, then prints "file start end" of their binlog range.
logbased_prepare() {
  local rows="$1" shape="$2" db="bench_orders_$1" start end
  mysql_cli -e "FLUSH BINARY LOGS"
  start="$(binlog_coordinates)"
  if [ "$shape" = big ]; then
    local chunk=$((rows < 100000 ? rows : 100000))
    for ((k = 0; k < rows; k += chunk)); do
      mysql_cli "$db" -e "UPDATE orders SET amount = amount + 1, updated_at = updated_at + INTERVAL 1 SECOND WHERE id > $k AND id <= $((k + chunk))"
    done
  else
    seq 1 50 $((rows)) | awk '{printf "UPDATE orders SET status = IF(status = \"paid\", \"shipped\", \"paid\") WHERE id = %d;\n", $1}' | mysql_cli "$db"
  fi
  end="$(binlog_coordinates)"
  echo "$start ${end##* }"
}

bench_log_based() {
  eval "$(scripts/services.sh start mariadb)"
  local small=$((ROWS / 10)) n shape range file start end floor ours changes
  for n in "$small" "$ROWS"; do seed_orders "$n"; done
  for shape in big single; do
    for n in "$small" "$ROWS"; do
      range=($(logbased_prepare "$n" "$shape")); file="${range[0]}" start="${range[1]}" end="${range[2]}"
      logbased_files "$n" "$file" "$start"
      changes=$([ "$shape" = big ] && echo "$n" || echo $((n / 50)))
      [ "$n" = "$ROWS" ] && echo "== tap-mysql LOG_BASED: $changes row changes in $([ "$shape" = big ] && echo "UPDATEs of 100,000 rows" || echo "single-row transactions") ($(( (end - start) / 1048576 )) MiB of binlog)"
      local records
      records=$(bin/tap-mysql --config "$work/logbased-$n.json" --catalog "$work/logbased-catalog-$n.json" --state "$work/logbased-state-$n.json" 2>/dev/null | grep -c '"type": *"RECORD"' || true)
      [ "$records" = "$changes" ] || { echo "bench.sh: tap-mysql LOG_BASED emitted $records records for $changes changes" >&2; exit 1; }
      ours="$(runs_of "$RUNS" "$bin/tap-mysql --config '$work/logbased-$n.json' --catalog '$work/logbased-catalog-$n.json' --state '$work/logbased-state-$n.json'")"
      if [ "$n" = "$ROWS" ]; then
        floor="$(runs_of "$RUNS" "mariadb-binlog --read-from-remote-server -h$SINGERNET_MYSQL_HOST -P$SINGERNET_MYSQL_PORT -u$SINGERNET_MYSQL_USER -p$SINGERNET_MYSQL_PASSWORD --base64-output=DECODE-ROWS -v --start-position=$start --stop-position=$end $file")"
        row "floor: mariadb-binlog -v (decode rows) of the range" "$floor" "$changes"
        row "tap-mysql LOG_BASED, $changes changes" "$ours" "$changes"
        local python_rate=$([ "$shape" = big ] && echo 8000 || echo 2450)
        # The run's fixed cost (start-up, preflight, connections): the same run from the end of the range.
        local idle
        printf '{"bookmarks":{"bench_orders_%s-orders":{"version":1,"log_file":"%s","log_pos":%s}}}' "$n" "$file" "$end" > "$work/logbased-state-idle.json"
        idle="$(runs_of "$RUNS" "$bin/tap-mysql --config '$work/logbased-$n.json' --catalog '$work/logbased-catalog-$n.json' --state '$work/logbased-state-idle.json'")"
        row "tap-mysql LOG_BASED with nothing to read (fixed cost)" "$idle"
        echo "  tap-mysql changes/s:              $(awk -v r="$changes" -v t="${ours%% *}" 'BEGIN{printf "%d", r/t}') whole run, $(awk -v r="$changes" -v t="${ours%% *}" -v i="${idle%% *}" 'BEGIN{printf "%d", r/(t-i>0.001?t-i:0.001)}') past the fixed cost  (Python tap-mysql here: ~$python_rate/s; target >= 20x)"
        echo "  binlog MB/s:                      $(awk -v b="$((end - start))" -v t="${ours%% *}" 'BEGIN{printf "%.1f", b/1048576/t}')"
        echo "  ratio tap-mysql / mariadb-binlog: $(ratio "${ours%% *}" "${floor%% *}")  (target <= 2)"
        summary "LOG_BASED ($shape) / mariadb-binlog" "$ours" "$floor" "$changes"
        echo "  peak RSS ratio $n / $small rows:   $(ratio "$(rss_of "$ours")" "$(rss_of "$ours_small")")  (target 1.00 +- 0.20)"
      else
        local ours_small="$ours"
      fi
    done
  done
}

# tap-rest: pages of orders-like records (ints, strings, a decimal, a date-time, a bool, a nested object, a list),
# PAGE_SIZE records a page, page N at /orders?page=N with "hasMore" (page_number_paginator), written once as files
# and served by nginx on loopback, so the server costs next to nothing. The floor is one curl process fetching every
# page over one connection into /dev/null.
REST_PAGE_SIZE=100
make_rest_pages() {
  local records="$1" dir="$2"
  [ -s "$dir/page-1.json" ] && [ -s "$dir/urls.curl" ] && return 0
  mkdir -p "$dir"
  python3 - "$records" "$REST_PAGE_SIZE" "$dir" <<'PY'
import sys, random, json
records, size, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(11)
pages = (records + size - 1) // size
statuses = ["paid", "shipped", "pending", "refunded"]
cities = ["Lisbon", "Oslo", "Kyoto", "Quito", "Accra"]
for page in range(1, pages + 1):
    rows = []
    for i in range((page - 1) * size + 1, min(page * size, records) + 1):
        rows.append('{"id": %d, "customer_id": %d, "status": "%s", "amount": %d.%02d, "quantity": %d, '
            '"created_at": "2024-%02d-%02dT%02d:%02d:%02d.%06dZ", "paid": %s, "note": "note for order %d: lorem ipsum dolor sit amet", '
            '"email": "customer%d@example.com", "address": {"street": "%d Long Street", "city": "%s", "zip": "%05d"}, '
            '"tags": ["t%d", "priority"], "score": %d}' % (
            i, random.randint(1, 50000), statuses[i % 4], random.randint(0, 99999), random.randint(0, 99), random.randint(1, 20),
            1 + i % 12, 1 + i % 28, i % 24, i % 60, (i * 7) % 60, i % 1000000, "true" if i % 3 else "false", i,
            i % 50000, i % 900 + 1, cities[i % 5], i % 100000, i % 7, random.randint(-1000, 1000)))
    with open("%s/page-%d.json" % (folder, page), "w") as f:
        f.write('{"data": [%s], "hasMore": %s}' % (", ".join(rows), "true" if page < pages else "false"))
with open(folder + "/urls.curl", "w") as f:
    for page in range(1, pages + 1):
        f.write('url = "http://127.0.0.1:PORT/orders?page=%d"\noutput = "/dev/null"\n' % page)
PY
}

# Starts nginx serving $dir's pages on a free loopback port; prints the port. /orders?page=N is page-N.json,
# /orders (the first request, without a number) page-1.json.
start_rest_server() {
  local dir="$1" conf="$1/nginx.conf" port
  command -v nginx >/dev/null || { echo "bench.sh: tap-rest needs nginx (apt-get install nginx-light)" >&2; exit 2; }
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  cat > "$conf" <<CONF
daemon off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off; types { application/json json; } default_type application/json; keepalive_requests 1000000;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp; uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server { listen 127.0.0.1:$port; root $dir; location /orders { try_files /page-\$arg_page.json /page-1.json; } }
}
CONF
  mkdir -p "$dir/tmp"
  nginx -c "$conf" -p "$dir" >/dev/null 2>>"$dir/nginx-error.log" &
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/orders?page=1" >/dev/null && break; sleep 0.1; done
  sed "s/PORT/$port/" "$dir/urls.curl" > "$dir/urls-$port.curl"
  echo "$port"
}

stop_rest_server() { [ -s "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null || true; }

rest_config() {
  local port="$1" parallel="$2"
  printf '{"api_url":"http://127.0.0.1:%s","pagination_request_style":"page_number_paginator","streams":[{"name":"orders","path":"/orders","records_path":"$.data[*]","primary_keys":["id"]}]%s}' \
    "$port" "$([ "$parallel" -gt 1 ] && echo ",\"parallel_requests\":$parallel")"
}

bench_tap_rest() {
  local records=$((ROWS / 10)) large="$ROWS"
  local dir="$work/rest-$records" large_dir="$work/rest-$large"
  make_rest_pages "$records" "$dir"; make_rest_pages "$large" "$large_dir"
  local port large_port; port="$(start_rest_server "$dir")"; large_port="$(start_rest_server "$large_dir")"
  trap "stop_rest_server '$dir'; stop_rest_server '$large_dir'" EXIT
  rest_config "$port" 1 > "$work/rest.json"; rest_config "$port" 4 > "$work/rest-parallel.json"; rest_config "$large_port" 1 > "$work/rest-large.json"
  sed 's/"page_number_paginator"/"single_page_paginator"/' "$work/rest.json" > "$work/rest-one-page.json"
  local pages=$(( (records + REST_PAGE_SIZE - 1) / REST_PAGE_SIZE ))
  local emitted; emitted=$("$bin/tap-rest" --config "$work/rest.json" 2>/dev/null | grep -c '"type":"RECORD"' || true)
  [ "$emitted" = "$records" ] || { echo "bench.sh: tap-rest emitted $emitted records for $records" >&2; exit 1; }
  echo "== tap-rest: $records records over $pages pages ($(du -sh --apparent-size "$dir" | cut -f1) of JSON) from nginx on loopback, to /dev/null"
  local floor ours parallel ours_large one_page
  floor="$(runs_of "$RUNS" "curl -s -K '$dir/urls-$port.curl'")"
  one_page="$(runs_of "$RUNS" "'$bin/tap-rest' --config '$work/rest-one-page.json'")"
  ours="$(runs_of "$RUNS" "'$bin/tap-rest' --config '$work/rest.json'")"
  parallel="$(runs_of "$RUNS" "'$bin/tap-rest' --config '$work/rest-parallel.json'")"
  ours_large="$(runs_of 1 "'$bin/tap-rest' --config '$work/rest-large.json'")"
  row "floor: one curl, $pages pages over one connection" "$floor" "$records"
  row "tap-rest, one page of $REST_PAGE_SIZE (start-up, discovery: the fixed cost)" "$one_page"
  row "tap-rest, $records records" "$ours" "$records"
  row "tap-rest parallel_requests=4, $records records" "$parallel" "$records"
  row "tap-rest, $large records" "$ours_large" "$large"
  echo "  tap-rest records/s:                   $(awk -v r="$records" -v t="${ours%% *}" 'BEGIN{printf "%d", r/t}')"
  echo "  ratio tap-rest / curl:                $(ratio "${ours%% *}" "${floor%% *}")  (target <= 1.5)"
  summary "tap-rest / curl" "$ours" "$floor" "$records"
  echo "  ratio tap-rest parallel=4 / curl:     $(ratio "${parallel%% *}" "${floor%% *}")  (target < 1)"
  echo "  peak RSS ratio $large / $records records: $(ratio "$(rss_of "$ours_large")" "$(rss_of "$ours")")  (target 1.00 +- 0.20)"
  stop_rest_server "$dir"; stop_rest_server "$large_dir"; trap - EXIT
}

# singer-run: the same tap-mysql FULL_TABLE | target-duckdb pipe run by the shell and by singer-run (a file state
# backend), interleaved so both see the same machine; what singer-run costs is the difference (goal < 3%).
bench_singer_run() {
  eval "$(scripts/services.sh start mariadb)"
  seed_orders "$ROWS"; tap_mysql_files "$ROWS"
  printf '{"path":"%s/run.duckdb"}' "$work" > "$work/run-duckdb.json"
  local tap="'$bin/tap-mysql' --config '$work/mysql-$ROWS.json' --catalog '$work/catalog-$ROWS.json'"
  local target="'$bin/target-duckdb' --config '$work/run-duckdb.json'"
  local state="$work/run-state"
  echo "== singer-run: tap-mysql FULL_TABLE | target-duckdb, $ROWS rows, directly and under singer-run (interleaved)"
  local direct=() runner=() line
  for _ in 1 2 3 4 5; do
    line="$(measure "rm -f '$work/run.duckdb' && $tap | $target")"; direct+=("${line%% *}")
    line="$(measure "rm -rf '$work/run.duckdb' '$state' && '$bin/singer-run' --tap \"$tap\" --target \"$target\" --state-id bench --state-backend 'file://$state'")"
    runner+=("${line%% *}")
  done
  local d r
  d="$(printf '%s\n' "${direct[@]}" | sort -g | awk '{t[NR]=$1} END {printf "%.2f %s %s", t[3], t[1], t[5]}')"
  r="$(printf '%s\n' "${runner[@]}" | sort -g | awk '{t[NR]=$1} END {printf "%.2f %s %s", t[3], t[1], t[5]}')"
  printf '  %-52s %8ss (%s-%s)\n' "floor: the shell pipe tap-mysql | target-duckdb" $d
  printf '  %-52s %8ss (%s-%s)\n' "singer-run, the same pipe" $r
  echo "  ratio singer-run / shell pipe (medians): $(ratio "${r%% *}" "${d%% *}")  (target < 1.03)"
  summary "singer-run / shell pipe" "$r" "$d" "$ROWS"
}

# maps: the issue's "a tap or target with maps stays within 1.3x its speed without them". tap-mysql FULL_TABLE of
# bench_orders_N.orders, then target-duckdb and target-postgres loading the orders stream, each with and without a
# stream map typical of Meltano users (a filter, a sha256 of a column, a property dropped, one renamed), runs
# interleaved so both see the same machine; ratio = median with / median without.
maps_config() {
  local stream="$1"
  printf '{"stream_maps": {"%s": {"__filter__": "status != '"'"'refunded'"'"'", "customer_id": "sha256(str(customer_id))", "note": null, "placed_at": "created_at", "created_at": null}}}' "$stream"
}

# with_and_without LABEL PLAIN MAPPED: 5 runs of each, interleaved; prints both rows and the ratio of the medians.
with_and_without() {
  local label="$1" plain=() mapped=() line p m
  for _ in 1 2 3 4 5; do
    line="$(measure "$2")"; plain+=("${line%% *}")
    line="$(measure "$3")"; mapped+=("${line%% *}")
  done
  p="$(printf '%s\n' "${plain[@]}" | sort -g | awk '{t[NR]=$1} END {printf "%.2f %s %s", t[3], t[1], t[5]}')"
  m="$(printf '%s\n' "${mapped[@]}" | sort -g | awk '{t[NR]=$1} END {printf "%.2f %s %s", t[3], t[1], t[5]}')"
  printf '  %-52s %8ss (%s-%s)\n' "$label, no maps" $p
  printf '  %-52s %8ss (%s-%s)\n' "$label, stream map" $m
  echo "  ratio with / without maps (medians): $(ratio "${m%% *}" "${p%% *}")  (min $(ratio "$(echo $m | cut -d' ' -f2)" "$(echo $p | cut -d' ' -f2)"), max $(ratio "$(echo $m | cut -d' ' -f3)" "$(echo $p | cut -d' ' -f3)"); target <= 1.3)  load $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_maps() {
  [ -n "${SINGERNET_MYSQL_HOST:-}" ] && [ -n "${SINGERNET_PG_HOST:-}" ] || eval "$(scripts/services.sh start mariadb postgres)"
  seed_orders "$ROWS"; tap_mysql_files "$ROWS"
  local stream="$work/orders-$ROWS.singer" db="bench_orders_$ROWS"
  make_orders_stream "$ROWS" "$stream"
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c.update(json.loads(sys.argv[2])); json.dump(c, open(sys.argv[3], "w"))' \
    "$work/mysql-$ROWS.json" "$(maps_config "$db-orders")" "$work/mysql-maps-$ROWS.json"
  printf '{"path":"%s/maps.duckdb"}' "$work" > "$work/maps-duckdb.json"
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c.update(json.loads(sys.argv[2])); json.dump(c, open(sys.argv[3], "w"))' \
    "$work/maps-duckdb.json" "$(maps_config orders)" "$work/maps-duckdb-maps.json"
  printf '{"host":"%s","port":%s,"user":"%s","password":"%s","dbname":"%s","default_target_schema":"bench_maps"}' \
    "$SINGERNET_PG_HOST" "$SINGERNET_PG_PORT" "$SINGERNET_PG_USER" "$SINGERNET_PG_PASSWORD" "$SINGERNET_PG_DATABASE" > "$work/maps-pg.json"
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c.update(json.loads(sys.argv[2])); json.dump(c, open(sys.argv[3], "w"))' \
    "$work/maps-pg.json" "$(maps_config orders)" "$work/maps-pg-maps.json"
  local drop="PGPASSWORD=$SINGERNET_PG_PASSWORD psql -q -h $SINGERNET_PG_HOST -p $SINGERNET_PG_PORT -U $SINGERNET_PG_USER -d $SINGERNET_PG_DATABASE -c 'DROP SCHEMA IF EXISTS bench_maps CASCADE'"
  echo "== maps: $ROWS records with and without a stream map (filter, sha256, drop, rename), 5 runs each, interleaved"
  with_and_without "tap-mysql FULL_TABLE > /dev/null" \
    "'$bin/tap-mysql' --config '$work/mysql-$ROWS.json' --catalog '$work/catalog-$ROWS.json'" \
    "'$bin/tap-mysql' --config '$work/mysql-maps-$ROWS.json' --catalog '$work/catalog-$ROWS.json'"
  with_and_without "target-duckdb < orders stream" \
    "rm -f '$work/maps.duckdb' && '$bin/target-duckdb' --config '$work/maps-duckdb.json' < '$stream'" \
    "rm -f '$work/maps.duckdb' && '$bin/target-duckdb' --config '$work/maps-duckdb-maps.json' < '$stream'"
  [ "${MAPS_POSTGRES:-1}" = 0 ] || with_and_without "target-postgres < orders stream" \
    "$drop && '$bin/target-postgres' --config '$work/maps-pg.json' < '$stream'" \
    "$drop && '$bin/target-postgres' --config '$work/maps-pg-maps.json' < '$stream'"
}

# Whole pipes: tap-mysql FULL_TABLE of the 1M-row orders table straight into a target, against the databases' own
# tools doing the same move: `mariadb --batch` (tab-separated, escaped as PostgreSQL's text format reads them) piped
# into psql's `\copy ... FROM STDIN`, and into DuckDB's COPY from stdin (timed inside DuckDB from the statement's
# start; its reader starts after the .NET script host, so the mariadb client has only filled the pipe by then).
bench_pipes() {
  eval "$(scripts/services.sh start mariadb)"; eval "$(scripts/services.sh start postgres)"
  seed_orders "$ROWS"; tap_mysql_files "$ROWS"
  local select="SELECT id, customer_id, amount, status, note, created_at, updated_at FROM bench_orders_$ROWS.orders"
  local mariadb_cmd="mariadb -h$SINGERNET_MYSQL_HOST -P$SINGERNET_MYSQL_PORT -u$SINGERNET_MYSQL_USER -p$SINGERNET_MYSQL_PASSWORD --batch --quick -N -e '$select'"
  local psql_cmd="PGPASSWORD=$SINGERNET_PG_PASSWORD psql -q -h $SINGERNET_PG_HOST -p $SINGERNET_PG_PORT -U $SINGERNET_PG_USER -d $SINGERNET_PG_DATABASE"
  local tap="$bin/tap-mysql --config '$work/mysql-$ROWS.json' --catalog '$work/catalog-$ROWS.json'"
  printf '{"host":"%s","port":%s,"user":"%s","password":"%s","dbname":"%s","default_target_schema":"bench_pipe"}' \
    "$SINGERNET_PG_HOST" "$SINGERNET_PG_PORT" "$SINGERNET_PG_USER" "$SINGERNET_PG_PASSWORD" "$SINGERNET_PG_DATABASE" > "$work/pipe-pg.json"
  printf '{"path":"%s/pipe.duckdb"}' "$work" > "$work/pipe-duckdb.json"
  echo "== pipes: tap-mysql FULL_TABLE, $ROWS rows of orders, into target-postgres and target-duckdb"
  local floor ours
  floor="$(runs_of "$RUNS" "$psql_cmd -c 'DROP SCHEMA IF EXISTS bench_pipe_floor CASCADE' -c 'CREATE SCHEMA bench_pipe_floor' \
    -c 'CREATE TABLE bench_pipe_floor.orders (id BIGINT PRIMARY KEY, customer_id BIGINT, amount NUMERIC, status TEXT, note TEXT, created_at TIMESTAMP, updated_at TIMESTAMP)' \
    && $mariadb_cmd | $psql_cmd -c '\copy bench_pipe_floor.orders FROM STDIN'")"
  ours="$(runs_of "$RUNS" "$psql_cmd -c 'DROP SCHEMA IF EXISTS bench_pipe CASCADE' && $tap | $bin/target-postgres --config '$work/pipe-pg.json'")"
  row "floor: mariadb --batch | psql \\copy FROM STDIN" "$floor" "$ROWS"
  row "tap-mysql | target-postgres" "$ours" "$ROWS"
  echo "  ratio tap-mysql | target-postgres / floor: $(ratio "${ours%% *}" "${floor%% *}")  (target <= 1.5)"
  summary "pipe tap-mysql|target-postgres" "$ours" "$floor" "$ROWS"
  dotnet build -v q "scripts/duckdb-query.cs" >/dev/null 2>&1 || true
  rm -f "$work/pipe-floor.duckdb"
  local floor_seconds
  floor_seconds="$(eval "$mariadb_cmd" | DUCKDB_QUERY_TIMING=1 dotnet run scripts/duckdb-query.cs -- "$work/pipe-floor.duckdb" \
    "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT, amount DECIMAL(38,2), status VARCHAR, note VARCHAR, created_at TIMESTAMP, updated_at TIMESTAMP); COPY orders FROM '/dev/stdin' (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '')" 2>&1 >/dev/null | awk '/elapsed_seconds/ {print $2}')"
  ours="$(runs_of "$RUNS" "rm -f '$work/pipe.duckdb' && $tap | $bin/target-duckdb --config '$work/pipe-duckdb.json'")"
  row "floor: mariadb --batch | DuckDB COPY FROM stdin" "$floor_seconds n/a"
  row "tap-mysql | target-duckdb" "$ours" "$ROWS"
  echo "  ratio tap-mysql | target-duckdb / floor: $(ratio "${ours%% *}" "$floor_seconds")  (target <= 1.5)"
  summary "pipe tap-mysql|target-duckdb" "$ours" "$floor_seconds" "$ROWS"
}

cases=("${@:-singer-check singer-map tap-mysql log-based target-postgres target-duckdb target-s3 tap-rest singer-run maps pipes}")
: > "$work/.summary"
start_load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench.sh: $(nproc) cores, load average $start_load at the start; times are median (min-max) of the runs"
for c in ${cases[@]}; do
  case "$c" in
    singer-check) bench_singer_check ;;
    tap-mysql) bench_tap_mysql ;;
    target-postgres) bench_target_postgres ;;
    target-duckdb) bench_target_duckdb ;;
    target-s3) bench_target_s3 ;;
    log-based) bench_log_based ;;
    tap-rest) bench_tap_rest ;;
    singer-map) bench_singer_map ;;
    singer-run) bench_singer_run ;;
    maps) bench_maps ;;
    pipes) bench_pipes ;;
    *) echo "bench.sh: unknown case '$c' (known: singer-check, singer-map, tap-mysql, target-postgres, target-duckdb, target-s3, log-based, tap-rest, singer-run, maps, pipes)" >&2; exit 2 ;;
  esac
done

echo
echo "== summary ($(nproc) cores; load average $start_load at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; medians of $RUNS runs, $ROWS rows)"
printf '%-34s %8s %8s %7s %9s %10s\n' "case" "ours s" "floor s" "ratio" "RSS KB" "cpu s/1M"
cat "$work/.summary"

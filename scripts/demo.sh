#!/usr/bin/env bash
# The main job end to end on real components: a local MariaDB seeded with a small shop database ->
# tap-mysql -> target-duckdb (one warehouse file); then rows change in MariaDB and a rerun from the state
# file moves only what changed: orders by an INCREMENTAL bookmark, customers by change data capture from
# the binlog (LOG_BASED, deletes included); a third run goes through singer-run, which keeps the state in a
# backend under a lock. Prints what moved and what the warehouse holds.
set -euo pipefail
repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"

scripts/build.sh
export PATH="$repo/bin:$PATH"
eval "$(scripts/services.sh start mariadb)"
work="$repo/artifacts/demo"
mkdir -p "$work"
sql() { mariadb -h"$SINGERNET_MYSQL_HOST" -P"$SINGERNET_MYSQL_PORT" -u"$SINGERNET_MYSQL_USER" -p"$SINGERNET_MYSQL_PASSWORD" --default-character-set=utf8mb4 "$@"; }

echo
echo "== 1. A sample database 'demo_shop' in the local MariaDB (port $SINGERNET_MYSQL_PORT)"
sql -e "DROP DATABASE IF EXISTS demo_shop; CREATE DATABASE demo_shop CHARACTER SET utf8mb4"
sql demo_shop -e "
  CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100), country CHAR(2), vip TINYINT(1));
  CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT, amount DECIMAL(38,10), status ENUM('new','paid','shipped'),
    note TEXT, updated_at DATETIME(6), KEY (updated_at));
  INSERT INTO customers VALUES (1, 'Zoë Müller', 'DE', 1), (2, '田中 花子', 'JP', 0), (3, 'Ana 😀 Silva', 'BR', 0);
  INSERT INTO orders SELECT seq, 1 + seq % 3, 12345678901234567890.1234567890 / seq, ELT(1 + seq % 3, 'new', 'paid', 'shipped'),
    CONCAT('order ', seq), TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE FROM seq_1_to_1000;"
sql -e "SELECT 'customers' AS \`table\`, COUNT(*) AS \`rows\` FROM demo_shop.customers UNION ALL SELECT 'orders', COUNT(*) FROM demo_shop.orders"

echo
echo "== 2. tap-mysql --discover, then select both tables: customers LOG_BASED (binlog), orders INCREMENTAL on updated_at"
printf '{"host":"%s","port":%s,"user":"%s","password":"%s","filter_dbs":"demo_shop"}\n' \
  "$SINGERNET_MYSQL_HOST" "$SINGERNET_MYSQL_PORT" "$SINGERNET_MYSQL_USER" "$SINGERNET_MYSQL_PASSWORD" > "$work/mysql.json"
tap-mysql --config "$work/mysql.json" --discover > "$work/discovered.json"
python3 - "$work/discovered.json" "$work/catalog.json" <<'PY'
import json, sys
catalog = json.load(open(sys.argv[1]))
for stream in catalog["streams"]:
    root = next(m["metadata"] for m in stream["metadata"] if not m["breadcrumb"])
    root["selected"] = True
    if stream["table_name"] == "orders":
        root.update({"replication-method": "INCREMENTAL", "replication-key": "updated_at"})
    else:
        root["replication-method"] = "LOG_BASED"
json.dump(catalog, open(sys.argv[2], "w"), indent=2)
PY
echo "catalog: $work/catalog.json ($(grep -c '"tap_stream_id"' "$work/catalog.json") streams)"

warehouse="$work/warehouse.duckdb"
rm -f "$warehouse" "$work/state.log"
printf '{"path":"%s","default_target_schema":"shop","add_metadata_columns":true}\n' "$warehouse" > "$work/duckdb.json"
query() { dotnet run "$repo/scripts/duckdb-query.cs" -- "$warehouse" "$1"; }

echo
echo "== 3. First run: tap-mysql | target-duckdb >> state.log"
tap-mysql --config "$work/mysql.json" --catalog "$work/catalog.json" 2> "$work/run1.tap.log" \
  | target-duckdb --config "$work/duckdb.json" 2> "$work/run1.target.log" >> "$work/state.log"
grep -E "record_count|loaded" "$work/run1.target.log" | sed 's/^/   /'
tail -1 "$work/state.log" > "$work/state.json"
echo "state file: $(cat "$work/state.json")"
echo "in the warehouse:"
query "SELECT 'customers' AS tbl, count(*) AS n FROM shop.customers UNION ALL SELECT 'orders', count(*) FROM shop.orders ORDER BY 1"
query "SELECT id, name, country, vip FROM shop.customers ORDER BY id"
query "SELECT id, amount::VARCHAR AS amount, status, updated_at::VARCHAR AS updated_at FROM shop.orders ORDER BY id LIMIT 3"

echo
echo "== 4. Change 3 orders and add 1; in customers update 1, delete 1, add 1 (one transaction); rerun from the state file"
sql demo_shop -e "UPDATE orders SET status='shipped', updated_at=NOW(6) WHERE id IN (10, 20, 30);
  INSERT INTO orders VALUES (1001, 2, 0.0000000001, 'new', 'added after the first run', NOW(6));
  BEGIN; UPDATE customers SET country='AT', vip=1 WHERE id=2; DELETE FROM customers WHERE id=3;
  INSERT INTO customers VALUES (4, 'O''Brien \"Ted\"', 'IE', 0); COMMIT;"
tap-mysql --config "$work/mysql.json" --catalog "$work/catalog.json" --state "$work/state.json" 2> "$work/run2.tap.log" \
  | tee "$work/run2.singer" | target-duckdb --config "$work/duckdb.json" 2> "$work/run2.target.log" >> "$work/state.log"
echo "orders records that moved (the first is the boundary row the >= bookmark sends again):"
grep '"type":"RECORD","stream":"orders"' "$work/run2.singer" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)["record"]
    print("   id", r["id"], r["status"], "amount", line.split("\"amount\":")[1].split(",")[0])'
echo "customers changes read from the binlog (a delete carries _sdc_deleted_at):"
grep '"type":"RECORD","stream":"customers"' "$work/run2.singer" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)["record"]
    print("   id", r["id"], r["name"], r["country"], "deleted at " + r["_sdc_deleted_at"] if r.get("_sdc_deleted_at") else "")'
tail -1 "$work/state.log" > "$work/state.json"
echo "state file now (customers bookmarked at a binlog position): $(cat "$work/state.json")"
echo "in the warehouse now:"
query "SELECT count(*) AS orders FROM shop.orders"
query "SELECT id, status, amount::VARCHAR AS amount, _sdc_extracted_at IS NOT NULL AS extracted FROM shop.orders WHERE id IN (10, 20, 30, 1000, 1001) ORDER BY id"
query "SELECT id, name, country, vip, _sdc_deleted_at::VARCHAR AS deleted_at FROM shop.customers ORDER BY id"

echo
echo "== 5. The same pipeline under singer-run: the state kept in a backend (Meltano's layout) under a lock"
backend="file://$work/state-backend"
rm -rf "$work/state-backend"
singer-run state set demo:shop "{\"singer_state\": $(cat "$work/state.json")}" --state-backend "$backend" 2> /dev/null
sql demo_shop -e "UPDATE orders SET status='paid', updated_at=NOW(6) WHERE id = 40; UPDATE customers SET vip=0 WHERE id=1;"
singer-run --tap "tap-mysql --config '$work/mysql.json' --catalog '$work/catalog.json'" \
  --target "target-duckdb --config '$work/duckdb.json'" --state-id demo:shop --state-backend "$backend" 2> "$work/run3.log"
grep -E "^INFO state 'demo:shop'" "$work/run3.log" | sed 's/^/   /'
echo "stored in $work/state-backend/demo:shop/state.json (what meltano state get reads): $(head -c 160 "$work/state-backend/demo:shop/state.json")..."
query "SELECT id, status FROM shop.orders WHERE id = 40"
query "SELECT id, name, vip FROM shop.customers WHERE id = 1"
echo
echo "Everything is in $work: configs, catalog, state.log (one state per line), logs, warehouse.duckdb, state-backend/."

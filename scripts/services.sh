#!/usr/bin/env bash
# Local loopback servers for SingerNet integration tests.
#
#   scripts/services.sh start  [mariadb|postgres|s3 ...]   (default: all)
#   scripts/services.sh stop   [mariadb|postgres|s3 ...]
#   scripts/services.sh status [mariadb|postgres|s3 ...]
#
# `start` prints only `export SINGERNET_...=...` lines on stdout, so
#   eval "$(scripts/services.sh start)"
# works. Progress / diagnostics go to stderr. `status` prints one `# ...`
# comment line per service followed by the same export lines (also eval-safe);
# it exits 0 when all requested services run, 3 otherwise.
#
# Servers (all bound to 127.0.0.1, data under <repo>/.services/):
#   MariaDB 10.11  port 3307, binlog ROW/FULL, user singer/singer (ALL + GRANT OPTION)
#   PostgreSQL 15  port 5433, superuser role singer/singer, database singer
#                  (wal_level=logical, so logical replication can be tested)
#   s3rver 3.x     port 4569, credentials S3RVER/S3RVER
#
# Works on a fresh Debian 12 as root without a tty: missing packages are
# installed with apt-get. Never uses the distro's system services.
# Intentional: single-quoted `bash -c` bodies, `a && b || true`, optional args.
# shellcheck disable=SC2015,SC2016,SC2119,SC2120
set -euo pipefail

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
export DEBIAN_FRONTEND=noninteractive

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd -- "$SCRIPT_DIR/.." && pwd -P)"
SVC="$REPO/.services"
REPO_HASH="$(printf '%s' "$REPO" | sha1sum | cut -c1-10)"
TMP_BASE="/tmp/singernet-services-$REPO_HASH"

MYSQL_PORT=3307
PG_PORT=5433
PG_VERSION_WANTED=15
S3_PORT=4569
WAIT_SECS=60

# --- MariaDB layout ---
MY_DIR="$SVC/mariadb"
MY_DATA="$MY_DIR/data"
MY_PID="$MY_DIR/mariadbd.pid"
MY_LOG="$MY_DIR/mariadbd.log"
MY_SOCK="$MY_DIR/mariadbd.sock"
# unix socket paths are limited to ~107 bytes
if [ "${#MY_SOCK}" -gt 100 ]; then MY_SOCK="$TMP_BASE/mariadbd.sock"; fi

# --- PostgreSQL layout (base dir may fall back to /tmp, see pg_choose_base) ---
PG_BIN="/usr/lib/postgresql/$PG_VERSION_WANTED/bin"
PG_LOCATION_FILE="$SVC/postgres.location"

# --- s3rver layout ---
NODE_PREFIX="$SVC/node"
S3_BIN="$NODE_PREFIX/node_modules/s3rver/bin/s3rver.js"
S3_DATA="$SVC/s3"
S3_PID="$SVC/s3rver.pid"
S3_LOG="$SVC/s3rver.log"

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root to run: $*"; fi
}

# true if something accepts TCP connections on 127.0.0.1:$1
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

read_pid() { [ -f "$1" ] && head -n1 "$1" 2>/dev/null | tr -dc '0-9' || true; }

# cmdline of a pid contains a string?
pid_cmd_matches() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$2"
}

wait_pid_gone() { # pid secs
  local pid=$1 secs=$2 i
  for ((i = 0; i < secs * 5; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  return 1
}

apt_install() {
  local lists_exist=0
  if compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then lists_exist=1; fi
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  if [ "$lists_exist" -eq 0 ]; then
    log "apt-get update (no package lists present)"
    as_root "${apt[@]}" update </dev/null >&2
  fi
  log "apt-get install $*"
  if ! as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "$@" </dev/null >&2; then
    log "install failed; running apt-get update and retrying"
    as_root "${apt[@]}" update </dev/null >&2
    as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "$@" </dev/null >&2
  fi
}

# =============================================================== MariaDB

my_client() { # extra args...
  mariadb --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot "$@"
}

my_running_pid() {
  local pid
  pid="$(read_pid "$MY_PID")"
  if pid_alive "$pid" && pid_cmd_matches "$pid" "$MY_DATA"; then echo "$pid"; fi
}

my_ensure_installed() {
  if ! command -v mariadbd >/dev/null 2>&1; then
    apt_install mariadb-server mariadb-client
  fi
  command -v mariadbd >/dev/null 2>&1 || die "mariadbd not found after install"
  command -v mariadb >/dev/null 2>&1 || apt_install mariadb-client
}

my_init() {
  if [ -f "$MY_DIR/.initialized" ] && [ -d "$MY_DATA/mysql" ]; then return 0; fi
  log "mariadb: initialising datadir $MY_DATA"
  rm -rf "$MY_DATA"
  mkdir -p "$MY_DATA"
  local user_args=()
  if is_root; then user_args=(--user=root); fi
  if ! mariadb-install-db --no-defaults "${user_args[@]}" --datadir="$MY_DATA" \
      --auth-root-authentication-method=normal --skip-test-db \
      >"$MY_DIR/install-db.log" 2>&1; then
    tail -n 40 "$MY_DIR/install-db.log" >&2 || true
    die "mariadb-install-db failed (see $MY_DIR/install-db.log)"
  fi
  touch "$MY_DIR/.initialized"
}

my_start() {
  my_ensure_installed
  mkdir -p "$MY_DIR" "$(dirname "$MY_SOCK")"
  local pid
  pid="$(my_running_pid)"
  if [ -n "$pid" ]; then
    log "mariadb: already running (pid $pid)"
  else
    if port_open "$MYSQL_PORT"; then
      die "port $MYSQL_PORT is in use by another process (not our mariadbd)"
    fi
    my_init
    rm -f "$MY_PID" "$MY_SOCK"
    local user_args=()
    if is_root; then user_args=(--user=root); fi
    log "mariadb: starting on 127.0.0.1:$MYSQL_PORT"
    # --no-defaults must be first: ignore /etc/mysql/*.cnf entirely.
    setsid nohup mariadbd --no-defaults "${user_args[@]}" \
      --datadir="$MY_DATA" \
      --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
      --socket="$MY_SOCK" --pid-file="$MY_PID" \
      --log-error="$MY_LOG" \
      --skip-name-resolve \
      --log-bin=binlog --binlog-format=ROW --binlog-row-image=FULL --server-id=1 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --max-allowed-packet=256M --innodb-buffer-pool-size=256M \
      --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 \
      </dev/null >>"$MY_DIR/mariadbd.stdout" 2>&1 &
    local launcher=$! i ok=0
    for ((i = 0; i < WAIT_SECS * 5; i++)); do
      if my_client -N -e 'SELECT 1' >/dev/null 2>&1 && port_open "$MYSQL_PORT"; then ok=1; break; fi
      if ! pid_alive "$launcher" && [ -z "$(my_running_pid)" ]; then break; fi
      sleep 0.2
    done
    if [ "$ok" -ne 1 ]; then
      log "mariadb did not come up; log tail ($MY_LOG):"
      tail -n 40 "$MY_LOG" >&2 2>/dev/null || true
      tail -n 20 "$MY_DIR/mariadbd.stdout" >&2 2>/dev/null || true
      exit 1
    fi
    log "mariadb: up (pid $(read_pid "$MY_PID"))"
  fi
  local sql="" h
  for h in 127.0.0.1 localhost %; do
    sql+="CREATE USER IF NOT EXISTS 'singer'@'$h' IDENTIFIED BY 'singer';"
    sql+="ALTER USER 'singer'@'$h' IDENTIFIED BY 'singer';"
    sql+="GRANT ALL PRIVILEGES ON *.* TO 'singer'@'$h' WITH GRANT OPTION;"
    sql+="GRANT REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, REPLICATION SLAVE ADMIN ON *.* TO 'singer'@'$h';"
  done
  sql+="FLUSH PRIVILEGES;"
  my_client -e "$sql" >&2 || die "mariadb: creating user singer failed"
}

my_stop() {
  local pid
  pid="$(my_running_pid)"
  if [ -z "$pid" ]; then log "mariadb: not running"; return 0; fi
  log "mariadb: stopping (pid $pid)"
  mariadb-admin --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot shutdown >/dev/null 2>&1 \
    || kill -TERM "$pid" 2>/dev/null || true
  if ! wait_pid_gone "$pid" "$WAIT_SECS"; then
    log "mariadb: still alive after ${WAIT_SECS}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 10 || die "mariadb: could not stop pid $pid"
  fi
  rm -f "$MY_PID"
  log "mariadb: stopped"
}

my_status() {
  local pid
  pid="$(my_running_pid)"
  if [ -n "$pid" ]; then
    echo "# mariadb   running  pid=$pid port=$MYSQL_PORT data=$MY_DATA log=$MY_LOG"
    return 0
  fi
  echo "# mariadb   stopped  port=$MYSQL_PORT data=$MY_DATA"
  return 1
}

# ============================================================ PostgreSQL

# Commands that must not run as root run as the postgres OS user (when root).
pg_as() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

pg_owner_ok() { # dir: can the pg OS user write into it (and traverse to it)?
  if is_root; then
    runuser -u postgres -- test -d "$1" -a -w "$1" -a -x "$1" 2>/dev/null
  else
    test -d "$1" -a -w "$1" -a -x "$1"
  fi
}

# Sets PG_BASE (and PG_FALLBACK=1 when outside the repo). With $1=probe,
# only reads the recorded location (no side effects; used by status/stop).
pg_choose_base() {
  PG_FALLBACK=0
  if [ -f "$PG_LOCATION_FILE" ]; then
    PG_BASE="$(head -n1 "$PG_LOCATION_FILE")"
  else
    PG_BASE="$SVC/postgres"
  fi
  [ "${1:-}" = probe ] && { [ "$PG_BASE" = "$SVC/postgres" ] || PG_FALLBACK=1; return 0; }

  # Reuse a recorded, initialised location if still usable.
  if [ -f "$PG_LOCATION_FILE" ] && [ -f "$PG_BASE/.initialized" ] && pg_owner_ok "$PG_BASE"; then
    [ "$PG_BASE" = "$SVC/postgres" ] || PG_FALLBACK=1
    return 0
  fi

  PG_BASE="$SVC/postgres"
  mkdir -p "$PG_BASE"
  if is_root; then
    chmod 755 "$SVC" 2>/dev/null || true
    chown postgres:postgres "$PG_BASE"
    chmod 700 "$PG_BASE"
  fi
  # unix socket path length (socket file is .s.PGSQL.5433 in $PG_BASE/run)
  if ! pg_owner_ok "$PG_BASE" || [ "${#PG_BASE}" -gt 85 ]; then
    rmdir "$PG_BASE" 2>/dev/null || true
    PG_BASE="$TMP_BASE/postgres"
    PG_FALLBACK=1
    log "postgres: $SVC is not reachable/writable by the postgres user (or path too long); using $PG_BASE"
    mkdir -p "$PG_BASE"
    chmod 755 "$TMP_BASE" 2>/dev/null || true
    if is_root; then chown postgres:postgres "$PG_BASE"; chmod 700 "$PG_BASE"; fi
    pg_owner_ok "$PG_BASE" || die "postgres: cannot make $PG_BASE writable for the postgres user"
  fi
  printf '%s\n' "$PG_BASE" >"$PG_LOCATION_FILE"
}

pg_paths() {
  PG_DATA="$PG_BASE/data"
  PG_RUN="$PG_BASE/run"
  PG_LOG="$PG_BASE/postgres.log"
}

pg_running_pid() {
  local pid
  [ -f "$PG_DATA/postmaster.pid" ] || return 0
  pid="$(read_pid "$PG_DATA/postmaster.pid")"
  if pid_alive "$pid" && pid_cmd_matches "$pid" "postgres"; then echo "$pid"; fi
}

pg_ensure_installed() {
  if [ ! -x "$PG_BIN/postgres" ] || [ ! -x "$PG_BIN/initdb" ] || ! command -v psql >/dev/null 2>&1; then
    apt_install postgresql
  fi
  [ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL $PG_VERSION_WANTED binaries not found in $PG_BIN"
  if is_root && ! id postgres >/dev/null 2>&1; then die "OS user 'postgres' missing"; fi
}

pg_init() {
  if [ -f "$PG_BASE/.initialized" ] && [ -f "$PG_DATA/PG_VERSION" ]; then return 0; fi
  log "postgres: initdb $PG_DATA"
  pg_as rm -rf "$PG_DATA"
  if ! pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_BASE.initdb.log" 2>&1; then
    cat "$PG_BASE.initdb.log" >&2 || true
    die "postgres: initdb failed"
  fi
  rm -f "$PG_BASE.initdb.log"
  pg_as sh -c "cat >'$PG_DATA/pg_hba.conf'" <<'EOF'
# written by scripts/services.sh
local   all          all                    trust
local   replication  all                    trust
host    all          all   127.0.0.1/32     scram-sha-256
host    all          all   ::1/128          scram-sha-256
host    replication  all   127.0.0.1/32     scram-sha-256
EOF
  pg_as touch "$PG_BASE/.initialized"
}

pg_psql() { # runs as the postgres superuser over the private unix socket
  pg_as psql -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_start() {
  pg_ensure_installed
  pg_choose_base
  pg_paths
  local pid
  pid="$(pg_running_pid)"
  if [ -n "$pid" ]; then
    log "postgres: already running (pid $pid)"
  else
    if port_open "$PG_PORT"; then
      die "port $PG_PORT is in use by another process (not our postgres)"
    fi
    pg_init
    pg_as mkdir -p "$PG_RUN"
    log "postgres: starting on 127.0.0.1:$PG_PORT (data $PG_DATA)"
    local opts="-p $PG_PORT -k $PG_RUN -c listen_addresses=127.0.0.1"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10"
    # setsid: detach the postmaster from our session/process group
    if ! setsid -w bash -c 'cd / && if [ "$(id -u)" -eq 0 ]; then exec runuser -u postgres -- "$@"; else exec "$@"; fi' _ \
        "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "$opts" -w -t "$WAIT_SECS" start \
        </dev/null >&2; then
      log "postgres did not come up; log tail ($PG_LOG):"
      tail -n 40 "$PG_LOG" >&2 2>/dev/null || true
      exit 1
    fi
    local i
    for ((i = 0; i < WAIT_SECS * 5; i++)); do
      port_open "$PG_PORT" && break
      sleep 0.2
    done
    port_open "$PG_PORT" || { tail -n 40 "$PG_LOG" >&2 || true; die "postgres: port $PG_PORT not answering"; }
  fi
  pg_psql >&2 <<'EOF' || die "postgres: creating role/database failed"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'singer') THEN
    CREATE ROLE singer LOGIN SUPERUSER REPLICATION PASSWORD 'singer';
  ELSE
    ALTER ROLE singer LOGIN SUPERUSER REPLICATION PASSWORD 'singer';
  END IF;
END
$$;
SELECT 'CREATE DATABASE singer OWNER singer'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'singer')\gexec
EOF
}

pg_stop() {
  pg_choose_base probe
  pg_paths
  local pid
  pid="$(pg_running_pid)"
  if [ -z "$pid" ]; then log "postgres: not running"; return 0; fi
  log "postgres: stopping (pid $pid)"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$WAIT_SECS" stop >&2 \
    || kill -INT "$pid" 2>/dev/null || true
  if ! wait_pid_gone "$pid" "$WAIT_SECS"; then
    log "postgres: still alive, sending SIGQUIT"
    kill -QUIT "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 10 || die "postgres: could not stop pid $pid"
  fi
  log "postgres: stopped"
}

pg_status() {
  pg_choose_base probe
  pg_paths
  local note=""
  [ "$PG_FALLBACK" -eq 1 ] && note=" (fallback: repo dir not usable by the postgres OS user)"
  local pid
  pid="$(pg_running_pid)"
  if [ -n "$pid" ]; then
    echo "# postgres  running  pid=$pid port=$PG_PORT data=$PG_DATA log=$PG_LOG$note"
    return 0
  fi
  echo "# postgres  stopped  port=$PG_PORT data=$PG_DATA$note"
  return 1
}

# ================================================================ s3rver

s3_running_pid() {
  local pid
  pid="$(read_pid "$S3_PID")"
  if pid_alive "$pid" && pid_cmd_matches "$pid" "s3rver"; then echo "$pid"; fi
}

s3_ensure_installed() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  if [ ! -f "$S3_BIN" ]; then
    log "s3rver: npm install into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" s3rver@3 --no-audit --no-fund --loglevel=error </dev/null >&2 \
      || die "npm install s3rver@3 failed"
  fi
  [ -f "$S3_BIN" ] || die "s3rver not found at $S3_BIN after npm install"
}

s3_start() {
  s3_ensure_installed
  mkdir -p "$S3_DATA"
  local pid
  pid="$(s3_running_pid)"
  if [ -n "$pid" ]; then
    log "s3rver: already running (pid $pid)"
    return 0
  fi
  if port_open "$S3_PORT"; then
    die "port $S3_PORT is in use by another process (not our s3rver)"
  fi
  rm -f "$S3_PID"
  log "s3rver: starting on 127.0.0.1:$S3_PORT (data $S3_DATA)"
  # The inner shell records its own pid and then execs node, so the pid file
  # is right whether or not setsid had to fork.
  setsid nohup bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$S3_PID" \
    node "$S3_BIN" --address 127.0.0.1 --port "$S3_PORT" --directory "$S3_DATA" --silent \
    </dev/null >>"$S3_LOG" 2>&1 &
  local i
  for ((i = 0; i < WAIT_SECS * 5; i++)); do
    if port_open "$S3_PORT" && [ -n "$(s3_running_pid)" ]; then
      log "s3rver: up (pid $(read_pid "$S3_PID"))"
      return 0
    fi
    if [ -f "$S3_PID" ] && ! pid_alive "$(read_pid "$S3_PID")"; then break; fi
    sleep 0.2
  done
  log "s3rver did not come up; log tail ($S3_LOG):"
  tail -n 40 "$S3_LOG" >&2 2>/dev/null || true
  exit 1
}

s3_stop() {
  local pid
  pid="$(s3_running_pid)"
  if [ -z "$pid" ]; then log "s3rver: not running"; rm -f "$S3_PID"; return 0; fi
  log "s3rver: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_pid_gone "$pid" 15; then
    kill -KILL "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 10 || die "s3rver: could not stop pid $pid"
  fi
  rm -f "$S3_PID"
  log "s3rver: stopped"
}

s3_status() {
  local pid
  pid="$(s3_running_pid)"
  if [ -n "$pid" ]; then
    echo "# s3rver    running  pid=$pid port=$S3_PORT data=$S3_DATA log=$S3_LOG"
    return 0
  fi
  echo "# s3rver    stopped  port=$S3_PORT data=$S3_DATA"
  return 1
}

# ================================================================= main

print_exports() {
  cat <<EOF
export SINGERNET_MYSQL_HOST=127.0.0.1
export SINGERNET_MYSQL_PORT=$MYSQL_PORT
export SINGERNET_MYSQL_USER=singer
export SINGERNET_MYSQL_PASSWORD=singer
export SINGERNET_PG_HOST=127.0.0.1
export SINGERNET_PG_PORT=$PG_PORT
export SINGERNET_PG_USER=singer
export SINGERNET_PG_PASSWORD=singer
export SINGERNET_PG_DATABASE=singer
export SINGERNET_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export SINGERNET_S3_PORT=$S3_PORT
export SINGERNET_S3_ACCESS_KEY=S3RVER
export SINGERNET_S3_SECRET_KEY=S3RVER
EOF
}

usage() {
  echo "usage: $0 start|stop|status [mariadb|postgres|s3 ...]" >&2
  exit 2
}

parse_services() {
  SERVICES=()
  local s
  if [ $# -eq 0 ]; then SERVICES=(mariadb postgres s3); return; fi
  for s in "$@"; do
    case "$s" in
      mariadb|mysql) SERVICES+=(mariadb) ;;
      postgres|postgresql|pg) SERVICES+=(postgres) ;;
      s3|s3rver) SERVICES+=(s3) ;;
      all) SERVICES+=(mariadb postgres s3) ;;
      *) echo "unknown service: $s" >&2; usage ;;
    esac
  done
}

svc_fn() { # action service -> function name
  case "$2" in
    mariadb) echo "my_$1" ;;
    postgres) echo "pg_$1" ;;
    s3) echo "s3_$1" ;;
  esac
}

main() {
  [ $# -ge 1 ] || usage
  local action=$1; shift
  parse_services "$@"
  local s
  case "$action" in
    start)
      mkdir -p "$SVC"
      for s in "${SERVICES[@]}"; do "$(svc_fn start "$s")"; done
      print_exports
      ;;
    stop)
      # stop in reverse order
      local i
      for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do "$(svc_fn stop "${SERVICES[$i]}")"; done
      ;;
    status)
      local rc=0
      for s in "${SERVICES[@]}"; do "$(svc_fn status "$s")" || rc=3; done
      print_exports
      exit "$rc"
      ;;
    *) usage ;;
  esac
}

main "$@"

#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests (CI and developers).
#
#   scripts/ci-postgres.sh [start]   install PostgreSQL if needed, start the throwaway cluster,
#                                    print its URL as the last line of stdout
#   scripts/ci-postgres.sh url       print the URL of the running cluster (exit 1 if not running)
#   scripts/ci-postgres.sh status    exit 0 if it is running and accepts the prakat user
#   scripts/ci-postgres.sh stop      stop it and delete its files
#
# Typical use:
#   export PRAKAT_TEST_DATABASE_URL="$(scripts/ci-postgres.sh start | tail -n 1)"
#   swift test --skip-build
#   scripts/ci-postgres.sh stop
#
# Settings (environment):
#   PRAKAT_PG_PORT  preferred port (default 25432; the next free one is used when it is taken)
#   PRAKAT_PG_ROOT  where the cluster lives (default ${TMPDIR:-/tmp}/prakat-ci-postgres)
#   PRAKAT_PG_USER / PRAKAT_PG_PASSWORD / PRAKAT_PG_DB  (default prakat / prakat / prakat_test)
#
# Idempotent: `start` on a running cluster prints the same URL again; a stale or broken cluster
# directory is wiped and made anew. Only the URL goes to stdout; progress goes to stderr.
# The cluster runs with fsync off: it is for tests only and holds nothing worth keeping.
set -euo pipefail

PG_ROOT="${PRAKAT_PG_ROOT:-${TMPDIR:-/tmp}/prakat-ci-postgres}"
# As root the cluster belongs to the 'postgres' user, which must be able to reach its folder: a
# TMPDIR under a private home (/root/…, mode 700) is not reachable, and initdb would fail. Then
# the default falls back to a world-traversable temporary folder; an explicit PRAKAT_PG_ROOT is
# kept (and fails with a clear message below).
reachable_by_postgres() {
    local dir="$1"
    while [ ! -d "$dir" ]; do dir="$(dirname "$dir")"; done
    command -v runuser >/dev/null 2>&1 || return 0
    runuser -u postgres -- test -x "$dir" 2>/dev/null
}
settle_root() {
    if [ -z "${PRAKAT_PG_ROOT:-}" ] && [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
        local candidate
        for candidate in "${TMPDIR:-/tmp}/prakat-ci-postgres" /tmp/prakat-ci-postgres /var/tmp/prakat-ci-postgres; do
            if reachable_by_postgres "$(dirname "$candidate")"; then PG_ROOT="$candidate"; break; fi
        done
    fi
    DATA="$PG_ROOT/data"
    LOG="$PG_ROOT/postgres.log"
    PORT_FILE="$PG_ROOT/port"
}
# Below Linux's ephemeral range (32768-60999): a port in it can be held by any outgoing
# connection's local end (a CI run once lost 55432 to one), which a connect test cannot see.
PG_PORT_WANTED="${PRAKAT_PG_PORT:-25432}"
PG_USER="${PRAKAT_PG_USER:-prakat}"
PG_PASSWORD="${PRAKAT_PG_PASSWORD:-prakat}"
PG_DB="${PRAKAT_PG_DB:-prakat_test}"
case "$PG_ROOT" in
    ""|/|/tmp|/tmp/|/root|/home|/var|/usr) echo "ci-postgres: refusing PRAKAT_PG_ROOT='$PG_ROOT' (it is wiped on stop)" >&2; exit 2 ;;
esac
settle_root

say() { printf 'ci-postgres: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# --- finding the binaries ------------------------------------------------------------------

find_bindir() {
    local dir
    # Newest Debian version first (/usr/lib/postgresql/15/bin, 16/bin, …).
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"; return 0
        fi
    done
    # Other layouts (a developer's Homebrew or source build).
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"; return 0
    fi
    return 1
}

install_postgres() {
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and I am not root: install the 'postgresql' package"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is missing"
    say "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    if [ "${PRAKAT_APT_UPDATED:-0}" != 1 ]; then
        apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
        export PRAKAT_APT_UPDATED=1
    fi
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
        postgresql postgresql-contrib postgresql-client >&2
}

BINDIR="$(find_bindir || true)"
ensure_binaries() {
    if [ -z "$BINDIR" ]; then
        install_postgres
        BINDIR="$(find_bindir)" || die "PostgreSQL was installed but initdb/pg_ctl were not found"
    fi
    PSQL="$BINDIR/psql"
    [ -x "$PSQL" ] || PSQL="$(command -v psql || true)"
    [ -n "$PSQL" ] || die "psql not found (install postgresql-client)"
    PG_ISREADY="$BINDIR/pg_isready"
    [ -x "$PG_ISREADY" ] || PG_ISREADY="$(command -v pg_isready || true)"
}

# --- running as the cluster's owner ---------------------------------------------------------

# PostgreSQL refuses to run as root, so as root everything runs as the 'postgres' system user
# (created by the Debian package, or here if missing). As anyone else, as that user.
RUN_AS=""
choose_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            say "creating system user 'postgres'"
            useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres 2>/dev/null \
                || useradd -r -U -M -s /bin/sh postgres
        fi
        RUN_AS=postgres
        settle_root   # the user may have been created just now
    fi
}

as_owner() {
    # cd first: the owner may not be allowed into the caller's working directory.
    if [ -n "$RUN_AS" ]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$PG_ROOT" && runuser -u "$RUN_AS" -- "$@")
        else
            local quoted; quoted="$(printf '%q ' "$@")"
            (cd "$PG_ROOT" && su -s /bin/sh "$RUN_AS" -c "$quoted")
        fi
    else
        (cd "$PG_ROOT" && "$@")
    fi
}

# --- ports and state ------------------------------------------------------------------------

port_in_use() {
    # Something accepts connections there (bash's /dev/tcp; no extra tools needed)…
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    # …or any socket has it as its local port, in any state: a connection's own end makes
    # bind() fail just the same, and nothing answers a connect test there.
    local hex; hex="$(printf '%04X' "$1")"
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null \
        | awk -v hex="$hex" 'NR > 1 { n = split($2, a, ":"); if (a[n] == hex) found = 1 } END { exit !found }'
}

pick_port() {
    local port="$PG_PORT_WANTED" tries=0
    while port_in_use "$port"; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || die "no free port between $PG_PORT_WANTED and $port"
        port=$((port + 1))
    done
    echo "$port"
}

url_for() { echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$1/$PG_DB"; }

server_running() {
    [ -f "$DATA/postmaster.pid" ] || return 1
    as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

# The real test: a password login over TCP as the test user, into the test database.
accepts_login() {
    local port="$1"
    PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=5 "$PSQL" -X -q -h 127.0.0.1 -p "$port" -U "$PG_USER" -d "$PG_DB" \
        -tAc 'select 1' 2>/dev/null | grep -qx 1
}

wait_ready() {
    local port="$1"
    for _ in $(seq 1 60); do
        if [ -n "$PG_ISREADY" ]; then
            "$PG_ISREADY" -q -h 127.0.0.1 -p "$port" -t 2 && return 0
        elif PGCONNECT_TIMEOUT=2 "$PSQL" -X -h 127.0.0.1 -p "$port" -U "$PG_USER" -d "$PG_DB" -c '' 2>&1 | grep -qv 'could not connect'; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# --- the cluster ------------------------------------------------------------------------------

wipe() {
    if [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_ROOT"
}

create_cluster() {
    say "creating a throwaway cluster in $DATA"
    mkdir -p "$PG_ROOT"
    chmod 755 "$PG_ROOT"
    [ -z "$RUN_AS" ] || chown "$RUN_AS" "$PG_ROOT"
    if [ -n "$RUN_AS" ] && ! as_owner test -w "$PG_ROOT"; then
        die "the '$RUN_AS' user cannot write to $PG_ROOT (a parent folder is private): set PRAKAT_PG_ROOT"
    fi
    # The superuser is the OS user (trust over the private socket only); TCP needs a password.
    as_owner "$BINDIR/initdb" -D "$DATA" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$PG_ROOT/initdb.log" 2>&1 \
        || { rm -rf "$DATA"; as_owner "$BINDIR/initdb" -D "$DATA" --encoding=UTF8 --locale=C \
            --auth-local=trust --auth-host=scram-sha-256 >"$PG_ROOT/initdb.log" 2>&1; } \
        || { cat "$PG_ROOT/initdb.log" >&2; die "initdb failed"; }
}

start_server() {
    local port="$1"
    say "starting PostgreSQL on 127.0.0.1:$port"
    # Owner-writable socket dir inside the cluster's folder; nothing in /var/run is needed.
    mkdir -p "$PG_ROOT/socket"
    [ -z "$RUN_AS" ] || chown "$RUN_AS" "$PG_ROOT/socket"
    echo "$port" > "$PORT_FILE"
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w -t 90 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PG_ROOT/socket -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2
}

superuser_sql() {
    local db="$1"; shift
    as_owner "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$PG_ROOT/socket" -p "$(cat "$PORT_FILE")" -d "$db" "$@"
}

ensure_role_and_db() {
    say "ensuring role '$PG_USER' and database '$PG_DB'"
    superuser_sql postgres -v user="$PG_USER" -v pw="$PG_PASSWORD" <<'SQL' >&2
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
-- CREATEROLE: the tests make a throwaway runtime role to check what it may not do to the audit trail.
-- CREATEDB: each test gets a copy of one migrated template database (without it, a schema per test).
SELECT format('ALTER ROLE %I WITH LOGIN CREATEROLE CREATEDB PASSWORD %L', :'user', :'pw') \gexec
SQL
    superuser_sql postgres -v user="$PG_USER" -v db="$PG_DB" <<'SQL' >&2
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'user', 'UTF8')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'user') \gexec
SQL
    # Extensions the app may want (trusted ones can be created by the owner later too).
    # In `public`, so every test schema (and a deployment's own schema) can name its operator class.
    superuser_sql "$PG_DB" -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public' >&2 \
        || say "note: pg_trgm is not available (postgresql-contrib missing?)"
}

cmd_start() {
    ensure_binaries
    choose_owner
    local port
    if [ -f "$PORT_FILE" ] && server_running; then
        port="$(cat "$PORT_FILE")"
        if accepts_login "$port"; then
            say "already running on port $port"
            url_for "$port"
            return 0
        fi
        say "running but not answering as '$PG_USER'; making it anew"
    fi
    local attempt
    for attempt in 1 2; do
        if [ ! -f "$DATA/PG_VERSION" ]; then
            wipe
            create_cluster
        fi
        port="$(pick_port)"
        if start_server "$port" && wait_ready "$port" && ensure_role_and_db && accepts_login "$port"; then
            say "ready (data in $DATA, log in $LOG)"
            url_for "$port"
            return 0
        fi
        say "attempt $attempt failed; last lines of the server log:"
        tail -n 30 "$LOG" >&2 2>/dev/null || true
        wipe
        # The next attempt looks past this port, whatever held it.
        PG_PORT_WANTED=$((port + 1))
    done
    die "could not start PostgreSQL"
}

cmd_stop() {
    if [ -z "$BINDIR" ] || [ ! -d "$PG_ROOT" ]; then
        say "not running"
        rm -rf "$PG_ROOT"
        return 0
    fi
    choose_owner
    if [ -f "$DATA/postmaster.pid" ]; then
        say "stopping"
        as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2 \
            || as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >&2 || true
    fi
    rm -rf "$PG_ROOT"
    say "stopped and removed $PG_ROOT"
}

cmd_url() {
    ensure_binaries
    choose_owner
    [ -f "$PORT_FILE" ] && server_running || { say "not running"; exit 1; }
    url_for "$(cat "$PORT_FILE")"
}

cmd_status() {
    ensure_binaries
    choose_owner
    [ -f "$PORT_FILE" ] && server_running && accepts_login "$(cat "$PORT_FILE")" \
        && { say "running: $(url_for "$(cat "$PORT_FILE")")"; exit 0; }
    say "not running"
    exit 1
}

case "${1:-start}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    url) cmd_url ;;
    status) cmd_status ;;
    -h|--help|help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (start, stop, url, status)" ;;
esac

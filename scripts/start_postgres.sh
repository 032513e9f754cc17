#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster (Debian's packages) on a free local port, in a temp dir.
#
#   source scripts/start_postgres.sh      # exports FRONTWIRE_PG_URL, FRONTWIRE_PG_DIR, FRONTWIRE_PG_STOP
#   eval "$(bash scripts/start_postgres.sh)"   # the same from another shell
#   $FRONTWIRE_PG_STOP                    # stop it and delete its files
#
# As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
# Installs the `postgresql` package with apt-get when no server binaries are found.
# Returns/exits non-zero with a message on stderr when no server can be started.

_fw_pg_log() { echo "start_postgres: $*" >&2; }

_fw_pg_bindir() {
    local d
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

_fw_pg_start() {
    local bindir dir port runas url
    if ! bindir=$(_fw_pg_bindir); then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            _fw_pg_log "installing postgresql with apt-get"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 \
                || { _fw_pg_log "apt-get install postgresql failed"; return 1; }
        fi
        bindir=$(_fw_pg_bindir) || { _fw_pg_log "no PostgreSQL server binaries (initdb, pg_ctl) found"; return 1; }
    fi
    command -v python3 >/dev/null 2>&1 || { _fw_pg_log "python3 needed to pick a free port"; return 1; }
    # Bind port 0 to let the kernel choose a port nobody uses right now.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    dir=$(mktemp -d "${TMPDIR:-/tmp}/frontwire-pg.XXXXXX") || return 1
    chmod 755 "$dir"
    runas=()
    if [ "$(id -u)" = 0 ]; then
        local user=postgres
        id -u "$user" >/dev/null 2>&1 || user=nobody
        chown "$user" "$dir"
        if command -v runuser >/dev/null 2>&1; then runas=(runuser -u "$user" --); else runas=(su "$user" -s /bin/sh -c); fi
    fi
    _fw_pg_run() {
        if [ "${runas[0]:-}" = su ]; then "${runas[@]}" "$(printf '%q ' "$@")"; else "${runas[@]}" "$@"; fi
    }
    # Trust auth on 127.0.0.1 only, no fsync: a disposable test server, never real data.
    if ! _fw_pg_run "$bindir/initdb" -D "$dir/data" -U frontwire -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        _fw_pg_log "initdb failed: $(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')"; rm -rf "$dir"; return 1
    fi
    if ! _fw_pg_run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
            start >/dev/null 2>&1; then
        _fw_pg_log "pg_ctl start failed: $(tail -n 3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')"; rm -rf "$dir"; return 1
    fi
    if ! _fw_pg_run "$bindir/createdb" -h 127.0.0.1 -p "$port" -U frontwire frontwire >/dev/null 2>"$dir/createdb.log"; then
        _fw_pg_log "createdb failed: $(tr '\n' ' ' <"$dir/createdb.log")"
        _fw_pg_run "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"; return 1
    fi
    url="postgresql+psycopg://frontwire@127.0.0.1:$port/frontwire"
    cat >"$dir/stop.sh" <<EOF
#!/usr/bin/env bash
# Stop the throwaway PostgreSQL server in $dir and delete its files.
$(declare -p runas)
$(declare -f _fw_pg_run)
_fw_pg_run "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
rm -rf "$dir"
EOF
    export FRONTWIRE_PG_URL="$url" FRONTWIRE_PG_DIR="$dir" FRONTWIRE_PG_STOP="bash $dir/stop.sh"
    _fw_pg_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (data in $dir)"
    return 0
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    _fw_pg_start  # sourced: the status is this script's status; the variables stay in the caller
else
    set -uo pipefail
    _fw_pg_start || exit 1
    echo "export FRONTWIRE_PG_URL='$FRONTWIRE_PG_URL' FRONTWIRE_PG_DIR='$FRONTWIRE_PG_DIR' FRONTWIRE_PG_STOP='$FRONTWIRE_PG_STOP'"
fi

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests (the store's PostgreSQL backend).
#
#   scripts/pg_cluster.sh start STATE_DIR   initdb into a new temporary directory, start the
#                                           server on a free port of 127.0.0.1 (and a unix
#                                           socket in that directory), trust authentication,
#                                           and print its URL, also written to STATE_DIR/url.
#   scripts/pg_cluster.sh stop STATE_DIR    stop it and remove the cluster and STATE_DIR.
#
# The server listens on loopback only and trusts every local connection: it is for tests, and
# it holds nothing that outlives them. PostgreSQL refuses to run as root, so under root the
# cluster belongs to and runs as an unprivileged user (ASHYQ_PG_USER, default nobody).
# The server binaries come from PG_BIN, else Debian's /usr/lib/postgresql/<newest>/bin, else PATH.
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
(($# == 2)) || usage
action=$1
state=$2

find_bin() {
  if [[ -n ${PG_BIN:-} ]]; then echo "$PG_BIN"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $dir && -x $dir/initdb ]]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
    return
  fi
  echo "pg_cluster.sh: PostgreSQL server programs (initdb, pg_ctl) not found: install the" \
       "Debian package postgresql (scripts/deps.sh does), or set PG_BIN" >&2
  exit 3
}

# Runs a command as the cluster's owner: ourselves, or an unprivileged user under root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "${ASHYQ_PG_USER:-nobody}" -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin cluster port log
  bin=$(find_bin)
  mkdir -p "$state"
  # A cluster left by an interrupted run: this state directory is ours, so is its cluster.
  if [[ -f $state/cluster ]]; then stop; mkdir -p "$state"; fi
  cluster=$(mktemp -d "${TMPDIR:-/tmp}/ashyq-pg.XXXXXX")
  echo "$cluster" >"$state/cluster"
  mkdir -p "$cluster/socket"
  if [[ $(id -u) -eq 0 ]]; then chown -R "${ASHYQ_PG_USER:-nobody}" "$cluster"; fi
  log=$cluster/server.log
  if ! as_owner "$bin/initdb" --pgdata="$cluster/data" --username=ashyq --auth=trust \
         --encoding=UTF8 --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1; then
    cat "$cluster/initdb.log" >&2
    echo "pg_cluster.sh: initdb failed" >&2
    exit 1
  fi
  # A random free port; another cluster may take it between the check and the start, so retry.
  local tries
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi  # in use
    if as_owner "$bin/pg_ctl" start --pgdata="$cluster/data" --wait --timeout=60 --silent \
         --log="$log" \
         -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$cluster/socket" \
         >/dev/null 2>&1; then
      local url="postgresql://ashyq@127.0.0.1:$port/postgres"
      echo "$url" >"$state/url"
      echo "$url"
      return 0
    fi
  done
  cat "$log" >&2 || true
  echo "pg_cluster.sh: the server did not start (tried 10 ports)" >&2
  exit 1
}

stop() {
  [[ -f $state/cluster ]] || { rm -rf "$state"; return 0; }
  local bin cluster
  cluster=$(cat "$state/cluster")
  bin=$(find_bin)
  if [[ -f $cluster/data/postmaster.pid ]]; then
    as_owner "$bin/pg_ctl" stop --pgdata="$cluster/data" --mode=fast --wait --silent || true
  fi
  # Only what start made: a directory of ours under the temporary directory.
  if [[ $cluster == */ashyq-pg.* && -d $cluster ]]; then rm -rf "$cluster"; fi
  rm -rf "$state"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac

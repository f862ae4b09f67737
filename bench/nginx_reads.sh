#!/usr/bin/env bash
# Public reads through nginx while submissions run (issue 17: >= 20,000 reads/s, p99 <= 50 ms).
#
#   [BENCH_STORE=fresh|demo] [SUBMIT_RATE=100] bench/nginx_reads.sh BUILD_DIR [SECONDS] [CONNECTIONS]
#
# Starts, on loopback and in a temporary directory: Debian's nginx with deploy/nginx/ashyq.conf
# (TLS, a throwaway certificate) over the national publication of `ashyq demo --no-serve`, and
# `ashyq server run` behind its /api/ on a fresh store. In the background, ashyq_submit_loop
# (bench/submit_loop.cc) submits the national protocols to the server, each signed by its PEC,
# SUBMIT_RATE a second (0: as fast as they are acknowledged), each a new object verified,
# written durably and logged, for as long as the bench runs. Then ashyq_http_load (bench/http_load.cc: keep-alive HTTPS, one thread
# per connection) measures, one after the other and each for SECONDS:
#   floor   nginx serving one tiny static file: what nginx and TLS cost on this machine
#   static  the publication as the results site fetches it: index.json, the tree head, every
#           station's, commission's and search file, in turn (files over 256 KB, the log's leaf
#           ranges and the national CSV exports that auditors download, are left out)
#   api     the server's public reads through nginx: stations' status (a different station
#           each time), log entries, the tree head, the server key; with BENCH_STORE=demo also
#           inclusion proofs of logged protocols, heads by size and consistency proofs (on a
#           fresh store the tree head is 404 until the server signs heads)
# and prints one JSON line each (requests/s, p50/p90/p99/max ms, statuses, the Ed25519 verify
# rate measured just before), the load average, and how many submissions were logged meanwhile.
#
# Changed from the deploy config, and only here: the per-address limits of /api/ (20 r/s,
# 16 connections) are lifted, since every request of the bench comes from 127.0.0.1; real
# readers come from many addresses. Everything else is the deploy file as it is.
#
# Set ASHYQ_BENCH_ELECTION=DIR to reuse a national demo directory made earlier (the demo takes
# a while); nothing in it is changed. Not part of `make test`.
set -euo pipefail
BUILD=$(cd "${1:?usage: bench/nginx_reads.sh BUILD_DIR [SECONDS] [CONNECTIONS]}" && pwd)
DURATION=${2:-10}
CONNECTIONS=${3:-32}
SRC=$(cd "$(dirname "$0")/.." && pwd)
ASHYQ=$BUILD/tools/ashyq/ashyq
LOAD=$BUILD/bench/ashyq_http_load
SUBMIT=$BUILD/bench/ashyq_submit_loop
SUBMIT_RATE=${SUBMIT_RATE:-100}
BENCH_STORE=${BENCH_STORE:-fresh}
[[ $BENCH_STORE == fresh || $BENCH_STORE == demo ]] || { echo "nginx_reads.sh: BENCH_STORE is fresh or demo" >&2; exit 2; }
NGINX=${NGINX:-/usr/sbin/nginx}
for f in "$ASHYQ" "$LOAD" "$SUBMIT" "$NGINX"; do
  [[ -x $f ]] || { echo "nginx_reads.sh: $f is missing (build ashyq, ashyq_http_load and ashyq_submit_loop; scripts/deps.sh installs nginx)" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/ashyq-nginx-reads-XXXXXX)
pids=()
source "$SRC/deploy/nginx/loopback.sh"
trap 'loopback_cleanup "$TMP"' EXIT

# --- The national election and its publication (copied: the demo directory holds keys).
E=${ASHYQ_BENCH_ELECTION:-$TMP/national}
if [[ ! -f $E/publication/index.json ]]; then
  echo "# making the national demo in $E (ashyq demo --no-serve) ..." >&2
  "$ASHYQ" demo --no-serve --out "$E" >"$TMP/demo.out" 2>&1 || { cat "$TMP/demo.out" >&2; exit 1; }
fi
cp -r "$E/publication" "$TMP/pub"
printf '{}\n' >"$TMP/pub/data/bench-floor.json"
mkdir -p "$TMP/site" "$TMP/nginx" "$TMP/tls"
cp "$SRC"/web/results/*.html "$SRC"/web/results/*.css "$SRC"/web/results/*.js "$TMP/site/"
ELECTION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["payload"]["election_id"])' "$E/definition.json")

# Every version-1 protocol of the published log, a file each, and the stations for the API mix.
python3 - "$TMP/pub" "$TMP" <<'PY'
import glob, json, os, random, sys
pub, tmp = sys.argv[1], sys.argv[2]
n = 0
stations = []
with open(tmp + "/protocols.jsonl", "w") as out:
    for path in sorted(glob.glob(pub + "/log/leaves/*.jsonl"), key=lambda p: int(os.path.basename(p).split("-")[0])):
        for line in open(path):
            p = json.loads(line)["payload"]
            if p["format"] == "ashyq/precinct-protocol/1" and p["version"] == 1:
                out.write(line.strip() + "\n")
                stations.append(p["station"])
                n += 1
random.seed(17)
random.shuffle(stations)
with open(tmp + "/paths-api", "w") as f:
    for i, s in enumerate(stations[:4000]):
        f.write(f"/api/v1/stations/{s}\n")
        if i % 4 == 0:
            f.write(f"/api/v1/log/entries?start={i + 1}&count=10\n")  # leaf 0, the definition, is 25 MB
        if i % 8 == 0:
            f.write("/api/v1/tree-head\n/api/v1/server-key\n")
static = ["/index.json", "/log/tree-head.json"]
bulk = 0
for root, _, files in os.walk(pub):
    for name in files:
        full = os.path.join(root, name)
        rel = os.path.relpath(full, pub)
        if (rel.startswith("data/") or rel.startswith("log/")) and not name.startswith(".") and name != "bench-floor.json":
            # Bulk downloads (log leaf ranges, national CSV exports: megabytes each) are for
            # auditors, a few times each, not the readers' many small requests measured here.
            if os.path.getsize(full) > 256 * 1024:
                bulk += 1
            else:
                static.append("/" + rel)
with open(tmp + "/paths-static", "w") as f:
    f.write("\n".join(sorted(set(static))) + "\n")
with open(tmp + "/paths-floor", "w") as f:
    f.write("/data/bench-floor.json\n")
print(f"# {n} protocols to submit, {len(static)} static paths ({bulk} bulk files over 256 KB left out)", file=sys.stderr)
PY

nginx_loopback_setup "$TMP" || exit 1

# --- The commission server: on a fresh store (BENCH_STORE=fresh, the default: every protocol
# submitted is a new object, verified, written and fsync'd), or on a copy of the demo's store
# (BENCH_STORE=demo: the whole national log, 58,588 leaves with every turnout report and signed
# tree heads, so reads find what they will on election night and proofs have heads to go by;
# the protocols submitted are all logged already: verified and answered, nothing written).
if [[ $BENCH_STORE == demo ]]; then
  cp "$E/election.db" "$TMP/server.db"
  [[ ! -f $E/election.db-wal ]] || cp "$E/election.db-wal" "$TMP/server.db-wal"
  python3 - "$TMP/server.db" "$TMP/paths-api" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
heads = [r[0] for r in db.execute("SELECT size FROM tree_heads ORDER BY size")]
digests = [r[0].hex() for r in db.execute(
    "SELECT digest FROM objects WHERE kind = 'ashyq/precinct-protocol/1' ORDER BY rowid LIMIT 2000")]
db.close()
with open(sys.argv[2], "a") as f:
    for i, d in enumerate(digests):
        f.write(f"/api/v1/log/inclusion?digest={d}\n")
        if i % 4 == 0 and heads:
            f.write(f"/api/v1/tree-heads/{heads[i % len(heads)]}\n")
        if i % 8 == 0 and len(heads) > 1:
            f.write(f"/api/v1/log/consistency?first={heads[0]}&second={heads[-1]}\n")
PY
fi
"$ASHYQ" keys generate --owner server --out "$TMP/server.key" >/dev/null
"$ASHYQ" server run --definition "$E/definition.json" --db "$TMP/server.db" --key "$TMP/server.key" \
  --port "$API_PORT" >"$TMP/server.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "Commission server" "$TMP/server.out" && break; sleep 0.1; done
grep -q "Commission server" "$TMP/server.out" || { cat "$TMP/server.out" >&2; exit 1; }

# --- nginx: the deploy template, placeholders filled, the per-address /api/ limits lifted.
NGINX_WORKERS=auto NGINX_CONNECTIONS=4096 NGINX_ACCESS_LOG=off nginx_loopback_config "$TMP" "$SRC" "$TMP/pub" "$TMP/site" \
  -e "s|rate=20r/s|rate=1000000r/s|" -e "s|limit_conn ashyq_api_conn_per_ip 16;|limit_conn ashyq_api_conn_per_ip 1024;|" \
  -e "s|limit_conn ashyq_conn_per_ip 256;|limit_conn ashyq_conn_per_ip 1024;|g" || exit 1
grep -q "rate=1000000r/s" "$TMP/nginx/ashyq.conf" || { echo "nginx_reads.sh: the /api/ rate limit of deploy/nginx/ashyq.conf was not found" >&2; exit 1; }
"$NGINX" -t -q "${nginx_args[@]}"
"$NGINX" "${nginx_args[@]}" 2>"$TMP/nginx/stderr" &
pids+=($!)
BASE=https://127.0.0.1:$HTTPS_PORT
for _ in $(seq 100); do curl -sk -o /dev/null "$BASE/index.json" && break; sleep 0.1; done
code=$(curl -sk -o /dev/null -w '%{http_code}' "$BASE/api/v1/server-key")
[[ $code == 200 ]] || { echo "nginx_reads.sh: /api/ through nginx answered $code" >&2; exit 1; }

# --- Submissions in the background, straight to the server (nginx's /api/ limits are per address).
: >"$TMP/submitted"
"$SUBMIT" --election "$E" --objects "$TMP/protocols.jsonl" --url "http://127.0.0.1:$API_PORT" \
  --log "$TMP/submitted" --rate "$SUBMIT_RATE" &
pids+=($!)
sleep 2
[[ -s $TMP/submitted ]] || { echo "nginx_reads.sh: no submission was answered" >&2; exit 1; }

echo "# store: $BENCH_STORE; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(wc -l <"$TMP/submitted")
started=$SECONDS
for mix in floor static api; do
  "$LOAD" --url "$BASE" --paths "$TMP/paths-$mix" --connections "$CONNECTIONS" --seconds "$DURATION" --label "$mix"
done
after=$(wc -l <"$TMP/submitted")
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# submissions answered while reading: $((after - before)) in $((SECONDS - started)) s (rate asked: $SUBMIT_RATE/s); statuses of all so far: $(sort "$TMP/submitted" | uniq -c | tr '\n' ' ')"
kill -0 "${pids[-1]}" 2>/dev/null || echo "# note: every protocol was submitted before the reads ended" >&2

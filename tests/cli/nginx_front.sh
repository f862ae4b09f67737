#!/usr/bin/env bash
# The public front (deploy/nginx/ashyq.conf) in Debian's nginx: a throwaway instance on loopback
# (its own prefix, pid, logs and temporary files under $TMP, a self-signed certificate, free
# ports) serves the tiny demo's publication and the results site over TLS, and passes /api/ to
# a stub upstream. curl checks the headers of the entry point, a content-addressed data file,
# the log and the site; that hidden files, directories, symbolic links, path traversal and
# stray files are refused; that /api/ reaches the upstream and an oversized body gets 413
# there; and that 100 slow-loris connections, 50 idle ones and 10 slow request bodies neither
# delay a normal request nor reach the upstream (a single-threaded one, which any of them would
# block).
source "$(dirname "$0")/lib.sh" "$@"
NGINX=${NGINX:-/usr/sbin/nginx}
[[ -x $NGINX ]] || fail "nginx is missing (scripts/deps.sh installs it)"
for tool in curl openssl python3; do
  command -v $tool >/dev/null || fail "$tool is missing (scripts/deps.sh installs it)"
done

pids=()
source "$SRC/deploy/nginx/loopback.sh"
trap 'loopback_cleanup "$TMP"' EXIT

# --- A publication (the tiny demo), the site, a certificate, free ports.
# The demo's directory holds keys and is private; the publication is copied out of it, as a
# deployment keeps it apart from the server's keys.
expect_exit 0 "$ASHYQ" demo --scenario tiny --out "$TMP/e" --no-serve
[[ -f $TMP/e/publication/index.json ]] || fail "ashyq demo wrote no publication/index.json"
cp -r "$TMP/e/publication" "$TMP/pub"
PUB=$TMP/pub
mkdir -p "$TMP/site" "$TMP/nginx" "$TMP/tls"
cp "$SRC"/web/results/*.html "$SRC"/web/results/*.css "$SRC"/web/results/*.js "$TMP/site/"
# What must never be served: a secret outside, a link to it, hidden and stray files.
echo "outside-the-publication-7f3a" >"$TMP/outside.txt"
ln -s "$TMP/outside.txt" "$PUB/data/link.json"
echo "half-written" >"$PUB/.index.json.tmp"
echo "hidden-7f3a" >"$PUB/data/.hidden.json"
echo "<script>stray-7f3a</script>" >"$PUB/evil.html"

nginx_loopback_setup "$TMP" || fail "openssl could not make a certificate"

# --- The stub upstream: one thread, one request at a time, each answered with what it saw.
cat >"$TMP/upstream.py" <<'EOF'
import http.server, json, sys
port, log = int(sys.argv[1]), sys.argv[2]
class Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        with open(log, "a") as f:
            f.write(f"{self.command} {self.path} {len(body)}\n")
        out = json.dumps({"method": self.command, "path": self.path, "body_length": len(body),
                          "forwarded_proto": self.headers.get("X-Forwarded-Proto"),
                          "forwarded_for": self.headers.get("X-Forwarded-For")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    do_GET = do_POST = answer
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Echo).serve_forever()
EOF
: >"$TMP/upstream.log"
python3 "$TMP/upstream.py" "$API_PORT" "$TMP/upstream.log" 2>"$TMP/upstream.err" &
pids+=($!)

# --- nginx: the template with its placeholders filled, in a main configuration of its own.
nginx_loopback_config "$TMP" "$SRC" "$PUB" "$TMP/site" || fail "deploy/nginx/ashyq.conf could not be filled in"
expect_exit 0 "$NGINX" -t -q "${nginx_args[@]}"
"$NGINX" "${nginx_args[@]}" 2>"$TMP/nginx/stderr" &
pids+=($!)
nginx_pid=$!

BASE=https://127.0.0.1:$HTTPS_PORT
CURL=(curl -sS --cacert "$TMP/tls/cert.pem" --path-as-is --max-time 10)
up=
for _ in $(seq 100); do
  if "${CURL[@]}" -o /dev/null "$BASE/index.json" 2>/dev/null &&
     curl -sS -o /dev/null "http://127.0.0.1:$API_PORT/ready" 2>/dev/null; then
    up=1
    break
  fi
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$TMP/nginx/stderr" "$TMP/nginx/error.log"; fail "nginx exited"; }
  sleep 0.1
done
[[ -n $up ]] || { cat "$TMP/nginx/error.log" "$TMP/upstream.err"; fail "nginx or the stub upstream did not answer"; }
checks=$((checks + 1))

# fetch PATH [curl options]: the status in $status, headers in $TMP/h, body in $TMP/b.
fetch() {
  local path=$1
  shift
  status=$("${CURL[@]}" -o "$TMP/b" -D "$TMP/h" -w '%{http_code}' "$@" "$BASE$path") || status=curl-failed
}
header() { grep -i "^$1:" "$TMP/h" | head -1 | cut -d: -f2- | sed -e 's/^ *//' -e 's/\r$//' || true; }
expect_status() {
  [[ $status == "$1" ]] || { cat "$TMP/h"; fail "$2: status $status, expected $1"; }
  checks=$((checks + 1))
}
expect_header() {
  local got
  got=$(header "$1")
  [[ $got == "$2" ]] || { cat "$TMP/h"; fail "$3: $1 is '$got', expected '$2'"; }
  checks=$((checks + 1))
}
expect_body_lacks() {
  ! grep -q -- "$1" "$TMP/b" || { cat "$TMP/b"; fail "$2: the answer holds '$1'"; }
  checks=$((checks + 1))
}
immutable="public, max-age=31536000, immutable"
csp="default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

# --- The entry point: its bytes, revalidated on every use, and the security headers.
fetch /index.json
expect_status 200 index.json
cmp -s "$TMP/b" "$PUB/index.json" || fail "index.json: not the published bytes"
expect_header Content-Type "application/json" index.json
expect_header Cache-Control "no-cache" index.json
expect_header X-Content-Type-Options "nosniff" index.json
expect_header Referrer-Policy "no-referrer" index.json
expect_header Content-Security-Policy "$csp" index.json
expect_header Strict-Transport-Security "max-age=31536000" index.json
etag=$(header ETag)
[[ -n $etag ]] || fail "index.json has no ETag"
fetch /index.json -H "If-None-Match: $etag"
expect_status 304 "index.json revalidated"
fetch /index.json -H "Range: bytes=0-9"
expect_status 206 "a range of index.json"
expect_header Content-Range "bytes 0-9/$(stat -c %s "$PUB/index.json")" "a range of index.json"
[[ $(cat "$TMP/b") == "$(head -c 10 "$PUB/index.json")" ]] || fail "a range of index.json: not those bytes"

# --- Content-addressed files, cached for good; the log; the site.
read -r national csv leaves < <(python3 -c '
import json, sys
i = json.load(open(sys.argv[1]))
print(i["files"]["national"], next(iter(i["files"]["csv"].values())), i["log"]["ranges"][0])' "$PUB/index.json")
fetch "/$national"
expect_status 200 "$national"
expect_header Content-Type "application/json" "$national"
expect_header Cache-Control "$immutable" "$national"
expect_header X-Content-Type-Options "nosniff" "$national"
digest=$(sha256sum "$TMP/b" | cut -d' ' -f1)
[[ $national == *-$digest.json ]] || fail "$national: the body's SHA-256 is $digest"
checks=$((checks + 1))
fetch "/$csv"
expect_status 200 "$csv"
expect_header Content-Type "text/csv; charset=utf-8" "$csv"
expect_header Cache-Control "$immutable" "$csv"
fetch "/$leaves"
expect_status 200 "$leaves"
expect_header Content-Type "application/jsonl" "$leaves"
expect_header Cache-Control "$immutable" "$leaves"
fetch /log/tree-head.json
expect_status 200 log/tree-head.json
expect_header Cache-Control "no-cache" log/tree-head.json
fetch /
expect_status 200 "the site"
expect_header Content-Type "text/html; charset=utf-8" "the site"
expect_header Cache-Control "no-cache" "the site"
expect_header Content-Security-Policy "$csp" "the site"
grep -q 'src="app.js"' "$TMP/b" || fail "/ is not the results site"
fetch /app.js
expect_status 200 app.js
expect_header Content-Type "text/javascript; charset=utf-8" app.js
cmp -s "$TMP/b" "$SRC/web/results/app.js" || fail "app.js: not the site's file"

# --- What is refused: traversal with 400, everything not in the layout with 404 (403 for the
# link), and never a byte of it.
for path in "/../outside.txt" "/%2e%2e/outside.txt" "/data/%2e%2e/%2e%2e/outside.txt" \
            "/data/../../outside.txt" "/%2E%2E/%2E%2E/etc/passwd"; do
  fetch "$path"
  expect_status 400 "$path"
  expect_body_lacks "outside-the-publication" "$path"
done
for path in /.index.json.tmp /data/.hidden.json /evil.html /data /data/ /data/station /log/ \
            /README.md /package.json /index.json%00.html "/data/..%5c..%5coutside.txt" /outside.txt; do
  fetch "$path"
  [[ $status == 404 || $status == 400 ]] || { cat "$TMP/h"; fail "$path: status $status, expected 404"; }
  checks=$((checks + 1))
  expect_body_lacks "7f3a" "$path"
  expect_body_lacks "half-written" "$path"
done
fetch /data/link.json
[[ $status == 403 || $status == 404 ]] || fail "/data/link.json (a symbolic link out): status $status"
expect_body_lacks "outside-the-publication" /data/link.json
fetch /index.json -X POST -d '{}'
expect_status 405 "POST /index.json"
cmp -s "$TMP/b" "$PUB/index.json" && fail "POST /index.json answered with the file"
checks=$((checks + 1))

# --- TLS 1.2 and 1.3 only; plain http only redirects.
"${CURL[@]}" -o /dev/null --tlsv1.2 --tls-max 1.2 "$BASE/index.json" || fail "TLS 1.2 refused"
"${CURL[@]}" -o /dev/null --tlsv1.3 "$BASE/index.json" || fail "TLS 1.3 refused"
! "${CURL[@]}" -o /dev/null --tlsv1.1 --tls-max 1.1 "$BASE/index.json" 2>/dev/null || fail "TLS 1.1 accepted"
checks=$((checks + 3))
status=$(curl -sS -o /dev/null -D "$TMP/h" -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/index.json")
expect_status 301 "plain http"
[[ $(header Location) == https://127.0.0.1/index.json ]] || fail "plain http redirects to '$(header Location)'"

# --- /api/ goes to the upstream; an oversized body stops at nginx.
fetch /api/ping
expect_status 200 "/api/ping"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["method"] == "GET" and r["path"] == "/api/ping", r
assert r["forwarded_proto"] == "https" and r["forwarded_for"] == "127.0.0.1", r' "$TMP/b" ||
  fail "/api/ping did not reach the upstream as sent"
checks=$((checks + 1))
head -c 100000 /dev/zero | tr '\0' 'x' >"$TMP/body-100k"
fetch /api/submit -X POST -H "Content-Type: application/json" --data-binary "@$TMP/body-100k"
expect_status 200 "POST /api/submit (100 KB)"
grep -q '"body_length": 100000' "$TMP/b" || fail "the upstream did not get the whole body: $(cat "$TMP/b")"
head -c 5000000 /dev/zero | tr '\0' 'x' >"$TMP/body-5m"
fetch /api/oversized -X POST -H "Content-Type: application/json" --data-binary "@$TMP/body-5m"
expect_status 413 "POST /api/oversized (5 MB)"
! grep -q oversized "$TMP/upstream.log" || fail "the oversized body reached the upstream"
checks=$((checks + 1))

# --- Slow and idle clients: 100 send a request header one byte a second, 10 a body one byte a
# second, 50 connect and say nothing. Meanwhile normal requests, static and /api/, are answered
# at once, and the upstream never hears of the slow ones.
cat >"$TMP/slow.py" <<'EOF'
import socket, ssl, sys, time
port, cafile, seconds, ready, report = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
context = ssl.create_default_context(cafile=cafile)
def tls(start):
    s = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
    s.sendall(start)
    return s
headers = [tls(b"GET /index.json HTTP/1.1\r\nHost: localhost\r\nX-Slow: ") for _ in range(100)]
bodies = [tls(b"POST /api/slow HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100\r\n\r\n{") for _ in range(10)]
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
open(ready, "w").write("ready\n")
end = time.monotonic() + seconds
while time.monotonic() < end:
    for s in headers + bodies:
        try:
            s.send(b"a")
        except OSError:
            pass
    time.sleep(1)
def waiting(s):  # still open, and not answered
    s.setblocking(False)
    try:
        s.recv(1)
        return False
    except (ssl.SSLWantReadError, BlockingIOError):
        return True
    except OSError:
        return False
with open(report, "w") as f:
    f.write(f"{sum(map(waiting, headers))} {sum(map(waiting, bodies))} {sum(map(waiting, idle))}\n")
EOF
python3 "$TMP/slow.py" "$HTTPS_PORT" "$TMP/tls/cert.pem" 6 "$TMP/slow.ready" "$TMP/slow.report" 2>"$TMP/slow.err" &
slow_pid=$!
pids+=($slow_pid)
for _ in $(seq 200); do
  [[ -f $TMP/slow.ready ]] && break
  kill -0 "$slow_pid" 2>/dev/null || { cat "$TMP/slow.err"; fail "the slow clients could not connect"; }
  sleep 0.1
done
[[ -f $TMP/slow.ready ]] || fail "the slow clients did not connect in 20 s"
for round in 1 2 3; do
  for path in /index.json "/$national" /api/ping; do
    seconds=$("${CURL[@]}" -o "$TMP/b" -w '%{http_code} %{time_total}' "$BASE$path")
    [[ ${seconds%% *} == 200 ]] || fail "$path during the slow clients (round $round): $seconds"
    awk -v t="${seconds#* }" 'BEGIN { exit !(t < 0.5) }' ||
      fail "$path took ${seconds#* } s while slow clients were connected (round $round)"
    checks=$((checks + 1))
  done
  sleep 0.5
done
wait "$slow_pid" || { cat "$TMP/slow.err"; fail "the slow clients failed"; }
read -r waiting_headers waiting_bodies waiting_idle <"$TMP/slow.report"
# nginx was still holding them all (the check above ran with them in place).
[[ $waiting_headers == 100 && $waiting_bodies == 10 && $waiting_idle == 50 ]] ||
  fail "slow clients still waiting at the end: $waiting_headers/100 headers, $waiting_bodies/10 bodies, $waiting_idle/50 idle"
checks=$((checks + 1))
! grep -q /api/slow "$TMP/upstream.log" || fail "a slow body reached the upstream"
checks=$((checks + 1))

kill -0 "$nginx_pid" || fail "nginx died"
# (try_files logs the refused symbolic link as critical: the only such line expected.)
! grep -E '\[(emerg|alert|crit)\]' "$TMP/nginx/error.log" | grep -v 'link.json" failed (40: Too many levels' ||
  fail "nginx logged errors"
checks=$((checks + 1))
done_ok

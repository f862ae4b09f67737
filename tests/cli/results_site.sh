#!/usr/bin/env bash
# The results website in Debian's Chromium, driven by Playwright (web/results/test/*.test.mjs):
# `ashyq demo --scenario tiny --tec-alters 1` publishes (with a "correction" a TEC signed, which
# is refused), `ashyq serve` serves it on a free port, and the browser tests walk the national
# page down to a corrected station, read the refused one, switch language, search, check widths
# and accessibility (axe-core), and save screenshots in build/test-artifacts/results-site/
# (ASHYQ_ARTIFACTS_DIR overrides). The fixture tests start their own `ashyq serve` of
# web/results/test/fixture. The demo's printed national result names the base of its shares, as
# the site does.
source "$(dirname "$0")/lib.sh" "$@"
SITE=$SRC/web/results
BUILD=$(cd "$(dirname "$ASHYQ")/../.." && pwd)
ART=${ASHYQ_ARTIFACTS_DIR:-$BUILD/test-artifacts/results-site}

command -v node >/dev/null || fail "node is missing (scripts/deps.sh installs nodejs and npm)"
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || fail "chromium is missing (scripts/deps.sh installs it)"

# playwright-core and axe-core at the versions package-lock.json pins; npm ci only when they are
# not there yet.
stale=
for pkg in playwright-core axe-core; do
  want=$(node -p "require('$SITE/package-lock.json').packages['node_modules/$pkg'].version")
  have=$(node -p "try { require('$SITE/node_modules/$pkg/package.json').version } catch { '' }")
  [[ $have == "$want" ]] || stale=1
done
if [[ -n $stale ]]; then
  (cd "$SITE" && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.out" 2>&1 ||
    { cat "$TMP/npm.out"; fail "npm ci in web/results failed"; }
fi

expect_exit 0 "$ASHYQ" demo --scenario tiny --tec-alters 1 --out "$TMP/e" --no-serve
[[ -f $TMP/e/publication/index.json ]] || fail "ashyq demo wrote no publication/index.json"
checks=$((checks + 1))
# Shares of valid votes, and the column says so (the site and the printed copy say the same).
expect_in out '^ +votes +% of valid votes'

"$ASHYQ" serve "$TMP/e/publication" --port 0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$TMP"' EXIT
url=
for _ in $(seq 100); do
  url=$(grep -oE 'http://[^ ]+/' "$TMP/serve.out" || true)
  [[ -n $url ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$TMP/serve.err"; fail "ashyq serve exited"; }
  sleep 0.1
done
[[ -n $url ]] || fail "ashyq serve printed no URL"
checks=$((checks + 1))

rm -rf "$ART"
mkdir -p "$ART"
set +e
(cd "$SITE" && ASHYQ_BIN=$ASHYQ ASHYQ_RESULTS_URL=$url ASHYQ_ARTIFACTS_DIR=$ART \
  node --test --test-reporter=tap test/) >"$TMP/node.out" 2>&1
node_rc=$?
set -e
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TMP/node.out")
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TMP/node.out")
if [[ $node_rc != 0 || $failed != 0 || -z $passed || $passed == 0 ]]; then
  cat "$TMP/node.out"
  fail "browser tests: ${passed:-0} passed, ${failed:-?} failed (node exited $node_rc)"
fi
grep -E '^# phone' "$TMP/node.out" || true
for shot in fixture-national fixture-station fixture-station-refused fixture-station-refused-kk \
  fixture-national-1280 fixture-national-390 publication-national publication-station publication-station-refused; do
  [[ -s $ART/$shot.png ]] || fail "no screenshot $ART/$shot.png"
  checks=$((checks + 1))
done

# Ctrl-C stops the server cleanly.
kill -INT "$server"
set +e
wait "$server"
serve_rc=$?
set -e
[[ $serve_rc == 0 ]] || { cat "$TMP/serve.err"; fail "ashyq serve exited $serve_rc after SIGINT"; }
grep -q '^Stopped\.$' "$TMP/serve.out" || fail "ashyq serve did not report stopping"
checks=$((checks + 1))

echo "screenshots: $ART"
checks=$((checks + passed))
done_ok

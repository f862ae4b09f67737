#!/usr/bin/env bash
# The results website in Debian's Chromium, driven by Playwright (web/results/test/*.test.mjs):
# `ashyq demo --scenario tiny` publishes, `ashyq serve` serves it on a free port, and the browser
# tests walk the national page down to a corrected station, switch language, search, and save
# screenshots in build/test-artifacts/results-site/ (ASHYQ_ARTIFACTS_DIR overrides). The fixture
# tests start their own `ashyq serve` of web/results/test/fixture.
source "$(dirname "$0")/lib.sh" "$@"
SITE=$SRC/web/results
BUILD=$(cd "$(dirname "$ASHYQ")/../.." && pwd)
ART=${ASHYQ_ARTIFACTS_DIR:-$BUILD/test-artifacts/results-site}

command -v node >/dev/null || fail "node is missing (scripts/deps.sh installs nodejs and npm)"
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || fail "chromium is missing (scripts/deps.sh installs it)"

# playwright-core at the version package-lock.json pins; npm ci only when it is not there yet.
want=$(node -p "require('$SITE/package-lock.json').packages['node_modules/playwright-core'].version")
have=$(node -p "try { require('$SITE/node_modules/playwright-core/package.json').version } catch { '' }")
if [[ $have != "$want" ]]; then
  (cd "$SITE" && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.out" 2>&1 ||
    { cat "$TMP/npm.out"; fail "npm ci in web/results failed"; }
fi

expect_exit 0 "$ASHYQ" demo --scenario tiny --out "$TMP/e" --no-serve
[[ -f $TMP/e/publication/index.json ]] || fail "ashyq demo wrote no publication/index.json"
checks=$((checks + 1))

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
for shot in fixture-national fixture-station publication-national publication-station; do
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

#!/usr/bin/env bash
# The tamper battery (issue 16): every kind of file in a publication, each tampered with in
# every way an attacker with write access to the web server could — changed (and, under data/,
# renamed to its new SHA-256 so the content address still holds), deleted, replaced by a FIFO
# or by a symbolic link to /dev/zero, or joined by an unreferenced extra file. Each must make
# `ashyq verify` exit 1 within seconds and name the file; the untouched record still verifies.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/d
P=$E/publication
LIMIT=30  # seconds: a FIFO or /dev/zero must never make the verifier wait

expect_exit 0 "$ASHYQ" demo --scenario tiny --out "$E" --no-serve
expect_exit 0 "$ASHYQ" verify "$P"

# One published file of each kind (relative paths). The demo publishes live (the server updated
# the directory as it logged), so earlier tree heads and partial log ranges are there too: the
# latest head and the first range index.json names are the ones taken.
kinds=(
  "log/tree-head.json"
  "$(cd "$P" && ls log/tree-heads/*.json | sort -V | tail -1)"
  "$(grep -oE '"ranges":\["[^"]+"' "$P/index.json" | cut -d'"' -f4)"
  "$(cd "$P" && ls data/election-*.json)"
  "$(cd "$P" && ls data/definition-*.json)"
  "$(cd "$P" && ls data/stations-*.json)"
  "$(cd "$P" && ls data/results-*.json)"
  "$(cd "$P" && ls data/nist-sp-1500-100-*.json)"
  "$(cd "$P" && ls data/*.precincts-*.csv | head -1)"
  "$(cd "$P" && ls data/*.tiers-*.csv | head -1)"
  "$(cd "$P" && ls data/station/*.json | head -1)"
  "$(cd "$P" && ls data/commission/cec-*.json)"
  "$(cd "$P" && ls data/commission/tec-*.json | head -1)"
  "$(cd "$P" && ls data/search/*.json | head -1)"
  "index.json"
  "evote/setup.json"
  "$(cd "$P" && ls evote/ballots/*.jsonl | head -1)"
  "evote/tally.json"
  "$(cd "$P" && ls evote/tally/*.json | head -1)"
)
for k in "${kinds[@]}"; do [[ -f $P/$k ]] || fail "the tiny publication has no file $k"; done
# Nothing else is published: each file in the directory is of one of these kinds.
unknown=$(cd "$P" && find . -type f | sed 's|^\./||' |
          grep -vE '^(index\.json|log/tree-head\.json|log/tree-heads/[0-9]+\.json|log/leaves/[0-9]+-[0-9]+\.jsonl|data/(election|definition|stations|results|nist-sp-1500-100)-[0-9a-f]{64}\.json|data/[a-z0-9-]+\.(precincts|tiers)-[0-9a-f]{64}\.csv|data/(station|commission|search)/[a-z0-9-]+-[0-9a-f]{64}\.json|evote/(setup|tally)\.json|evote/ballots/[a-z0-9-]+\.jsonl|evote/tally/[a-z0-9-]+\.json)$' || true)
[[ -z $unknown ]] || fail "the battery does not cover these published files: $unknown"

copy() { rm -rf "$TMP/c"; cp -r "$P" "$TMP/c"; }
# verify_fails WHAT PATTERN: the copy fails verification, in time, naming PATTERN.
verify_fails() {
  local what=$1 pattern=$2
  set +e; timeout "$LIMIT" "$ASHYQ" verify "$TMP/c" >"$TMP/out" 2>"$TMP/err"; local got=$?; set -e
  if [[ $got != 1 ]]; then
    echo "--- stdout"; head -c 4000 "$TMP/out"; echo "--- stderr"; head -c 4000 "$TMP/err"
    fail "$what: verify exited $got (124 = still running after ${LIMIT}s), expected 1"
  fi
  grep -qE '^NOT VERIFIED' "$TMP/out" || { cat "$TMP/out"; fail "$what: no NOT VERIFIED verdict"; }
  grep -qF -- "$pattern" "$TMP/out" || { head -c 4000 "$TMP/out"; fail "$what: the report does not name $pattern"; }
  checks=$((checks + 1))
}

for k in "${kinds[@]}"; do
  dir=$(dirname "$k"); base=$(basename "$k"); ext=${base##*.}

  # Changed: one digit altered (under data/, then renamed to its new hash).
  copy
  f=$TMP/c/$k
  sed -i '0,/[1-8]/s/\([1-8]\)/9/' "$f"
  cmp -s "$f" "$P/$k" && fail "$k: the change did not change the file"
  if [[ $k == data/* ]]; then
    stem=${base%-*}
    new="$dir/$stem-$(sha256sum "$f" | cut -c1-64).$ext"
    mv "$f" "$TMP/c/$new"
    verify_fails "$k changed and renamed" "$new"
  else
    verify_fails "$k changed" "$k"
  fi

  # Deleted.
  copy
  rm "$TMP/c/$k"
  verify_fails "$k deleted" "$k"

  # A FIFO in its place: never opened (opening it would wait for a writer forever).
  copy
  rm "$TMP/c/$k"
  mkfifo "$TMP/c/$k"
  verify_fails "$k as a FIFO" "$k"

  # A symbolic link to /dev/zero in its place: never followed.
  copy
  rm "$TMP/c/$k"
  ln -s /dev/zero "$TMP/c/$k"
  verify_fails "$k as a link to /dev/zero" "$k"

  # An unreferenced extra file beside it (a plausible name, a valid content address).
  if [[ $k != index.json && $k != log/tree-head.json ]]; then
    copy
    extra="$dir/made-up-$(sha256sum "$P/$k" | cut -c1-64).$ext"
    [[ $dir == log/leaves ]] && extra="$dir/999999-1000000.jsonl"
    [[ $dir == log/tree-heads ]] && extra="$dir/999999.json"
    cp "$P/$k" "$TMP/c/$extra"
    verify_fails "an extra $extra" "$extra"
  fi
done

# Extra files and directories anywhere: a top-level page `ashyq serve` would serve, a new
# folder under data/, a hidden file.
for extra in evil.html data/extra/x .hidden log/notes.txt; do
  copy
  mkdir -p "$(dirname "$TMP/c/$extra")"
  echo '<script>alert(1)</script>' >"$TMP/c/$extra"
  verify_fails "an extra $extra" "$extra"
done
# A directory replaced by a symbolic link to a copy of itself: not followed.
copy
mv "$TMP/c/data/search" "$TMP/search"
ln -s "$TMP/search" "$TMP/c/data/search"
verify_fails "data/search as a symbolic link" "data/search"
rm -rf "$TMP/search"

# The untouched record still verifies, and nothing above changed it.
expect_exit 0 "$ASHYQ" verify "$P"
expect_in out '^VERIFIED'
done_ok

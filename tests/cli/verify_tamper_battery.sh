#!/usr/bin/env bash
# The tamper battery (issue 16): every kind of file in a publication, each tampered with in
# every way an attacker with write access to the web server could — changed (and, under data/,
# renamed to its new SHA-256 so the content address still holds), deleted, replaced by a FIFO
# or by a symbolic link to /dev/zero, or joined by an unreferenced extra file. Each must make
# `ashyq verify` exit 1 within seconds and name the file; the untouched record still verifies.
# Then the e-vote record (issue 18) as its signers could lie: a challenged ballot whose revealed
# nonce or choice is changed and signed again by its device, a ballot line removed, a station's
# e-vote count changed and signed again by the CEC, the whole evote/ removed; each is named with
# its rule and its plain words.
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
  "$(cd "$P" && ls evote/challenged/*.jsonl | head -1)"
  "evote/tally.json"
  "$(cd "$P" && ls evote/tally/*.json | head -1)"
)
for k in "${kinds[@]}"; do [[ -f $P/$k ]] || fail "the tiny publication has no file $k"; done
# Nothing else is published: each file in the directory is of one of these kinds.
unknown=$(cd "$P" && find . -type f | sed 's|^\./||' |
          grep -vE '^(index\.json|log/tree-head\.json|log/tree-heads/[0-9]+\.json|log/leaves/[0-9]+-[0-9]+\.jsonl|data/(election|definition|stations|results|nist-sp-1500-100)-[0-9a-f]{64}\.json|data/[a-z0-9-]+\.(precincts|tiers)-[0-9a-f]{64}\.csv|data/(station|commission|search)/[a-z0-9-]+-[0-9a-f]{64}\.json|evote/(setup|tally)\.json|evote/(ballots|challenged)/[a-z0-9-]+\.jsonl|evote/tally/[a-z0-9-]+\.json)$' || true)
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

# The e-vote record, changed by those who sign it: a device, the CEC. resign FILE LINE WHAT
# changes line LINE (1-based) of FILE in the copy and signs its payload again with the key of
# the line's own signer, derived from the simulation's keyring as Ashyq derives it (libsodium's
# crypto_kdf: BLAKE2b keyed by the master, salt = the signer index, person "ashyqsim"; the index
# is the first 8 bytes of SHA-256(signer id), big-endian) and signed as docs/formats.md says.
resign() {
  python3 - "$E/keys/simulation-keyring.key" "$TMP/c/$1" "$2" "$3" <<'PY'
import hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
keyring, path, line_no, what = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
master = bytes.fromhex(json.load(open(keyring))["seed"])
lines = open(path).read().split("\n")
envelope = json.loads(lines[line_no - 1])
payload, signer = envelope["payload"], envelope["signatures"][0]["signer"]
if what == "nonce":  # a challenged ballot's first revealed nonce
    s = payload["contests"][0]["selections"][0]
    s["nonce"] = s["nonce"][:-1] + ("2" if s["nonce"][-1] == "1" else "1")
elif what == "choice":  # a challenged ballot's revealed choice moved to another
    sel = payload["contests"][0]["selections"]
    chosen = next(i for i, s in enumerate(sel) if s["value"] == 1)
    sel[chosen]["value"], sel[(chosen + 1) % len(sel)]["value"] = 0, 1
elif what == "count":  # a tally's first count, one more
    payload["selections"][0]["count"] += 1
else:
    sys.exit("unknown change " + what)
canon = lambda v: json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
index = int.from_bytes(hashlib.sha256(signer.encode()).digest()[:8], "big")
seed = hashlib.blake2b(b"", digest_size=32, key=master, salt=index.to_bytes(8, "little") + bytes(8),
                       person=b"ashyqsim" + bytes(8)).digest()
key = Ed25519PrivateKey.from_private_bytes(seed)
digest = hashlib.sha256(b"ashyq/v1/object\0" + canon(payload).encode()).digest()
message = hashlib.sha256(b"ashyq/v1/signature\0" + digest).digest()
public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
assert public == envelope["signatures"][0]["public_key"], "not the signer's simulated key"
envelope["signatures"] = [{"signer": signer, "public_key": public, "signature": key.sign(message).hex()}]
lines[line_no - 1] = canon(envelope)
open(path, "w").write("\n".join(lines))
PY
}
challenged=$(cd "$P" && ls evote/challenged/*.jsonl | head -1)
for what in nonce choice; do
  copy
  resign "$challenged" 1 "$what" || fail "could not re-sign $challenged"
  verify_fails "a challenged ballot's $what changed and signed again" "$challenged line 1"
  grep -F "$challenged line 1" "$TMP/out" | grep -qF '[R-C4.challenge]' || fail "$what: R-C4.challenge not named"
  grep -qF '[R-C4.challenge]' <(sed -n '/^In plain words/,$p' "$TMP/out") || fail "no plain words for R-C4.challenge"
  grep -qE '^    kk: .*бюллетень' "$TMP/out" || fail "no Kazakh words for the challenged ballot"
done
# A ballot line removed from the middle of a device's chain: the chain and the count break.
ballots=$(cd "$P" && ls evote/ballots/*.jsonl | head -1)
copy
sed -i '2d' "$TMP/c/$ballots"
verify_fails "a ballot line removed" "$ballots line"
grep -F "$ballots line" "$TMP/out" | grep -qF '[R-C4.tracking-chain]' || fail "a ballot removed: the chain is not named"
# A station's e-tally with one more vote for a choice, signed again by the CEC.
tally=$(cd "$P" && ls evote/tally/*.json | head -1)
copy
resign "$tally" 1 count || fail "could not re-sign $tally"
verify_fails "an e-tally count changed and signed again" "$tally"
grep -F "$tally" "$TMP/out" | grep -qF '[R-C4.decrypt]' || fail "the changed e-tally: R-C4.decrypt not named"
# No e-vote record at all, while the protocols count electronic votes.
copy
rm -r "$TMP/c/evote"
verify_fails "evote/ removed" "evote/setup.json: [R-C4.evote-missing]"
grep -qE '^    ru: Электронные голоса учтены' "$TMP/out" || fail "no Russian words for the missing e-vote record"

# The untouched record still verifies, and nothing above changed it.
expect_exit 0 "$ASHYQ" verify "$P"
expect_in out '^VERIFIED'
done_ok

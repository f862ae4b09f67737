#!/usr/bin/env bash
# Publication (R-E2, R-E3): the demo writes a content-addressed publication with a signed log;
# publishing again changes only the index and the tree head; a TEC's forged corrections are
# refused with the rule named and the PEC's own versions stay counted; lawful recounts show up
# as version 2 with their reason. A real commission's key files (made by `ashyq keys generate`;
# here exported from the simulation) sign a publication that verifies; a missing or wrong key is
# refused (exit 2) naming the commission, before anything is written.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/tiny
P=$E/publication

expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$E" --recounts 2
expect_in out 'recount at ps-'
expect_in out 'Public log: [0-9,]+ leaves'
expect_in out 'Publication: [0-9,]+ new files'
[[ -s $P/index.json && -s $P/log/tree-head.json ]] || fail "no index or tree head"
ls "$P"/log/leaves/0-*.jsonl >/dev/null || fail "no log range"

# Every data file is named by the SHA-256 of its bytes.
bad=0
while IFS= read -r f; do
  name=$(basename "$f"); name=${name%.*}; want=${name: -64}
  [[ $(sha256sum "$f" | cut -d' ' -f1) == "$want" ]] || { echo "mismatch: $f"; bad=1; }
done < <(find "$P/data" -type f)
[[ $bad == 0 ]] || fail "content-addressed names do not match"
checks=$((checks + 1))

# A recounted station's file shows both versions, the reason and the decision.
grep -l '"superseded_by":2' "$P"/data/station/*.json >/dev/null || fail "no station with a superseded version"
grep -l 'recount ordered after a complaint' "$P"/data/station/*.json >/dev/null || fail "no correction reason published"
checks=$((checks + 1))

# Publishing again: nothing new in the log, only the index and the tree head are rewritten.
before=$(find "$P/data" -type f | wc -l)
expect_exit 0 "$ASHYQ" publish "$E"
expect_in out 'tree head .* \(unchanged\)'
[[ $(find "$P/data" -type f | wc -l) -le $((before + 1)) ]] || fail "republishing rewrote data files"

# A real commission publishes with key files (`ashyq keys generate`), one per TEC, REC and the
# CEC; `keys export` writes a simulated election's as such files. Without the keyring, the key
# files alone sign, and the result verifies.
K=$TMP/keys
expect_exit 0 "$ASHYQ" keys export --election "$E" --out "$K"
[[ $(stat -c %a "$K") == 700 ]] || fail "key directory mode is $(stat -c %a "$K")"
[[ -f $K/cec.key ]] || fail "no cec.key exported"
n=$(ls "$K" | wc -l)
expect_in out "^$n key files"
ls "$K" | grep -qE '^(tec|rec)-' || fail "no TEC or REC key exported"
ls "$K" | grep -qE '^pec-' && fail "precinct keys exported: PECs sign at the station"
seeds=$(cat "$K"/*.key | grep -oE '"seed": *"[0-9a-f]{64}"' | grep -oE '[0-9a-f]{64}')
[[ $(echo "$seeds" | wc -l) == "$n" ]] || fail "not one seed per key file"
for f in "$K"/*.key; do [[ $(stat -c %a "$f") == 600 ]] || fail "$f has mode $(stat -c %a "$f")"; done
checks=$((checks + 1))
expect_exit 2 "$ASHYQ" keys export --election "$E" --out "$K"
expect_in err 'never overwritten'
expect_exit 2 "$ASHYQ" keys export --election "$TMP/missing" --out "$TMP/k0"
expect_in err 'only a simulated election'

mv "$E/keys/simulation-keyring.key" "$TMP/keyring.key"
expect_exit 2 "$ASHYQ" publish "$E" --out "$TMP/pub0"
expect_in err 'give --keys DIR'
expect_exit 0 "$ASHYQ" publish "$E" --keys "$K" --out "$TMP/pub1"
expect_in out "Signed with the key files of $n commissions"
for s in $seeds; do expect_not_in out "$s"; expect_not_in err "$s"; done
expect_in out 'E-vote record: copied from'  # not in the store: the e-tally wrote it beside the election
expect_exit 0 "$ASHYQ" verify "$TMP/pub1"
expect_in out '^VERIFIED'

# A wrong key (right owner, freshly generated) or a missing one: exit 2 naming the commission,
# and nothing is written.
tec=$(ls "$K" | grep -E '^tec-' | head -1); tec=${tec%.key}
mkdir -m 700 "$TMP/k2"
cp -p "$K"/*.key "$TMP/k2/"
rm "$TMP/k2/$tec.key"
expect_exit 0 "$ASHYQ" keys generate --owner "$tec" --out "$TMP/k2/$tec.key"
expect_exit 2 "$ASHYQ" publish "$E" --keys "$TMP/k2" --out "$TMP/pub2"
expect_in err "commission $tec"
expect_in err "not this commission's key"
[[ ! -e $TMP/pub2 ]] || fail "a refused publication wrote $TMP/pub2"
rm "$TMP/k2/$tec.key"
expect_exit 2 "$ASHYQ" publish "$E" --keys "$TMP/k2" --out "$TMP/pub2"
expect_in err "no key of commission $tec"
[[ ! -e $TMP/pub2 ]] || fail "a refused publication wrote $TMP/pub2"
cp -p "$K/$tec.key" "$TMP/k2/"
chmod 644 "$TMP/k2/$tec.key"
expect_exit 2 "$ASHYQ" publish "$E" --keys "$TMP/k2" --out "$TMP/pub2"
expect_in err "commission $tec.*chmod 600"
for s in $seeds; do expect_not_in err "$s"; done
mv "$TMP/keyring.key" "$E/keys/simulation-keyring.key"

# A TEC files forged corrections through the server's door: refused (422, R-E1.owning-commission)
# and kept in the log as evidence (logged_refused, decision 0015), never one of the stations'
# versions: nothing is rejected by the tabulation, the originals are counted, and the verifier
# reads both attempts and reports them.
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$TMP/fault" --tec-alters 2 --recounts 0
expect_in out 'fault: tec-[a-z0-9-]+ files 2'
expect_in out 'logged_refused \(HTTP 422, R-E1.owning-commission\)'
expect_in out '2 of the refused kept in the public log as evidence'
expect_in out '0 rejected'
expect_in out 'Attempts: +2 attempted alterations kept as evidence'
expect_in out '^VERIFIED'
expect_exit 0 "$ASHYQ" publish "$TMP/fault"
expect_exit 0 "$ASHYQ" verify "$TMP/fault/publication"
expect_in out 'Attempts: +2 attempted alterations'
expect_in out 'R-E1.owning-commission: 2'
n=$(grep -l '"attempts"' "$TMP"/fault/publication/data/station/*.json | wc -l)
[[ $n == 2 ]] || fail "$n station files list an attempt, expected 2"
checks=$((checks + 1))

# Bad input.
expect_exit 2 "$ASHYQ" publish "$TMP/missing"
expect_in err 'no store'
done_ok

#!/usr/bin/env bash
# Publication (R-E2, R-E3): the demo writes a content-addressed publication with a signed log;
# publishing again changes only the index and the tree head; a TEC's forged corrections are
# refused with the rule named and the PEC's own versions stay counted; lawful recounts show up
# as version 2 with their reason.
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

# A TEC files forged corrections: refused (R-E1.owning-commission), originals counted.
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$TMP/fault" --tec-alters 2 --recounts 0
expect_in out 'fault: tec-[a-z0-9-]+ files 2'
expect_in out 'R-E1.owning-commission'
expect_in out '2 rejected'
expect_exit 1 "$ASHYQ" publish "$TMP/fault"

# Bad input.
expect_exit 2 "$ASHYQ" publish "$TMP/missing"
expect_in err 'no store'
done_ok

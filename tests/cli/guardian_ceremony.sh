#!/usr/bin/env bash
# `ashyq guardian …`: a 3-of-5 key ceremony with every guardian in its own directory (as on its
# own machine) and only files carried between them; a small encrypted tally (demo-tally) then
# decrypted: any 3 guardians give the same totals, 2 fail cleanly, a tampered decryption share
# or ceremony share is refused naming its guardian and file, a loosened secret file is refused,
# and no secret ever reaches an output or a public file.
source "$(dirname "$0")/lib.sh" "$@"

E=kz2027-cli-guardians
PUB=$TMP/public            # what is carried around openly
mkdir -p "$PUB"
ALL=$TMP/all-output.txt    # every command's stdout and stderr, searched for secrets at the end
: >"$ALL"
run() { expect_exit "$@"; cat "$TMP/out" "$TMP/err" >>"$ALL"; }

# Step 1: each guardian on its own machine.
for i in 1 2 3 4 5; do
  mkdir -p "$TMP/g$i/inbox"
  run 0 "$ASHYQ" guardian init --election $E --guardians 5 --quorum 3 --index $i \
    --secret "$TMP/g$i/secret.json" --commitments "$PUB/commitments-$i.json"
  [[ $(stat -c %a "$TMP/g$i/secret.json") == 600 ]] || fail "secret file mode $(stat -c %a "$TMP/g$i/secret.json")"
done
expect_in out 'guardian 5 of 5 \(any 3 decrypt\)'
# Never overwritten.
cp "$TMP/g1/secret.json" "$TMP/before.json"
run 2 "$ASHYQ" guardian init --election $E --guardians 5 --quorum 3 --index 1 \
  --secret "$TMP/g1/secret.json" --commitments "$TMP/other-commitments.json"
cmp -s "$TMP/g1/secret.json" "$TMP/before.json" || fail "a secret file was overwritten"
expect_in err 'never overwritten'

# Step 2: shares, encrypted to each recipient, carried to its inbox.
for i in 1 2 3 4 5; do
  run 0 "$ASHYQ" guardian shares --secret "$TMP/g$i/secret.json" --commitments "$PUB"/commitments-*.json \
    --out "$TMP/g$i/outbox"
  for j in 1 2 3 4 5; do
    [[ $i == "$j" ]] && continue
    f=$TMP/g$i/outbox/share-$i-to-$j.json
    [[ $(stat -c %a "$f") == 600 ]] || fail "share file mode $(stat -c %a "$f")"
    cp -p "$f" "$TMP/g$j/inbox/"
  done
done

# A share altered on the way is refused, naming its sender and its file.
mkdir -p "$TMP/tampered"
cp -p "$TMP"/g1/inbox/*.json "$TMP/tampered/"
sed -i -E 's/("masked": "[0-9a-f]{10})0/\1Z/; s/("masked": "[0-9a-f]{10})[1-9a-f]/\10/; s/("masked": "[0-9a-f]{10})Z/\11/' "$TMP/tampered/share-3-to-1.json"
cmp -s "$TMP/tampered/share-3-to-1.json" "$TMP/g1/inbox/share-3-to-1.json" && fail "tampering changed nothing"
run 1 "$ASHYQ" guardian receive --secret "$TMP/g1/secret.json" --commitments "$PUB"/commitments-*.json \
  --shares "$TMP"/tampered/*.json --out "$TMP/g1/bad-key-share.json"
expect_in err 'share-3-to-1.json'
expect_in err 'guardian/3'
expect_in err 'R-C3.guardian-share'
[[ ! -e $TMP/g1/bad-key-share.json ]] || fail "a key share was written from a bad share"

# Step 3: each guardian checks what it received and keeps its key share.
for i in 1 2 3 4 5; do
  run 0 "$ASHYQ" guardian receive --secret "$TMP/g$i/secret.json" --commitments "$PUB"/commitments-*.json \
    --shares "$TMP/g$i"/inbox/*.json --out "$TMP/g$i/key-share.json"
  [[ $(stat -c %a "$TMP/g$i/key-share.json") == 600 ]] || fail "key share mode"
done

# The election key, from the public commitments alone.
run 0 "$ASHYQ" guardian joint-key --election $E --commitments "$PUB"/commitments-*.json --out "$PUB/joint-key.json"
expect_in out 'election key  0[23][0-9a-f]{64}'
grep -q '"format": "ashyq/guardian-joint-key/1"' "$PUB/joint-key.json" || fail "joint key format"

# A small tally: 4, 0, 7 and 2 votes (13 ballots).
run 0 "$ASHYQ" guardian demo-tally --election $E --joint-key "$PUB/joint-key.json" --counts 4,0,7,2 \
  --out "$PUB/tally.json"
grep -q '"format": "ashyq/evote-encrypted-tally/1"' "$PUB/tally.json" || fail "tally format"

# Every guardian's decryption share (each on its machine).
for i in 1 2 3 4 5; do
  run 0 "$ASHYQ" guardian decrypt --key-share "$TMP/g$i/key-share.json" --joint-key "$PUB/joint-key.json" \
    --tally "$PUB/tally.json" --out "$PUB/decryption-$i.json"
done

# Any 3 (and 4, and 5) give the same totals.
counts() { grep -oE '"count":[0-9]+' "$1" | tr '\n' ' '; }
want='"count":4 "count":0 "count":7 "count":2 '
for set in "1 2 3" "3 4 5" "1 4 5" "2 3 5" "1 2 4 5" "1 2 3 4 5"; do
  name=${set// /}
  files=()
  for i in $set; do files+=("$PUB/decryption-$i.json"); done
  run 0 "$ASHYQ" guardian combine --joint-key "$PUB/joint-key.json" --tally "$PUB/tally.json" \
    --shares "${files[@]}" --out "$PUB/result-$name.json"
  [[ $(counts "$PUB/result-$name.json") == "$want" ]] || fail "guardians $set: $(counts "$PUB/result-$name.json")"
done
expect_in out 'demo/s3 +7'
expect_in out 'decrypted by guardians 1, 2, 3, 4, 5'
grep -q '"format":"ashyq/evote-tally/1"' "$PUB/result-123.json" || fail "result format"

# Anyone checks a result; an edited count is caught.
run 0 "$ASHYQ" guardian check --joint-key "$PUB/joint-key.json" --result "$PUB/result-345.json"
expect_in out 'checked'
sed 's/"count":7/"count":8/' "$PUB/result-345.json" >"$PUB/edited.json"
run 1 "$ASHYQ" guardian check --joint-key "$PUB/joint-key.json" --result "$PUB/edited.json"
expect_in err 'R-C4.decrypt'
expect_in err 'demo/s3'

# Two guardians are not enough: a clean refusal, no result.
run 1 "$ASHYQ" guardian combine --joint-key "$PUB/joint-key.json" --tally "$PUB/tally.json" \
  --shares "$PUB/decryption-2.json" "$PUB/decryption-4.json" --out "$PUB/result-24.json"
expect_in err 'R-C4.quorum'
expect_in err '3 of the 5 guardians; 2 given'
[[ ! -e $PUB/result-24.json ]] || fail "a result was written from 2 guardians"

# A tampered decryption share (guardian 2's first share negated: still a valid point).
sed -E '0,/"share": "02/s//"share": "0X/; 0,/"share": "03/s//"share": "02/; s/"share": "0X/"share": "03/' \
  "$PUB/decryption-2.json" >"$PUB/decryption-2-tampered.json"
cmp -s "$PUB/decryption-2.json" "$PUB/decryption-2-tampered.json" && fail "tampering changed nothing"
run 1 "$ASHYQ" guardian combine --joint-key "$PUB/joint-key.json" --tally "$PUB/tally.json" \
  --shares "$PUB/decryption-1.json" "$PUB/decryption-2-tampered.json" "$PUB/decryption-3.json" \
  --out "$PUB/result-tampered.json"
expect_in err 'decryption-2-tampered.json'
expect_in err 'guardian/2/decryption-share'
expect_in err 'R-C4.decryption-share'
[[ ! -e $PUB/result-tampered.json ]] || fail "a result was written from a tampered share"

# A key share that group or others can read is refused, naming the file and the rule.
chmod 644 "$TMP/g4/key-share.json"
run 1 "$ASHYQ" guardian decrypt --key-share "$TMP/g4/key-share.json" --joint-key "$PUB/joint-key.json" \
  --tally "$PUB/tally.json" --out "$PUB/decryption-4-again.json"
expect_in err 'g4/key-share.json'
expect_in err 'mode 0644'
chmod 600 "$TMP/g4/key-share.json"

# No secret — polynomial coefficient, share or key share — in any output or public file.
secrets=$(cat "$TMP"/g*/secret.json "$TMP"/g*/key-share.json | grep -oE '"[0-9a-f]{64}"' | tr -d '"' | sort -u)
[[ $(wc -l <<<"$secrets") -ge 20 ]] || fail "expected 15 coefficients and 5 key shares, got $(wc -l <<<"$secrets")"
for s in $secrets; do
  ! grep -rqi "${s:0:24}" "$ALL" "$PUB" || fail "a secret appears in an output or public file"
done
checks=$((checks + 1))

# Usage.
expect_exit 0 "$ASHYQ" guardian --help
expect_in out 'combine'
expect_exit 2 "$ASHYQ" guardian init --election $E
done_ok

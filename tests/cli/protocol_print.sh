#!/usr/bin/env bash
# Observer copies (R-D3): `ashyq protocol print` renders a stored signed protocol as a PDF whose
# QR code scans to exactly the copy reference (station, version, digest) and whose text holds
# the station and the digest; from a file too; a bad station or version is refused clearly.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/tiny

expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$E"
station=$(grep -oE '"id":"ps-[a-z0-9-]+"' "$E/definition.json" | head -1 | cut -d'"' -f4)
[[ -n $station ]] || fail "no station id in the definition"

# From the election directory's store.
expect_exit 0 "$ASHYQ" protocol print "$E" --station "$station" --out "$TMP/copy.pdf"
expect_in out "observer copy of $station version 1"
qr=$(sed -nE 's/^  QR: +//p' "$TMP/out")
typed=$(sed -nE 's/^  typed: +//p' "$TMP/out")
digest=$(sed -nE 's/.*\(sha256 ([0-9a-f]{64})\).*/\1/p' "$TMP/out")
[[ $qr == "ASHYQ1:tiny:$station:1:$digest" ]] || fail "QR text '$qr' is not ASHYQ1:tiny:$station:1:<digest>"
[[ $typed == "$station v1 "* ]] || fail "typed form '$typed'"
head -c 5 "$TMP/copy.pdf" | grep -q '^%PDF-' || fail "not a PDF"
checks=$((checks + 1))

pdftotext -layout "$TMP/copy.pdf" "$TMP/copy.txt"
grep -q -- "$station" "$TMP/copy.txt" || fail "station id not in the PDF text"
grep -q -- "$digest" "$TMP/copy.txt" || fail "full digest not in the PDF text"
grep -q -- "${typed#"$station v1 "}" "$TMP/copy.txt" || fail "typed digits not in the PDF text"
checks=$((checks + 3))

# The QR code, as a phone would read it from a 150 dpi scan.
pdftoppm -r 150 -png -singlefile "$TMP/copy.pdf" "$TMP/page"
scanned=$(zbarimg --quiet --raw "$TMP/page.png" 2>/dev/null)
[[ $scanned == "$qr" ]] || fail "zbarimg read '$scanned', expected '$qr'"
checks=$((checks + 1))

# The same protocol from its file, in English; the same reference.
expect_exit 0 "$ASHYQ" protocol export --election "$E" --station "$station" --out "$TMP/p.json"
expect_exit 0 "$ASHYQ" protocol print "$TMP/p.json" --election "$E" --lang en --out "$TMP/copy-en.pdf"
expect_in out "QR: +$qr"
pdftotext "$TMP/copy-en.pdf" - | grep -q "Registered voters" || fail "English labels missing"
checks=$((checks + 1))

# Refusals: a station that is not there, a version that is not there, no --station, a file
# without --election, an existing --out, a tampered protocol.
expect_exit 2 "$ASHYQ" protocol print "$E" --station ps-nowhere-9999 --out "$TMP/x.pdf"
expect_in err 'no protocol of station "ps-nowhere-9999" is stored'
expect_exit 2 "$ASHYQ" protocol print "$E" --station "$station" --version 7 --out "$TMP/x.pdf"
expect_in err 'has no version 7; the latest is 1'
expect_exit 2 "$ASHYQ" protocol print "$E" --out "$TMP/x.pdf"
expect_in err '--station ID'
expect_exit 2 "$ASHYQ" protocol print "$TMP/p.json" --out "$TMP/x.pdf"
expect_in err 'needs --election DIR'
expect_exit 2 "$ASHYQ" protocol print "$E" --station "$station" --lang de --out "$TMP/x.pdf"
expect_in err 'use kk, ru or en'
expect_exit 2 "$ASHYQ" protocol print "$E" --station "$station" --out "$TMP/copy.pdf"
[[ ! -e $TMP/x.pdf ]] || fail "a refused print wrote a file"
sed -E '0,/"invalid_ballots":([0-9]+)/s//"invalid_ballots":9\1/' "$TMP/p.json" >"$TMP/tampered.json"
expect_exit 1 "$ASHYQ" protocol print "$TMP/tampered.json" --election "$E" --out "$TMP/t.pdf"
expect_in err 'not printed: the protocol does not verify'
[[ ! -e $TMP/t.pdf ]] || fail "a tampered protocol was printed"

done_ok

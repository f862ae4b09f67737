#!/usr/bin/env bash
# The independent verifier on the tiny demo's publication (R-F1): an untouched record verifies
# (exit 0); each tampering is named and exits 1: a figure changed in a station file, a leaf
# removed from the log, a replaced tree head, a TEC total that differs from its stations, a
# dropped protocol version. `protocol check-copy` accepts a published protocol's QR, says
# "superseded by version 2" for a recounted station's version 1 and "never published" for a
# digest nobody signed; malformed text exits 2.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/d
P=$E/publication

expect_exit 0 "$ASHYQ" demo --scenario tiny --out "$E" --no-serve
recounted=$(grep -oE 'recount at [a-z0-9-]+' "$TMP/out" | head -1 | cut -d' ' -f3)
[[ -n $recounted ]] || fail "the tiny demo made no recount: check-copy needs a corrected protocol"
[[ -s $P/index.json ]] || fail "the demo wrote no publication"

# Untouched: verified, from the election directory or the publication itself.
expect_exit 0 "$ASHYQ" verify "$E"
expect_in out '^VERIFIED'
expect_exit 0 "$ASHYQ" verify "$P" --json
expect_in out '"ok":true'
expect_in out '"failures":\[\]'
expect_not_in err '\['  # no progress bar when stderr is not a terminal

# Not a publication: exit 2.
mkdir -p "$TMP/empty"
expect_exit 2 "$ASHYQ" verify "$TMP/empty"
expect_in err 'not a publication directory'

copy() { rm -rf "$TMP/c"; cp -r "$P" "$TMP/c"; }
station_file() { grep -oE "\"$1\":\"data/station/[^\"]+\"" "$TMP"/c/data/stations-*.json | cut -d'"' -f4; }

# 1. One figure changed in a published station file.
copy
f=$TMP/c/$(station_file "$recounted")
sed -i -E '0,/"invalid_ballots":([0-9]+)/s//"invalid_ballots":9\1/' "$f"
expect_exit 1 "$ASHYQ" verify "$TMP/c"
expect_in out 'R-F1.station-file.*differs from log leaf'
expect_in out 'invalid_ballots'
expect_in out 'R-F1.content-address'
expect_in out '^NOT VERIFIED'

# 2. A leaf removed from the log (the second line of the first range).
copy
range=$(grep -oE '"ranges":\["[^"]+"' "$TMP/c/index.json" | cut -d'"' -f4 | sed 's|^log/leaves/||')
sed -i '2d' "$TMP/c/log/leaves/$range"
expect_exit 1 "$ASHYQ" verify "$TMP/c"
expect_in out "R-E2.range.*leaves were removed"
expect_in out 'R-E2.size.*leaves were removed'

# 3. The tree head replaced by another, validly shaped one (another root).
copy
head_file=$(grep -oE '"file":"log/tree-heads/[0-9]+\.json"' "$TMP/c/index.json" | cut -d'"' -f4)
for h in "$TMP/c/log/tree-head.json" "$TMP/c/$head_file"; do
  sed -i -E 's/"root_hash":"[0-9a-f]{8}/"root_hash":"00000000/' "$h"
done
expect_exit 1 "$ASHYQ" verify "$TMP/c"
expect_in out 'R-E2.root'
expect_in out 'not signed by the CEC'

# 4. A TEC total that differs from its stations (the commission file's totals edited).
copy
tec_file=$TMP/c/$(grep -oE '"tec-[a-z0-9-]+":"data/commission/[^"]+"' "$TMP/c/index.json" | head -1 | cut -d'"' -f4)
sed -i -E 's/("contests":\[\{"ballots_cancelled":[0-9]+,"ballots_in_mobile_boxes":[0-9]+,"ballots_in_stationary_boxes":)([0-9]+)/\11\2/' "$tec_file"
expect_exit 1 "$ASHYQ" verify "$TMP/c"
expect_in out "R-F1.commission-file.*totals differ from the sum of the signed protocols beneath it"
expect_in out '/contests/0/ballots_in_stationary_boxes'

# 5. A protocol version dropped from a corrected station's file.
copy
f=$TMP/c/$(station_file "$recounted")
sed -i -E 's/"versions":\[\{"digest".*,\{"digest"/"versions":[{"digest"/' "$f"
expect_exit 1 "$ASHYQ" verify "$TMP/c"
expect_in out 'version 1 .* missing from the station file: a protocol version was dropped'

# check-copy: the QR texts of version 1 (superseded) and version 2 (the latest) of the
# recounted station, and one nobody signed.
election=$(grep -oE '"election_id":"[a-z0-9-]+"' "$P/index.json" | head -1 | cut -d'"' -f4)
f=$P/$(grep -oE "\"$recounted\":\"data/station/[^\"]+\"" "$P"/data/stations-*.json | cut -d'"' -f4)
digests=$(sed 's/.*"versions":\[//' "$f" | grep -oE '\{"digest":"[0-9a-f]{64}"' | cut -d'"' -f4)
v1=$(echo "$digests" | sed -n 1p)
v2=$(echo "$digests" | sed -n 2p)
[[ -n $v1 && -n $v2 ]] || fail "no two versions in the recounted station's file"
expect_exit 0 "$ASHYQ" protocol check-copy "$E" --qr "ASHYQ1:$election:$recounted:2:$v2"
expect_in out '^published, latest version'
expect_exit 1 "$ASHYQ" protocol check-copy "$P" --qr "ASHYQ1:$election:$recounted:1:$v1"
expect_in out '^superseded by version 2'
expect_in out 'recount'
expect_exit 1 "$ASHYQ" protocol check-copy "$P" --qr "ASHYQ1:$election:$recounted:1:$(printf '%064d' 7)"
expect_in out '^never published'
expect_exit 1 "$ASHYQ" protocol check-copy "$P" --qr "ASHYQ1:$election:ps-nowhere-0001:1:$v1"
expect_in out '^never published: no protocol of station ps-nowhere-0001'
expect_exit 2 "$ASHYQ" protocol check-copy "$P" --qr "ASHYQ1:$election:$recounted:1:xyz"
expect_exit 2 "$ASHYQ" protocol check-copy "$P" --digits "not a reference"
done_ok

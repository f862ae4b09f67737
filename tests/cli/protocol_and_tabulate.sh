#!/usr/bin/env bash
# Precinct protocols and tabulation on the tiny scenario: a stored protocol verifies; one changed
# figure breaks its signatures; an inconsistent protocol cannot be signed (rule named); signing
# needs a quorum; `ashyq tabulate` recomputes every tier and the seats.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/tiny

expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$E"
expect_in out 'precinct protocols counted and signed'
expect_in out 'seats'
[[ -s $E/publication/index.json ]] || fail "no publication"
ls "$E"/publication/data/nist-sp-1500-100-*.json >/dev/null || fail "no NIST export"

station=$(grep -oE '"id":"ps-[a-z0-9-]+"' "$E/definition.json" | head -1 | cut -d'"' -f4)
[[ -n $station ]] || fail "no station id in the definition"
expect_exit 0 "$ASHYQ" protocol export --election "$E" --station "$station" --out "$TMP/p.json"
expect_exit 0 "$ASHYQ" protocol check "$TMP/p.json" --election "$E"
expect_in out 'quorum met'
expect_exit 0 "$ASHYQ" protocol show "$TMP/p.json" --election "$E"
expect_in out 'registered voters'

# One figure changed after signing: every signature fails.
sed -E '0,/"invalid_ballots":([0-9]+)/s//"invalid_ballots":9\1/' "$TMP/p.json" >"$TMP/tampered.json"
cmp -s "$TMP/p.json" "$TMP/tampered.json" && fail "tampering did not change the file"
expect_exit 1 "$ASHYQ" protocol check "$TMP/tampered.json" --election "$E"
expect_in err 'does not verify'

# The unsigned payload signs again with the PEC's (simulated) keys; not over an existing file.
sed -E 's/^\{"format":"ashyq\/signed\/1","payload"://; s/,"signatures":\[.*\]\}$//' "$TMP/p.json" >"$TMP/unsigned.json"
expect_exit 0 "$ASHYQ" protocol check "$TMP/unsigned.json" --election "$E"
expect_in out 'reconciles'
expect_exit 0 "$ASHYQ" protocol sign "$TMP/unsigned.json" --election "$E" --simulated-members all --out "$TMP/resigned.json"
expect_exit 0 "$ASHYQ" protocol check "$TMP/resigned.json" --election "$E"
expect_exit 2 "$ASHYQ" protocol sign "$TMP/unsigned.json" --election "$E" --simulated-members all --out "$TMP/resigned.json"

# A figure that does not add up: signing is refused and the rule is named.
sed -E '0,/"ballots_received":([0-9]+)/s//"ballots_received":1\1/' "$TMP/unsigned.json" >"$TMP/inconsistent.json"
expect_exit 1 "$ASHYQ" protocol sign "$TMP/inconsistent.json" --election "$E" --simulated-members all --out "$TMP/x.json"
expect_in err 'R-D2.received-issued-cancelled'
[[ ! -e $TMP/x.json ]] || fail "an inconsistent protocol was written"

# One member alone is not a quorum.
pec=$(grep -oE '"commission":"pec-[a-z0-9-]+"' "$TMP/unsigned.json" | head -1 | cut -d'"' -f4)
expect_exit 1 "$ASHYQ" protocol sign "$TMP/unsigned.json" --election "$E" --simulated-members "$pec.m1" --out "$TMP/y.json"
expect_in err 'R-D3.quorum'

# Tabulation from the store alone gives the same totals as the demo.
expect_exit 0 "$ASHYQ" tabulate "$E"
expect_in out 'rejected'
expect_in out '0 rejected'
[[ -s $E/results/results.json ]] || fail "no results.json"
[[ -s $E/results/nist-sp-1500-100.json ]] || fail "no NIST export"
done_ok

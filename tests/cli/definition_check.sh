#!/usr/bin/env bash
# `ashyq definition check`: every broken rule with its JSON pointer (exit 1); unreadable input
# (exit 2); a tampered signed definition is caught.
source "$(dirname "$0")/lib.sh" "$@"
defs=$DATA/definitions

expect_exit 0 "$ASHYQ" definition check "$defs/valid-small.json"
expect_in out "OK; 0 violations"

expect_exit 1 "$ASHYQ" definition check "$defs/rule-violations.json"
expect_in out '/commissions/[0-9]+/members: \[R-A2.pec-size\] .*9 members'
expect_in out '/polling_stations/[0-9]+.*\[R-A2.station-size\].*3,200'
expect_in out '\[unique-id\]'
expect_in out '/contests/[0-9]+.*\[R-A3.contest\].*threshold'

expect_exit 1 "$ASHYQ" definition check --json "$defs/rule-violations.json"
expect_in out '"rule": "R-A2.pec-size"'

expect_exit 2 "$ASHYQ" definition check "$defs/truncated.json"
expect_in err 'line [0-9]+, column [0-9]+'
expect_exit 2 "$ASHYQ" definition check "$defs/not-json.txt"
expect_in err 'not-json.txt'
expect_exit 2 "$ASHYQ" definition check "$TMP/does-not-exist.json"

# A signed definition verifies; one changed figure breaks the CEC signature.
expect_exit 0 "$ASHYQ" scenario generate tiny --out "$TMP/tiny"
expect_exit 0 "$ASHYQ" definition check "$TMP/tiny/definition.json"
expect_in out 'CEC signature verified'
sed -E '0,/"registered_voters":([0-9]+)/s//"registered_voters":1\1/' "$TMP/tiny/definition.json" >"$TMP/tampered.json"
cmp -s "$TMP/tiny/definition.json" "$TMP/tampered.json" && fail "tampering did not change the file"
expect_exit 1 "$ASHYQ" definition check "$TMP/tampered.json"
expect_in out '\[signature\]'

# Generating over an existing election is refused: nothing is lost.
expect_exit 2 "$ASHYQ" scenario generate tiny --out "$TMP/tiny"
expect_in err 'exists'
done_ok

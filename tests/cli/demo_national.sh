#!/usr/bin/env bash
# `ashyq demo` at full national scale: the 2007 tree and its registered voters. Another demo into
# the same directory is refused without --replace (the first election is kept) and replaces it
# with --replace. The national e-voting (123,932 encrypted ballots, several minutes on 2 cores) is
# skipped here with --no-evoting; the tiny demo's e-voting runs instead, through the verifier.
source "$(dirname "$0")/lib.sh" "$@"

expect_exit 0 "$ASHYQ" demo --no-serve --no-evoting --out "$TMP/demo"
expect_in out 'Registered voters +8,870,146'
expect_in out 'Regional election commissions \(REC\) +16'
expect_in out 'Territorial election commissions \(TEC\) +205'
expect_in out 'Precinct election commissions \(PEC\) +9,727'
expect_in out 'CEC signature verified'
expect_in out 'R-C4.evote-missing is expected'  # --no-evoting: the e-votes are left unchecked, and it says so
before=$(sha256sum "$TMP/demo/definition.json")
expect_exit 2 "$ASHYQ" demo --no-serve --out "$TMP/demo" --scenario kz2019-presidential
expect_in err 'holds the election of `ashyq demo`'
expect_in err '--replace'
[[ $(sha256sum "$TMP/demo/definition.json") == "$before" ]] || fail "the refused demo changed the election"
expect_exit 0 "$ASHYQ" demo --no-serve --no-evoting --out "$TMP/demo" --scenario kz2019-presidential --replace
expect_in out 'Registered voters +11,947,995'
[[ ! -e "$TMP/demo/publication/evote" ]] || fail "--no-evoting left an evote/ directory"
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$TMP/tiny"
expect_in out 'national e-tally, 60 e-ballots'
expect_in out 'E-voting: +2 devices; 62 encrypted ballots'  # 60 cast, 2 challenged (tiny: one voter in 25)
expect_in out '60 cast, 2 challenged'
expect_in out 'VERIFIED'
done_ok

#!/usr/bin/env bash
# `ashyq demo` at full national scale: the 2007 tree and its registered voters.
source "$(dirname "$0")/lib.sh" "$@"

expect_exit 0 "$ASHYQ" demo --no-serve --out "$TMP/demo"
expect_in out 'Registered voters +8,870,146'
expect_in out 'Regional election commissions \(REC\) +16'
expect_in out 'Territorial election commissions \(TEC\) +205'
expect_in out 'Precinct election commissions \(PEC\) +9,727'
expect_in out 'CEC signature verified'
# Running again into the same directory works (the demo replaces its own output).
expect_exit 0 "$ASHYQ" demo --no-serve --out "$TMP/demo" --scenario kz2019-presidential
expect_in out 'Registered voters +11,947,995'
done_ok

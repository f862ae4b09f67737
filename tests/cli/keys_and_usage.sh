#!/usr/bin/env bash
# `ashyq keys generate` writes a 0600 key file, prints only the public key, never overwrites;
# usage errors exit 2.
source "$(dirname "$0")/lib.sh" "$@"

expect_exit 0 "$ASHYQ" keys generate --owner pec-test-0001.m1 --out "$TMP/m1.key"
[[ $(stat -c %a "$TMP/m1.key") == 600 ]] || fail "key file mode is $(stat -c %a "$TMP/m1.key")"
seed=$(grep -oE '"seed": *"[0-9a-f]{64}"' "$TMP/m1.key" | grep -oE '[0-9a-f]{64}')
[[ -n $seed ]] || fail "no seed in key file"
expect_not_in out "$seed"
expect_not_in err "$seed"
pub=$(grep -oE '"public_key": *"[0-9a-f]{64}"' "$TMP/m1.key" | grep -oE '[0-9a-f]{64}')
expect_in out "public key  $pub"

cp "$TMP/m1.key" "$TMP/before.key"
expect_exit 2 "$ASHYQ" keys generate --owner other --out "$TMP/m1.key"
cmp -s "$TMP/m1.key" "$TMP/before.key" || fail "existing key file was changed"

expect_exit 0 "$ASHYQ" --help
expect_exit 2 "$ASHYQ" no-such-command
expect_exit 2 "$ASHYQ" definition check
expect_exit 2 "$ASHYQ" scenario show no-such-scenario
expect_in err 'kz2007-majilis'
expect_exit 0 "$ASHYQ" scenario list
expect_in out 'kz2007-majilis'
expect_in out 'kz2019-presidential'
done_ok

#!/usr/bin/env bash
# `ashyq verify` as a script or a hurried reader uses it (issue 16, Found 3): the first line is
# the verdict; --json prints a document even when the input is bad (exit 2); the CEC key is hex
# in either case, and a malformed --cec-key exits 2 naming the option; a mistyped command with
# --help is a usage error (exit 2), while `ashyq --help` exits 0.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/d
P=$E/publication

first_line() {  # first_line PATTERN: the first line of stdout matches
  head -1 "$TMP/out" | grep -qE -- "$1" || { cat "$TMP/out"; fail "first line is not /$1/"; }
  checks=$((checks + 1))
}
json_document() {  # stdout is one JSON object of the verification-report format
  [[ $(wc -l <"$TMP/out") == 1 ]] || { cat "$TMP/out"; fail "stdout is not one line of JSON"; }
  expect_in out '^\{(.*,)?"format":"ashyq/verification-report/1"(,.*)?\}$'
}

expect_exit 0 "$ASHYQ" demo --scenario tiny --out "$E" --no-serve
expect_exit 0 "$ASHYQ" verify "$P" --json
cec=$(grep -oE '"cec_key":"[0-9a-f]{64}"' "$TMP/out" | cut -d'"' -f4)
[[ ${#cec} == 64 ]] || fail "no CEC key in the JSON report"

# The verdict leads, verified or not.
expect_exit 0 "$ASHYQ" verify "$P"
first_line '^VERIFIED: the publication .* of election '
rm -rf "$TMP/c"; cp -r "$P" "$TMP/c"
f=$(grep -l '"invalid_ballots"' "$TMP"/c/data/station/*.json | head -1)
sed -i -E '0,/"invalid_ballots":([0-9]+)/s//"invalid_ballots":9\1/' "$f"
expect_exit 1 "$ASHYQ" verify "$TMP/c"
first_line '^NOT VERIFIED: the publication .*[0-9]+ failures? \(listed below\)'
expect_not_in out '^Verified'

# The CEC key: either case is the same key; another well-formed key is another election.
expect_exit 0 "$ASHYQ" verify "$P" --cec-key "$cec"
expect_exit 0 "$ASHYQ" verify "$P" --cec-key "${cec^^}"
first_line '^VERIFIED'
other=$(printf '%064d' 0)
expect_exit 1 "$ASHYQ" verify "$P" --cec-key "$other"
first_line '^NOT VERIFIED'
expect_in out 'R-F1.trust-anchor'

# A malformed key is bad input (exit 2) naming the option, not a failed verification.
for bad in "${cec:0:63}" "${cec}0" "${cec:0:63}g" "" "0x${cec:0:62}"; do
  expect_exit 2 "$ASHYQ" verify "$P" --cec-key "$bad"
  expect_in err '--cec-key'
  expect_in err 'hexadecimal'
done

# --json when the exit is 2: still one document, with the error.
mkdir -p "$TMP/empty"
expect_exit 2 "$ASHYQ" verify "$TMP/empty" --json
json_document
expect_in out '"ok":false'
expect_in out '"error":\{"code":"[a-z /]+","message":"[^"]+","rule":"[^"]*","where":"'
expect_in err 'not a publication directory'
expect_exit 2 "$ASHYQ" verify "$P" --json --cec-key nothex
json_document
expect_in out '"where":"--cec-key"'
expect_exit 2 "$ASHYQ" verify --json  # a usage error: the directory is missing
json_document
expect_in out '"ok":false'

# Help and unknown commands.
expect_exit 0 "$ASHYQ" --help
expect_exit 0 "$ASHYQ" verify --help
expect_exit 0 "$ASHYQ" keys --help
expect_exit 2 "$ASHYQ" no-such-command --help
expect_in err 'no-such-command'
expect_exit 2 "$ASHYQ" keys no-such-command --help
expect_in err 'no-such-command'
expect_exit 2 "$ASHYQ" no-such-command
done_ok

#!/usr/bin/env bash
# `ashyq register import` and `check` (docs/register.md): a tiny election's register compiled from
# an extract, the public lists without national ids, the lookup, and the refusals (a person
# twice, a malformed row, an address no station serves) with their lines and exit codes.
source "$(dirname "$0")/lib.sh" "$@"

expect_exit 0 "$ASHYQ" scenario generate tiny --out "$TMP/e"
expect_exit 0 "$ASHYQ" keys generate --owner tec-register --out "$TMP/tec.key"

# Two stations of the definition, the extract's people (valid IINs) and the boundaries.
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
doc = json.load(open(tmp + "/e/definition.json"))
stations = doc["payload"]["polling_stations"][:2]
def iin(first11):
    s = sum(int(first11[i]) * (i + 1) for i in range(11)) % 11
    if s == 10:
        w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        s = sum(int(first11[i]) * w[i] for i in range(11)) % 11
    assert s != 10
    return first11 + str(s)
a, b = stations
open(tmp + "/ids", "w").write(" ".join([iin("87021445001"), iin("60010135002"), iin("75123135003")]) + "\n")
open(tmp + "/stations", "w").write(a["id"] + " " + b["id"] + "\n")
with open(tmp + "/boundaries.csv", "w") as f:
    f.write("station,region,settlement,street,first,last,parity\n")
    f.write(f'{a["id"]},{a["region"]},Town,Main Street,,,odd\n')
    f.write(f'{a["id"]},{a["region"]},Town,,,,\n')
    f.write(f'{b["id"]},{b["region"]},Village,,,,\n')
ids = open(tmp + "/ids").read().split()
rows = [
    f'{ids[0]},Ахметова,Айгүл,Серікқызы,1987-02-14,{a["region"]},Town,"Main Street, East",45А,12',
    f'{ids[1]},Бекұлы,"Ерлан ""Ерке""",,1960-01-01,{a["region"]},Town,Main Street,7,',
    f'{ids[2]},Ким,Ли,,1975-12-31,{b["region"]},Village,,3,',
]
header = "national_id,surname,given_name,patronymic,birth_date,region,settlement,street,house,apartment\n"
open(tmp + "/extract.csv", "w").write(header + "\n".join(rows) + "\n")
open(tmp + "/twice.csv", "w").write(header + "\n".join(rows + [rows[2]]) + "\n")
open(tmp + "/bad.csv", "w").write(header + rows[0] + "\n" + rows[1].replace("1960-01-01", "1960-13-01") + "\n")
open(tmp + "/nowhere.csv", "w").write(header + rows[2].replace("Village", "Elsewhere") + "\n")
PY
read -r ID1 ID2 ID3 <"$TMP/ids"
read -r PS1 PS2 <"$TMP/stations"
IMPORT=("$ASHYQ" register import --definition "$TMP/e/definition.json" --boundaries "$TMP/boundaries.csv" --key "$TMP/tec.key")

expect_exit 0 "${IMPORT[@]}" --extract "$TMP/extract.csv" --out "$TMP/reg"
expect_in out '^3 voters registered'
expect_in out 'signed by tec-register'
[[ $(stat -c %a "$TMP/reg/extract.csv") == 600 ]] || fail "the extract copy is not mode 0600"
grep -q '"format":"ashyq/register-event/1"' "$TMP/reg/events/000001.json" || fail "no register event"
grep -q '^1,Ахметова,Айгүл,Серікқызы,1987,Town,"Main Street, East",45А,12' "$TMP/reg/lists/$PS1.csv" ||
  { cat "$TMP/reg/lists/$PS1.csv"; fail "the list of $PS1 lacks its voter"; }
grep -q 'Бекұлы,"Ерлан ""Ерке""",,1960,Town,Main Street,7,' "$TMP/reg/lists/$PS1.csv" || fail "quoted name"
grep -q '^1,Ким,Ли,,1975,Village,,3,' "$TMP/reg/lists/$PS2.csv" || fail "the list of $PS2 lacks its voter"
for id in $ID1 $ID2 $ID3; do
  ! grep -rq "$id" "$TMP/reg/lists" || fail "a published list holds a national id"
done

expect_exit 0 "$ASHYQ" register check --definition "$TMP/e/definition.json" --register "$TMP/reg" \
  --national-id "$ID3" --surname Ким --given-name Ли
expect_in out "You are on the list of polling station No\. [0-9]+"
expect_in out "\(station $PS2\)"
expect_exit 1 "$ASHYQ" register check --definition "$TMP/e/definition.json" --register "$TMP/reg" \
  --national-id "$ID3" --surname Ким --given-name Лия
expect_in out 'You are not found'
expect_not_in out "$PS2"

# A register whose extract was changed after signing is refused.
cp -r "$TMP/reg" "$TMP/reg2"; chmod u+w "$TMP/reg2/extract.csv"; echo >>"$TMP/reg2/extract.csv"
expect_exit 1 "$ASHYQ" register check --definition "$TMP/e/definition.json" --register "$TMP/reg2" \
  --national-id "$ID3" --surname Ким --given-name Ли
expect_in err 'R-B1.register-log'

expect_exit 1 "${IMPORT[@]}" --extract "$TMP/twice.csv" --out "$TMP/r-twice"
expect_in err 'line 5, field "national_id": \[R-B2\.one-list\] the same national id as line 4'
[[ ! -e $TMP/r-twice ]] || fail "a refused import wrote its directory"
expect_exit 2 "${IMPORT[@]}" --extract "$TMP/bad.csv" --out "$TMP/r-bad"
expect_in err 'line 3, field "birth_date": "1960-13-01" is no date'
expect_exit 1 "${IMPORT[@]}" --extract "$TMP/nowhere.csv" --out "$TMP/r-nowhere"
expect_in err 'line 2, field "house": \[R-B1\.station-by-address\]'
expect_exit 2 "${IMPORT[@]}" --extract "$TMP/extract.csv" --out "$TMP/reg"
expect_in err 'exists'
done_ok

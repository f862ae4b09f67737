#!/usr/bin/env bash
# Election day in the register (docs/register.md, "Election day"): `ashyq register move`,
# avc-print/issue/use, an election-day `add`, `mobile-request`, `mobile-depart` and `report`, each a signed event
# applied to the register first, and the refusals (AVCs over 1%, a serial used twice, an
# addition from another precinct, one escort, mobile ballots over requests) with their rules.
source "$(dirname "$0")/lib.sh" "$@"

expect_exit 0 "$ASHYQ" scenario generate tiny --out "$TMP/e"
expect_exit 0 "$ASHYQ" keys generate --owner tec-register --out "$TMP/tec.key"
expect_exit 0 "$ASHYQ" keys generate --owner tec-other --out "$TMP/other.key"

# 200 voters in Town (station A), 3 in Village (station B), one newcomer's IIN, A's PEC members.
python3 - "$TMP" <<'PY'
import json, sys
tmp = sys.argv[1]
doc = json.load(open(tmp + "/e/definition.json"))["payload"]
a, b = doc["polling_stations"][:2]
pec = next(c for c in doc["commissions"] if c["id"] == a["commission"])
def iin(first11):
    s = sum(int(first11[i]) * (i + 1) for i in range(11)) % 11
    if s == 10:
        w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        s = sum(int(first11[i]) * w[i] for i in range(11)) % 11
    return None if s == 10 else first11 + str(s)
ids = []
k = 0
while len(ids) < 204:
    i = iin("8001013%04d" % k)
    k += 1
    if i: ids.append(i)
header = "national_id,surname,given_name,patronymic,birth_date,region,settlement,street,house,apartment\n"
rows = [f'{ids[n]},Сейітов,Асқар{n},,1980-01-01,{a["region"]},Town,Main Street,{2 * n + 1},' for n in range(200)]
rows += [f'{ids[200 + n]},Ким,Ли{n},,1980-01-01,{b["region"]},Village,,3,' for n in range(3)]
open(tmp + "/extract.csv", "w").write(header + "\n".join(rows) + "\n")
with open(tmp + "/boundaries.csv", "w") as f:
    f.write("station,region,settlement,street,first,last,parity\n")
    f.write(f'{a["id"]},{a["region"]},Town,,,,\n')
    f.write(f'{b["id"]},{b["region"]},Village,,,,\n')
open(tmp + "/vars", "w").write(" ".join([ids[0], ids[1], ids[2], ids[203], a["id"], b["id"], a["region"],
                                          pec["members"][0]["id"], pec["members"][1]["id"]]) + "\n")
PY
read -r ID0 ID1 ID2 NEW PS1 PS2 RA M1 M2 <"$TMP/vars"
D=(--definition "$TMP/e/definition.json" --register "$TMP/reg")
K=(--key "$TMP/tec.key")
expect_exit 0 "$ASHYQ" register import --definition "$TMP/e/definition.json" --boundaries "$TMP/boundaries.csv" \
  --extract "$TMP/extract.csv" "${K[@]}" --out "$TMP/reg"

# A special station: the voter leaves the home list.
expect_exit 0 "$ASHYQ" register move "${D[@]}" "${K[@]}" --national-id "$ID0" --station "$PS2" \
  --reason hospital --proof "hospital list 12"
expect_in out '^event 2 \(move\) recorded, signed by tec-register'
grep -q 'Асқар0,' "$TMP/reg/lists/$PS2.csv" || fail "the moved voter is not on $PS2's list"
! grep -q 'Асқар0,' "$TMP/reg/lists/$PS1.csv" || fail "the moved voter is still on $PS1's list"
expect_exit 0 "$ASHYQ" register check --definition "$TMP/e/definition.json" --register "$TMP/reg" \
  --national-id "$ID0" --surname Сейітов --given-name Асқар0
expect_in out "\(station $PS2\)"
expect_exit 1 "$ASHYQ" register move "${D[@]}" --key "$TMP/other.key" --national-id "$ID1" --station "$PS2" \
  --reason hospital --proof x
expect_in err 'R-B1.register-log.*not the key of tec-register'

# AVCs: 1% of the unit's voters, each serial once nationwide.
expect_exit 1 "$ASHYQ" register avc-print "${D[@]}" "${K[@]}" --unit "$RA" --first-serial 1 --count 3
expect_in err "\[R-B3\.avc-limit\] printing 3 more would make 3, over 1% of the unit's"
expect_exit 0 "$ASHYQ" register avc-print "${D[@]}" "${K[@]}" --unit "$RA" --first-serial 1 --count 2
expect_exit 0 "$ASHYQ" register avc-issue "${D[@]}" "${K[@]}" --national-id "$ID1" --serial 1
expect_exit 0 "$ASHYQ" register avc-use "${D[@]}" "${K[@]}" --national-id "$ID1" --serial 1 --station "$PS2"
expect_exit 1 "$ASHYQ" register avc-use "${D[@]}" "${K[@]}" --national-id "$ID1" --serial 1 --station "$PS1"
expect_in err "\[R-B3\.avc-once\] this certificate was already used at $PS2"

# An election-day addition: at the station of the address only.
ADD=("$ASHYQ" register add "${D[@]}" "${K[@]}" --national-id "$NEW" --surname Жаңа --given-name Дәурен
     --birth-date 1980-01-01 --region "$RA" --settlement Town --street "Main Street" --house 500
     --election-day --time 2019-06-09T10:15:00Z --reason moved-in --proof "ЦОН №7")
expect_exit 1 "${ADD[@]}" --station "$PS2"
expect_in err "\[R-B2\.addition-station\] station $PS2 may add only residents of its precinct"
expect_exit 0 "${ADD[@]}" --station "$PS1"

# Mobile voting: two members, ballots no more than the requests.
expect_exit 2 "$ASHYQ" register mobile-request "${D[@]}" "${K[@]}" --national-id "$ID2" --station "$PS1" \
  --reason homebound --member "$M1"
expect_in err 'two different PEC members'
expect_exit 0 "$ASHYQ" register mobile-request "${D[@]}" "${K[@]}" --national-id "$ID2" --station "$PS1" \
  --reason homebound --member "$M1" --member "$M2"
expect_exit 0 "$ASHYQ" register mobile-depart "${D[@]}" "${K[@]}" --station "$PS1"
expect_exit 1 "$ASHYQ" register mobile-request "${D[@]}" "${K[@]}" --national-id "$ID1" --station "$PS1" \
  --reason homebound --member "$M1" --member "$M2"
expect_in err "\[R-B4\.mobile-request-late\] the box has left"

expect_exit 0 "$ASHYQ" register report "${D[@]}" --mobile-ballots "$PS1=1"
expect_in out "  $PS1: 1; 10h:1"
expect_in out "  $RA: [0-9]+, 2, 2, 1, 1, 1"
expect_in out "mobile box requests"
expect_exit 1 "$ASHYQ" register report "${D[@]}" --mobile-ballots "$PS1=2"
expect_in err "mobile box of $PS1: \[R-D2\.mobile-ballots\] 2 ballots found in the mobile box, but only 1 requests"
[[ $(stat -c %a "$TMP/reg/events/000008.json") == 600 ]] || fail "event 8 missing or not mode 0600"
done_ok

#!/usr/bin/env bash
# Each commission signs its own tier protocol (decision 0017): the commission server runs with the
# CEC's tree-head key alone (--tree-head-key) and holds no TEC's or REC's key. Stations submit their
# protocols and turnout; each TEC, then each REC, then the CEC totals what is published beneath it
# with `ashyq tier sign` and submits its own tier protocol; `ashyq verify` finds the publication
# VERIFIED. Meanwhile the verifier says which commissions have not signed (R-E1.missing). A TEC
# submitting another TEC's tier protocol is refused at the door (403, R-E2.entitled). Wrong
# combinations of the server's flags are usage errors that say what to give.
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/tiny
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$E"
DEF=$E/definition.json

# From the demo's log: every station's first protocol and first turnout report (the submissions), and
# the commissions by tier.
python3 - "$DEF" "$E/publication" "$TMP" <<'PY'
import glob, json, sys
definition, pub, tmp = sys.argv[1:]
d = json.load(open(definition))["payload"]
open(tmp + "/election", "w").write(d["election_id"])
for tier in ("tec", "rec", "cec"):
    open(tmp + "/" + tier + "s", "w").write(" ".join(c["id"] for c in d["commissions"] if c["tier"] == tier))
n = 0
reported = set()  # stations whose first turnout report is taken: one each keeps the test fast
# The log as index.json lists it: the directory also keeps earlier, partial ranges of it.
for r in json.load(open(pub + "/index.json"))["log"]["ranges"]:
    for line in open(pub + "/" + r):
        o = json.loads(line)
        p = o["payload"]
        first_turnout = p["format"] == "ashyq/turnout-report/1" and p["station"] not in reported
        if (p["format"] == "ashyq/precinct-protocol/1" and p["version"] == 1) or first_turnout:
            if first_turnout: reported.add(p["station"])
            n += 1
            json.dump(o, open("%s/sub-%03d-%s.json" % (tmp, n, p["commission"]), "w"))
open(tmp + "/submissions", "w").write(str(n))
PY
ELECTION=$(cat "$TMP/election"); TECS=$(cat "$TMP/tecs"); RECS=$(cat "$TMP/recs"); CEC=$(cat "$TMP/cecs")
SUBMISSIONS=$(cat "$TMP/submissions")
[[ $SUBMISSIONS -ge 8 ]] || fail "expected the tiny election's protocols, found $SUBMISSIONS submissions"

# Keys: each PEC's; the commissions' (kept by the commissions); the server's own; and on the
# server, the CEC's key alone.
for f in "$TMP"/sub-*.json; do
  pec=${f%.json}; pec=${pec##*/sub-???-}
  [[ -f $TMP/pec-keys/$pec.key ]] || "$ASHYQ" keys export --election "$E" --out "$TMP/pec-keys" --commission "$pec" >/dev/null
done
expect_exit 0 "$ASHYQ" keys export --election "$E" --out "$TMP/commission-keys"
expect_exit 0 "$ASHYQ" keys generate --owner server --out "$TMP/server.key"
mkdir -m 700 "$TMP/server-keys"
cp -p "$TMP/commission-keys/$CEC.key" "$TMP/server-keys/"

# Wrong combinations of flags: usage errors naming what to give, nothing written.
expect_exit 2 "$ASHYQ" server run --definition "$DEF" --db "$TMP/x.db" --key "$TMP/server.key" --publish "$TMP/x"
expect_in err 'needs --tree-head-key'
expect_exit 2 "$ASHYQ" server run --definition "$DEF" --db "$TMP/x.db" --key "$TMP/server.key" --publish "$TMP/x" \
  --tree-head-key "$TMP/server-keys/$CEC.key" --keys "$TMP/commission-keys"
expect_in err 'not both'
expect_exit 2 "$ASHYQ" server run --definition "$DEF" --db "$TMP/x.db" --key "$TMP/server.key" \
  --tree-head-key "$TMP/server-keys/$CEC.key"
expect_in err 'no --publish directory'
TEC1=${TECS%% *}
expect_exit 2 "$ASHYQ" server run --definition "$DEF" --db "$TMP/x.db" --key "$TMP/server.key" --publish "$TMP/x" \
  --tree-head-key "$TMP/commission-keys/$TEC1.key"
expect_in err "belongs to \"$TEC1\", not to commission $CEC"
[[ ! -e $TMP/x.db && ! -e $TMP/x ]] || fail "a refused server run wrote something"
checks=$((checks + 1))

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ASHYQ" server run --definition "$DEF" --db "$TMP/server.db" --key "$TMP/server.key" --port "$PORT" \
  --tree-head-key "$TMP/server-keys/$CEC.key" --publish "$TMP/live" --publish-interval 0.5 >"$TMP/server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do grep -qs "Commission server" "$TMP/server.out" && break; sleep 0.1; done
grep -q "Commission server" "$TMP/server.out" || { cat "$TMP/server.out"; fail "the server did not start"; }
URL=http://127.0.0.1:$PORT
SERVER_KEY=$(python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1]))["public_key"])' "$URL/api/v1/server-key")
# The server holds the CEC's key and no other commission's.
[[ $(ls "$TMP/server-keys") == "$CEC.key" ]] || fail "the server's key directory holds more than the CEC's key"
checks=$((checks + 1))

# published N: waits until the live publication covers at least N log leaves.
published() {
  python3 - "$TMP/live/index.json" "$1" <<'PY' || { cat "$TMP/server.out"; fail "the publication never reached $1 leaves"; }
import json, sys, time
for _ in range(600):
    try:
        ranges = json.load(open(sys.argv[1]))["log"]["ranges"]
        if int(ranges[-1].rsplit("-", 1)[1].split(".")[0]) >= int(sys.argv[2]): sys.exit(0)
    except (OSError, ValueError, KeyError, IndexError):
        pass
    time.sleep(0.05)
sys.exit(1)
PY
  checks=$((checks + 1))
}

for f in "$TMP"/sub-*.json; do
  pec=${f%.json}; pec=${pec##*/sub-???-}
  expect_exit 0 "$ASHYQ" server submit "$f" --as "$pec" --key "$TMP/pec-keys/$pec.key" --election "$ELECTION" \
    --url "$URL" --server-key "$SERVER_KEY"
done
LEAVES=$((1 + SUBMISSIONS))
published $LEAVES

# Every protocol is published, and no commission has signed: the verifier says so, and that the
# e-vote record is not published yet (the e-tally's, not the server's), and only so.
expect_exit 1 "$ASHYQ" verify "$TMP/live" --json
python3 - "$TMP/out" <<'PY' || fail "the verifier should report the unsigned commissions and nothing else"
import json, sys
report = json.load(open(sys.argv[1]))
rules = {f["rule"] for f in report["failures"]}
assert rules == {"R-E1.missing", "R-C4.evote-missing"}, rules
PY
checks=$((checks + 1))

# Each level in turn, as on election night: every TEC, then every REC, then the CEC.
sign() {  # sign COMMISSION
  expect_exit 0 "$ASHYQ" tier sign --definition "$DEF" --publication "$TMP/live" --as "$1" \
    --key "$TMP/commission-keys/$1.key" --out "$TMP/$1.tier.json" --server "$URL" --server-key "$SERVER_KEY"
  expect_in out 'precinct protocols beneath it counted'
  expect_in out 'These totals are those of everything published beneath it'
  expect_in out '^HTTP 200: logged'
  LEAVES=$((LEAVES + 1))
  published $LEAVES
}
for tec in $TECS; do sign "$tec"; expect_not_in out 'not counted:'; done
for rec in $RECS; do sign "$rec"; expect_in out 'Totalled from the tier protocols of ([0-9]+) of \1 commissions'; done
# The CEC's tier protocol: counted everything, from every REC.
sign "$CEC"
expect_in out "CEC $CEC \(.*\): [0-9]+ of [0-9]+ precinct protocols beneath it counted"

# The e-tally published beside it (the demo's e-vote record: the same election, and its e-ballots
# are those of the protocols submitted here): everything verifies.
expect_exit 1 "$ASHYQ" verify "$TMP/live"
expect_in out 'R-C4.evote-missing'
cp -r "$E/publication/evote" "$TMP/live/evote"
expect_exit 0 "$ASHYQ" verify "$TMP/live"
expect_in out 'VERIFIED'
# Every tier protocol in the log is its commission's own, one each: the server signed none.
python3 - "$TMP/live" "$TECS $RECS $CEC" <<'PY' || fail "the log's tier protocols are not the commissions' own"
import glob, json, sys
pub, commissions = sys.argv[1], sys.argv[2].split()
index = json.load(open(pub + "/index.json"))
signers = []
for r in index["log"]["ranges"]:
    for line in open(pub + "/" + r):
        o = json.loads(line)
        if o["payload"]["format"] == "ashyq/tier-protocol/1":
            assert [s["signer"] for s in o["signatures"]] == [o["payload"]["commission"]], o["signatures"]
            signers.append(o["payload"]["commission"])
assert sorted(signers) == sorted(commissions), (signers, commissions)
PY
checks=$((checks + 1))

# Signing again changes nothing: it says so, and the door answers with the same log entry.
expect_exit 0 "$ASHYQ" tier sign --definition "$DEF" --publication "$TMP/live" --as "$TEC1" \
  --key "$TMP/commission-keys/$TEC1.key" --out "$TMP/again.json"
expect_in out 'already published'
cmp -s "$TMP/again.json" "$TMP/$TEC1.tier.json" || fail "signing the same totals again gave another object"
checks=$((checks + 1))

# A TEC submitting another TEC's tier protocol: the door refuses it. Signing as another commission
# with one's own key is refused before anything is read.
TEC2=$(echo $TECS | cut -d' ' -f2)
expect_exit 1 "$ASHYQ" server submit "$TMP/$TEC2.tier.json" --as "$TEC1" --key "$TMP/commission-keys/$TEC1.key" \
  --election "$ELECTION" --url "$URL"
expect_in out '^HTTP 403'
expect_in out 'R-E2.entitled'
expect_exit 2 "$ASHYQ" tier sign --definition "$DEF" --publication "$TMP/live" --as "$TEC2" \
  --key "$TMP/commission-keys/$TEC1.key" --out "$TMP/forged.json"
expect_in err "belongs to \"$TEC1\", not to commission $TEC2"
[[ ! -e $TMP/forged.json ]] || fail "a refused tier sign wrote a file"
checks=$((checks + 1))
# A precinct commission signs no tier protocol; neither --out nor --server is a usage error.
PEC1=$(ls "$TMP/pec-keys" | head -1); PEC1=${PEC1%.key}
expect_exit 2 "$ASHYQ" tier sign --definition "$DEF" --publication "$TMP/live" --as "$PEC1" \
  --key "$TMP/pec-keys/$PEC1.key" --out "$TMP/pec.json"
expect_in err 'precinct commission'
expect_exit 2 "$ASHYQ" tier sign --definition "$DEF" --publication "$TMP/live" --as "$TEC1" \
  --key "$TMP/commission-keys/$TEC1.key"
expect_in err '--out FILE, --server URL'

kill -TERM $SERVER; wait $SERVER || true
done_ok

#!/usr/bin/env bash
# The commission server over HTTP (issue 17): `ashyq server run` takes a PEC's protocol submitted
# with `ashyq server submit` (HTTP 200, a receipt signed by the server naming its log index); the
# same protocol again gets the same receipt; another PEC submitting it is refused (403,
# R-E2.entitled) and nothing more is stored. With --keys and --publish it publishes what it took
# (tier protocols and a tree head signed), and `ashyq verify` finds that publication VERIFIED.
# A TEC submitting the tier protocol the server signed for it is the same log entry; a tier protocol
# over precincts not logged is refused (422), and one submitted by a PEC (403).
source "$(dirname "$0")/lib.sh" "$@"
E=$TMP/tiny
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$E"
ELECTION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["payload"]["election_id"])' "$E/definition.json")

# One protocol from the published log, its station's PEC and another PEC.
python3 - "$E/publication" "$TMP" <<'PY'
import glob, json, sys
pub, tmp = sys.argv[1], sys.argv[2]
protocols = []
for r in json.load(open(pub + "/index.json"))["log"]["ranges"]:  # not the earlier, partial ranges
    for line in open(pub + "/" + r):
        o = json.loads(line)
        # A station with no electronic votes: until the e-tally is published beside it, a live
        # publication counting e-votes fails R-C4.evote-missing.
        if o["payload"]["format"] == "ashyq/precinct-protocol/1" and o["payload"]["version"] == 1 and \
                all(c["electronic_votes"] == 0 for c in o["payload"]["contests"]):
            protocols.append(o)
open(tmp + "/protocol.json", "w").write(json.dumps(protocols[0]))
open(tmp + "/pec", "w").write(protocols[0]["payload"]["commission"])
open(tmp + "/other", "w").write(protocols[-1]["payload"]["commission"])
PY
PEC=$(cat "$TMP/pec"); OTHER=$(cat "$TMP/other")
[[ $PEC != "$OTHER" ]] || fail "the tiny scenario should have two PECs"
expect_exit 0 "$ASHYQ" keys export --election "$E" --out "$TMP/keys" --commission "$PEC"
expect_exit 0 "$ASHYQ" keys export --election "$E" --out "$TMP/keys-other" --commission "$OTHER"
expect_exit 0 "$ASHYQ" keys generate --owner server --out "$TMP/server.key"
expect_exit 0 "$ASHYQ" keys export --election "$E" --out "$TMP/commission-keys"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ASHYQ" server run --definition "$E/definition.json" --db "$TMP/server.db" --key "$TMP/server.key" \
  --port "$PORT" --keys "$TMP/commission-keys" --publish "$TMP/live" >"$TMP/server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do grep -q "Commission server" "$TMP/server.out" && break; sleep 0.1; done
grep -q "Commission server" "$TMP/server.out" || { cat "$TMP/server.out"; fail "the server did not start"; }

URL=http://127.0.0.1:$PORT
SERVER_KEY=$(python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1]))["public_key"])' "$URL/api/v1/server-key")
expect_exit 0 "$ASHYQ" server submit "$TMP/protocol.json" --as "$PEC" --key "$TMP/keys/$PEC.key" --election "$ELECTION" --url "$URL" --server-key "$SERVER_KEY"
expect_in out '^HTTP 200'
expect_in out '"outcome":"logged"'
expect_in out '"log_index":[1-9]'
grep -v '^HTTP' "$TMP/out" >"$TMP/receipt1"
# (The live publication may have logged the tier protocols of "nothing reported yet" first.)
INDEX=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["payload"]["log_index"])' "$TMP/receipt1")

expect_exit 0 "$ASHYQ" server submit "$TMP/protocol.json" --as "$PEC" --key "$TMP/keys/$PEC.key" --election "$ELECTION" --url "$URL"
grep -v '^HTTP' "$TMP/out" | cmp -s - "$TMP/receipt1" || fail "the same protocol got another receipt"
checks=$((checks + 1))

expect_exit 1 "$ASHYQ" server submit "$TMP/protocol.json" --as "$OTHER" --key "$TMP/keys-other/$OTHER.key" --election "$ELECTION" --url "$URL"
expect_in out '^HTTP 403'
expect_in out 'R-E2.entitled'

# A receipt checked against another server key proves nothing: exit 1, and it says so.
WRONG_KEY=$(printf '%064d' 7)
expect_exit 1 "$ASHYQ" server submit "$TMP/protocol.json" --as "$PEC" --key "$TMP/keys/$PEC.key" --election "$ELECTION" --url "$URL" --server-key "$WRONG_KEY"
expect_in err 'not signed with the server key given'

# The station's status shows the one version at the receipt's log index.
STATION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["payload"]["station"])' "$TMP/protocol.json")
python3 - "$URL/api/v1/stations/$STATION" "$INDEX" <<'PY' || fail "the station's status is wrong"
import json, sys, urllib.request
status = json.load(urllib.request.urlopen(sys.argv[1]))
assert [p["log_index"] for p in status["protocols"]] == [int(sys.argv[2])], status
assert status["attempts"] == [], status
PY
checks=$((checks + 1))

# docs/api.openapi.json describes what the server answers: every path, the receipt's fields.
python3 - "$SRC/docs/api.openapi.json" "$TMP/receipt1" <<'PY' || fail "docs/api.openapi.json disagrees with the server"
import json, sys
api = json.load(open(sys.argv[1]))
assert api["openapi"].startswith("3.1"), api["openapi"]
for path in ["/api/v1/submissions", "/api/v1/server-key", "/api/v1/tree-head", "/api/v1/tree-heads/{size}",
             "/api/v1/log/entries", "/api/v1/log/inclusion", "/api/v1/log/consistency",
             "/api/v1/stations/{station}"]:
    assert path in api["paths"], path
receipt = json.load(open(sys.argv[2]))
schema = api["components"]["schemas"]["Receipt"]["properties"]["payload"]
assert sorted(receipt["payload"]) == sorted(schema["required"]), (sorted(receipt["payload"]), schema["required"])
assert receipt["payload"]["outcome"] in schema["properties"]["outcome"]["enum"]
PY
checks=$((checks + 1))

# The live publication caught up with the protocol (its station file is published) and verifies.
for _ in $(seq 100); do
  grep -q "Published: [0-9]* log leaves, tree head of size [2-9]" "$TMP/server.out" && break; sleep 0.1
done
grep -q "Published: [0-9]* log leaves, tree head of size [2-9]" "$TMP/server.out" || { cat "$TMP/server.out"; fail "nothing was published"; }
checks=$((checks + 1))
expect_exit 0 "$ASHYQ" verify "$TMP/live"
expect_in out 'VERIFIED'

# Tier protocols go through the same door (decision 0014). The one the live publication signed for
# the protocol's TEC, once it counts the protocol, submitted by that TEC itself: the same log entry.
# The demo's CEC protocol, over precincts this server never received: refused (422). A PEC
# submitting a tier protocol: 403.
python3 - "$E/definition.json" "$PEC" "$STATION" "$TMP/live" "$E/publication" "$TMP" <<'PY' || fail "no tier protocols to submit"
import glob, json, sys, time
definition, pec, station, live, demo, tmp = sys.argv[1:]
commissions = {c["id"]: c for c in json.load(open(definition))["payload"]["commissions"]}
tec = commissions[pec]["parent"]
def leaves(pub):
    for path in sorted(glob.glob(pub + "/log/leaves/*.jsonl")):
        for line in open(path):
            yield json.loads(line)
# The commission's tier protocol that counts the most precincts (and `counting`, if given): a live
# publication holds several versions, and earlier partial log ranges beside the whole log.
def tier(pub, commission, counting=None):
    found = None
    for o in leaves(pub):
        p = o["payload"]
        if p["format"] == "ashyq/tier-protocol/1" and p["commission"] == commission:
            if counting is None or counting in [e["station"] for e in p["precincts"]]:
                if found is None or len(p["precincts"]) > len(found["payload"]["precincts"]):
                    found = o
    return found
for _ in range(100):
    mine = tier(live, tec, station)
    if mine: break
    time.sleep(0.1)
assert mine, "the live publication signed no protocol of " + tec + " counting " + station
cec = [c for c in commissions.values() if c["tier"] == "cec"][0]["id"]
json.dump(mine, open(tmp + "/tec-tier.json", "w"))
json.dump(tier(demo, cec), open(tmp + "/cec-tier.json", "w"))
open(tmp + "/tec", "w").write(tec)
open(tmp + "/cec", "w").write(cec)
PY
TEC=$(cat "$TMP/tec"); CEC=$(cat "$TMP/cec")
expect_exit 0 "$ASHYQ" server submit "$TMP/tec-tier.json" --as "$TEC" --key "$TMP/commission-keys/$TEC.key" --election "$ELECTION" --url "$URL" --server-key "$SERVER_KEY"
expect_in out '^HTTP 200'
expect_in out '"outcome":"logged"'
expect_exit 1 "$ASHYQ" server submit "$TMP/cec-tier.json" --as "$CEC" --key "$TMP/commission-keys/$CEC.key" --election "$ELECTION" --url "$URL"
expect_in out '^HTTP 422'
expect_in out 'R-E1.reference'
expect_exit 1 "$ASHYQ" server submit "$TMP/tec-tier.json" --as "$PEC" --key "$TMP/keys/$PEC.key" --election "$ELECTION" --url "$URL"
expect_in out '^HTTP 403'
expect_in out 'R-E2.entitled'
# Half the options is an error that says what is missing.
expect_exit 2 "$ASHYQ" server run --definition "$E/definition.json" --db "$TMP/other.db" --key "$TMP/server.key" --publish "$TMP/x"
expect_in err 'needs --tree-head-key'

# No server answering: exit 2 after the tries, and the message says nothing is known to be stored.
kill -TERM $SERVER; wait $SERVER || true
expect_exit 2 "$ASHYQ" server submit "$TMP/protocol.json" --as "$PEC" --key "$TMP/keys/$PEC.key" --election "$ELECTION" --url "$URL" --tries 2
expect_in err 'after 2 tries'
expect_in err 'submit again'
done_ok

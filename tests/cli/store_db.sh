#!/usr/bin/env bash
# --db: the store elsewhere than ELECTION_DIR/election.db. A tiny demo stored in a PostgreSQL
# database (the ctest fixture's throwaway cluster, URL in $ASHYQ_TEST_PG_URL_FILE or
# $ASHYQ_TEST_PG_URL) is tabulated, published, exported from and verified exactly as one in
# SQLite, to the same totals. An SQLite --db that does not
# exist is "not found", and a password in the URL is never printed.
source "$(dirname "$0")/lib.sh" "$@"

admin=${ASHYQ_TEST_PG_URL:-}
if [[ -z $admin ]]; then
  [[ -n ${ASHYQ_TEST_PG_URL_FILE:-} && -s ${ASHYQ_TEST_PG_URL_FILE} ]] ||
    fail "no PostgreSQL test cluster: run through ctest (fixture pg_cluster) or set ASHYQ_TEST_PG_URL"
  admin=$(cat "$ASHYQ_TEST_PG_URL_FILE")
fi
db=ashyq_cli_$$
psql -q "$admin" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'" || fail "cannot create $db"
trap 'psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
url=${admin%/*}/$db

# The same demo twice: in SQLite (the default) and in PostgreSQL.
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$TMP/lite"
expect_exit 0 "$ASHYQ" demo --no-serve --scenario tiny --out "$TMP/pg" --db "$url"
expect_in out "ashyq tabulate $TMP/pg --db postgresql://"
expect_in out 'VERIFIED'
[[ ! -e $TMP/pg/election.db ]] || fail "the PostgreSQL demo wrote an SQLite store"
[[ -s $TMP/lite/election.db ]] || fail "the default demo wrote no SQLite store"
checks=$((checks + 2))
# The same election (keys, timestamps and so digests differ from run to run, and so does the
# log's size: the live publication signs tier protocols as often as updates happen to run):
# the same totals at every tier and the same figures at every station.
tiers() { cat "$1"/publication/data/*.tiers-*.csv; }
precincts() { cat "$1"/publication/data/*.precincts-*.csv | cut -d, -f1-7,9-; }
[[ -n $(tiers "$TMP/lite") && $(tiers "$TMP/lite") == $(tiers "$TMP/pg") ]] || fail "the tier totals differ"
[[ -n $(precincts "$TMP/lite") && $(precincts "$TMP/lite") == $(precincts "$TMP/pg") ]] || fail "the station figures differ"
size() { grep -o '"size":[0-9]*' "$1/publication/log/tree-head.json"; }
leaves=$(psql -qAt "$url" -c "SELECT COUNT(*) FROM ashyq.objects")
[[ $(size "$TMP/pg") == "\"size\":$leaves" ]] || fail "the tree head is not over the whole store ($leaves)"
checks=$((checks + 2))

expect_exit 0 "$ASHYQ" tabulate "$TMP/pg" --db "$url"
expect_in out 'Results written to'
expect_exit 0 "$ASHYQ" publish "$TMP/pg" --db "$url"
expect_in out 'tree head .* \(unchanged\)'
expect_exit 0 "$ASHYQ" verify "$TMP/pg/publication"
expect_in out 'VERIFIED'

station=$(psql -qAt "$url" -c "SELECT subject FROM ashyq.objects WHERE kind = 'ashyq/precinct-protocol/1' ORDER BY leaf LIMIT 1")
[[ -n $station ]] || fail "no protocol in the PostgreSQL store"
expect_exit 0 "$ASHYQ" protocol export --election "$TMP/pg" --db "$url" --station "$station" --out "$TMP/p.json"
# (Stations submit at once: the first logged may be one whose recount made a version 2.)
expect_in out "^$station version [12] "
grep -q "\"station\":\"$station\"" "$TMP/p.json" || fail "the exported protocol is not $station's"
checks=$((checks + 1))

# A password in the URL is used by libpq and never shown (trust authentication ignores it).
with_password=${url/:\/\/ashyq@/://ashyq:s3cret-word@}
expect_exit 0 "$ASHYQ" tabulate "$TMP/pg" --db "$with_password"
expect_not_in out 's3cret-word'
expect_exit 2 "$ASHYQ" tabulate "$TMP/pg" --db "postgresql://ashyq:s3cret-word@127.0.0.1:1/nothing"
expect_in err 'cannot connect'
expect_not_in err 's3cret-word'

# An SQLite --db that does not exist is not created.
expect_exit 2 "$ASHYQ" tabulate "$TMP/lite" --db "$TMP/none.db"
expect_in err 'nothing has been counted'
[[ ! -e $TMP/none.db ]] || fail "tabulate created an empty store"
checks=$((checks + 1))
done_ok

#!/usr/bin/env bash
# `ashyq seats`: the 2007 Majilis result from Annex 1, the later law's runner-up rule, ties,
# exact percentages, and the exit codes (1 a check failed, 2 bad input).
source "$(dirname "$0")/lib.sh" "$@"
CSV=$DATA/seats/kz2007-annex1.csv

expect_exit 0 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430
expect_in out 'Nur Otan +5,247,720 +86\.28% +yes +98$'
expect_in out 'ANSDP +269,310 +4\.43% +no +0$'
expect_in out 'at least 425,771 votes'

expect_exit 0 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430 --runner-up-min-seats 2
expect_in out 'Nur Otan .* 96$'
expect_in out 'ANSDP .* 2†$'

expect_exit 0 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430 --json
expect_in out '"threshold_votes": 425771'
expect_in out '"seats": 98'

printf 'party,votes\nx,400\nalpha,300\nbeta,300\n' >"$TMP/tie.csv"
expect_exit 0 "$ASHYQ" seats "$TMP/tie.csv" --seats 2 --threshold-percent 0 --participants 1000
expect_in out 'alpha .* 1\*$'
expect_in out 'Tie decided by registration order: alpha'
expect_exit 0 "$ASHYQ" seats "$TMP/tie.csv" --seats 2 --threshold-percent 0 --participants 1000 --tie-break lot --lot-seed 05
expect_in out 'Tie decided by lot: beta'

printf 'party,votes\nA,100000\nB,80000\nC,30000\nD,20000\n' >"$TMP/classic.csv"
expect_exit 0 "$ASHYQ" seats "$TMP/classic.csv" --seats 8 --threshold-percent 0 --participants 230000 --method sainte-lague
expect_in out 'Seats: A 3, B 3, C 1, D 1'
expect_exit 0 "$ASHYQ" seats "$TMP/classic.csv" --seats 8 --threshold-percent 7.5 --participants 230000 --method dhondt
expect_in out 'Seats: A 4, B 3, C 1 '

expect_exit 1 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 90 --participants 6082430
expect_in err 'R-A3.no-list-passes'
expect_exit 1 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 5000000
expect_in err 'R-E4.valid-le-participants'

expect_exit 2 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7.125 --participants 6082430
expect_in err 'two decimals'
expect_exit 2 "$ASHYQ" seats "$CSV" --seats 0 --threshold-percent 7 --participants 6082430
expect_in err '^ashyq: error: --seats:'
expect_exit 2 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430 --tie-break lot
expect_exit 2 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430 --method largest
printf 'party,votes\nNur Otan,5,247,720\n' >"$TMP/bad.csv"
expect_exit 2 "$ASHYQ" seats "$TMP/bad.csv" --seats 98 --threshold-percent 7 --participants 6082430
expect_in err 'bad\.csv: line 2: .*thousands separators'
expect_exit 2 "$ASHYQ" seats "$TMP/missing.csv" --seats 98 --threshold-percent 7 --participants 6082430

# Issue 16: CSV as spreadsheets write it (RFC 4180). Quoted names, as LibreOffice writes them...
printf 'party,votes\n"Ak Zhol",518405\n"Nur Otan",5247720\n' >"$TMP/quoted.csv"
expect_exit 0 "$ASHYQ" seats "$TMP/quoted.csv" --seats 98 --threshold-percent 7 --participants 6082430
expect_in out '^  Ak Zhol +518,405 '
expect_in out '^  Nur Otan +5,247,720 '
# ...and Excel's "CSV UTF-8": byte-order mark, CRLF, a name with a comma and quotes, Cyrillic.
printf '\xEF\xBB\xBF"party","votes"\r\n"Ақ жол, ""Bright Path""",518405\r\n"Нұр Отан",5247720\r\n' >"$TMP/excel.csv"
expect_exit 0 "$ASHYQ" seats "$TMP/excel.csv" --seats 98 --threshold-percent 7 --participants 6082430 --json
expect_in out '"choice": "Ақ жол, \\"Bright Path\\""'
expect_in out '"votes": 518405'
expect_in out '"choice": "Нұр Отан"'
# The JSON is the results JSON's seat outcome: the same writer (tabulate/results_export.h).
expect_in out '"kind": "seats"'
expect_in out '"tie_break": "registration_order"'
expect_exit 0 "$ASHYQ" seats "$TMP/tie.csv" --seats 2 --threshold-percent 0 --participants 1000 --tie-break lot --lot-seed 05 --json
expect_in out '"lot_seed": "05"'
# Malformed CSV is named by line and column.
printf 'party,votes\n"Ak Zhol,518405\n' >"$TMP/open-quote.csv"
expect_exit 2 "$ASHYQ" seats "$TMP/open-quote.csv" --seats 98 --threshold-percent 7 --participants 6082430
expect_in err 'open-quote\.csv: line 2, column 1: the quote that opens this field is never closed'
printf 'party,votes\nAk "Zhol",518405\n' >"$TMP/stray-quote.csv"
expect_exit 2 "$ASHYQ" seats "$TMP/stray-quote.csv" --seats 98 --threshold-percent 7 --participants 6082430
expect_in err 'stray-quote\.csv: line 2, column 4: a quote inside a field'
printf 'party,votes\nNur Otan,"5,247,720"\n' >"$TMP/quoted-separators.csv"
expect_exit 2 "$ASHYQ" seats "$TMP/quoted-separators.csv" --seats 98 --threshold-percent 7 --participants 6082430
expect_in err 'line 2: .*without separators'
# A FIFO (or a device) is refused without blocking.
mkfifo "$TMP/votes.fifo"
expect_exit 2 timeout 10 "$ASHYQ" seats "$TMP/votes.fifo" --seats 98 --threshold-percent 7 --participants 6082430
expect_in err 'not a regular file'

# Errors about the rules name the option (mapped by rule id, not by message).
expect_exit 2 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430 --runner-up-min-seats 98
expect_in err '^ashyq: error: --runner-up-min-seats: \[R-A3.runner-up-seats\]'
expect_exit 2 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 9007199254740992
expect_in err '^ashyq: error: --participants: \[R-A3.participants\]'
expect_exit 2 "$ASHYQ" seats "$CSV" --seats 98 --threshold-percent 7 --participants 6082430 --tie-break lot --lot-seed ABC
expect_in err '^ashyq: error: --lot-seed: \[R-A3.lot-seed\]'
printf 'party,votes\nA,1\n' >"$TMP/too-many-votes.csv"
expect_exit 1 "$ASHYQ" seats "$TMP/too-many-votes.csv" --seats 2 --threshold-percent 7 --participants 0
expect_in err 'too-many-votes\.csv: \[R-E4.valid-le-participants\]'
done_ok

#!/usr/bin/env bash
# No demo run silently overwrites another (issue 16, Found 6): each configuration has its own
# default directory; a rerun of the same demo replaces its earlier run; another demo's election,
# or one no demo made, is refused (exit 2, naming --out and --replace) and left unchanged unless
# --replace is given.
source "$(dirname "$0")/lib.sh" "$@"
W=$TMP/work
mkdir -p "$W"
cd "$W"

unchanged() {  # unchanged DIR SUM: DIR's definition is the one summed before
  [[ $(sha256sum "$1/definition.json" | cut -d' ' -f1) == "$2" ]] || fail "$1 was overwritten"
  checks=$((checks + 1))
}

# Default directories follow the configuration.
expect_exit 0 "$ASHYQ" demo --scenario tiny --no-serve
expect_in out 'election directory demo-out-tiny'
[[ -s demo-out-tiny/publication/index.json ]] || fail "no publication in demo-out-tiny"
tiny=$(sha256sum demo-out-tiny/definition.json | cut -d' ' -f1)
expect_exit 0 "$ASHYQ" demo --scenario tiny --tec-alters 1 --recounts 0 --no-serve
expect_in out 'election directory demo-out-tiny-tec-alters-1-recounts-0'
[[ -s demo-out-tiny-tec-alters-1-recounts-0/publication/index.json ]] || fail "no publication for the fault demo"
unchanged demo-out-tiny "$tiny"
[[ ! -e demo-out ]] || fail "a tiny demo wrote the national demo's directory"

# Another demo's directory given as --out: refused, nothing changed.
expect_exit 2 "$ASHYQ" demo --scenario tiny --tec-alters 1 --no-serve --out demo-out-tiny
expect_in err 'demo-out-tiny: this directory holds the election of `ashyq demo --scenario tiny`'
expect_in err '--out'
expect_in err '--replace'
expect_in err 'nothing was changed'
unchanged demo-out-tiny "$tiny"

# The same demo again replaces its own earlier run.
expect_exit 0 "$ASHYQ" demo --scenario tiny --no-serve
[[ $(sha256sum demo-out-tiny/definition.json | cut -d' ' -f1) != "$tiny" ]] || fail "the rerun did not replace"
checks=$((checks + 1))
tiny=$(sha256sum demo-out-tiny/definition.json | cut -d' ' -f1)

# --replace overwrites another demo's election on purpose.
expect_exit 0 "$ASHYQ" demo --scenario tiny --tec-alters 1 --no-serve --out demo-out-tiny --replace
expect_in out 'fault: tec-'
expect_exit 2 "$ASHYQ" demo --scenario tiny --no-serve
expect_in err 'holds the election of `ashyq demo --scenario tiny --tec-alters 1`'

# An election no demo made (scenario generate) is never taken over without --replace.
expect_exit 0 "$ASHYQ" scenario generate tiny --out mine
mine=$(sha256sum mine/definition.json | cut -d' ' -f1)
expect_exit 2 "$ASHYQ" demo --scenario tiny --no-serve --out mine
expect_in err 'an election that no demo made'
unchanged mine "$mine"

# A directory holding nothing of an election is fine (e.g. an empty one made for it).
mkdir empty
expect_exit 0 "$ASHYQ" demo --scenario tiny --no-serve --out empty
done_ok

# Shared helpers for command-line tests: sourced, not run. Usage in a test:
#   source "$(dirname "$0")/lib.sh" "$@"
set -euo pipefail
ASHYQ=$1
SRC=$2
DATA=$SRC/tests/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
checks=0

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE CMD...: runs CMD, keeps stdout/stderr in $TMP/out and $TMP/err.
expect_exit() {
  local want=$1; shift
  set +e; "$@" >"$TMP/out" 2>"$TMP/err"; local got=$?; set -e
  if [[ $got != "$want" ]]; then
    echo "--- stdout"; cat "$TMP/out"; echo "--- stderr"; cat "$TMP/err"
    fail "'$*' exited $got, expected $want"
  fi
  checks=$((checks + 1))
}

# expect_output FILE PATTERN: grep -E PATTERN in out or err.
expect_in() {
  local which=$1 pattern=$2
  grep -qE -- "$pattern" "$TMP/$which" || { cat "$TMP/$which"; fail "$which lacks /$pattern/"; }
  checks=$((checks + 1))
}
expect_not_in() {
  local which=$1 pattern=$2
  ! grep -qE -- "$pattern" "$TMP/$which" || { cat "$TMP/$which"; fail "$which contains /$pattern/"; }
  checks=$((checks + 1))
}

done_ok() { echo "$checks passed, 0 failed"; }

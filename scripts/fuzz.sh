#!/usr/bin/env bash
# Builds the libFuzzer targets (clang) and runs each one.
#   scripts/fuzz.sh smoke        every target for a few seconds (part of `make test`)
#   scripts/fuzz.sh run NAME S   one target for S seconds
# Seeds come from fuzz/seeds/<name>/; findings are written to build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
mkdir -p build-fuzz/findings

run_one() {
  local name=$1 seconds=$2
  local corpus=build-fuzz/corpus/$name
  mkdir -p "$corpus"
  local seeds=()
  [[ -d fuzz/seeds/$name ]] && seeds+=("fuzz/seeds/$name")
  echo "fuzz: $name for ${seconds}s"
  "build-fuzz/fuzz/$name" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=4096 -artifact_prefix=build-fuzz/findings/"$name"- -print_final_stats=0 \
      "$corpus" "${seeds[@]}" >"build-fuzz/findings/$name.log" 2>&1 || {
    echo "fuzz: $name FAILED; see build-fuzz/findings/$name.log" >&2
    tail -n 40 "build-fuzz/findings/$name.log" >&2
    return 1
  }
}

case "$mode" in
  smoke)
    for bin in build-fuzz/fuzz/*_fuzz; do
      run_one "$(basename "$bin")" "${FUZZ_SECONDS:-10}"
    done
    ;;
  run)
    run_one "$2" "${3:-60}"
    ;;
  *) echo "usage: scripts/fuzz.sh smoke | run NAME SECONDS" >&2; exit 2 ;;
esac

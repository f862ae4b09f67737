# Ashyq: the two set-up commands are `make demo` and `make test`.
# Everything else here is a building block of those two.

BUILD_DIR  := build
ASHYQ      := $(BUILD_DIR)/tools/ashyq/ashyq
JOBS       ?= $(shell nproc)
DEMO_ARGS  ?=
# ccache (if installed) shares objects between build directories and clones of this tree.
export CCACHE_BASEDIR   := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps configure cli build build-clang demo test test-unit test-sanitize fuzz-smoke bench golden clean

all: build

deps:
	@bash scripts/deps.sh

configure: deps
	@cmake --preset ci >/dev/null

# The command line alone, all the demo needs, linked as ./ashyq (the README's examples use it).
cli: configure
	@echo "Building the ashyq command line (the first time about 4 minutes on 2 cores, then seconds)"
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target ashyq
	@ln -sfn $(ASHYQ) ashyq

build: cli
	@echo "Building the tests and benchmarks (the first time about 5 more minutes on 2 cores)"
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The simulated national election, end to end, on the embedded default scenario.
demo: cli
	@./ashyq demo $(DEMO_ARGS)

# Every test: the unit, command-line and browser tests (gcc, warnings are errors), then one
# clang build that serves twice: the unit tests under AddressSanitizer + UBSan, and a short run
# of every fuzzer.
test: test-unit test-sanitize fuzz-smoke

test-unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

build-clang: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

test-sanitize: build-clang
	@cd build-fuzz && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp \
	    ctest --output-on-failure -j $(JOBS) -L unit

fuzz-smoke: build-clang
	@bash scripts/fuzz.sh smoke

# Regenerates the golden publications the verifier's tests read (tests/data/golden): only on
# purpose, after a change to the publication's format; review the diff before committing.
golden: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target ashyq_make_golden
	@$(BUILD_DIR)/tests/ashyq_make_golden tests/data/golden

bench: build
	@$(BUILD_DIR)/bench/ashyq_bench

clean:
	rm -rf build build-sanitize build-fuzz
	rm -f ashyq

# Ashyq: the two set-up commands are `make demo` and `make test`.
# Everything else here is a building block of those two.

BUILD_DIR  := build
ASHYQ      := $(BUILD_DIR)/tools/ashyq/ashyq
JOBS       ?= $(shell nproc)
DEMO_ARGS  ?=

.PHONY: all deps configure build demo test test-unit test-sanitize fuzz-smoke bench clean

all: build

deps:
	@bash scripts/deps.sh

configure: deps
	@cmake --preset ci >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The simulated national election, end to end, on the embedded default scenario.
demo: build
	@$(ASHYQ) demo $(DEMO_ARGS)

# Every test: unit and integration tests, then the sanitizer build, then a short fuzz run.
test: test-unit test-sanitize fuzz-smoke

test-unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build build-sanitize -j $(JOBS)
	@cd build-sanitize && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp \
	    ctest --output-on-failure -j $(JOBS) -L unit

fuzz-smoke: deps
	@bash scripts/fuzz.sh smoke

bench: build
	@$(BUILD_DIR)/bench/ashyq_bench

clean:
	rm -rf build build-sanitize build-fuzz

# Thin wrapper over CMake and the scripts in scripts/. CMake stays the build;
# this file only names the usual entry points.
#
#   make / make build   configure and build build/ (RelWithDebInfo, -Werror)
#   make demo           install build deps, build, run scripts/demo.sh
#   make test           deps + test servers, build build/ and build-asan/,
#                       ctest in both, fuzz each target 30 s, stop the
#                       servers (also on failure)
#   make bench          bench/run.sh
#   make fuzz           scripts/fuzz.sh (each target 60 s, FUZZ_TIME=N)
#   make test-valgrind  scripts/test-valgrind.sh: unit and golden tests
#                       under valgrind, from build-valgrind/
#   make clean          remove the build directories

SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_JOBS ?= 2
FUZZ_TEST_TIME ?= 30
BUILD := build
ASAN_BUILD := build-asan

.PHONY: all build build-asan deps test-deps demo test bench fuzz clean \
	test-valgrind

all: build

deps:
	scripts/deps.sh

test-deps:
	scripts/deps.sh --test

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

build-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DSTRATA_SANITIZE=ON -DSTRATA_ARENA_DEBUG=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: deps
	@$(MAKE) --no-print-directory build
	scripts/demo.sh $(BUILD)/cmd/strata

# One recipe, one shell: the servers are stopped whatever failed, and the
# exit status says whether anything failed. The servers are there, so a
# database case may not skip (STRATA_TEST_REQUIRE_ALL).
test: test-deps
	@set -u; status=0; \
	if ! scripts/test-servers.sh start; then \
		scripts/test-servers.sh stop || true; exit 1; \
	fi; \
	source $(BUILD)/test-env.sh; \
	export STRATA_TEST_REQUIRE_ALL=1; \
	$(MAKE) --no-print-directory build && \
		$(MAKE) --no-print-directory build-asan || status=1; \
	if [ $$status = 0 ]; then \
		echo "== ctest $(BUILD)"; \
		(cd $(BUILD) && ctest --output-on-failure -j $(CTEST_JOBS)) || status=1; \
		echo "== ctest $(ASAN_BUILD)"; \
		(cd $(ASAN_BUILD) && ctest --output-on-failure -j $(CTEST_JOBS)) || status=1; \
		echo "== fuzz ($(FUZZ_TEST_TIME) s per target)"; \
		scripts/fuzz.sh --time $(FUZZ_TEST_TIME) --jobs $(CTEST_JOBS) || status=1; \
	fi; \
	scripts/test-servers.sh stop || true; \
	exit $$status

bench: build
	@if [ -x bench/run.sh ]; then bench/run.sh; \
	else echo "bench: no bench/run.sh yet"; fi

fuzz: test-deps
	scripts/fuzz.sh

test-valgrind: test-deps
	scripts/test-valgrind.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz build-valgrind

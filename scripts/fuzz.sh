#!/usr/bin/env bash
# scripts/fuzz.sh: build the libFuzzer targets (tests/fuzz/) in their own
# build dir with clang + ASan + UBSan, then fuzz each one for a set time,
# starting from its seed corpus testdata/fuzz/<target>/.
#
#   scripts/fuzz.sh [--time SECONDS] [--jobs N] [--build DIR] [TARGET...]
#
#   --time   seconds per target (default $FUZZ_TIME or 60; `make test`
#            passes 30)
#   --jobs   targets fuzzed at once (default $FUZZ_JOBS or 2)
#   --build  build dir (default build-fuzz)
#   TARGET   split, directive, sum, url, hcl (default: all that exist)
#
# New interesting inputs go to <build>/fuzz-corpus/<target>/ (kept between
# runs, never to testdata/). A crash leaves its input in
# <build>/fuzz-artifacts/<target>/: copy it to testdata/fuzz/<target>/ as a
# regression input (every build replays those: CTest fuzz.replay.<target>)
# and fix the code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

time=${FUZZ_TIME:-60}
jobs=${FUZZ_JOBS:-2}
build='build-fuzz'
targets=()
while [ $# -gt 0 ]; do
	case "$1" in
	--time) time=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	-h | --help) sed -n '2,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "fuzz: unknown option '$1'" >&2; exit 2 ;;
	*) targets+=("$1"); shift ;;
	esac
done
case "$time" in
'' | *[!0-9]*) echo "fuzz: --time wants whole seconds" >&2; exit 2 ;;
esac

cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
	for c in clang clang-14; do
		command -v "$c" >/dev/null 2>&1 && { cc=$c; break; }
	done
fi
if [ -z "$cc" ]; then
	echo "fuzz: clang not found (scripts/deps.sh --test installs it)" >&2
	exit 1
fi

# -O1 -g without NDEBUG: asserts stay on. The libraries get coverage
# (fuzzer-no-link); tests/fuzz adds -fsanitize=fuzzer to the targets.
cmake -S . -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE= \
	-DCMAKE_C_FLAGS="-O1 -g -fsanitize=fuzzer-no-link" \
	-DSTRATA_FUZZ=ON -DSTRATA_FUZZ_TIME="$time" \
	-DSTRATA_SANITIZE=ON -DSTRATA_ARENA_DEBUG=ON >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_all

regex="^fuzz\\."
if [ ${#targets[@]} -gt 0 ]; then
	regex="^fuzz\\.($(IFS='|'; echo "${targets[*]}"))\$"
fi
echo "== fuzzing ${targets[*]:-every target} for ${time}s each"
status=0
ctest --test-dir "$build" -L '^fuzz$' -R "$regex" -j "$jobs" \
	--output-on-failure || status=$?
# one line per target: executions, speed, coverage, corpus
awk '/^[0-9]+\/[0-9]+ Test: fuzz\./ { t = $3 }
	/DONE +cov:/ { sub(/^#/, "", $1); printf "%-16s %s runs, %s\n", t, $1,
		substr($0, index($0, "cov:")) }' \
	"$build/Testing/Temporary/LastTest.log" 2>/dev/null || true
for d in "$build"/fuzz-artifacts/*/; do
	if compgen -G "$d*" >/dev/null; then
		echo "fuzz: crash inputs in $d: copy them to" \
			"testdata/fuzz/$(basename "$d")/ and fix the code" >&2
		status=1
	fi
done
exit $status

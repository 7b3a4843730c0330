#!/usr/bin/env bash
# scripts/test-valgrind.sh: the unit tests and the golden cases under
# valgrind's memcheck, from a build without sanitizers (build-valgrind:
# Debug, STRATA_ARENA_DEBUG=ON so every arena object is its own block).
# Any invalid read or write, use of uninitialised memory or definite leak
# fails the run. `make test-valgrind` calls it.
#
#   scripts/test-valgrind.sh [--build DIR] [--no-servers] [--unit-only]
#                            [--golden-only] [--cases GLOB]
#
# --cases: only the golden cases matching GLOB under testdata/golden/
# (e.g. 'erd/*').
#
# It starts the test servers (scripts/test-servers.sh) for the database
# cases and stops them afterwards, unless --no-servers (then the
# STRATA_TEST_* variables of the environment are used as they are).
# Valgrind's reports go to <build>/valgrind/*.log; the failing ones are
# printed. Suppressions: tests/valgrind.supp (third-party libraries only).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$PWD

build='build-valgrind'
servers=1
golden=1
unit=1
cases='*'
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--no-servers) servers=0; shift ;;
	--unit-only) golden=0; shift ;;
	--golden-only) unit=0; shift ;;
	--cases) cases=$2; shift 2 ;;
	-h | --help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "test-valgrind: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
command -v valgrind >/dev/null ||
	{ echo "test-valgrind: valgrind not found (scripts/deps.sh --test)" >&2; exit 1; }

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSTRATA_SANITIZE=OFF \
	-DSTRATA_ARENA_DEBUG=ON >/dev/null || exit 1
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" || exit 1
build=$(cd "$build" && pwd)

logs=$build/valgrind
rm -rf "$logs"
mkdir -p "$logs"
# A shell started in the background ignores SIGINT and SIGQUIT, and so
# would the tests (the dev-server tests stop their server with SIGINT):
# reset them.
reset=()
env --default-signal=INT true 2>/dev/null && reset=(env '--default-signal=INT,QUIT')
vg=("${reset[@]}" valgrind --error-exitcode=1 --leak-check=full
	--errors-for-leak-kinds=definite --show-leak-kinds=definite
	--num-callers=40 --suppressions="$root/tests/valgrind.supp")

status=0
if [ $servers = 1 ] && [ $golden = 1 ]; then
	if ! scripts/test-servers.sh start; then
		scripts/test-servers.sh stop || true
		exit 1
	fi
	trap 'scripts/test-servers.sh stop || true' EXIT
	# shellcheck disable=SC1090
	source "${STRATA_TEST_ENV_FILE:-$root/build/test-env.sh}"
	export STRATA_TEST_REQUIRE_ALL=1
fi

[ $unit = 1 ] && echo "== unit tests under valgrind"
while [ $unit = 1 ] && IFS= read -r exe; do
	name=$(basename "$exe")
	if "${vg[@]}" --log-file="$logs/$name.%p.log" "$exe" \
		>"$logs/$name.out" 2>&1; then
		echo "ok   $name"
	else
		echo "FAIL $name (output: $logs/$name.out)"
		tail -20 "$logs/$name.out"
		status=1
	fi
done < <(find "$build/tests/unit" -type f -perm -u+x -name 'test_*' | sort)

if [ $golden = 1 ]; then
	echo "== golden cases under valgrind"
	# The runner starts this wrapper as the strata binary, with an argv.
	# Valgrind needs a $TMPDIR it can write to, also in an exec'd
	# program: a step that points it at a missing directory (to test
	# strata's error) runs without valgrind.
	wrapper=$logs/strata
	cat >"$wrapper" <<WRAPPER
#!/bin/sh
if [ -n "\${TMPDIR:-}" ] && ! [ -d "\$TMPDIR" ]; then
	exec $build/cmd/strata "\$@"
fi
exec ${reset[*]} valgrind --error-exitcode=1 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \\
	--num-callers=40 --suppressions=$root/tests/valgrind.supp \\
	--log-file=$logs/golden.%p.log $build/cmd/strata "\$@"
WRAPPER
	chmod +x "$wrapper"
	mapfile -t files < <(find testdata/golden -path "testdata/golden/$cases" \
		-name '*.txt' | sort)
	STRATA_GOLDEN_TIMEOUT=900 "$build/tests/golden/strata_golden" \
		"$wrapper" "${files[@]}" >"$logs/golden.out" 2>&1 || status=1
	grep -E '^(FAIL|SKIP)' "$logs/golden.out"
	tail -1 "$logs/golden.out"
fi

# A golden case that expects exit status 1 would hide valgrind's
# --error-exitcode: the logs are the judge.
bad=0
for log in "$logs"/*.log; do
	[ -e "$log" ] || continue
	if grep -qE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]' "$log"; then
		echo "== $log"
		cat "$log"
		bad=$((bad + 1))
	fi
done
if [ $bad -gt 0 ]; then
	echo "test-valgrind: $bad runs with memory errors or leaks"
	status=1
fi
n=$(find "$logs" -name '*.log' | wc -l)
echo "test-valgrind: $n processes checked, $bad with errors"
exit $status

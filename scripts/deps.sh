#!/usr/bin/env bash
# scripts/deps.sh: install the Debian packages strata needs, only those that
# are missing (checked with dpkg-query); `apt-get update` runs only when
# something is missing.
#
#   scripts/deps.sh          build dependencies (make build, make demo)
#   scripts/deps.sh --test   plus the test servers, clang + libFuzzer and
#                            valgrind (make test, make fuzz, make test-valgrind)
set -euo pipefail

build_pkgs=(
	build-essential cmake pkg-config
	libsqlite3-dev sqlite3 libpq-dev libmariadb-dev libgit2-dev
	libxxhash-dev libssl-dev libpg-query-dev libgraphviz-dev
	libjansson-dev libcmocka-dev
)
test_pkgs=(postgresql mariadb-server mariadb-client clang libclang-rt-14-dev valgrind)
# headless browser for the ERD viewer test (tests/browser)
test_pkgs+=(chromium)
# the Django example's loader (testdata/examples/django)
test_pkgs+=(python3-django)

pkgs=("${build_pkgs[@]}")
case "${1:-}" in
--test) pkgs+=("${test_pkgs[@]}") ;;
"") ;;
*)
	echo "usage: $0 [--test]" >&2
	exit 2
	;;
esac

missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" = 0 ]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1; then
	sudo=(sudo)
else
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: not root and no sudo: install them, then re-run" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
# The server packages must not start their system-wide services for us
# (and cannot, without systemd): policy-rc.d answers "forbidden".
rcd=/usr/sbin/policy-rc.d
own_rcd=0
if [ ! -e "$rcd" ]; then
	printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$rcd" >/dev/null
	"${sudo[@]}" chmod 755 "$rcd"
	own_rcd=1
fi
status=0
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends "${missing[@]}" || status=$?
if [ "$own_rcd" = 1 ]; then
	"${sudo[@]}" rm -f "$rcd"
fi
exit "$status"

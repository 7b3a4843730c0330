#!/usr/bin/env bash
# scripts/demo.sh [strata-binary]: the main workflow on a copy of
# examples/demo/ with SQLite only (in-memory dev database, no server).
# Steps whose command does not exist yet are shown as skipped; a command that
# exists and fails stops the demo with its exit status.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
strata=${1:-$root/build/cmd/strata}
[ -x "$strata" ] || { echo "demo: no strata binary at $strata (run make build)" >&2; exit 1; }
strata=$(cd "$(dirname "$strata")" && pwd)/$(basename "$strata")

work=$(mktemp -d "${TMPDIR:-/tmp}/strata-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$root/examples/demo/." "$work/"
rm -f "$work/migrations/.gitkeep"
cd "$work"

dev='sqlite://dev?mode=memory'
ran=0
skipped=()

# quote: an argument as a user would type it
quote() {
	if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
		printf '%s' "$1"
	else
		printf "'%s'" "${1//\'/\'\\\'\'}"
	fi
}

# step <group> <command> [args...]: print, then run if the command exists
step() {
	local group=$1 name=$2 a
	shift 2
	printf '\n$ strata %s %s' "$group" "$name"
	for a in "$@"; do
		printf ' %s' "$(quote "$a")"
	done
	printf '\n'
	if ! "$strata" help "$group" "$name" >/dev/null 2>&1; then
		echo "(skipped: 'strata $group $name' is not implemented yet)"
		skipped+=("'$group $name'")
		return 0
	fi
	local rc=0
	"$strata" "$group" "$name" "$@" || rc=$?
	if [ "$rc" != 0 ]; then
		echo "demo: 'strata $group $name' failed with exit status $rc" >&2
		exit "$rc"
	fi
	ran=$((ran + 1))
}

show() {
	printf '\n$ %s\n' "$*"
	"$@"
}

echo "demo: working in a copy of examples/demo at $work"
show cat schema.sql
step migrate diff initial --to file://schema.sql --dev-url "$dev"
show ls migrations
for f in migrations/*.sql; do
	[ -e "$f" ] && show cat "$f"
done
step migrate validate --dev-url "$dev"
step migrate lint --latest 1 --dev-url "$dev"
step migrate apply -u sqlite://demo.db
step migrate status -u sqlite://demo.db
step schema inspect -u sqlite://demo.db

echo
if [ ${#skipped[@]} -gt 0 ]; then
	list=$(IFS=,; echo "${skipped[*]}")
	echo "demo: $ran commands ran; not implemented yet: ${list//,/, }"
else
	echo "demo: $ran commands ran"
fi

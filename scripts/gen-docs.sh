#!/usr/bin/env bash
# Writes docs/cmd/<group>-<name>.md for every command from its --help text,
# keeping any hand-written part below the marker line. Run after changing a
# command's option table; `unit.cmd` fails when a page or a flag is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/cmd/strata}
marker='<!-- end of generated part -->'
gen() {
	local page=$1; shift
	local extra=""
	if [ -f "$page" ] && grep -q "$marker" "$page"; then
		extra=$(sed -n "/$marker/,\$p" "$page" | tail -n +2)
	fi
	{
		printf '# strata %s\n\n' "$*"
		printf '```text\n'
		"$bin" "$@" --help
		printf '```\n\n%s\n' "$marker"
		[ -n "$extra" ] && printf '%s\n' "$extra"
	} >"$page.tmp"
	mv "$page.tmp" "$page"
}
mkdir -p docs/cmd
for group in migrate schema; do
	for cmd in $("$bin" "$group" --help | sed -n '/^commands:/,/^$/p' | awk 'NR>1 && NF {print $1}'); do
		gen "docs/cmd/$group-$cmd.md" "$group" "$cmd"
	done
done
gen docs/cmd/version.md version
gen docs/cmd/help.md help

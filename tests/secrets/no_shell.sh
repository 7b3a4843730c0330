#!/usr/bin/env bash
# tests/secrets/no_shell.sh: strata never hands a string to a shell. Its
# sources (everything but tests/ and bench/) must not call system(),
# popen() or wordexp(), nor name a shell to exec ("sh -c ..."): programs
# (the external_schema loader, $EDITOR, the browser) run with an argv.
#
#   tests/secrets/no_shell.sh <source-dir>
set -u
cd "$1" || exit 1

mapfile -t files < <(find . \( -path ./tests -o -path ./bench -o -path './build*' \
	-o -path ./.git \) -prune -o \( -name '*.c' -o -name '*.h' \) -print | sort)
if [ ${#files[@]} -lt 20 ]; then
	echo "FAIL: only ${#files[@]} source files found under $1"
	exit 1
fi

status=0
check() {
	local what=$1 re=$2 hits
	# comments are not calls: drop /* ... */ lines before matching
	hits=$(grep -nE "$re" "${files[@]}" | grep -vE ':[0-9]+:\s*(/?\*|\*)')
	if [ -n "$hits" ]; then
		echo "FAIL: $what:"
		echo "$hits" | sed 's/^/    /'
		status=1
	fi
}
check "system() runs a shell" '(^|[^_[:alnum:]])system[[:space:]]*\('
check "popen() runs a shell" '(^|[^_[:alnum:]])popen[[:space:]]*\('
check "wordexp() runs a shell" '(^|[^_[:alnum:]])wordexp[[:space:]]*\('
check "a shell named as a program" '"(/usr)?(/bin/)?(ba|da|z|k)?sh"'

[ $status = 0 ] && echo "ok: ${#files[@]} source files, no shell"
exit $status

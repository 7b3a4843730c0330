#!/usr/bin/env bash
# tests/faults/files.sh: fault injection while strata writes a migration
# directory. util/file.c fails the N-th write, fsync or rename when
# STRATA_FAULT=<op>:<N> is set; each command below runs with each fault at
# N = 1, 2, ... until it succeeds. Every failing run must exit non-zero
# with exactly one line "strata: error: ..." on stderr, nothing on stdout,
# and leave the directory exactly as it was: same entries, modes and
# contents (no temporary file left behind, no half-written atlas.sum). The
# run that finally succeeds must leave a directory that validates.
#
#   tests/faults/files.sh <strata-binary>
set -u

strata=$(realpath "$1")
root=$(mktemp -d "${TMPDIR:-/tmp}/strata-faults-XXXXXX")
trap 'rm -rf "$root"' EXIT
export HOME=$root/home XDG_CACHE_HOME=$root/cache TZ=UTC LC_ALL=C
mkdir -p "$HOME"
fails=0
checks=0

fail() {
	printf 'FAIL %s\n' "$*"
	fails=$((fails + 1))
}

# What a run's working directory holds (the migration directory and
# anything else a run could write to): every entry with its type and mode,
# then every file's content hash.
snapshot() {
	[ -e "$1" ] || { echo "(absent)"; return; }
	(cd "$1" && find . -printf '%y %m %p\n' | sort &&
		find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

# fixture <name>: fills $root/t/<name> (the working directory of a run)
fixture() {
	local d=$root/t/$1
	rm -rf "$d"
	mkdir -p "$d"
	case $1 in
	dir)	# a directory with two files and a correct atlas.sum
		mkdir "$d/migrations"
		printf 'CREATE TABLE a (id int);\n' \
			>"$d/migrations/20240101000000_a.sql"
		printf 'CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n' \
			>"$d/migrations/20240102000000_b.sql"
		(cd "$d" && "$strata" migrate hash >/dev/null 2>&1) ||
			fail "fixture: migrate hash"
		[ -f "$d/migrations/atlas.sum" ] || fail "fixture: no atlas.sum"
		printf 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int, name text);\nCREATE INDEX c_name ON c (name);\n' \
			>"$d/schema.sql"
		;;
	stale)	# a file edited after hashing: atlas.sum is out of date
		fixture dir
		mv "$root/t/dir" "$d.tmp" && rm -rf "$d" && mv "$d.tmp" "$d"
		printf 'CREATE TABLE b (id bigint);\n' \
			>"$d/migrations/20240102000000_b.sql"
		;;
	nosum)	# files but no atlas.sum
		fixture dir
		mv "$root/t/dir" "$d.tmp" && rm -rf "$d" && mv "$d.tmp" "$d"
		rm "$d/migrations/atlas.sum"
		;;
	missing) # no migration directory yet
		printf 'CREATE TABLE c (id int);\n' >"$d/schema.sql"
		;;
	esac
}

# run_faults [--same] <fixture> <strata args...>
# --same: success may leave the directory as it was (hash of a hashed dir)
run_faults() {
	local same=0 fx op n rc before after lines
	if [ "$1" = --same ]; then
		same=1
		shift
	fi
	fx=$1
	shift
	# the directory to validate after the successful run
	local dirarg=(--dir file://migrations) a prev=
	for a in "$@"; do
		[ "$prev" = --dir ] && dirarg=(--dir "$a")
		prev=$a
	done
	for op in write fsync rename; do
		for n in $(seq 1 30); do
			fixture "$fx"
			before=$(snapshot "$root/t/$fx")
			(cd "$root/t/$fx" && STRATA_FAULT=$op:$n \
				EDITOR=$root/editor "$strata" "$@" \
				>"$root/out" 2>"$root/err")
			rc=$?
			after=$(snapshot "$root/t/$fx")
			checks=$((checks + 1))
			if [ $rc -eq 0 ]; then
				if [ "$n" -eq 1 ]; then
					fail "$fx: strata $* with $op:1: the fault was never hit"
				elif ! (cd "$root/t/$fx" &&
					"$strata" migrate validate "${dirarg[@]}" >/dev/null 2>&1); then
					fail "$fx: strata $* with $op:$n: succeeded but the directory does not validate"
				elif [ $same = 0 ] && [ "$before" = "$after" ]; then
					fail "$fx: strata $* with $op:$n: succeeded without changing the directory"
				fi
				printf 'ok %-8s %-6s N=1..%d fail, N=%d succeeds: strata %s\n' \
					"$fx" "$op" $((n - 1)) "$n" "$*"
				break
			fi
			if [ $rc -ge 128 ]; then
				fail "$fx: strata $* with $op:$n: killed by signal $((rc - 128))"
			fi
			lines=$(wc -l <"$root/err")
			if [ "$lines" -ne 1 ] || ! grep -q '^strata: error: ' "$root/err"; then
				fail "$fx: strata $* with $op:$n: stderr is not one error line:"
				sed 's/^/    /' "$root/err"
			fi
			if [ -s "$root/out" ]; then
				fail "$fx: strata $* with $op:$n: wrote to stdout:"
				sed 's/^/    /' "$root/out"
			fi
			if [ "$before" != "$after" ]; then
				fail "$fx: strata $* with $op:$n: the directory changed:"
				diff <(echo "$before") <(echo "$after") | sed 's/^/    /'
			fi
			if [ "$n" -eq 30 ]; then
				fail "$fx: strata $* with $op: still failing at N=30"
			fi
		done
	done
}

# The editor of `migrate new --edit`: puts a statement in the file.
printf '#!/bin/sh\nprintf "CREATE TABLE e (id int);\\n" >"$1"\n' >"$root/editor"
chmod +x "$root/editor"

run_faults dir migrate new second
run_faults dir migrate new edited --edit
run_faults missing migrate new first
run_faults missing migrate new first --dir file://db/migrations
run_faults dir migrate diff add_c --to file://schema.sql \
	--dev-url 'sqlite://dev?mode=memory'
run_faults missing migrate diff init --to file://schema.sql \
	--dev-url 'sqlite://dev?mode=memory'
run_faults --same dir migrate hash
run_faults stale migrate hash
run_faults nosum migrate hash

echo "$checks runs, $fails failures"
[ $fails -eq 0 ]

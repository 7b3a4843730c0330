#!/usr/bin/env bash
# Corpus checks on real directories written by other projects with Atlas
# (shared/corpus/atlas-dirs) and Atlas's own test directories: validate
# passes on the original, and hash on a copy without atlas.sum writes the
# identical bytes. Usage: corpus_test.sh <strata> <shared-dir>
set -u
strata=$1
shared=$2
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dirs=("$shared"/corpus/atlas-dirs/*/ "$shared/reference/atlas-testdata/migrate/" "$shared/reference/atlas-testdata/partial-checkpoint/")
if [ ! -d "$shared/corpus/atlas-dirs" ]; then
	echo "corpus: $shared/corpus/atlas-dirs not found" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
for d in "${dirs[@]}"; do
	name=$(basename "$d")
	if ! out=$("$strata" migrate validate --dir "file://$d" 2>&1); then
		echo "FAIL validate $name: $out"
		fail=$((fail + 1))
		continue
	fi
	rm -rf "$tmp/copy" && cp -R "$d" "$tmp/copy" && rm -f "$tmp/copy/atlas.sum"
	if ! "$strata" migrate hash --dir "file://$tmp/copy" || ! cmp -s "$tmp/copy/atlas.sum" "$d/atlas.sum"; then
		echo "FAIL hash $name: atlas.sum differs"
		diff "$d/atlas.sum" "$tmp/copy/atlas.sum" | head -5
		fail=$((fail + 1))
		continue
	fi
	# an edit anywhere is named by validate
	first=$(ls "$tmp/copy"/*.sql | head -1)
	printf '\n-- edited\n' >>"$first"
	if "$strata" migrate validate --dir "file://$tmp/copy" >"$tmp/out" 2>&1 ||
	   ! grep -q "$(basename "$first") was edited" "$tmp/out"; then
		echo "FAIL validate-edited $name"
		cat "$tmp/out"
		fail=$((fail + 1))
		continue
	fi
	pass=$((pass + 1))
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

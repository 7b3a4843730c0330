#!/usr/bin/env bash
# tests/browser/erd_test.sh STRATA OUTDIR: the HTML ERD in headless Chromium.
#
# The page reports on itself in <div id="strata-status">: "ok tables=N
# shown=K edges=E load_ms=T script_ms=S [views=V] [search=H] [path=L]" after drawing, or
# "error: ..." for any script error or console.error. Chromium's
# --dump-dom prints the DOM once the page has loaded (the viewer draws
# synchronously while loading), and the checks read it:
#   1. awkward names: status ok, every table and column drawn as SVG text,
#      a view drawn as a view box and found by the search as a view,
#      #search=<column> lists the column, #path=A,B finds the chain,
#      #selftest=1 (the page clicks through every control itself) passes,
#      an empty schema gives an empty drawing;
#   2. a screenshot written to OUTDIR for the record;
#   3. the diff ERD of `schema diff --format html` marks its changes;
#   4. 2,000 tables: the page loads in under 3 s (load_ms, measured in the
#      page with performance.now() from navigation start) and starts
#      focused instead of drawing every table;
#   5. -w writes a 0600 file, prints its path and runs $BROWSER on it.
set -euo pipefail

strata=$1
out=$2
mkdir -p "$out"

chrome=${STRATA_CHROMIUM:-}
if [ -z "$chrome" ]; then
	for c in chromium chromium-browser google-chrome; do
		if command -v "$c" >/dev/null 2>&1; then
			chrome=$(command -v "$c")
			break
		fi
	done
fi
if [ -z "$chrome" ]; then
	if [ "${CI:-}" = true ] || [ "${STRATA_TEST_REQUIRE_ALL:-}" = 1 ]; then
		echo "FAIL: no chromium (scripts/deps.sh --test installs it)" >&2
		exit 1
	fi
	echo "SKIP: no chromium installed (scripts/deps.sh --test)"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/strata-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# chrome URL-FRAGMENT [extra flags]: prints the DOM after load
chrome() {
	local page=$1
	shift
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-dev-shm-usage \
		--disable-extensions --user-data-dir="$work/profile" \
		--enable-logging=stderr --v=0 "$@" "file://$work/$page" \
		2>>"$work/chrome.log"
}

status_of() {
	grep -o '<div id="strata-status"[^>]*>[^<]*</div>' "$1" |
		sed 's/<[^>]*>//g'
}

# has FILE FIXED-STRING WHAT
has() {
	grep -qF -- "$2" "$1" || fail "$3: '$2' not in $1"
}

# ---- 1. awkward names ---------------------------------------------------
cat >schema.sql <<'SQL'
CREATE TABLE users (
  id integer PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  display_name text
);
CREATE TABLE posts (
  id integer PRIMARY KEY,
  author_id integer NOT NULL REFERENCES users (id),
  title text NOT NULL
);
CREATE TABLE "we<i>rd & ""q"" 'x' </script>" (
  id integer PRIMARY KEY,
  "na me" varchar(20),
  "ünï ☃" integer REFERENCES posts (id)
);
CREATE VIEW author_titles AS
  SELECT u.display_name, p.title FROM posts p JOIN users u ON u.id = p.author_id;
SQL
"$strata" schema inspect -u file://schema.sql --format html >erd.html
chrome 'erd.html#search=display_name' --dump-dom >dom.html
st=$(status_of dom.html)
echo "small schema: $st"
case "$st" in
"ok tables=3 shown=4 edges=2 "*" views=1 search="*) ;;
*) fail "status of the small schema: '$st'" ;;
esac
# every table and column of the data is drawn as SVG text (the DOM
# serializer escapes &, < and > in text)
for t in users posts 'we&lt;i&gt;rd &amp; "q" '"'x'"' &lt;/script&gt;'; do
	grep -q "<text class=\"tname[^\"]*\"[^>]*>$t</text>" dom.html ||
		fail "table '$t' is not drawn"
done
for c in id email display_name author_id title 'na me' 'ünï ☃'; do
	grep -q "<text class=\"cname[^\"]*\"[^>]*>$c</text>" dom.html ||
		fail "column '$c' is not drawn"
done
has dom.html '<span class="name">users.display_name</span>' "search"
# the view: a box of its own class, and found by the search as a view
grep -q '<g class="tbl view[^"]*" data-i="3"' dom.html ||
	fail "the view is not drawn as a view"
grep -q '<text class="tname[^"]*"[^>]*>author_titles</text>' dom.html ||
	fail "the view's name is not drawn"
chrome 'erd.html#search=author_t' --dump-dom >viewdom.html
has viewdom.html '<li class="hit" data-kind="view"><span class="kind">view</span><span class="name">author_titles</span></li>' \
	"search for the view"
grep -q '<script>alert\|<i>rd' dom.html && fail "a name became markup"

chrome 'erd.html#path=we%3Ci%3Erd%20%26%20%22q%22%20%27x%27%20%3C%2Fscript%3E,users' \
	--dump-dom >path.html
st=$(status_of path.html)
case "$st" in
"ok "*" path=3") ;;
*) fail "path finder: '$st'" ;;
esac
has path.html '<ol id="strata-path" class="list"><li data-i="2">' "path list"

# every handler once (clicks, collapse, column modes, expansion, panel
# buttons, zoom, pan, search, path, schema filter, show all, reset)
chrome 'erd.html#selftest=1' --dump-dom >self.html
st=$(status_of self.html)
case "$st" in
"ok "*" selftest=ok("*")") ;;
*) fail "selftest of the small schema: '$st'" ;;
esac
: >empty.sql
"$strata" schema inspect -u file://empty.sql --format html >empty.html
chrome 'empty.html#selftest=1' --dump-dom >emptydom.html
st=$(status_of emptydom.html)
case "$st" in
"ok tables=0 shown=0 edges=0 "*" selftest=ok(empty)") ;;
*) fail "empty schema: '$st'" ;;
esac

# ---- 2. screenshots ---------------------------------------------------------
rm -f "$out/erd-small.png"
chrome 'erd.html#table=posts' --window-size=1400,900 \
	--virtual-time-budget=3000 --screenshot="$out/erd-small.png" >/dev/null
if [ -s "$out/erd-small.png" ] &&
	[ "$(head -c 8 "$out/erd-small.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	echo "screenshot: $out/erd-small.png"
else
	fail "no screenshot written"
fi

# ---- 3. diff ERD -------------------------------------------------------------
cat >v1.sql <<'SQL'
CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, legacy text);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));
CREATE TABLE old_logs (id integer PRIMARY KEY, msg text);
SQL
cat >v2.sql <<'SQL'
CREATE TABLE users (id integer PRIMARY KEY, email varchar(320) NOT NULL, name text);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));
CREATE TABLE comments (id integer PRIMARY KEY, post_id integer REFERENCES posts (id));
SQL
"$strata" schema diff --from file://v1.sql --to file://v2.sql --format html >diff.html
chrome diff.html --dump-dom >diffdom.html
st=$(status_of diffdom.html)
echo "diff ERD: $st"
case "$st" in
"ok tables=4 shown=4 "*) ;;
*) fail "status of the diff ERD: '$st'" ;;
esac
grep -q '<g class="tbl st-a[^"]*" data-i="[0-9]*"[^>]*><title>comments' diffdom.html ||
	fail "added table not marked"
grep -q '<g class="tbl st-c[^"]*" data-i="[0-9]*"[^>]*><title>users' diffdom.html ||
	fail "changed table not marked"
grep -q '<g class="tbl st-d[^"]*" data-i="[0-9]*"[^>]*><title>old_logs' diffdom.html ||
	fail "dropped table not marked"
grep -q '<rect class="row st-d"' diffdom.html || fail "dropped column not marked"
grep -q '<rect class="row st-a"' diffdom.html || fail "added column not marked"
has diffdom.html 'DROP TABLE `old_logs`;' "plan SQL beside the drawing"
chrome 'diff.html#selftest=1' --dump-dom >diffself.html
case "$(status_of diffself.html)" in
*" selftest=ok("*")") ;;
*) fail "selftest of the diff ERD: '$(status_of diffself.html)'" ;;
esac
chrome diff.html --window-size=1400,900 --virtual-time-budget=3000 \
	--screenshot="$out/erd-diff.png" >/dev/null
[ -s "$out/erd-diff.png" ] || fail "no diff screenshot"

# ---- 4. 2,000 tables ---------------------------------------------------------
awk 'BEGIN {
	for (i = 1; i <= 2000; i++) {
		printf "CREATE TABLE t%d (id integer PRIMARY KEY, name text NOT NULL, created_at timestamp, note varchar(200), amount decimal(10,2)", i
		for (k = 0; i > 1 && k < i % 4; k++)
			printf ", ref%d_id integer REFERENCES t%d (id)", k, (i * 7 + k * 13) % (i - 1) + 1
		printf ");\nCREATE INDEX t%d_name ON t%d (name);\n", i, i
	}
}' >big.sql
"$strata" schema inspect -u file://big.sql --format html >big.html
bytes=$(wc -c <big.html)
start=$(date +%s%N)
chrome 'big.html#search=ref2_id' --dump-dom >bigdom.html
wall=$((($(date +%s%N) - start) / 1000000))
st=$(status_of bigdom.html)
echo "2000 tables: $st (html $bytes bytes, browser process ${wall} ms)"
ms=$(printf '%s\n' "$st" | sed -n 's/.* load_ms=\([0-9.]*\).*/\1/p')
shown=$(printf '%s\n' "$st" | sed -n 's/.* shown=\([0-9]*\).*/\1/p')
case "$st" in
"ok tables=2000 "*) ;;
*) fail "status of the 2000-table page: '$st'" ;;
esac
if [ -z "$ms" ] || ! awk -v m="$ms" 'BEGIN { exit !(m < 3000) }'; then
	fail "2000 tables loaded in '${ms}' ms (limit 3000)"
fi
if [ -z "$shown" ] || [ "$shown" -ge 200 ]; then
	fail "2000 tables: the first view draws '$shown' tables (should start focused)"
fi
has bigdom.html '<span class="name">t3.ref2_id</span>' "search in 2000 tables"
chrome 'big.html#selftest=1' --dump-dom >bigself.html
case "$(status_of bigself.html)" in
*" selftest=ok("*")") ;;
*) fail "selftest of 2000 tables: '$(status_of bigself.html)'" ;;
esac

# ---- 5. -w: temporary file and opener ------------------------------------------
cat >opener.sh <<'SH'
#!/bin/sh
printf '%s\n' "$1" >"$(dirname "$0")/opened.tmp" && mv "$(dirname "$0")/opened.tmp" "$(dirname "$0")/opened"
SH
chmod +x opener.sh
printed=$(TMPDIR="$work" BROWSER="$work/opener.sh" "$strata" schema inspect -u file://schema.sql -w)
for _ in $(seq 50); do
	[ -f opened ] && break
	sleep 0.1
done
if [ ! -f opened ]; then
	fail "-w did not run \$BROWSER"
elif [ "$(cat opened)" != "$printed" ]; then
	fail "-w opened '$(cat opened)' but printed '$printed'"
fi
case "$printed" in
"$work"/strata-erd-??????.html) ;;
*) fail "-w printed '$printed'" ;;
esac
[ "$(stat -c %a "$printed" 2>/dev/null)" = 600 ] || fail "-w file mode is not 0600"
cmp -s "$printed" erd.html || fail "-w wrote another document than --format html"

if grep -a 'Uncaught' chrome.log >&2; then
	fail "script errors in the browser log"
fi
if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed; chromium log:" >&2
	grep -a 'CONSOLE\|Uncaught' chrome.log >&2 || true
	exit 1
fi
echo "PASS browser.erd"

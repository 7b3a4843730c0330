#!/usr/bin/env bash
# tests/secrets/leaks.sh: credentials never leave strata. Every command
# that takes a database URL runs with URLs holding a known, unique
# password: wrong passwords against the real test servers (PostgreSQL,
# MariaDB), refused ports, a password in the query string, SQLite URLs
# with a fake password parameter; then through the project file (a
# sensitive --var, a getenv() secret) and libpq's/MariaDB's password
# environment variables. Each run's stdout, stderr and every file it
# leaves (working directory, $HOME, $TMPDIR: JSON, HTML ERDs, migration
# files...) are searched for the password, raw and URL-encoded.
#
#   tests/secrets/leaks.sh <strata-binary>
#
# STRATA_LEAKS_SHOW=1 prints each run's first line of stderr (to see that
# the runs get as far as connecting).
#
# The server URLs come from STRATA_TEST_PG_HOST/PORT and
# STRATA_TEST_MY_HOST/PORT (scripts/test-servers.sh); without them those
# runs are skipped, unless CI=true or STRATA_TEST_REQUIRE_ALL=1.
set -u

strata=$(realpath "$1")
root=$(mktemp -d "${TMPDIR:-/tmp}/strata-secrets-XXXXXX")
trap 'rm -rf "$root"' EXIT
export TZ=UTC LC_ALL=C NO_COLOR=1 BROWSER=true
unset PGPASSWORD MYSQL_PWD PGPASSFILE
strict=0
if [ "${CI:-}" = true ] || [ "${STRATA_TEST_REQUIRE_ALL:-}" = 1 ]; then
	strict=1
fi

# The secret: reserved characters, so that it is URL-encoded in URLs.
secret='Qv7Rt2Wp#Kx/@m&z=%Nj4'
encoded='Qv7Rt2Wp%23Kx%2F%40m%26z%3D%25Nj4'
# For the query string and the SQLite parameter: only unreserved bytes.
plain='Hs4Lq9Tz-secret-Yd3Mw8'
forms=("$secret" "$encoded" "Qv7Rt2Wp" "$plain" "Hs4Lq9Tz")

fails=0
runs=0
fail() {
	printf 'FAIL %s\n' "$*"
	fails=$((fails + 1))
}

# URLs: name=url
urls=(
	"pg-refused=postgres://strata:$encoded@127.0.0.1:1/strata?sslmode=disable"
	"my-refused=mysql://strata:$encoded@127.0.0.1:1/strata"
	"pg-query=postgres://strata@127.0.0.1:1/strata?sslmode=disable&password=$plain"
	"pg-sslpassword=postgres://strata@127.0.0.1:1/strata?sslpassword=$plain&sslmode=disable"
	"sqlite-param=sqlite://leak.db?password=$plain"
	"sqlite-missing=sqlite:///nonexistent/dir/leak.db?mode=ro&password=$plain"
)
# where the project file's envs connect: the servers, else a refused port
pg_addr=127.0.0.1:1
my_addr=127.0.0.1:1
if [ -n "${STRATA_TEST_PG_HOST:-}" ] && [ -n "${STRATA_TEST_PG_PORT:-}" ]; then
	pg_addr=$STRATA_TEST_PG_HOST:$STRATA_TEST_PG_PORT
	urls+=("pg-wrong=postgres://strata:$encoded@$STRATA_TEST_PG_HOST:$STRATA_TEST_PG_PORT/strata?sslmode=disable")
elif [ $strict = 1 ]; then
	fail "STRATA_TEST_PG_HOST/PORT are not set (CI: no skipping)"
else
	echo "skip: no PostgreSQL test server (STRATA_TEST_PG_HOST/PORT)"
fi
if [ -n "${STRATA_TEST_MY_HOST:-}" ] && [ -n "${STRATA_TEST_MY_PORT:-}" ]; then
	my_addr=$STRATA_TEST_MY_HOST:$STRATA_TEST_MY_PORT
	urls+=("my-wrong=mysql://strata:$encoded@$STRATA_TEST_MY_HOST:$STRATA_TEST_MY_PORT/strata")
elif [ $strict = 1 ]; then
	fail "STRATA_TEST_MY_HOST/PORT are not set (CI: no skipping)"
else
	echo "skip: no MariaDB test server (STRATA_TEST_MY_HOST/PORT)"
fi

# A fresh working directory for each run: a migration directory, a schema
# file and a project file whose envs take the secret from --var or from
# the environment.
fixture() {
	local d=$1
	mkdir -p "$d/migrations" "$d/home" "$d/tmp"
	printf 'CREATE TABLE a (id int);\n' >"$d/migrations/20240101000000_a.sql"
	printf 'CREATE TABLE b (id int);\n' >"$d/migrations/20240102000000_b.sql"
	printf 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n' \
		>"$d/schema.sql"
	cat >"$d/atlas.hcl" <<HCL
variable "db_pass" {
  type      = string
  sensitive = true
}
env "var" {
  url = "postgres://strata:\${var.db_pass}@$pg_addr/strata?sslmode=disable"
  dev = "postgres://strata:\${var.db_pass}@$pg_addr/dev?sslmode=disable"
  migration {
    dir = "file://migrations"
  }
}
env "varurl" {
  url = var.db_pass
  dev = "sqlite://dev?mode=memory"
}
env "getenv" {
  url = "mysql://strata:\${getenv("STRATA_LEAK_SECRET")}@$my_addr/strata"
  dev = "sqlite://dev?mode=memory"
}
HCL
	(cd "$d" && "$strata" migrate hash >/dev/null 2>&1)
}

# check <label> <dir>: no form of the secret in the run's output or files
check() {
	local label=$1 d=$2 f
	for f in "${forms[@]}"; do
		if grep -qF -- "$f" "$d/.out" "$d/.err"; then
			fail "$label: output shows '$f':"
			grep -hF -- "$f" "$d/.out" "$d/.err" | head -3 | sed 's/^/    /'
		fi
		while IFS= read -r hit; do
			case $hit in
			"$d/.out" | "$d/.err") ;;
			*) fail "$label: file ${hit#$d/} holds '$f'" ;;
			esac
		done < <(grep -rlF -- "$f" "$d" 2>/dev/null)
	done
}

# run <label> [env NAME=VALUE...] -- <strata args...>
run() {
	local label=$1 d
	shift
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	runs=$((runs + 1))
	d=$root/run$runs
	fixture "$d"
	(cd "$d" && env HOME="$d/home" TMPDIR="$d/tmp" XDG_CACHE_HOME="$d/home/.cache" \
		"${envs[@]}" timeout 120 "$strata" "$@" >"$d/.out" 2>"$d/.err" </dev/null)
	if [ $? -ge 124 ]; then
		fail "$label: timed out or crashed"
	fi
	check "$label: strata $*" "$d"
	if [ -n "${STRATA_LEAKS_SHOW:-}" ]; then
		printf '%s: strata %s\n    %s\n' "$label" "$*" \
			"$(head -1 "$d/.err" | cut -c1-150)"
	fi
	rm -rf "$d"
}

# positional arguments a command needs to get as far as connecting
positional() {
	case $1 in
	"migrate set") echo 20240101000000 ;;
	"migrate diff") echo leak ;;
	"migrate lint") echo --latest 1 ;;
	esac
}

commands=()
for group in migrate schema; do
	while read -r c _; do
		commands+=("$group $c")
	done < <("$strata" help $group 2>/dev/null |
		awk '/^commands:/ { on = 1; next } on && NF == 0 { on = 0 } on')
done
[ ${#commands[@]} -ge 10 ] || fail "only ${#commands[@]} commands listed by 'strata help'"

# args_for <flag>: the other flags a command needs to get as far as
# connecting with the URL given to <flag> (uses $help)
args_for() {
	local flag=$1
	has() { grep -qE -- "(^|[ ,])$1 " <<<"$help"; }
	case $cmd in
	"migrate import") ;; # --from/--to are directories there
	*)
		[ "$flag" != --to ] && has --to && printf '%s\n' --to file://schema.sql
		[ "$flag" != --from ] && has --from && printf '%s\n' --from file://schema.sql
		[ "$flag" != --url ] && has --url && printf '%s\n' --url sqlite://target.db
		;;
	esac
	has --auto-approve && printf '%s\n' --auto-approve
}

# args_env: the same for runs whose URLs come from the project file
args_env() {
	has() { grep -qE -- "(^|[ ,])$1 " <<<"$help"; }
	if [ "$cmd" != "migrate import" ]; then
		has --to && printf '%s\n' --to file://schema.sql
		[ "$cmd" = "schema diff" ] && printf '%s\n' --from env://url
	fi
	has --auto-approve && printf '%s\n' --auto-approve
}

for cmd in "${commands[@]}"; do
	# shellcheck disable=SC2086
	help=$("$strata" $cmd --help 2>&1)
	flags=()
	for f in --url --dev-url --to --from; do
		grep -qE -- "(^|[ ,])$f " <<<"$help" && flags+=("$f")
	done
	variants=("")
	grep -q json <<<"$help" && variants+=("--format={{ json . }}")
	grep -qw html <<<"$help" && variants+=("--format=html")
	grep -qE -- '(^|[ ,])--web ' <<<"$help" && variants+=("--web")
	read -ra pos <<<"$(positional "$cmd")"
	for flag in "${flags[@]}"; do
		mapfile -t more < <(args_for "$flag")
		for u in "${urls[@]}"; do
			for v in "${variants[@]}"; do
				extra=("${more[@]}")
				[ -n "$v" ] && extra+=("$v")
				# shellcheck disable=SC2086
				run "${u%%=*}" -- $cmd "${pos[@]}" "$flag" "${u#*=}" \
					"${extra[@]}"
			done
		done
	done
	# the project file: a sensitive --var, a whole URL in a sensitive
	# --var, an environment secret; libpq's and MariaDB's variables
	mapfile -t more < <(args_env)
	# shellcheck disable=SC2086
	{
		run var -- $cmd "${pos[@]}" --env var --var "db_pass=$encoded" \
			"${more[@]}"
		run varraw -- $cmd "${pos[@]}" --env var --var "db_pass=$secret" \
			"${more[@]}"
		run varurl -- $cmd "${pos[@]}" --env varurl --var "db_pass=x-$plain" \
			"${more[@]}"
		run varurl2 -- $cmd "${pos[@]}" --env varurl \
			--var "db_pass=postgres://u:$plain@127.0.0.1:1/x" "${more[@]}"
		run getenv STRATA_LEAK_SECRET="$plain" -- $cmd "${pos[@]}" \
			--env getenv --var db_pass=unused "${more[@]}"
		if [ ${#flags[@]} -gt 0 ]; then
			mapfile -t more < <(args_for "${flags[0]}")
			run pgpassword PGPASSWORD="$plain" -- $cmd "${pos[@]}" \
				"${flags[0]}" "postgres://strata@127.0.0.1:1/strata?sslmode=disable" \
				"${more[@]}"
			run mysql_pwd MYSQL_PWD="$plain" -- $cmd "${pos[@]}" \
				"${flags[0]}" "mysql://strata@127.0.0.1:1/strata" \
				"${more[@]}"
		fi
	}
done

# Connections that succeed, with the test servers' real password: what
# strata prints about a live database (reports, JSON, HTML ERDs) must not
# carry it either. Read-only commands: the databases are shared.
ok_labels=()
ok_urls=()
ok_devs=()
if [ -n "${STRATA_TEST_PG_URL:-}" ] && [ -n "${STRATA_TEST_PG_PASSWORD:-}" ]; then
	ok_labels+=(pg-ok)
	ok_urls+=("$STRATA_TEST_PG_URL")
	ok_devs+=("${STRATA_TEST_PG_DEV_URL:-}")
	forms+=("$STRATA_TEST_PG_PASSWORD")
fi
if [ -n "${STRATA_TEST_MY_URL:-}" ] && [ -n "${STRATA_TEST_MY_PASSWORD:-}" ]; then
	ok_labels+=(my-ok)
	ok_urls+=("$STRATA_TEST_MY_URL")
	ok_devs+=("${STRATA_TEST_MY_DEV_URL:-}")
	forms+=("$STRATA_TEST_MY_PASSWORD")
fi
for i in "${!ok_urls[@]}"; do
	label=${ok_labels[$i]}
	url=${ok_urls[$i]}
	dev=${ok_devs[$i]}
	for f in "" "--format={{ json . }}" --format=sql --format=html \
		--format=mermaid --web; do
		run "$label" -- schema inspect --url "$url" ${f:+"$f"}
	done
	run "$label" -- migrate status --url "$url"
	run "$label" -- migrate status --url "$url" "--format={{ json . }}"
	run "$label" -- migrate apply --url "$url" --dry-run
	run "$label" -- migrate apply --url "$url" --dry-run "--format={{ json . }}"
	run "$label" -- schema diff --from "$url" --to "$url"
	run "$label" -- schema diff --from "$url" --to "$url" --format=html
	if [ -n "$dev" ]; then
		run "$label" -- migrate lint --dev-url "$dev" --latest 1 \
			"--format={{ json . }}"
		run "$label" -- schema inspect --url file://schema.sql \
			--dev-url "$dev" --format=html
	fi
done

echo "$runs runs over ${#commands[@]} commands, $fails failures"
[ $fails -eq 0 ]

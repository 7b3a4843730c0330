#!/usr/bin/env bash
# scripts/test-servers.sh: private PostgreSQL and MariaDB servers on loopback
# for the database golden cases. Installs nothing (scripts/deps.sh does).
#
#   scripts/test-servers.sh start   start both (idempotent), write the env file
#   scripts/test-servers.sh stop    stop both, remove their data directories
#   scripts/test-servers.sh status  exit 0 when both answer
#
# The env file (default build/test-env.sh) exports STRATA_TEST_PG_URL,
# STRATA_TEST_MY_URL, their *_DEV_URL companions (a second, empty database
# for --dev-url) and the admin details; `source` it.
#
# Settings (environment): STRATA_TEST_SERVERS_DIR (default
# /tmp/strata-test-servers), STRATA_TEST_PG_PORT (54329), STRATA_TEST_MY_PORT
# (33069), STRATA_TEST_ENV_FILE. Both servers trade durability for speed
# (fsync off): they hold test data only.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${STRATA_TEST_SERVERS_DIR:-/tmp/strata-test-servers}
pg_port=${STRATA_TEST_PG_PORT:-54329}
my_port=${STRATA_TEST_MY_PORT:-33069}
env_file=${STRATA_TEST_ENV_FILE:-$root/build/test-env.sh}
user=strata
password=strata-test-pw
db=strata
dev_db=strata_dev
wait_seconds=60

pg_data=$dir/pg/data
pg_sock=$dir/pg/sock
pg_log=$dir/pg/server.log
my_data=$dir/my/data
my_sock=$dir/my/mysqld.sock
my_pid=$dir/my/mysqld.pid
my_log=$dir/my/server.log

say() { printf 'test-servers: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Servers refuse to run as root: as root they run as the postgres/mysql
# system users that the Debian packages create.
if [ "$(id -u)" = 0 ]; then
	pg_user=postgres
	my_user=mysql
else
	pg_user=$(id -un)
	my_user=$(id -un)
fi

as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$pg_user" -- "$@"
	else
		"$@"
	fi
}

pg_bin() {
	local b
	for b in /usr/lib/postgresql/*/bin; do
		[ -x "$b/$1" ] && { printf '%s/%s\n' "$b" "$1"; return 0; }
	done
	command -v "$1" || die "$1 not found: run scripts/deps.sh (package postgresql)"
}

my_bin() {
	local n
	for n in "$@"; do
		command -v "$n" 2>/dev/null && return 0
		[ -x "/usr/sbin/$n" ] && { printf '/usr/sbin/%s\n' "$n"; return 0; }
	done
	die "$1 not found: run scripts/deps.sh (package mariadb-server)"
}

port_busy() {
	# bash's /dev/tcp: connect succeeds when something listens
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_running() {
	[ -f "$pg_data/postmaster.pid" ] &&
		as_pg "$(pg_bin pg_ctl)" -D "$pg_data" status >/dev/null 2>&1
}

my_running() {
	[ -f "$my_pid" ] && kill -0 "$(cat "$my_pid")" 2>/dev/null
}

pg_psql() {
	PGPASSWORD=$password "$(pg_bin psql)" -X -q -v ON_ERROR_STOP=1 \
		-h 127.0.0.1 -p "$pg_port" -U "$user" "$@"
}

my_client() {
	"$(my_bin mariadb mysql)" --no-defaults --protocol=socket \
		--socket="$my_sock" -u "$my_admin" "$@"
}

start_pg() {
	if pg_running; then
		say "postgres already running on 127.0.0.1:$pg_port"
	else
		port_busy "$pg_port" && die "port $pg_port is taken by another program (set STRATA_TEST_PG_PORT)"
		if [ ! -f "$pg_data/PG_VERSION" ]; then
			rm -rf "$dir/pg"
			mkdir -p "$pg_data" "$pg_sock"
			chmod 700 "$pg_data"
			local pwfile=$dir/pg/pwfile
			printf '%s\n' "$password" >"$pwfile"
			chown -R "$pg_user" "$dir/pg"
			# The bootstrap superuser is "strata" itself; TCP needs the
			# password, the private socket is trusted.
			as_pg "$(pg_bin initdb)" -D "$pg_data" -U "$user" \
				--pwfile="$pwfile" --auth-local=trust \
				--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
				>"$dir/pg/initdb.log" 2>&1 ||
				{ cat "$dir/pg/initdb.log" >&2; die "initdb failed"; }
			rm -f "$pwfile"
		fi
		say "starting postgres on 127.0.0.1:$pg_port"
		as_pg "$(pg_bin pg_ctl)" -D "$pg_data" -l "$pg_log" -w \
			-t "$wait_seconds" -o "-c listen_addresses=127.0.0.1 \
-c port=$pg_port -c unix_socket_directories=$pg_sock -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
			start >/dev/null ||
			{ tail -n 30 "$pg_log" >&2 || true; die "postgres did not start"; }
	fi
	local i
	for ((i = 0; i < wait_seconds * 5; i++)); do
		"$(pg_bin pg_isready)" -q -h 127.0.0.1 -p "$pg_port" && break
		sleep 0.2
	done
	"$(pg_bin pg_isready)" -q -h 127.0.0.1 -p "$pg_port" ||
		die "postgres does not accept connections on 127.0.0.1:$pg_port"
	local name
	for name in "$db" "$dev_db"; do
		if [ -z "$(pg_psql -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
			pg_psql -d postgres -c "CREATE DATABASE $name"
		fi
	done
}

start_my() {
	local installdb mariadbd
	if [ "$(id -u)" = 0 ]; then my_admin=root; else my_admin=$(id -un); fi
	if my_running; then
		say "mariadb already running on 127.0.0.1:$my_port"
	else
		port_busy "$my_port" && die "port $my_port is taken by another program (set STRATA_TEST_MY_PORT)"
		installdb=$(my_bin mariadb-install-db mysql_install_db)
		mariadbd=$(my_bin mariadbd mysqld)
		if [ ! -d "$my_data/mysql" ]; then
			rm -rf "$dir/my"
			mkdir -p "$my_data"
			chown -R "$my_user" "$dir/my"
			# root@localhost (or the calling user) authenticates by
			# unix_socket: only this machine's same user gets in.
			"$installdb" --no-defaults --datadir="$my_data" \
				--user="$my_user" --auth-root-authentication-method=socket \
				--skip-test-db >"$dir/my/install.log" 2>&1 ||
				{ cat "$dir/my/install.log" >&2; die "mariadb-install-db failed"; }
		fi
		say "starting mariadb on 127.0.0.1:$my_port"
		# its own temporary directory: a starting MariaDB deletes every
		# #sql* file in its tmpdir, which would break other servers' queries
		mkdir -p "$dir/my/tmp" && chown "$my_user" "$dir/my/tmp"
		# setsid: the server outlives this script and `make`
		setsid "$mariadbd" --no-defaults --datadir="$my_data" \
			--user="$my_user" --bind-address=127.0.0.1 --port="$my_port" \
			--socket="$my_sock" --pid-file="$my_pid" --log-error="$my_log" \
			--skip-name-resolve --character-set-server=utf8mb4 \
			--collation-server=utf8mb4_general_ci \
			--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
			--innodb-buffer-pool-size=256M --max-connections=200 \
			--tmpdir="$dir/my/tmp" --table-definition-cache=10000 \
			--table-open-cache=10000 \
			</dev/null >/dev/null 2>&1 &
	fi
	local i
	for ((i = 0; i < wait_seconds * 5; i++)); do
		"$(my_bin mariadb-admin mysqladmin)" --no-defaults --protocol=socket \
			--socket="$my_sock" -u "$my_admin" ping >/dev/null 2>&1 && break
		sleep 0.2
	done
	"$(my_bin mariadb-admin mysqladmin)" --no-defaults --protocol=socket \
		--socket="$my_sock" -u "$my_admin" ping >/dev/null 2>&1 ||
		{ tail -n 30 "$my_log" >&2 || true; die "mariadb does not answer on $my_sock"; }
	my_client <<-SQL
		CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
		CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
		GRANT ALL PRIVILEGES ON *.* TO '$user'@'localhost' WITH GRANT OPTION;
		GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1' WITH GRANT OPTION;
		CREATE DATABASE IF NOT EXISTS \`$db\`;
		CREATE DATABASE IF NOT EXISTS \`$dev_db\`;
		FLUSH PRIVILEGES;
	SQL
	# prove the URL's credentials work over TCP
	"$(my_bin mariadb mysql)" --no-defaults -h 127.0.0.1 -P "$my_port" \
		-u "$user" -p"$password" -e 'SELECT 1' >/dev/null ||
		die "mariadb refuses $user@127.0.0.1:$my_port"
}

write_env() {
	mkdir -p "$(dirname "$env_file")"
	cat >"$env_file" <<-EOF
		# written by scripts/test-servers.sh start; source it
		export STRATA_TEST_PG_URL='postgres://$user:$password@127.0.0.1:$pg_port/$db?sslmode=disable'
		export STRATA_TEST_PG_DEV_URL='postgres://$user:$password@127.0.0.1:$pg_port/$dev_db?sslmode=disable'
		export STRATA_TEST_MY_URL='mysql://$user:$password@127.0.0.1:$my_port/$db'
		export STRATA_TEST_MY_DEV_URL='mysql://$user:$password@127.0.0.1:$my_port/$dev_db'
		export STRATA_TEST_PG_HOST=127.0.0.1 STRATA_TEST_PG_PORT=$pg_port
		export STRATA_TEST_PG_USER=$user STRATA_TEST_PG_PASSWORD=$password
		export STRATA_TEST_PG_SOCKET_DIR='$pg_sock'
		export STRATA_TEST_MY_HOST=127.0.0.1 STRATA_TEST_MY_PORT=$my_port
		export STRATA_TEST_MY_USER=$user STRATA_TEST_MY_PASSWORD=$password
		export STRATA_TEST_MY_SOCKET='$my_sock'
	EOF
	say "wrote $env_file"
}

stop_pg() {
	if pg_running; then
		say "stopping postgres"
		as_pg "$(pg_bin pg_ctl)" -D "$pg_data" -m fast -w -t "$wait_seconds" stop >/dev/null ||
			say "warning: pg_ctl stop failed"
	fi
}

stop_my() {
	if my_running; then
		local pid i
		pid=$(cat "$my_pid")
		say "stopping mariadb"
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < wait_seconds * 5; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$pid" 2>/dev/null; then
			say "warning: mariadb did not stop, killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
}

case "${1:-}" in
start)
	mkdir -p "$dir"
	chmod 755 "$dir"
	start_pg
	start_my
	write_env
	;;
stop)
	stop_pg
	stop_my
	rm -rf "$dir"
	rm -f "$env_file"
	;;
status)
	"$(pg_bin pg_isready)" -q -h 127.0.0.1 -p "$pg_port" && pg_running && my_running
	;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac

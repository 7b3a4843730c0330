#!/usr/bin/env bash
# Generators for the benchmark inputs; deterministic, so anyone can
# reproduce bench/RESULTS.md.
#   gen.sh hashdir DIR N SIZE   N files of about SIZE bytes each (SQL text)
#   gen.sh migdir DIR N         N migration files building N tables, 2.2
#                               statements per file on average, + atlas.sum
#                               (needs STRATA=path/to/strata for the sum)
#   gen.sh migdir_pg DIR N      the same for PostgreSQL
#   gen.sh schema FILE N        one SQL file: the tables of migdir N plus one
set -euo pipefail

hashdir() {
	local dir=$1 n=$2 size=$3
	rm -rf "$dir" && mkdir -p "$dir"
	awk -v dir="$dir" -v n="$n" -v size="$size" 'BEGIN {
		line = "INSERT INTO measurements (sensor, taken_at, value) VALUES (42, 1700000000, 3.14159);\n"
		for (i = 1; i <= n; i++) {
			f = sprintf("%s/%014d_file_%d.sql", dir, 20240101000000 + i, i)
			body = sprintf("-- file %d\n", i)
			while (length(body) < size)
				body = body line
			printf "%s", body > f
			close(f)
		}
	}'
}

migdir() {
	local dir=$1 n=$2
	rm -rf "$dir" && mkdir -p "$dir"
	awk -v dir="$dir" -v n="$n" 'BEGIN {
		for (i = 1; i <= n; i++) {
			f = sprintf("%s/%014d_t%d.sql", dir, 20240101000000 + i, i)
			printf "CREATE TABLE t%d (\n  id integer PRIMARY KEY,\n  name varchar(255) NOT NULL,\n  ref integer%s,\n  created_at datetime DEFAULT CURRENT_TIMESTAMP\n);\n", i, (i > 1 ? sprintf(" REFERENCES t%d (id)", i - 1) : "") > f
			printf "CREATE INDEX t%d_name ON t%d (name);\n", i, i > f
			if (i % 5 == 0)
				printf "INSERT INTO t%d (id, name) VALUES (1, %cseed%c);\n", i, 39, 39 > f
			close(f)
		}
	}'
	"${STRATA:?set STRATA to the strata binary}" migrate hash --dir "file://$dir"
}

migdir_pg() {
	local dir=$1 n=$2
	rm -rf "$dir" && mkdir -p "$dir"
	awk -v dir="$dir" -v n="$n" 'BEGIN {
		for (i = 1; i <= n; i++) {
			f = sprintf("%s/%014d_t%d.sql", dir, 20240101000000 + i, i)
			printf "CREATE TABLE t%d (\n  id integer PRIMARY KEY,\n  name varchar(255) NOT NULL,\n  ref integer%s,\n  created_at timestamptz DEFAULT now()\n);\n", i, (i > 1 ? sprintf(" REFERENCES t%d (id)", i - 1) : "") > f
			printf "CREATE INDEX t%d_name ON t%d (name);\n", i, i > f
			if (i % 5 == 0)
				printf "INSERT INTO t%d (id, name) VALUES (1, %cseed%c);\n", i, 39, 39 > f
			close(f)
		}
	}'
	"${STRATA:?set STRATA to the strata binary}" migrate hash --dir "file://$dir"
}

schema() {
	local file=$1 n=$2
	awk -v n="$n" 'BEGIN {
		for (i = 1; i <= n + 1; i++) {
			printf "CREATE TABLE t%d (\n  id integer PRIMARY KEY,\n  name varchar(255) NOT NULL,\n  ref integer%s,\n  created_at datetime DEFAULT CURRENT_TIMESTAMP\n);\n", i, (i > 1 ? sprintf(" REFERENCES t%d (id)", i - 1) : "")
			printf "CREATE INDEX t%d_name ON t%d (name);\n", i, i
		}
	}' >"$file"
}

"$@"

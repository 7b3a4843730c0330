/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/lint/cases.h: one firing and one quiet case per rule. Each
 * case is a base file and a new file; the new file is linted through the
 * whole pipeline (replay on the dev database: in-memory SQLite, or a
 * scratch database on the PostgreSQL / MySQL test servers of
 * STRATA_TEST_PG_URL / STRATA_TEST_MY_URL, scratch.h). Cases marked R
 * need the replay: without a server they are skipped; the others run
 * without one (the statement parses alone) when no server is set.
 */
#ifndef STRATA_TESTS_LINT_CASES_H
#define STRATA_TESTS_LINT_CASES_H

typedef struct lcase {
	const char *code;
	int fires;           /* 1: the code must fire; 0: it must not */
	const char *dialect; /* "sqlite", "postgres", "mysql" */
	int replay;          /* 1: needs a dev database of the dialect */
	const char *base;    /* NULL = no base file */
	const char *file;
	int naming;          /* run with the naming policy ^[a-z_]+$ */
} lcase;

#define F 1
#define N 0
#define R 1

#define TBASE "CREATE TABLE t (id int, c int);"
#define REBUILD(cols) \
	"CREATE TABLE new_t (" cols ");\n" \
	"INSERT INTO new_t (id, c) SELECT id, c FROM t;\n" \
	"DROP TABLE t;\n" \
	"ALTER TABLE new_t RENAME TO t;\n"
#define NOTX "-- atlas:txmode none\n\n"
#define PGT "CREATE TABLE t (id int NOT NULL, c int, r int4range);\nCREATE UNIQUE INDEX u ON t (id);"
#define MYE "CREATE TABLE t (id int PRIMARY KEY, e enum('a','b','c'), s set('a','b','c'));"
#define MYS8 "CREATE TABLE t (id int PRIMARY KEY, s set('a','b','c','d','e','f','g','h'));"

static const lcase cases[] = {
	/* destructive */
	{ "DS101", F, "postgres", R, "CREATE SCHEMA s1;\nCREATE TABLE s1.t (id int);", "DROP SCHEMA s1 CASCADE;", 0 },
	{ "DS101", N, "postgres", R, NULL, "CREATE SCHEMA s2;\nDROP SCHEMA s2;", 0 },
	{ "DS102", F, "sqlite", R, TBASE, "DROP TABLE t;", 0 },
	{ "DS102", N, "sqlite", R, NULL, "CREATE TABLE x (id int);\nDROP TABLE x;", 0 },
	{ "DS103", F, "sqlite", R, TBASE, "ALTER TABLE t DROP COLUMN c;", 0 },
	{ "DS103", N, "sqlite", R, TBASE, "ALTER TABLE t ADD COLUMN d int;\nALTER TABLE t DROP COLUMN d;", 0 },
	/* data dependent */
	{ "MF101", F, "sqlite", R, TBASE, "CREATE UNIQUE INDEX u ON t (c);", 0 },
	{ "MF101", N, "sqlite", R, TBASE, "ALTER TABLE t ADD COLUMN d int;\nCREATE UNIQUE INDEX u ON t (d);", 0 },
	{ "MF102", F, "mysql", R, "CREATE TABLE t (id int PRIMARY KEY, c int, INDEX i (c));", "ALTER TABLE t DROP INDEX i, ADD UNIQUE INDEX i (c);", 0 },
	{ "MF102", N, "mysql", R, "CREATE TABLE t (id int PRIMARY KEY, c int, INDEX i (c));", "ALTER TABLE t DROP INDEX i, ADD INDEX i (c, id);", 0 },
	{ "MF103", F, "sqlite", R, TBASE, REBUILD("id int, c int, d int NOT NULL"), 0 },
	{ "MF103", N, "sqlite", R, TBASE, REBUILD("id int, c int, d int NOT NULL DEFAULT 0"), 0 },
	{ "MF104", F, "postgres", R, TBASE, "ALTER TABLE t ALTER COLUMN c SET NOT NULL;", 0 },
	{ "MF104", N, "postgres", R, TBASE, "UPDATE t SET c = 0 WHERE c IS NULL;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;", 0 },
	{ "LT101", F, "sqlite", R, TBASE, REBUILD("id int, c int NOT NULL"), 0 },
	{ "LT101", N, "sqlite", R, TBASE, REBUILD("id int, c int NOT NULL DEFAULT 0"), 0 },
	{ "MY101", F, "mysql", R, "CREATE TABLE t (id int PRIMARY KEY);", "ALTER TABLE t ADD COLUMN c int NOT NULL;", 0 },
	{ "MY101", N, "mysql", R, "CREATE TABLE t (id int PRIMARY KEY);", "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 1;", 0 },
	{ "MY102", F, "mysql", 0, "CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id));", 0 },
	{ "MY102", N, "mysql", 0, "CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES p (id));", 0 },
	/* constraint deletion */
	{ "CD101", F, "sqlite", R, "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, c int REFERENCES p (id));", REBUILD("id int, c int"), 0 },
	{ "CD101", N, "sqlite", R, "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, c int REFERENCES p (id));", REBUILD("id int, c int REFERENCES p (id)"), 0 },
	{ "CD102", F, "sqlite", R, "CREATE TABLE t (id int, c int CONSTRAINT pos CHECK (c > 0));", REBUILD("id int, c int"), 0 },
	{ "CD102", N, "sqlite", R, "CREATE TABLE t (id int, c int CONSTRAINT pos CHECK (c > 0));", REBUILD("id int, c int CONSTRAINT pos CHECK (c > 0)"), 0 },
	{ "CD103", F, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, c int);", REBUILD("id int, c int"), 0 },
	{ "CD103", N, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, c int);", REBUILD("id int PRIMARY KEY, c int, d int"), 0 },
	/* backward incompatible */
	{ "BC101", F, "sqlite", R, TBASE, "ALTER TABLE t RENAME TO t2;", 0 },
	{ "BC101", N, "sqlite", R, TBASE, "ALTER TABLE t RENAME TO t2;\nCREATE VIEW t AS SELECT * FROM t2;", 0 },
	{ "BC102", F, "sqlite", R, TBASE, "ALTER TABLE t RENAME COLUMN c TO d;", 0 },
	{ "BC102", N, "sqlite", R, NULL, "CREATE TABLE x (a int);\nALTER TABLE x RENAME COLUMN a TO b;", 0 },
	/* PostgreSQL concurrent index */
	{ "PG101", F, "postgres", 0, PGT, "CREATE INDEX i ON t (c);", 0 },
	{ "PG101", N, "postgres", 0, PGT, NOTX "CREATE INDEX CONCURRENTLY i ON t (c);", 0 },
	{ "PG102", F, "postgres", 0, PGT, "DROP INDEX u;", 0 },
	{ "PG102", N, "postgres", 0, PGT, NOTX "DROP INDEX CONCURRENTLY u;", 0 },
	{ "PG103", F, "postgres", 0, PGT, "CREATE INDEX CONCURRENTLY i ON t (c);", 0 },
	{ "PG103", N, "postgres", 0, PGT, NOTX "CREATE INDEX CONCURRENTLY i ON t (c);", 0 },
	/* PostgreSQL blocking */
	{ "PG104", F, "postgres", 0, PGT, "ALTER TABLE t ADD PRIMARY KEY (id);", 0 },
	{ "PG104", N, "postgres", 0, PGT, "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX u;", 0 },
	{ "PG105", F, "postgres", 0, PGT, "ALTER TABLE t ADD CONSTRAINT t_uq UNIQUE (id);", 0 },
	{ "PG105", N, "postgres", 0, PGT, "ALTER TABLE t ADD CONSTRAINT t_uq UNIQUE USING INDEX u;", 0 },
	{ "PG108", F, "postgres", 0, NULL, "CREATE TABLE p (id int, d date) PARTITION BY RANGE (d);\nCREATE INDEX pi ON p (id);", 0 },
	{ "PG108", N, "postgres", 0, NULL, "CREATE TABLE p (id int, d date) PARTITION BY RANGE (d);\nCREATE INDEX pi ON ONLY p (id);", 0 },
	{ "PG109", F, "postgres", 0, PGT, "ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (r WITH &&);", 0 },
	{ "PG109", N, "postgres", 0, NULL, "CREATE TABLE x (r int4range, EXCLUDE USING gist (r WITH &&));", 0 },
	{ "PG110", F, "postgres", 0, NULL, "CREATE TABLE x (a boolean, b bigint, c boolean, d bigint);", 0 },
	{ "PG110", N, "postgres", 0, NULL, "CREATE TABLE x (b bigint, d bigint, a boolean, c boolean);", 0 },
	/* PostgreSQL rewrites */
	{ "PG301", F, "postgres", 0, PGT, "ALTER TABLE t ALTER COLUMN c TYPE bigint;", 0 },
	{ "PG301", N, "postgres", 0, "CREATE TABLE t (id int, c varchar(10));", "ALTER TABLE t ALTER COLUMN c TYPE text;", 0 },
	{ "PG302", F, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN d double precision DEFAULT random();", 0 },
	{ "PG302", N, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN d int DEFAULT 0;", 0 },
	{ "PG303", F, "postgres", 0, PGT, "ALTER TABLE t ALTER COLUMN c SET NOT NULL;", 0 },
	{ "PG303", N, "postgres", 0, NULL, "CREATE TABLE x (c int);\nALTER TABLE x ALTER COLUMN c SET NOT NULL;", 0 },
	{ "PG304", F, "postgres", R, "CREATE TABLE t (id int);", "ALTER TABLE t ADD PRIMARY KEY (id);", 0 },
	{ "PG304", N, "postgres", R, "CREATE TABLE t (id int NOT NULL);", "ALTER TABLE t ADD PRIMARY KEY (id);", 0 },
	{ "PG305", F, "postgres", 0, PGT, "ALTER TABLE t ADD CONSTRAINT pos CHECK (c > 0);", 0 },
	{ "PG305", N, "postgres", 0, PGT, "ALTER TABLE t ADD CONSTRAINT pos CHECK (c > 0) NOT VALID;", 0 },
	{ "PG306", F, "postgres", 0, PGT "\nCREATE TABLE p (id int PRIMARY KEY);", "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id);", 0 },
	{ "PG306", N, "postgres", 0, PGT "\nCREATE TABLE p (id int PRIMARY KEY);", "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id) NOT VALID;", 0 },
	{ "PG307", F, "postgres", 0, PGT, "ALTER TABLE t SET UNLOGGED;", 0 },
	{ "PG307", N, "postgres", 0, NULL, "CREATE TABLE x (id int);\nALTER TABLE x SET UNLOGGED;", 0 },
	{ "PG308", F, "postgres", 0, PGT "\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();", 0 },
	{ "PG308", N, "postgres", 0, "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;", "CREATE TABLE x (id int);\nCREATE TRIGGER tr BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();", 0 },
	{ "PG309", F, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (id * 2) STORED;", 0 },
	{ "PG309", N, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN g int;", 0 },
	{ "PG310", F, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN k bigint GENERATED ALWAYS AS IDENTITY;", 0 },
	{ "PG310", N, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN k bigint;", 0 },
	{ "PG311", F, "postgres", 0, PGT, "ALTER TABLE t SET ACCESS METHOD heap;", 0 },
	{ "PG311", N, "postgres", 0, NULL, "CREATE TABLE x (id int);\nALTER TABLE x SET ACCESS METHOD heap;", 0 },
	/* MySQL table copies */
	{ "MY110", F, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('a','b');", 0 },
	{ "MY110", N, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('a','b','c','d');", 0 },
	{ "MY111", F, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('b','a','c');", 0 },
	{ "MY111", N, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('a','b','c','d');", 0 },
	{ "MY112", F, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('a','x','b','c');", 0 },
	{ "MY112", N, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('a','b','c','x');", 0 },
	{ "MY113", F, "mysql", R, NULL, NULL, 0 }, /* generated: enum of 255 -> 256 values */
	{ "MY113", N, "mysql", R, MYE, "ALTER TABLE t MODIFY e enum('a','b','c','x');", 0 },
	{ "MY120", F, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('a','b');", 0 },
	{ "MY120", N, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('a','b','c','d');", 0 },
	{ "MY121", F, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('c','b','a');", 0 },
	{ "MY121", N, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('a','b','c','d');", 0 },
	{ "MY122", F, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('x','a','b','c');", 0 },
	{ "MY122", N, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('a','b','c','x');", 0 },
	{ "MY123", F, "mysql", R, MYS8, "ALTER TABLE t MODIFY s set('a','b','c','d','e','f','g','h','i');", 0 },
	{ "MY123", N, "mysql", R, MYE, "ALTER TABLE t MODIFY s set('a','b','c','d');", 0 },
	/* naming */
	{ "NM101", F, "postgres", R, NULL, "CREATE SCHEMA \"BadSchema\";", 1 },
	{ "NM101", N, "postgres", R, NULL, "CREATE SCHEMA good_schema;", 1 },
	{ "NM102", F, "sqlite", R, NULL, "CREATE TABLE BadName (id int);", 1 },
	{ "NM102", N, "sqlite", R, NULL, "CREATE TABLE good_name (id int);", 1 },
	{ "NM103", F, "sqlite", R, NULL, "CREATE TABLE t (BadCol int);", 1 },
	{ "NM103", N, "sqlite", R, NULL, "CREATE TABLE t (good_col int);", 1 },
	{ "NM104", F, "sqlite", R, TBASE, "CREATE INDEX BadIdx ON t (c);", 1 },
	{ "NM104", N, "sqlite", R, TBASE, "CREATE INDEX good_idx ON t (c);", 1 },
	{ "NM105", F, "sqlite", R, "CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (id int, pid int, CONSTRAINT BadFk FOREIGN KEY (pid) REFERENCES p (id));", 1 },
	{ "NM105", N, "sqlite", R, "CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (id int, pid int, CONSTRAINT good_fk FOREIGN KEY (pid) REFERENCES p (id));", 1 },
	{ "NM106", F, "sqlite", R, NULL, "CREATE TABLE c (x int, CONSTRAINT BadCheck CHECK (x > 0));", 1 },
	{ "NM106", N, "sqlite", R, NULL, "CREATE TABLE c (x int, CONSTRAINT good_check CHECK (x > 0));", 1 },
	/* transactions */
	{ "TX101", F, "sqlite", R, TBASE, "VACUUM;", 0 },
	{ "TX101", N, "sqlite", R, TBASE, NOTX "VACUUM;", 0 },
	{ "TX201", F, "sqlite", R, NULL, "BEGIN;\nCREATE TABLE x (id int);\nCOMMIT;", 0 },
	{ "TX201", N, "sqlite", R, NULL, NOTX "BEGIN;\nCREATE TABLE x (id int);\nCOMMIT;", 0 },
	/* ST1xx locks */
	{ "ST101", F, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN d int;", 0 },
	{ "ST101", N, "postgres", 0, PGT, "SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN d int;", 0 },
	{ "ST102", F, "postgres", 0, PGT, "ALTER TABLE t ADD COLUMN d int;", 0 },
	{ "ST102", N, "postgres", 0, PGT, "SET statement_timeout = '5min';\nALTER TABLE t ADD COLUMN d int;", 0 },
	{ "ST103", F, "postgres", 0, PGT, "REINDEX TABLE t;", 0 },
	{ "ST103", N, "postgres", 0, PGT, NOTX "REINDEX TABLE CONCURRENTLY t;", 0 },
	{ "ST104", F, "postgres", 0, "CREATE TABLE p (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');", "ALTER TABLE p DETACH PARTITION p1;", 0 },
	{ "ST104", N, "postgres", 0, "CREATE TABLE p (id int, d date) PARTITION BY RANGE (d);\nCREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');", NOTX "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;", 0 },
	{ "ST105", F, "postgres", 0, PGT, NOTX "VACUUM FULL t;", 0 },
	{ "ST105", N, "postgres", 0, PGT, NOTX "VACUUM t;", 0 },
	{ "ST106", F, "postgres", 0, NULL, "CREATE DOMAIN pos AS int CHECK (VALUE > 0);", 0 },
	{ "ST106", N, "postgres", 0, NULL, "CREATE DOMAIN pos AS int;", 0 },
	/* ST2xx compatibility */
	{ "ST201", F, "postgres", 0, NULL, NOTX "DROP DATABASE IF EXISTS strata_lint_no_such_db;", 0 },
	{ "ST201", N, "postgres", 0, NULL, "DROP TABLE IF EXISTS strata_lint_no_such_table;", 0 },
	{ "ST202", F, "postgres", 0, PGT, "TRUNCATE t CASCADE;", 0 },
	{ "ST202", N, "postgres", 0, PGT, "TRUNCATE t;", 0 },
	{ "ST203", F, "postgres", 0, PGT, "TRUNCATE t;", 0 },
	{ "ST203", N, "postgres", 0, PGT, "DELETE FROM t WHERE id = 1;", 0 },
	{ "ST204", F, "sqlite", R, TBASE "\nCREATE VIEW v AS SELECT id FROM t;", "DROP VIEW v;", 0 },
	{ "ST204", N, "sqlite", R, TBASE, "CREATE VIEW w AS SELECT id FROM t;\nDROP VIEW w;", 0 },
	{ "ST205", F, "sqlite", R, TBASE "\nCREATE INDEX i ON t (c);", "DROP INDEX i;", 0 },
	{ "ST205", N, "sqlite", R, TBASE, "CREATE INDEX j ON t (c);\nDROP INDEX j;", 0 },
	{ "ST206", F, "sqlite", R, "CREATE TABLE t (id int, c int NOT NULL);", REBUILD("id int, c int"), 0 },
	{ "ST206", N, "sqlite", R, "CREATE TABLE t (id int, c int NOT NULL);", REBUILD("id int, c int NOT NULL, d int"), 0 },
	{ "ST207", F, "sqlite", R, "CREATE TABLE t (id int, c int DEFAULT 1);", REBUILD("id int, c int"), 0 },
	{ "ST207", N, "sqlite", R, "CREATE TABLE t (id int, c int DEFAULT 1);", REBUILD("id int, c int DEFAULT 1, d int"), 0 },
	{ "ST208", F, "sqlite", R, TBASE, REBUILD("id int, c text"), 0 },
	{ "ST208", N, "sqlite", R, TBASE, REBUILD("id int, c int, d int"), 0 },
	{ "ST209", F, "postgres", 0, "CREATE SCHEMA s;", "ALTER SCHEMA s RENAME TO s2;", 0 },
	{ "ST209", N, "postgres", 0, "CREATE SCHEMA s;", "CREATE SCHEMA s3;", 0 },
	{ "ST210", F, "postgres", 0, "CREATE TYPE mood AS ENUM ('sad', 'ok');", "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';", 0 },
	{ "ST210", N, "postgres", 0, "CREATE TYPE mood AS ENUM ('sad', 'ok');", "ALTER TYPE mood ADD VALUE 'happy';", 0 },
	{ "ST211", F, "postgres", 0, PGT "\nCREATE SCHEMA s;", "ALTER TABLE t SET SCHEMA s;", 0 },
	{ "ST211", N, "postgres", 0, PGT "\nCREATE SCHEMA s;", "ALTER TABLE t RENAME TO t2;", 0 },
	{ "ST212", F, "postgres", 0, PGT, "REVOKE ALL ON t FROM PUBLIC;", 0 },
	{ "ST212", N, "postgres", 0, PGT, "GRANT SELECT ON t TO PUBLIC;", 0 },
	{ "ST213", F, "sqlite", R, TBASE, "DELETE FROM t;", 0 },
	{ "ST213", N, "sqlite", R, TBASE, "DELETE FROM t WHERE id = 1;", 0 },
	{ "ST214", F, "sqlite", R, TBASE, "ALTER TABLE t ADD COLUMN d int;\nUPDATE t SET d = c WHERE d IS NULL;", 0 },
	{ "ST214", N, "sqlite", R, TBASE, NOTX "ALTER TABLE t ADD COLUMN d int;\nUPDATE t SET d = c WHERE d IS NULL;", 0 },
	/* ST3xx types */
	{ "ST301", F, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY, code char(3));", 0 },
	{ "ST301", N, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY, code text);", 0 },
	{ "ST302", F, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY, name varchar(10));", 0 },
	{ "ST302", N, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY, name text);", 0 },
	{ "ST303", F, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, at timestamp);", 0 },
	{ "ST303", N, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, at timestamptz);", 0 },
	{ "ST304", F, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, doc json);", 0 },
	{ "ST304", N, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, doc jsonb);", 0 },
	{ "ST305", F, "postgres", 0, NULL, "CREATE TABLE x (id bigserial PRIMARY KEY);", 0 },
	{ "ST305", N, "postgres", 0, NULL, "CREATE TABLE x (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);", 0 },
	{ "ST306", F, "postgres", 0, NULL, "CREATE TABLE x (id int PRIMARY KEY);", 0 },
	{ "ST306", N, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY);", 0 },
	{ "ST307", F, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, n smallint);", 0 },
	{ "ST307", N, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, n integer);", 0 },
	{ "ST308", F, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY, c text DEFAULT 'NULL');", 0 },
	{ "ST308", N, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY, c text DEFAULT NULL);", 0 },
	/* ST4xx schema quality */
	{ "ST401", F, "sqlite", R, NULL, "CREATE TABLE x (id int);", 0 },
	{ "ST401", N, "sqlite", R, NULL, "CREATE TABLE x (id int PRIMARY KEY);", 0 },
	{ "ST402", F, "sqlite", R, "CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id));", 0 },
	{ "ST402", N, "sqlite", R, "CREATE TABLE p (id int PRIMARY KEY);", "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id));\nCREATE INDEX c_pid ON c (pid);", 0 },
	{ "ST403", F, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, a int, b int);", "CREATE INDEX ab ON t (a, b);\nCREATE INDEX a1 ON t (a);", 0 },
	{ "ST403", N, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, a int, b int);", "CREATE INDEX ab ON t (a, b);\nCREATE INDEX b1 ON t (b);", 0 },
	{ "ST404", F, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, d int);", "CREATE INDEX w ON t (a, b, c, d);", 0 },
	{ "ST404", N, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, d int);", "CREATE INDEX w ON t (a, b, c);", 0 },
	{ "ST405", F, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, a int);", "CREATE UNIQUE INDEX u ON t (a);", 0 },
	{ "ST405", N, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL);", "CREATE UNIQUE INDEX u ON t (a);", 0 },
	{ "ST406", F, "sqlite", R, "CREATE TABLE p (id integer PRIMARY KEY);", "CREATE TABLE c (id int PRIMARY KEY, pid text REFERENCES p (id));\nCREATE INDEX c_pid ON c (pid);", 0 },
	{ "ST406", N, "sqlite", R, "CREATE TABLE p (id integer PRIMARY KEY);", "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id));\nCREATE INDEX c_pid ON c (pid);", 0 },
	{ "ST407", F, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, a_column_name_that_goes_on_and_on_well_past_the_sixty_three_byte_limit int);", 0 },
	{ "ST407", N, "postgres", 0, NULL, "CREATE TABLE x (id bigint PRIMARY KEY, short_name int);", 0 },
	/* ST5xx SQLite */
	{ "ST501", F, "sqlite", R, NULL, NOTX "BEGIN;\nPRAGMA foreign_keys = off;\nCREATE TABLE x (id int PRIMARY KEY);\nCOMMIT;", 0 },
	{ "ST501", N, "sqlite", R, NULL, "PRAGMA foreign_keys = off;\nCREATE TABLE x (id int PRIMARY KEY);", 0 },
	{ "ST502", F, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, c int);\nCREATE TABLE ch (id int PRIMARY KEY, tid int REFERENCES t (id));", REBUILD("id int PRIMARY KEY, c int, d int"), 0 },
	{ "ST502", N, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, c int);", REBUILD("id int PRIMARY KEY, c int, d int"), 0 },
	{ "ST503", F, "sqlite", R, NULL, "CREATE TABLE x (id integer PRIMARY KEY AUTOINCREMENT);", 0 },
	{ "ST503", N, "sqlite", R, NULL, "CREATE TABLE x (id integer PRIMARY KEY);", 0 },
	{ "ST504", F, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, c int);", "CREATE TABLE new_t (id int PRIMARY KEY, c int) STRICT;\nINSERT INTO new_t (id, c) SELECT id, c FROM t;\nDROP TABLE t;\nALTER TABLE new_t RENAME TO t;", 0 },
	{ "ST504", N, "sqlite", R, "CREATE TABLE t (id int PRIMARY KEY, c int);", REBUILD("id int PRIMARY KEY, c int, d int"), 0 },
	/* ST6xx transactions */
	{ "ST601", F, "sqlite", R, NULL, NOTX "BEGIN;\nCREATE TABLE x (id int PRIMARY KEY);", 0 },
	{ "ST601", N, "sqlite", R, NULL, NOTX "BEGIN;\nCREATE TABLE x (id int PRIMARY KEY);\nCOMMIT;", 0 },
	{ "ST602", F, "postgres", 0, PGT, NOTX "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (c);\nCOMMIT;", 0 },
	{ "ST602", N, "postgres", 0, PGT, NOTX "CREATE INDEX CONCURRENTLY i ON t (c);", 0 },
	{ "ST603", F, "sqlite", R, NULL, NOTX "CREATE TABLE x (id int PRIMARY KEY);", 0 },
	{ "ST603", N, "sqlite", R, NULL, NOTX "CREATE TABLE IF NOT EXISTS x (id int PRIMARY KEY);", 0 },
};

#undef F
#undef N
#undef R

#endif

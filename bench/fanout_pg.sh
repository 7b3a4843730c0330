#!/usr/bin/env bash
# bench/fanout_pg.sh: `migrate apply --env` over N tenant schemas of one
# PostgreSQL server (default 1,000 tenants, a 20-file directory,
# concurrency 8; target < 60 s). Needs STRATA_TEST_PG_URL (source
# build/test-env.sh after scripts/test-servers.sh start).
#
#   bench/fanout_pg.sh [strata-binary] [tenants] [concurrency]
set -euo pipefail
bin=$(realpath "${1:-build/cmd/strata}")
tenants=${2:-1000}
conc=${3:-8}
url=${STRATA_TEST_PG_URL:?source build/test-env.sh first}
export PGOPTIONS="-c client_min_messages=warning"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir migrations
for i in $(seq -w 1 20); do
	printf 'CREATE TABLE t%s (id bigint PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());\nCREATE INDEX t%s_name ON t%s (name);\n' \
		"$i" "$i" "$i" >"migrations/202401010000${i}_t$i.sql"
done
"$bin" migrate hash
cat >atlas.hcl <<'HCL'
variable "url" {
  type = string
}
data "sql" "tenants" {
  url   = var.url
  query = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench_tenant_%' ORDER BY 1"
}
env "tenants" {
  for_each = toset(data.sql.tenants.values)
  url      = urlqueryset(var.url, "search_path", each.value)
  migration {
    dir = "file://migrations"
  }
}
HCL
drop() {
	psql "$url" -Atqc "SELECT format('DROP SCHEMA %I CASCADE;', nspname) FROM pg_namespace WHERE nspname LIKE 'bench_tenant_%'" >drop.sql
	psql "$url" -q -f drop.sql >/dev/null
}
drop
psql "$url" -q -c "DO \$\$ BEGIN FOR i IN 1..$tenants LOOP EXECUTE format('CREATE SCHEMA bench_tenant_%s', lpad(i::text, 5, '0')); END LOOP; END \$\$;"
start=$(date +%s.%N)
"$bin" migrate apply --env tenants --var url="$url" --concurrency "$conc" >out.txt 2>err.txt || true
end=$(date +%s.%N)
tail -1 out.txt
echo "fan-out apply: $tenants tenants x 20 files, concurrency $conc: $(echo "$end - $start" | bc) s (target < 60 s)"
drop

data "sql" "tenants" {
  url   = "sqlite://tenants.db"
  query = "SELECT name FROM tenants WHERE active = ? ORDER BY name"
  args  = ["1"]
}

env "tenants" {
  for_each = toset(data.sql.tenants.values)
  url      = "sqlite://${each.value}/tenant.db"
  migration {
    dir = "file://migrations"
  }
}

env "fixed" {
  for_each = toset(["x", "y"])
  url      = "sqlite://fixed_${each.key}.db"
}

locals {
  a = [for i, v in ["x", "y"] : "${i}-${upper(v)}" if v != "z"]
  b = { for k, v in { p = 1, q = 2 } : k => v * 2... }
  c = true ? 1.5e3 : -2
  d = "%{ for s in ["a", "b"] }${s}%{ endfor }%{ if true }yes%{ else }no%{ endif }"
  e = <<-EOT
    heredoc ${local.c}
  EOT
  f = [{ n = 1 }, { n = 2 }][*].n
  g = jsonencode(merge({ a = 1 }, { b = [null, true] }))
  h = format("%s/%d", "x", 3)
  i = split(",", replace("a;b", ";", ","))
  j = urlqueryset("postgres://u@h/db?x=1", "search_path", "public")
}
variable "password" {
  type      = string
  default   = "s3cret"
  sensitive = true
}
env "dev" {
  for_each = toset(["t1", "t2"])
  url      = "sqlite://${each.value}.db"
  dev      = "sqlite://dev?mode=memory"
  migration {
    dir = "file://migrations"
  }
}
table "users" {
  schema = schema.main
  column "id" {
    type = varchar(255)
    null = false
  }
  primary_key {
    columns = [column.id]
  }
  index "idx" {
    on {
      expr = sql("lower(id)")
    }
  }
}

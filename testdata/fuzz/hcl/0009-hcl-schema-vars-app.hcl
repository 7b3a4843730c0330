variable "tenant" {
  type = string
}
variable "columns" {
  type    = list(string)
  default = []
}
variable "audit" {
  type    = bool
  default = false
}
variable "width" {
  type    = number
  default = 10
}
table "items" {
  name   = "%{ if var.audit }audited_%{ endif }${var.tenant}_items"
  schema = schema.main
  column "id" {
    null = false
    type = integer
  }
  column "tags" {
    null    = true
    type    = varchar(var.width)
    default = "%{ for i, c in var.columns }%{ if i > 0 },%{ endif }${c}%{ endfor }"
  }
}
view "names" {
  schema = schema.main
  as     = <<-SQL
    SELECT id
    %{~ for c in var.columns ~}
    , '${c}' AS "${c}"
    %{~ endfor }
    FROM ${var.audit ? "audited_" : ""}${var.tenant}_items
    %{~ if var.audit }
    WHERE id > 0
    %{~ endif }
  SQL
}
schema "main" {}
locals {
  a = "x%{ if 1 > 0 }big%{ else }small%{ endif }y"
  b = "%{ for i, v in ["p", "q"] }${i}=${v},%{ endfor ~} !"
  c = "[ %{~ for v in [1, 2] ~} ${v} %{~ endfor ~} ]"
  d = "a ${~ 1 ~} b $${x} %%{y}"
  e = <<EOT
%{ for k, v in { x = 1, y = 2 } ~}
${k}: ${v}
%{ endfor ~}
EOT
}

locals {
  a = local.b
  b = local.a
}
variable "url" {
  type    = string
  default = "sqlite://app.db"
}
data "external_schema" "broken" {
  program = ["./loader", "fail"]
}
data "external_schema" "bad" {
  program = ["./loader", "bad"]
}
env "dev" {
  url = var.url
}
env "cycle" {
  url = local.a
}
env "typo" {
  url = var.nope
}
env "broken" {
  src = data.external_schema.broken.url
  dev = "sqlite://dev?mode=memory"
}
env "bad" {
  src = data.external_schema.bad.url
  dev = "sqlite://dev?mode=memory"
}

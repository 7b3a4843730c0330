locals {
  db = "env"
}
env "local" {
  url = "sqlite://${local.db}.db"
  dev = "sqlite://dev?mode=memory"
  src = "file://schema.hcl"
  format {
    schema {
      inspect = "{{ sql . }}"
    }
  }
}

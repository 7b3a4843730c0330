# The Django models of this project as a desired state: the loader prints
# their DDL for the dev database (SQLite here) and strata loads it there.
variable "python" {
  type    = string
  default = "/usr/bin/python3"
}

data "external_schema" "django" {
  program = [var.python, "manage.py", "ddl"]
}

env "django" {
  src = data.external_schema.django.url
  dev = "sqlite://dev?mode=memory"
  migration {
    dir = "file://migrations"
  }
}

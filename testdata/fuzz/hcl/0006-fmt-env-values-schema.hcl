schema "main" { }
table "users" {
  schema = schema.main
  column "id" {
    null = false # the key
    type = integer
  }
  column "email" {
    null = false
    type = varchar(255)
  }
  primary_key { columns = [column.id] }
  index "users_email" {
    unique  = true
    columns = [column.email]
  }
}

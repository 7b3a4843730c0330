table "users" {
  schema = schema.main
  column "id" {
    null           = true
    type           = integer
    auto_increment = true
  }
  column "email" {
    null = false
    type = varchar(255)
  }
  column "price" {
    null    = true
    type    = decimal(10, 2)
    default = 1.50
  }
  column "name" {
    null    = true
    type    = text
    default = "it's"
  }
  column "my col" {
    null    = true
    type    = char(3)
    collate = "NOCASE"
  }
  column "created_at" {
    null    = false
    type    = datetime
    default = sql("CURRENT_TIMESTAMP")
  }
  primary_key {
    columns = [column.id]
  }
  index "sqlite_autoindex_users_1" {
    unique  = true
    columns = [column.email]
  }
}
table "posts" {
  schema = schema.main
  column "id" {
    null = true
    type = integer
  }
  column "user_id" {
    null = false
    type = integer
  }
  column "title" {
    null = false
    type = text
  }
  primary_key {
    columns = [column.id]
  }
  foreign_key "user_id" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_update   = NO_ACTION
    on_delete   = CASCADE
  }
  index "posts_user" {
    on {
      column = column.user_id
      desc   = true
    }
    on {
      column = column.title
    }
  }
  index "posts_lower" {
    where = "id > 10"
    on {
      expr = "lower(title)"
    }
  }
  check {
    expr = "length(title) > 0"
  }
}
view "titles" {
  schema = schema.main
  as     = <<-SQL
  SELECT title FROM posts
  SQL
}
schema "main" {
}

table "my posts" {
  schema = schema.public
  column "id" {
    null = false
    type = serial
  }
  column "user_id" {
    null = true
    type = bigint
  }
  column "title" {
    null = false
    type = text
  }
  primary_key "my posts_pkey" {
    columns = [column.id]
  }
  foreign_key "my posts_user_id_fkey" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_update   = NO_ACTION
    on_delete   = CASCADE
  }
  index "posts_title" {
    where = "(id > 10)"
    on {
      expr = "lower(title)"
    }
  }
  index "posts_user" {
    include = [column.title]
    on {
      column = column.user_id
      desc   = true
    }
  }
}
table "users" {
  schema = schema.public
  column "id" {
    null = false
    type = bigint
    identity {
      generated = ALWAYS
      start     = 1
      increment = 1
    }
  }
  column "email" {
    null = false
    type = sql("character varying(255)")
  }
  column "price" {
    null    = true
    type    = numeric(10, 2)
    default = 1.50
  }
  column "st" {
    null    = false
    type    = sql("public.status")
    default = sql("'active'::public.status")
  }
  column "tags" {
    null = true
    type = sql("text[]")
  }
  column "created" {
    null    = false
    type    = sql("timestamp with time zone")
    default = sql("now()")
  }
  column "code" {
    null = true
    type = character(3)
  }
  primary_key "users_pkey" {
    columns = [column.id]
  }
  index "users_email" {
    unique  = true
    columns = [column.email]
  }
  check "positive" {
    expr = "(price > (0)::numeric)"
  }
}
view "titles" {
  schema = schema.public
  as     = <<-SQL
  SELECT "my posts".title
     FROM public."my posts"
  SQL
}
enum "status" {
  schema = schema.public
  values = ["active", "gone"]
}
schema "public" {
  comment = "standard public schema"
}

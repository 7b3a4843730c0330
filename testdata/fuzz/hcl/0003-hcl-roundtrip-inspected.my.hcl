table "posts" {
  schema  = schema.strata
  charset = "utf8mb4"
  collate = "utf8mb4_general_ci"
  engine  = InnoDB
  column "id" {
    null           = false
    type           = int(11)
    auto_increment = true
  }
  column "user_id" {
    null = true
    type = sql("bigint(20) unsigned")
  }
  column "title" {
    null = false
    type = text
  }
  primary_key "PRIMARY" {
    columns = [column.id]
  }
  foreign_key "fk_user" {
    columns     = [column.user_id]
    ref_columns = [table.users.column.id]
    on_delete   = CASCADE
  }
  index "fk_user" {
    columns = [column.user_id]
  }
}
table "users" {
  schema  = schema.strata
  comment = "people"
  charset = "utf8mb4"
  collate = "utf8mb4_general_ci"
  engine  = InnoDB
  column "id" {
    null           = false
    type           = sql("bigint(20) unsigned")
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
  column "st" {
    null    = false
    type    = sql("enum('active','gone')")
    default = "active"
  }
  column "ts" {
    null      = false
    type      = timestamp(6)
    default   = sql("current_timestamp(6)")
    on_update = sql("current_timestamp(6)")
  }
  column "name" {
    null    = true
    type    = varchar(100)
    collate = "utf8mb4_bin"
    comment = "the name"
  }
  column "full_name" {
    null = true
    type = varchar(200)
    as {
      expr = "concat(`name`,'!')"
      type = STORED
    }
  }
  primary_key "PRIMARY" {
    columns = [column.id]
  }
  index "users_email" {
    unique  = true
    columns = [column.email]
  }
  index "name_prefix" {
    on {
      column = column.name
      prefix = 10
    }
  }
  check "positive" {
    expr = "`price` > 0"
  }
}
schema "strata" {
  charset = "utf8mb4"
  collate = "utf8mb4_general_ci"
}

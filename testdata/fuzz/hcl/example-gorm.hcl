# The shape of Atlas's GORM guide, with a loader script standing in for
# `go run -mod=mod ariga.io/atlas-provider-gorm load`.
data "external_schema" "gorm" {
  program = [
    "./load",
    "--path", "./models",
    "--dialect", "sqlite",
  ]
}

env "gorm" {
  src = data.external_schema.gorm.url
  dev = "sqlite://dev?mode=memory"
  migration {
    dir = "file://migrations"
  }
  format {
    migrate {
      diff = "{{ sql . \"  \" }}"
    }
  }
}

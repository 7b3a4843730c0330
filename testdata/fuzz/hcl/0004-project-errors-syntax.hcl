env "x" {
  url = "sqlite://a.db"
  dev = [1, 2
}

"""Settings of the example project: one app, an in-memory SQLite database
(the loader only asks Django for DDL; it never connects to a real one)."""
SECRET_KEY = "example-only"
INSTALLED_APPS = ["blog"]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

"""`manage.py ddl`: prints the CREATE statements of every installed app's
models, as Django's schema editor would run them, for `data
"external_schema"` in atlas.hcl. Nothing is executed (collect_sql)."""
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "print the DDL of the models"

    def handle(self, *args, **options):
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            for config in apps.get_app_configs():
                for model in config.get_models():
                    editor.create_model(model)
        for stmt in editor.collected_sql:
            self.stdout.write(stmt)

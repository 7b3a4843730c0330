#!/usr/bin/python3
"""Django's command-line utility for the example project."""
import os
import sys

# keep the source tree clean: no __pycache__ folders
sys.dont_write_bytecode = True


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

"""The `miteinander` command: Django's manage.py for an installed Miteinander.

`miteinander migrate`, `miteinander demo`, `miteinander serve`, and every other Django command.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miteinander.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

"""Extract every marked string into the French and Spanish catalogues, one catalogue per app.

Each app's catalogue holds its Python strings and its templates (``templates/<app>/``, and its
admin templates in ``templates/admin/<app>/``); the
project catalogue (``locale/``) holds the rest: workplan, cms_capacity, base.html and the
registration pages. Existing translations are kept (gettext's msgmerge).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

LANGUAGES = ("fr", "es")
APPS_WITH_CATALOGUE = ("needs", "handbook", "evaluation")
COMMON_OPTIONS = ("--no-location", "--no-obsolete", "--no-wrap")


def update_catalogues(base_dir: Path, *, python: str = sys.executable) -> None:
    """Run makemessages for the project catalogue and for each app's catalogue under base_dir."""
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    manage = str(base_dir / "manage.py")
    ignores = ["-i", ".venv/*", "-i", "static/*", "-i", "staticfiles/*", "-i", "tests/*"]
    ignores += ["-i", "bench/*", "-i", "node_modules/*"]
    for app in APPS_WITH_CATALOGUE:
        ignores += ["-i", f"{app}/*", "-i", f"templates/{app}/*", "-i", f"templates/admin/{app}/*"]
    _run([python, manage, "makemessages", *languages, *COMMON_OPTIONS, *ignores], base_dir)
    for app in APPS_WITH_CATALOGUE:
        app_dir = base_dir / app
        # makemessages only walks the current folder: link the app's templates into it.
        with tempfile.TemporaryDirectory(dir=app_dir) as holder:
            (Path(holder) / app).symlink_to(base_dir / "templates" / app)
            admin_templates = base_dir / "templates" / "admin" / app
            if admin_templates.is_dir():
                (Path(holder) / f"admin-{app}").symlink_to(admin_templates)
            link = app_dir / "templates"
            link.symlink_to(holder)
            try:
                command = [python, manage, "makemessages", *languages, *COMMON_OPTIONS]
                _run([*command, "--symlinks", "-i", "migrations/*"], app_dir)
            finally:
                link.unlink()


def _run(command, cwd):
    # The command is built here from constants and paths, never from user input.
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=os.environ.copy())  # noqa: S603


class Command(BaseCommand):
    help = (
        "Update the French and Spanish catalogues (project and per app) from the code and "
        "templates; then translate the new entries and run compilemessages."
    )

    def handle(self, *args, **options):
        update_catalogues(Path(settings.BASE_DIR))
        self.stdout.write(self.style.SUCCESS("Catalogues updated."))

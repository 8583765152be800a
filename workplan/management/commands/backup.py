import gzip
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# Rebuilt by `migrate` on the target, or not worth keeping.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class Command(BaseCommand):
    help = (
        "Dump the whole database (work plans, submissions, users, roles and the audit history) "
        "to a gzipped JSON file that `restore` loads into an empty, migrated database, "
        "SQLite or PostgreSQL alike."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="output file (default: backups/cms-capacity-<UTC time>.json.gz)",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = Path("backups") / f"cms-capacity-{stamp}.json.gz"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            call_command(
                "dumpdata",
                natural_foreign=True,
                natural_primary=True,
                exclude=[label for label in EXCLUDE if _installed(label)],
                stdout=handle,
                verbosity=0,
            )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))


def _installed(label):
    from django.apps import apps

    return apps.is_installed(label) or label.split(".")[0] in {
        config.label for config in apps.get_app_configs()
    }

import gzip
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from workplan.models import WorkPlan


class Command(BaseCommand):
    help = (
        "Load a file written by `backup` into this database, in one transaction. Run "
        "`migrate` first. Refuses a database that already holds a work plan unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--force", action="store_true", help="load even if work plans already exist"
        )

    def handle(self, *args, path, force, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"No backup file at {source}.")
        if WorkPlan.objects.exists() and not force:
            raise CommandError(
                "This database already holds work plans; restore into an empty one "
                "(or pass --force to load over it)."
            )
        with tempfile.TemporaryDirectory() as scratch:
            plain = Path(scratch) / "backup.json"
            opener = gzip.open if source.suffix == ".gz" else open
            try:
                with opener(source, "rb") as packed, plain.open("wb") as out:
                    shutil.copyfileobj(packed, out)
                # The backup carries the audit history itself: loading must not add to it.
                with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(plain), verbosity=0)
            except (OSError, EOFError) as error:
                raise CommandError(f"{source} is not a readable backup: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))

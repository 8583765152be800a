import gzip
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from workplan.backup_files import storage_for
from workplan.management.commands.backup import DATA_MEMBER
from workplan.models import WorkPlan


@contextmanager
def _loading():
    # One transaction; the backup carries the audit history itself: loading must not add to it.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


class Command(BaseCommand):
    help = (
        "Load a file written by `backup` (the database and the uploaded files) into this "
        "database, in one transaction. Run `migrate` first. Refuses a database that already "
        "holds a work plan unless --force. Older .json.gz backups (no files) load too."
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
        files = 0
        with tempfile.TemporaryDirectory() as scratch:
            plain = Path(scratch) / "backup.json"
            try:
                if tarfile.is_tarfile(source):
                    with tarfile.open(source, "r:*") as archive:
                        member = archive.getmember(DATA_MEMBER)
                        with archive.extractfile(member) as packed, plain.open("wb") as out:
                            shutil.copyfileobj(packed, out)
                        # The files go back inside the same transaction: if one cannot be
                        # written, the database stays as it was.
                        with _loading():
                            call_command("loaddata", str(plain), verbosity=0)
                            files = self._restore_files(archive)
                else:
                    opener = gzip.open if source.suffix == ".gz" else open
                    with opener(source, "rb") as packed, plain.open("wb") as out:
                        shutil.copyfileobj(packed, out)
                    with _loading():
                        call_command("loaddata", str(plain), verbosity=0)
            except (OSError, EOFError, KeyError, tarfile.TarError) as error:
                raise CommandError(f"{source} is not a readable backup: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {source} ({files} file(s))."))

    def _restore_files(self, archive):
        count = 0
        for member in archive.getmembers():
            if not member.isfile() or member.name == DATA_MEMBER:
                continue
            storage, name = storage_for(member.name)
            if storage is None:
                self.stderr.write(self.style.WARNING(f"Unknown file skipped: {member.name}"))
                continue
            if storage.exists(name):
                storage.delete(name)
            with archive.extractfile(member) as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise OSError(f"{name} was stored as {saved}")
            count += 1
        return count

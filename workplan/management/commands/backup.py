import io
import tarfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from workplan.backup_files import stored_files

# Rebuilt by `migrate` on the target, or not worth keeping.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
DATA_MEMBER = "data.json"


class Command(BaseCommand):
    help = (
        "Dump the whole database (work plans, submissions, users, roles and the audit history) "
        "and every uploaded file (documents attached to responses) to one .tar.gz that "
        "`restore` loads into an empty, migrated database, SQLite or PostgreSQL alike."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="output file (default: backups/cms-capacity-<UTC time>.tar.gz)",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = Path("backups") / f"cms-capacity-{stamp}.tar.gz"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = io.StringIO()
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=[label for label in EXCLUDE if _installed(label)],
            stdout=data,
            verbosity=0,
        )
        files = 0
        with tarfile.open(path, "w:gz") as archive:
            payload = data.getvalue().encode("utf-8")
            info = tarfile.TarInfo(DATA_MEMBER)
            info.size = len(payload)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(payload))
            for member, storage, name in stored_files():
                if not storage.exists(name):
                    self.stderr.write(self.style.WARNING(f"Missing file skipped: {name}"))
                    continue
                info = tarfile.TarInfo(member)
                info.size = storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                with storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
                files += 1
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({files} file(s))."))


def _installed(label):
    from django.apps import apps

    return apps.is_installed(label) or label.split(".")[0] in {
        config.label for config in apps.get_app_configs()
    }

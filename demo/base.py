"""What every step of the demo data shares: the scales, the random streams, the progress bar.

Everything random comes from one ``random.Random(SEED)`` (``Context.rng``) consumed in a fixed
order over lists sorted by natural keys, so two runs on fresh databases on the same day give the
same data; planned dates, progress updates and the contributions' total draw from a second
stream (``Context.plan_rng``).
"""

import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

SEED = 20111125  # COP10 adopted the first plan on 25 November 2011
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    parties: int
    workplans: int
    activities: int
    rounds: int
    needs_per_response: tuple
    programmes: int
    events: int
    questionnaires: int
    questions: int
    contributions: int
    indicators: int
    measurements: int
    suggestions: int


SCALES = {
    "large": Scale(133, 10, 300, 20, (5, 10), 150, 600, 60, 19, 2000, 300, 20, 200),
    "small": Scale(13, 2, 30, 2, (5, 10), 15, 60, 6, 19, 200, 30, 20, 20),
    # For the test suite: every kind of row, a few of each.
    "tiny": Scale(4, 2, 20, 2, (2, 4), 2, 6, 3, 19, 12, 4, 3, 3),
}


class DemoDataExists(Exception):
    """The database already holds demo data: seeding twice would duplicate it."""


class ProgressBar:
    """A one-line text progress bar; prints one line per step when not on a terminal."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream or sys.stdout
        self.done = 0
        self.started = time.monotonic()
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._draw()

    def advance(self, count=1):
        self.done = min(self.total, self.done + count)
        if self.live:
            self._draw()

    def close(self):
        self.done = self.total
        self._draw(final=True)

    def _draw(self, final=False):
        if not (self.live or final):
            return
        filled = round(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        text = (
            f"{self.label:<22} [{bar}] {100 * self.done // self.total:3d}% "
            f"{self.done:>7,}/{self.total:,} {time.monotonic() - self.started:6.1f}s"
        )
        if self.live:
            self.stream.write("\r" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")


FIRST_NAMES = ["Amina", "Carlos", "Mei", "Olga", "Kwame", "Lucía", "Aroha", "Jean", "Fatima"]
LAST_NAMES = ["Okafor", "Herrera", "Chen", "Petrova", "Mensah", "Díaz", "Ngata", "Dupont", "Haddad"]


def bulk(objs, model, **options):
    """bulk_create, with the audit history when the model keeps one."""
    if hasattr(model._meta, "simple_history_manager_attribute"):
        return bulk_create_with_history(objs, model, batch_size=BATCH, **options)
    return model.objects.bulk_create(objs, batch_size=BATCH)


def split(total, parts):
    """``total`` spread over ``parts`` as evenly as integers allow (larger shares first)."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def random_day(rng, start, end):
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def moment(day, hour=10):
    return datetime.combine(day, dtime(hour, 0), tzinfo=UTC)


def money(rng, low, high, step=500):
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def in_three(field, texts):
    """A translated field's columns (``title_en``, ``title_fr``, ``title_es``) from its
    ``(English, French, Spanish)`` texts."""
    english, french, spanish = texts
    return {f"{field}_en": english, f"{field}_fr": french, f"{field}_es": spanish}


@dataclass
class Context:
    rng: random.Random
    scale: Scale
    out: object
    today: date
    secretariat: object = None
    parties: list = None
    nfp_users: dict = None
    plans: list = None  # (WorkPlan, [Activity]) oldest first
    # Planned dates, progress updates and the contributions' total: a stream of their own,
    # so that the other steps' data does not change with them.
    plan_rng: random.Random = None

"""Where a py-spy profile's time goes: ``py-spy record --format raw`` output (one line per
distinct stack, ``frame;frame;... count``) summed by kind of work and by function.

    .venv/bin/python bench/profile_summary.py PROFILE.txt
"""

import re
import sys
from collections import Counter
from pathlib import Path

# Kinds of work, recognised by a frame anywhere in the stack (a sample may count in several).
KINDS = [
    ("password hashing (PBKDF2)", re.compile(r"pbkdf2|hashers\.py")),
    ("SQL: executing and fetching", re.compile(r"django/db/backends/utils\.py|psycopg2")),
    ("SQL: building queries", re.compile(r"django/db/models/sql/compiler\.py")),
    ("model instances from rows", re.compile(r"from_db \(django/db/models/base\.py")),
    ("template rendering", re.compile(r"django/template/")),
    ("forms and formsets (cleaning, rendering)", re.compile(r"django/forms/")),
    ("model validation (full_clean)", re.compile(r"full_clean \(django/db/models/base\.py")),
    ("translation (gettext)", re.compile(r"gettext")),
    ("cache reads and writes", re.compile(r"django/core/cache/")),
    ("sessions", re.compile(r"django/contrib/sessions/")),
    ("audit history (simple_history)", re.compile(r"simple_history/")),
    ("axes (login throttling)", re.compile(r"axes/")),
    ("CSP and security headers", re.compile(r"csp/|middleware/security\.py")),
    ("outbox and mail", re.compile(r"workplan/outbox\.py|workplan/mail\.py")),
    ("the figures (dashboard)", re.compile(r"evaluation/(figures|charts|svg|selectors)")),
    ("gunicorn (accept, parse, write)", re.compile(r"^[^;]*gunicorn/")),
]


def _frames(line):
    stack, _space, count = line.rstrip().rpartition(" ")
    return stack.split(";"), int(count)


def report(path, top=15):
    total = 0
    kinds = Counter()
    own = Counter()
    inclusive = Counter()
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        frames, count = _frames(line)
        total += count
        stack = ";".join(frames)
        for name, pattern in KINDS:
            if pattern.search(stack):
                kinds[name] += count
        own[frames[-1]] += count
        for frame in set(frames):
            if re.search(r"\((needs|workplan|evaluation|handbook|countries|cms_capacity)/", frame):
                inclusive[frame] += count
    if not total:
        print("The profile holds no sample.")
        return
    print(f"\nProfile: {total} samples of busy workers (py-spy, 200 a second per process)\n")
    print("| kind of work (anywhere in the stack) | share |")
    print("|---|---|")
    for name, count in kinds.most_common():
        print(f"| {name} | {count / total:.0%} |")
    print("\n| the project's own functions, with what they call | share |")
    print("|---|---|")
    for frame, count in inclusive.most_common(top):
        print(f"| `{frame}` | {count / total:.0%} |")
    print("\n| where the CPU is when sampled (own time) | share |")
    print("|---|---|")
    for frame, count in own.most_common(top):
        print(f"| `{frame}` | {count / total:.0%} |")


if __name__ == "__main__":
    report(sys.argv[1])

"""Where a py-spy profile's time goes: ``py-spy record --format raw`` output (one line per
distinct stack, ``frame;frame;... count``) summed by kind of work and by function.

    .venv/bin/python bench/profile_summary.py PROFILE.txt

Each sample goes to one kind of work: the first kind matched walking from the innermost frame
outwards, so the shares add up to 100 % (middleware that merely calls the view gets only the
time spent in its own code).
"""

import re
import sys
from collections import Counter
from pathlib import Path

KINDS = [
    ("password hashing (PBKDF2)", re.compile(r"pbkdf2|hashers\.py")),
    ("SQL: waiting for PostgreSQL (execute, fetch, commit)", re.compile(r"django/db/backends/")),
    ("SQL: building queries", re.compile(r"django/db/models/sql/")),
    ("ORM: model instances, querysets", re.compile(r"django/db/models/")),
    ("cache reads and writes", re.compile(r"django/core/cache/")),
    ("template rendering", re.compile(r"django/template/|templatetags/")),
    ("forms and formsets", re.compile(r"django/forms/")),
    ("translation (gettext)", re.compile(r"gettext|translation/")),
    ("sessions", re.compile(r"django/contrib/sessions/")),
    ("audit history (simple_history)", re.compile(r"simple_history/")),
    ("axes (login throttling)", re.compile(r"axes/")),
    ("CSP and other middleware", re.compile(r"csp/|django/middleware/")),
    ("gunicorn (accept, parse, write)", re.compile(r"gunicorn/")),
]
PROJECT = re.compile(r"\((needs|workplan|evaluation|handbook|countries|cms_capacity)/")


def _kind(frames):
    for frame in reversed(frames):
        for name, pattern in KINDS:
            if pattern.search(frame):
                return name
    return "other"


def report(path, top=12):
    total = 0
    kinds = Counter()
    sql_callers = Counter()
    own = Counter()
    for line in Path(path).read_text().splitlines():
        stack, _space, count = line.rstrip().rpartition(" ")
        if not stack:
            continue
        frames, count = stack.split(";"), int(count)
        total += count
        kind = _kind(frames)
        kinds[kind] += count
        own[frames[-1]] += count
        if kind.startswith("SQL"):
            caller = next((f for f in reversed(frames) if PROJECT.search(f)), "(outside)")
            sql_callers[caller] += count
    if not total:
        print("The profile holds no sample.")
        return
    print(f"\nProfile: {total} samples of busy workers (py-spy, 200 a second per process)")
    _table("kind of work", "share", kinds.most_common(), total, ".0%")
    _table(
        "the project's line that the SQL time comes from",
        "share of all",
        sql_callers.most_common(top),
        total,
        ".1%",
        code=True,
    )
    _table(
        "where the CPU is when sampled (own time)",
        "share",
        own.most_common(top),
        total,
        ".1%",
        code=True,
    )


def _table(what, share, rows, total, fmt, code=False):
    """A Markdown table of counts as shares of ``total``, after a blank line."""
    if code:
        rows = [(f"`{name}`", count) for name, count in rows]
    print(f"\n| {what} | {share} |")
    print("|---|---|")
    for name, count in rows:
        print(f"| {name} | {count / total:{fmt}} |")


if __name__ == "__main__":
    report(sys.argv[1])

"""Count the IATI rule errors and warnings of each work plan's IATI file.

    DATABASE_URL=... .venv/bin/python bench/iati_rules.py [--verbose] [FILE.xml ...]

Without files, exports every work plan of the database (as /evaluation/iati/<slug>.xml does)
and checks each with ``evaluation.iati_rules``; with files, checks those files.
"""

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_capacity.settings")

import django  # noqa: E402

django.setup()

from evaluation import iati, iati_rules  # noqa: E402
from workplan.models import WorkPlan  # noqa: E402


def export(workplan):
    try:
        return iati.workplan_to_iati(workplan, base_url="https://cms.example.org")
    except TypeError:  # main's signature, before the base_url argument
        return iati.workplan_to_iati(workplan)


def main(argv):
    verbose = "--verbose" in argv
    paths = [a for a in argv if not a.startswith("--")]
    files = [(p, Path(p).read_bytes()) for p in paths] or [
        (w.slug, export(w)) for w in WorkPlan.objects.order_by("start_year")
    ]
    for name, content in files:
        problems = iati_rules.check_file(content)
        totals = iati_rules.counts(problems)
        print(f"{name}: {totals['error']} errors, {totals['warning']} warnings")
        by_rule = Counter((r.severity, r.id) for r, _i, _m in problems)
        for (severity, rule_id), n in sorted(by_rule.items()):
            print(f"    {severity:7} {rule_id:32} {n}")
        if verbose:
            for rule_, identifier, message in problems:
                print(f"    {identifier}: {rule_.id}: {message}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The French and Spanish of the words the demo data generates, kept as data in
``translations.json`` beside this module.

Read as attributes (``translations.QUESTIONS``): a dict maps the English text to
``[French, Spanish]``, a list is ``[English, French, Spanish]``.
"""

import json
from pathlib import Path

_TABLES = json.loads(Path(__file__).with_name("translations.json").read_text(encoding="utf-8"))


def __getattr__(name):
    try:
        return _TABLES[name]
    except KeyError:
        raise AttributeError(name) from None

"""Spreadsheet export of responses and needs, import and export of training events
(django-import-export). Every column is listed.

Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an
apostrophe, so an answer typed by a focal point cannot execute in the Secretariat's Excel.

The resources live in ``responses`` (the needs assessment's exports) and ``events`` (training
events, with ``event_widgets`` and the column-by-column import ``event_columns``); everything is
imported here, so ``from needs.resources import X`` is the one way in.
"""

from needs.resources.events import TrainingEventResource
from needs.resources.responses import CountryResponseResource, TrainingNeedResource

__all__ = ["CountryResponseResource", "TrainingEventResource", "TrainingNeedResource"]

"""The needs fixtures (a work plan with an open round, the seeded lists), for the analysis page."""

from tests.needs.conftest import lookups, open_round, workplan  # noqa: F401

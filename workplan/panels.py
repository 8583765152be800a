"""Figure sections that apps above workplan add to a plan's dashboard and progress report.

The dashboard (evaluation) and the handbook sit side by side above needs: neither imports the
other. The handbook registers what it adds in its ``AppConfig.ready()``; the dashboard, its
report, PDF and API ask this registry for the sections, each under its name (``figures.handbook``
in the templates).
"""

_providers = {}


def register(name, provider):
    """Add the section ``name``: ``provider(workplan)`` returns its figures (plain dicts and
    lists, cached with the dashboard's) or None when the plan has none. Registering a name again
    replaces its provider."""
    _providers[name] = provider


def sections(workplan):
    """Each registered section's figures for the plan, by name, in the order registered."""
    return {name: provider(workplan) for name, provider in _providers.items()}

"""Cached aggregates for the dashboard and the analysis pages, invalidated on every write.

A committee member should never wait twice for an aggregate over 150,000 answers. Figures are
cached under a key that includes a *generation* number; any write to a model of the project's
apps bumps the generation (model signals, plus an explicit ``figures_invalidate()`` in the bulk
paths that send no signals), so the next read recomputes. A time limit bounds any staleness a
missed path could cause.

The cache is Django's: the local-memory default serves one process (``make run``); several
gunicorn workers need a shared one (``CACHE_URL=dbcache://cms_cache`` or ``redis://...``).
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "cms:figures:generation"
TIMEOUT = 10 * 60  # seconds; the generation bump is what keeps figures current
PROJECT_APPS = ("workplan", "needs", "handbook", "evaluation")


def figures_generation():
    """The current generation number; it changes whenever project data is written."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def figures_cached(name, parts, compute):
    """``compute()``'s value, cached for this generation, language and set of ``parts``."""
    key = ":".join(
        [
            "cms:figures",
            name,
            str(figures_generation()),
            translation.get_language() or "",
            *map(str, parts),
        ]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached to invalidate
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:  # a cache outage must never make a user's save fail
        logger.exception("Could not invalidate the cached figures")


def figures_invalidate():
    """Make every cached figure stale: now, and again when the current transaction commits
    (a reader between the two may have cached figures without the uncommitted write)."""
    _bump()
    transaction.on_commit(_bump)


def _on_write(sender, **kwargs):
    if sender._meta.app_label in PROJECT_APPS:
        figures_invalidate()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"cms_figures_{signal}")

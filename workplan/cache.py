"""Cached aggregates for the dashboard and the analysis pages, invalidated on every write.

A committee member should never wait twice for an aggregate over 150,000 answers. Figures are
cached under a key that includes a *generation* number; any write to a model of the project's
apps bumps the generation (model signals, plus an explicit ``figures_invalidate()`` in the bulk
paths that send no signals), so the next read recomputes. A time limit bounds any staleness a
missed path could cause. The bump runs after the commit, and every cache failure is logged and
never raised: a write never depends on the cache.

The cache is Django's: the local-memory default serves one process (``make run``); several
gunicorn workers need a shared one (``CACHE_URL=dbcache://cms_cache`` or ``redis://...``).
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from workplan.roles import PROJECT_APPS

logger = logging.getLogger(__name__)

GENERATION_KEY = "cms:figures:generation"
TIMEOUT = 10 * 60  # seconds; the generation bump is what keeps figures current


def _first_generation():
    """The number a missing generation starts from: never one used before. The cache may lose
    the generation like any entry (the database and local-memory caches cull a third of their
    keys once full, Redis may evict): starting again from 1 would make pages and figures cached
    under an old 1 current again, from before the writes since. A clock in nanoseconds is past
    every number a few increments a write could have reached."""
    return time.time_ns()


class CacheUnavailable(Exception):
    """The cache could not be read or written; the caller carries on without it."""


@contextmanager
def _guarded(what):
    """Run a cache operation so that its failure is logged and never reaches the user.

    The database cache shares the connection of the writer: inside a transaction a failed SELECT
    (no cache table yet, say) would abort the whole transaction even if caught, so there the
    operation runs in a savepoint that is rolled back alone.
    """
    savepoint = isinstance(caches["default"], DatabaseCache) and connection.in_atomic_block
    try:
        if savepoint:
            with transaction.atomic():
                yield
        else:
            yield
    except Exception as error:
        logger.warning("Cache unavailable while %s: %s", what, error)
        raise CacheUnavailable from error


# Set while a cached page is rendered (workplan.page_cache): that GET writes nothing, so the
# generation it read first holds for every figure it then asks for, at no further round trip.
_pinned_generation = ContextVar("cms_pinned_generation", default=None)


@contextmanager
def generation_pinned(generation):
    """Within the block, ``figures_generation()`` is ``generation`` without asking the cache."""
    token = _pinned_generation.set(generation)
    try:
        yield
    finally:
        _pinned_generation.reset(token)


def figures_generation():
    """The current generation number; it changes whenever project data is written.
    None when the cache cannot be reached."""
    pinned = _pinned_generation.get()
    if pinned is not None:
        return pinned
    try:
        with _guarded("reading the figures generation"):
            generation = cache.get(GENERATION_KEY)
            if generation is None:
                generation = _first_generation()
                if not cache.add(GENERATION_KEY, generation, timeout=None):
                    generation = cache.get(GENERATION_KEY)  # another process started it first
    except CacheUnavailable:
        return None
    return generation


def figures_cached(name, parts, compute):
    """``compute()``'s value, cached for this generation, language and set of ``parts``.
    Without a working cache the value is computed every time (slower, never wrong)."""
    generation = figures_generation()
    if generation is None:
        return compute()
    key = ":".join(
        [
            "cms:figures",
            name,
            str(generation),
            translation.get_language() or "",
            *map(str, parts),
        ]
    )
    try:
        with _guarded("reading cached figures"):
            value = cache.get(key)
    except CacheUnavailable:
        value = None
    if value is None:
        value = compute()
        try:
            with _guarded("storing figures"):
                cache.set(key, value, timeout=TIMEOUT)
        except CacheUnavailable:
            pass
    return value


def _bump():
    try:
        with _guarded("invalidating the cached figures"):
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:  # no generation yet: nothing cached to invalidate
                cache.add(GENERATION_KEY, _first_generation(), timeout=None)
    except CacheUnavailable:
        pass  # logged; the figures' time limit bounds how stale they can be


def figures_invalidate():
    """Make every cached figure stale once the current transaction commits.

    Never inside the writer's transaction: a cache outage (or a cache table that does not exist
    yet, during the first ``migrate``) must not abort the write, and a reader before the commit
    sees, and may cache, only the old data, which the bump after the commit then retires."""
    transaction.on_commit(_bump)


def _on_write(sender, **kwargs):
    if sender._meta.app_label in PROJECT_APPS and not getattr(sender, "figures_irrelevant", False):
        figures_invalidate()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"cms_figures_{signal}")

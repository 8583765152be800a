"""The submission protocol, one module for every app: submit once, refuse a stale form, replay.

A form that writes answers (the needs survey, an evaluation questionnaire, a handbook
suggestion) carries two hidden fields:

- ``submission_key`` (``KEY``): a UUID made when the form is rendered. A double click or a
  retried POST sends the same key: the service returns what the first POST stored instead of
  storing it twice (a *replay*), or refuses if the same key now carries other content.
- ``version``: the stored record's version when the form was rendered. Every save raises it;
  a form sent with an older version (another tab, another focal point, a Secretariat edit in
  the admin) or with none is refused instead of overwriting what was saved since.

Services raise one exception, ``SubmissionConflict``, with the message the user reads; views
answer it one way, ``conflict_response``: the message on top of the page as it now is, 409.
"""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

KEY = "submission_key"


class _Unchecked:
    def __repr__(self):
        return "UNCHECKED"


# The default ``version`` of a service call that comes from no rendered form (seeding, imports,
# scripts): nothing to compare. A view always passes what the form sent, None included.
UNCHECKED = _Unchecked()


class SubmissionConflict(ValidationError):
    """A stale form, or a submission key replayed with other content: nothing was saved, and the
    message says why and what to do."""

    def __init__(self, message):
        super().__init__(message, code="conflict")


def new_key():
    """The key of a newly rendered form."""
    return uuid.uuid4()


def key_field(*, required=False):
    return forms.UUIDField(widget=forms.HiddenInput, required=required)


def version_field():
    # Not required: a POST without it reaches the service, which refuses it as stale (a clear
    # conflict message rather than a form error about a hidden field).
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def lock_or_create(queryset, *, defaults=None, **scope):
    """The row of ``scope``, created if missing, locked (``select_for_update``) until the end
    of the transaction: two tabs, two focal points or a retried POST cannot interleave. Two
    first saves at once both end up with the one row."""
    model = queryset.model
    try:
        with transaction.atomic():
            model._default_manager.get_or_create(**scope, defaults=defaults or {})
    except IntegrityError:  # the other first save won: its row is used below
        pass
    return queryset.select_for_update().get(**scope)


def check_version(stored, sent, *, message):
    """Refuse a form rendered before the record's last save, or one that sent no version.

    ``message`` is a callable giving the conflict text, built only when the form is refused."""
    if sent is UNCHECKED:
        return
    if sent is None or sent == "" or int(sent) != stored:
        raise SubmissionConflict(message())


def is_replay(stored_key, sent_key):
    """True when a POST carries the key the stored record was submitted with: a retry of the
    same form (a double click, a network retry), to be answered by ``replay``."""
    return bool(sent_key) and stored_key is not None and str(stored_key) == str(sent_key)


def replay(stored, *, same, message):
    """A retried POST carrying a key already stored: the stored result when it says the same
    (``same``), else a conflict with ``message()``; the stored record is never changed."""
    if not same:
        raise SubmissionConflict(message())
    return stored


def save_once(instance, *, find):
    """Save a new row whose unique submission key a twin POST may have stored meanwhile.

    Returns ``(row, created)``: the twin's row (``find()``) with False when the database refused
    this one as a duplicate."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        existing = find()
        if existing is None:
            raise
        return existing, False
    return instance, True


def error_text(error):
    """A ValidationError as one line for a message or an admin notice."""
    return " ".join(error.messages)


def conflict_response(request, conflict, render):
    """The one way a view answers ``SubmissionConflict``: the conflict message at the top of the
    page, the page rendered again by ``render(status)`` with status 409 (Conflict)."""
    messages.error(request, error_text(conflict))
    return render(409)


def form_conflict_response(view, form, conflict):
    """``conflict_response`` for a form view: the same form, with what was typed, again (409)."""
    return conflict_response(
        view.request,
        conflict,
        lambda status: view.render_to_response(view.get_context_data(form=form), status=status),
    )

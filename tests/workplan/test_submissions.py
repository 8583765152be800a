"""The one submission protocol every app's services use: version check, replay, the key."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from workplan import submissions
from workplan.submissions import UNCHECKED, SubmissionConflict


def _message():
    return "Someone saved this since you opened it."


@pytest.mark.parametrize("sent", [3, "3"])
def test_the_version_the_form_was_rendered_with_passes(sent):
    submissions.check_version(3, sent, message=_message)


@pytest.mark.parametrize("sent", [2, "4", None, ""])
def test_an_older_version_or_none_is_a_conflict_with_the_message(sent):
    with pytest.raises(SubmissionConflict, match="since you opened it") as refused:
        submissions.check_version(3, sent, message=_message)
    assert refused.value.code == "conflict"
    assert isinstance(refused.value, ValidationError)  # forms and admin catch it as one


def test_a_call_from_no_form_is_not_compared():
    submissions.check_version(3, UNCHECKED, message=_message)


def test_a_replay_of_the_same_content_returns_what_was_stored():
    stored = object()
    assert submissions.replay(stored, same=True, message=_message) is stored


def test_a_replay_with_other_content_is_a_conflict():
    with pytest.raises(SubmissionConflict, match="since you opened it"):
        submissions.replay(object(), same=False, message=_message)


def test_a_retry_is_recognised_by_its_key_whatever_its_type():
    key = uuid.uuid4()
    assert submissions.is_replay(key, str(key))
    assert not submissions.is_replay(key, str(uuid.uuid4()))
    assert not submissions.is_replay(key, "")
    assert not submissions.is_replay(None, None)


def test_each_rendered_form_gets_its_own_key():
    assert submissions.new_key() != submissions.new_key()

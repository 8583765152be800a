"""Send the same POST from several threads at once, each with its own client and connection."""

import threading

import pytest
from django.db import connection
from django.test import Client

# Row locks and unique-index waits are what these tests prove; SQLite has neither.
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writes are proven on PostgreSQL"
)


def post_at_once(user, url, data, copies=2):
    """POST ``data`` to ``url`` as ``user`` from ``copies`` threads released together.

    Returns the responses in thread order; an exception in a thread is raised here.
    """
    barrier = threading.Barrier(copies)
    responses = [None] * copies
    errors = []

    def send(index):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            responses[index] = client.post(url, data)
        except Exception as error:  # noqa: BLE001 - re-raised in the test thread
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return responses


def message_texts(response):
    """The flash messages a response queued for the next page."""
    from django.contrib.messages import get_messages

    return [str(message) for message in get_messages(response.wsgi_request)]

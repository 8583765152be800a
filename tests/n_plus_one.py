"""django-zeal's N+1 detector, switched on for every GET the test client makes.

Only reads are watched: they are the pages and lists whose cost must not grow with the data.
A POST validates each submitted row's foreign keys on its own (ModelChoiceField.clean runs one
``get()`` per form of a formset, django-import-export one per imported row), a cost bounded by
the form or the import batch, not by what the database holds.
"""

from zeal import zeal_context


def zeal_middleware(get_response):
    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        with zeal_context():
            return get_response(request)

    return middleware

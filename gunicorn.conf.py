"""gunicorn's settings for production: ``gunicorn -c gunicorn.conf.py`` (see the README).

Read from the same environment variables as the Django settings, so the two cannot disagree:

- ``WEB_CONCURRENCY``: worker processes; by default two per core plus one.
- ``TRUSTED_PROXY_COUNT``: with 0 (the default) gunicorn trusts no X-Forwarded-* header from
  anyone. gunicorn's own default trusts X-Forwarded-Proto from 127.0.0.1, which would make a
  plain-HTTP request look like HTTPS even when the app was told there is no proxy. With 1 or
  more, the headers are trusted from ``FORWARDED_ALLOW_IPS`` (default: the proxy on this host,
  127.0.0.1 and ::1).
- ``PORT`` or ``GUNICORN_BIND``: where to listen (default 0.0.0.0:8000).
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


wsgi_app = "cms_capacity.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{_int('PORT', 8000)}")
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
# Surveys upload small spreadsheets at most; a slow client is cut off rather than holding a worker.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Restart workers now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200

_proxies = _int("TRUSTED_PROXY_COUNT", 0)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if _proxies > 0 else ""
accesslog = "-"
errorlog = "-"

"""gunicorn's configuration for the portal: ``gunicorn -c gunicorn.conf.py kowes.wsgi``.

Values come from environment variables like the Django settings. gunicorn listens on the
loopback behind a TLS reverse proxy (docs/deploy.md) and trusts its X-Forwarded-Proto.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number.") from None


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
# A worker silent this long is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# The application is imported once, in the master, before the workers are forked: a new
# worker (at start, or replacing a recycled one) starts at once instead of importing Django
# and every app again (about 0.7 s of CPU), and the workers share those pages of memory.
# Code changes need a restart (systemctl restart kowes), not a HUP. Nothing at import time
# opens a database or cache connection, so no connection is shared between workers.
preload_app = True
# Recycle workers now and then, so that no slow leak grows without bound (at a few hundred
# requests a second per worker, 10,000 requests is still every minute or so).
max_requests = 10000
max_requests_jitter = 1000
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No control socket (gunicornc): one fixed path per user would clash between two instances.
control_socket_disable = True
# The proxies whose X-Forwarded-Proto gunicorn believes (the load balancer, when not local).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests larger than this are refused before Django sees them (the proxy limits bodies).
limit_request_line = 8190
limit_request_fields = 100

# The access log without the client's address or the query string (personal data): the
# proxy keeps its own log for as long as the privacy policy says.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"

# A database that does not answer must fail a request (503) long before gunicorn kills the
# worker: the connect timeout has to be the shorter one.
_db_connect_timeout = _int("DB_CONNECT_TIMEOUT", 5)
if _db_connect_timeout >= timeout:
    raise SystemExit(
        f"DB_CONNECT_TIMEOUT={_db_connect_timeout} must be shorter than GUNICORN_TIMEOUT={timeout}."
    )

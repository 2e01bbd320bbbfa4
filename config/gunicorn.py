"""gunicorn configuration: ``gunicorn -c config/gunicorn.py config.wsgi``.

Every value can be overridden from the environment; the defaults suit one app server behind a
reverse proxy, sharing PostgreSQL with up to five others (see "Connection budget" in
docs/deploy.md).
"""

import multiprocessing
import os
import time

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each worker thread holds up to one PostgreSQL connection. 2 × cores + 1 suits a 2–4 core
# server; the cap keeps six 8-core servers (6 × 12 = 72 connections) within PostgreSQL's
# default of 100 connections, beside the mail worker, cron jobs and maintenance.
MAX_DEFAULT_WORKERS = 12
workers = int(
    os.environ.get(
        "GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, MAX_DEFAULT_WORKERS)
    )
)
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Only the proxy in front of us may set X-Forwarded-Proto and friends.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _control_socket_path(address: str) -> str:
    """The control socket of the instance bound to ``address``: one per instance on a host.

    gunicorn's default (``$XDG_RUNTIME_DIR`` or ``~/.gunicorn``, file ``gunicorn.ctl``) is the
    same for every instance of a user, so a second instance would take the first one's socket.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    directory = runtime if os.path.isdir(runtime) else os.path.expanduser("~/.gunicorn")
    first = address.split(",")[0]
    kept = "".join(c if (c.isascii() and c.isalnum()) or c in ".-" else " " for c in first)
    name = "_".join(kept.split())  # e.g. "127.0.0.1:8000" -> "127.0.0.1_8000"
    return os.path.join(directory, f"gunicorn-{name}.ctl")


# GUNICORN_CONTROL_SOCKET: a path, or "off" for none.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = _control.lower() == "off"
control_socket = _control if _control and not control_socket_disable else _control_socket_path(bind)


def post_worker_init(worker):
    """Load the comment moderation (classifier model, word lists) before the first request.

    Loaded lazily it makes a fresh worker's first comment wait 0.2 to 2 seconds. Not preloaded in
    the master (``preload_app``): ``kill -HUP`` then would not load a new release's code.
    """
    started = time.monotonic()
    try:
        warm_up_moderation()
    except Exception:
        # The moderation then loads on first use, as without this hook; never block a worker.
        worker.log.exception("Moderation could not be loaded at worker start.")
        return
    worker.log.info("Moderation loaded in %.2f s.", time.monotonic() - started)


WARM_UP_TEXT = "Danke für den Beitrag! Die dritte These sehe ich anders, siehe beispiel.de."


def warm_up_moderation() -> None:
    """Review one harmless comment: loads every rule's data, as the first real comment would."""
    from comments.moderation.base import Draft, ReviewContext
    from comments.moderation.policy import review

    context = ReviewContext(post_text=WARM_UP_TEXT, recent_comment_texts=(), watched_words=())
    review(Draft(body=WARM_UP_TEXT, name="Leserin", email="leserin@example.org"), context)

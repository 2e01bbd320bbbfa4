"""Settings for benchmarks: the project's settings plus the baseline views in bench/urls.py."""

from config.env import env_int
from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The load generator runs on plain HTTP over loopback, without the TLS proxy production has.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# All simulated readers share 127.0.0.1: per-IP flood limits would stop the benchmark itself.
COMMENTS_RATE_LIMITS = {"ip": None}
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 1)  # noqa: F405

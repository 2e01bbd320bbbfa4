"""Settings for benchmarks: the project's settings plus the baseline views in bench/urls.py."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

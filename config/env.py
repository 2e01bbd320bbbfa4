"""Small helpers for reading settings from environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in TRUE_VALUES


def env_int(name: str, default: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_overrides(**readers) -> dict:
    """``{name: reader(name)}`` for each setting the environment sets to a non-empty value.

    For settings whose default lives in an app's ``conf.py``: what the environment leaves
    unset stays out of the project's settings, so the app's default applies.
    """
    return {name: read(name) for name, read in readers.items() if os.environ.get(name, "").strip()}

"""Settings for the test suite: the project's own, but for what only makes tests slow.

pytest uses this module (``pyproject.toml``); subprocess tests that check the production
settings start ``manage.py`` without it.
"""

from config.settings import *  # noqa: F403

# A deliberately slow hash (PBKDF2, 1,000,000 iterations) is what protects stored passwords; the
# suite creates hundreds of accounts and logs them in, which cost most of the admin tests' time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

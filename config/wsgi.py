import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# get_wsgi_application(), with requests that never decode by a client-declared charset.
django.setup(set_prefix=False)

from core.requests import Utf8WSGIHandler  # noqa: E402 (needs the settings)

application = Utf8WSGIHandler()

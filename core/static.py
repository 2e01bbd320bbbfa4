"""Static files across rolling releases.

Each release's ``collectstatic`` writes content-hashed copies of the static files
(``css/site.3f9a1c2b7d4e.css``) into ``STATIC_ROOT``. When ``STATIC_ROOT`` is a directory that
persists across releases on a host (``STATIC_ROOT=/srv/gegenverkehr/static``, see
docs/deploy.md, "Rolling releases"), the files of the releases before stay there beside the new
ones, so pages of either release find what they link while both serve. The **manifest** (which
hashed name stands for which file) belongs to one release, though: it is kept in the release's
own directory (``STATIC_MANIFEST_ROOT``), so that a server of the previous release that starts a
worker during the rollout keeps linking its own files, and never reads the next release's
manifest (which may lack a file it links: a 500).

:class:`core.middleware.StaticFilesMiddleware` serves hashed files that appear in
``STATIC_ROOT`` after the server started (the next release's, collected while this one runs).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ReleaseStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, with the manifest in ``STATIC_MANIFEST_ROOT``."""

    def __init__(self, *args, manifest_storage=None, **kwargs):
        if manifest_storage is None:
            manifest_storage = FileSystemStorage(location=settings.STATIC_MANIFEST_ROOT)
        super().__init__(*args, manifest_storage=manifest_storage, **kwargs)


def is_hashed_name(name: str) -> bool:
    """Whether a file name carries a content hash the way ``collectstatic`` writes it
    (``name.<12 hex digits>.ext``, compressed variants included): such a file never changes."""
    parts = name.rsplit("/", 1)[-1].split(".")
    return any(
        len(part) == 12 and all(c in "0123456789abcdef" for c in part) for part in parts[1:-1]
    )

"""Images in posts: checking an upload, and the renditions served in ``srcset``.

An upload is checked from its header before any pixel is decoded: it must be a JPEG, PNG, WebP
or GIF within ``BLOG_IMAGE_MAX_BYTES`` and ``BLOG_IMAGE_MAX_PIXELS`` — anything else, including
SVG and decompression bombs, is refused with a message saying why. When the image is saved,
renditions in the widths of ``BLOG_IMAGE_WIDTHS`` are written as WebP through the storage API,
turned upright by their EXIF orientation and without the original's metadata (camera, GPS).
Pages link the renditions only; the original stays in storage for new renditions later.
"""

import logging
import uuid
import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from blog.conf import blog_settings

logger = logging.getLogger(__name__)

# Pillow format name -> file extension of the stored original.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
UPLOAD_DIR = "beitraege"
RENDITION_DIR = "beitraege/varianten"


def inspect(file) -> tuple[str, int, int]:
    """``(format, width, height)`` of an uploaded image, read from its header only.

    Raises ``ValidationError`` with a message for the editor when the file is not one of the
    accepted formats, too large in bytes or in pixels.
    """
    max_bytes = blog_settings.BLOG_IMAGE_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(FORMATS)) as image:
                image_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "Diese Datei ist kein Bild, das wir verarbeiten können. Bitte lade ein JPEG-, "
                "PNG-, WebP- oder GIF-Bild hoch."
            ),
            code="not_an_image",
        ) from None
    finally:
        file.seek(0)
    if width * height > blog_settings.BLOG_IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height)
    return image_format, width, height


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = blog_settings.BLOG_IMAGE_MAX_PIXELS / 1_000_000
    if width is None:
        message = _(
            "Das Bild hat zu viele Pixel; erlaubt sind höchstens %(limit)g Megapixel. "
            "Bitte verkleinere es vor dem Hochladen."
        ) % {"limit": limit}
    else:
        message = _(
            "Das Bild hat %(width)s × %(height)s Pixel; erlaubt sind höchstens %(limit)g "
            "Megapixel. Bitte verkleinere es vor dem Hochladen."
        ) % {"width": width, "height": height, "limit": limit}
    return ValidationError(message, code="too_many_pixels")


def validate_image(value) -> None:
    """Model field validator: checks new uploads; a file already stored was checked before."""
    if value and not getattr(value, "_committed", True):
        inspect(value.file)


def upload_to(instance, filename: str) -> str:
    """A random name with the extension of the detected format, never the editor's file name."""
    image_format, _width, _height = inspect(instance.image.file)
    return f"{UPLOAD_DIR}/{uuid.uuid4().hex}.{FORMATS[image_format]}"


def check_decodes(file) -> None:
    """Decode the image (JPEGs at the reduced scale the renditions need): a file cut short
    passes Pillow's ``verify()`` for some formats but would fail when the renditions are made."""
    widest = max(blog_settings.BLOG_IMAGE_WIDTHS)
    file.seek(0)
    try:
        with Image.open(file, formats=list(FORMATS)) as image:
            image.draft("RGB", (widest, widest))
            image.load()
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Das Bild ist beschädigt oder unvollständig. Bitte lade die Datei noch einmal hoch."),
            code="broken_image",
        ) from None
    finally:
        file.seek(0)


class ImageUploadField(forms.ImageField):
    """Checks the header (format, bytes, pixels) before Django's ImageField decodes the file,
    and that the whole picture decodes."""

    def to_python(self, data):
        upload = data is not None and data is not False and hasattr(data, "seek")
        if upload:
            inspect(data)
        result = super().to_python(data)
        if upload:
            check_decodes(data)
        return result


class PostImageFileField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


def make_renditions(file, storage) -> list[dict]:
    """Write the renditions of ``file`` to ``storage``: ``[{"name", "width", "height"}, …]``."""
    widths = sorted(blog_settings.BLOG_IMAGE_WIDTHS)
    file.seek(0)
    with Image.open(file, formats=list(FORMATS)) as source:
        # JPEGs decode at a reduced scale straight away when that still covers the widest
        # rendition: a fraction of the memory and time of decoding a camera's full resolution.
        source.draft("RGB", (widths[-1], widths[-1]))
        image = ImageOps.exif_transpose(source)
    file.seek(0)
    if image.mode not in ("RGB", "RGBA"):
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    full_width, full_height = image.size
    targets = sorted({w for w in widths if w < full_width} | {min(full_width, widths[-1])})
    stem = uuid.uuid4().hex
    renditions = []
    for width in targets:
        height = max(1, round(full_height * width / full_width))
        resized = (
            image
            if width == full_width
            else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        buffer = BytesIO()
        resized.save(buffer, "WEBP", quality=blog_settings.BLOG_IMAGE_QUALITY, method=4)
        name = storage.save(f"{RENDITION_DIR}/{stem}-{width}w.webp", ContentFile(buffer.getvalue()))
        renditions.append({"name": name, "width": width, "height": height})
    return renditions


def default_rendition(renditions: list[dict]) -> dict | None:
    """The rendition for ``src`` and the width/height attributes."""
    if not renditions:
        return None
    limit = blog_settings.BLOG_IMAGE_DEFAULT_WIDTH
    fitting = [rendition for rendition in renditions if rendition["width"] <= limit]
    return fitting[-1] if fitting else renditions[0]


def delete_files(storage, names) -> None:
    """Remove files no row refers to any more; a failure leaves an orphan file, nothing worse."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete the image file %s", name)

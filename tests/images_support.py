"""Image files made on the spot for the image tests: real encoders, no shipped binaries."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image


def image_bytes(width=1200, height=800, fmt="JPEG", orientation=None, color=(30, 90, 120)):
    """An encoded picture; ``orientation`` sets the EXIF orientation tag (JPEG)."""
    image = Image.new("RGB", (width, height), color)
    # A bright block in the top-left corner shows where "up" is after rotating.
    image.paste((250, 250, 250), (0, 0, width // 4, height // 4))
    buffer = BytesIO()
    kwargs = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        kwargs["exif"] = exif.tobytes()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def upload(name="foto.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content or image_bytes(), content_type=content_type)


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    buffer = BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    # IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
    ihdr = bytes(data[16:29])
    ihdr = struct.pack(">II", width, height) + ihdr[8:]
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def post_change_data(post, images=(), **fields):
    """The post admin's change form as a browser posts it, with image inline ``images``:
    a list of dicts of inline fields (``id`` for existing rows, ``image`` an upload)."""
    data = {
        "title": post.title,
        "slug": post.slug,
        "kicker": post.kicker,
        "lead": post.lead,
        "body": post.body,
        "author": post.author_id,
        "tags": "",
        "status": post.status,
        "published_at_0": timezone.localtime(post.published_at).strftime("%d.%m.%Y"),
        "published_at_1": timezone.localtime(post.published_at).strftime("%H:%M:%S"),
        "comments_enabled": "on",
        "image_credit": post.image_credit,
        "footnote": post.footnote,
        "source": post.source,
        "theses-TOTAL_FORMS": "0",
        "theses-INITIAL_FORMS": "0",
        "theses-MIN_NUM_FORMS": "0",
        "theses-MAX_NUM_FORMS": "1000",
        "images-TOTAL_FORMS": str(len(images)),
        "images-INITIAL_FORMS": str(sum(1 for row in images if row.get("id"))),
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, row in enumerate(images):
        prefix = f"images-{index}-"
        data[prefix + "post"] = post.pk
        for name in ("id", "image", "alt_text", "caption", "credit", "position"):
            data[prefix + name] = row.get(name, "")
        if row.get("DELETE"):
            data[prefix + "DELETE"] = "on"
    return data

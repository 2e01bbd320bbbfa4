"""Image files made on the spot for the image tests: real encoders, no shipped binaries."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
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

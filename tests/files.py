"""Real files for upload tests: uploads are checked by decoding them."""

import datetime as dt
import io

from PIL import Image


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf() -> bytes:
    buffer = io.BytesIO()
    # Fixed dates: Pillow stamps the current second otherwise, and a test comparing an upload with a second call
    # failed whenever the two fell on either side of a second.
    when = dt.datetime(2026, 7, 1, 8, 0, 0).timetuple()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PDF", creationDate=when, modDate=when)
    return buffer.getvalue()


def png_bomb(width: int = 10_000, height: int = 10_000) -> bytes:
    """100 million pixels in a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 0).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

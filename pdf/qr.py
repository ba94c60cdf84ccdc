"""QR codes as PNG data URIs (cheaper than inline SVG, and the mini-program shows them as they are)."""

from __future__ import annotations

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def png_bytes(text: str, *, box_size: int = 8, border: int = 2) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def png_data_uri(text: str, **options: int) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(text, **options)).decode()

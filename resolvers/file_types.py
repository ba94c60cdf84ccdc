"""What a file is, found from its content: the one place that tells file types apart (issue 10 §1).

Uploads (resolvers/uploads.py: licences, consent files) and rosters (resolvers/roster/reader.py) both ask here.
An image is an image when Pillow decodes it, within a pixel limit (a small file can expand to gigabytes); a PDF
when it has a PDF's structure and no scripts; first bytes alone prove nothing. Types a browser will be served
(images, PDFs) must carry no markup, which a browser could be tricked into running.
"""

from __future__ import annotations

import io
import re
import warnings

from PIL import Image

from resolvers.errors import DomainError, ErrorCode

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
CSV = "text/csv"
IMAGES = frozenset({JPEG, PNG})
SERVED = frozenset({JPEG, PNG, PDF})
ROSTERS = frozenset({XLSX, XLS, CSV})

_PIL_FORMATS = {"JPEG": JPEG, "PNG": PNG}
_MARKUP = re.compile(rb"<\s*(?:script|html|body|head|iframe|object|embed|svg|!doctype)\b", re.IGNORECASE)
_PDF_ACTIONS = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFile)\b")
_PNG_END = b"IEND\xaeB`\x82"
_ZIP = b"PK\x03\x04"  # an .xlsx is a zip; roster/reader.py bounds and decodes it
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls, recognised only to say so


def found(data: bytes, allowed: frozenset[str], *, max_pixels: int, field: str) -> str | None:
    """The type among `allowed` that the content decodes as, or None. CSV, when allowed, is what is left: text
    the roster reader decodes and bounds itself. Raises FILE_TOO_LARGE for an image over `max_pixels`."""
    if allowed & SERVED and _MARKUP.search(data):
        return None
    if data.startswith(_OLE):
        return XLS if XLS in allowed else None
    if data.startswith(_ZIP):
        return XLSX if XLSX in allowed else None
    if data.startswith(b"%PDF-"):
        return PDF if PDF in allowed and _is_pdf(data) else None
    if allowed & IMAGES:
        kind = _image(data, max_pixels, field)
        if kind is not None:
            return kind if kind in allowed else None
    return CSV if CSV in allowed else None


def _is_pdf(data: bytes) -> bool:
    """Header and end marker where a PDF has them; no scripts, launch actions or embedded files."""
    return (re.match(rb"%PDF-[12]\.\d", data) is not None and b"%%EOF" in data[-1024:]
            and not _PDF_ACTIONS.search(data))


def _image(data: bytes, max_pixels: int, field: str) -> str | None:
    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: our limit below decides
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            kind = _PIL_FORMATS.get(image.format or "")
            width, height = image.size
            if kind is None or width * height == 0:
                return None
            if width * height > max_pixels:
                raise DomainError(ErrorCode.FILE_TOO_LARGE, f"图片尺寸过大（{width}×{height}），请缩小后上传", field)
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if kind == JPEG:
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))  # decodes every block, smaller
            image.load()
    except DomainError:
        raise
    except Exception:  # Pillow reports a broken file in many ways (OSError, SyntaxError, ValueError, ...)
        return None
    if kind == PNG and not data.endswith(_PNG_END):
        return None  # bytes after the image's end: something else rides along
    return kind

"""Issue 10 §1: one type finder for every file the platform takes (uploads and rosters), deciding by content:
an image is an image when it decodes, not when its first bytes say so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from resolvers import file_types
from resolvers.errors import DomainError
from resolvers.roster import reader
from tests.files import jpeg, pdf, png, png_bomb

ROOT = Path(__file__).resolve().parent.parent
ANY = file_types.SERVED | file_types.ROSTERS


def found(data: bytes, allowed=ANY, max_pixels: int = 50_000_000):
    return file_types.found(data, allowed, max_pixels=max_pixels, field="file")


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["学号", "姓名"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_i10_1_images_and_pdfs_are_found_by_decoding():
    assert found(png(), file_types.SERVED) == file_types.PNG
    assert found(jpeg(), file_types.SERVED) == file_types.JPEG
    assert found(pdf(), file_types.SERVED) == file_types.PDF
    # First bytes of a PNG, then nothing a decoder accepts; an image with a page riding behind it.
    assert found(png()[:40] + b"\x00" * 200, file_types.SERVED) is None
    assert found(png() + b"<html><script>alert(1)</script>", file_types.SERVED) is None
    assert found(b"%PDF-1.7\n/JavaScript (x)\n%%EOF", file_types.SERVED) is None
    with pytest.raises(DomainError) as bomb:
        found(png_bomb(), file_types.SERVED, max_pixels=1_000_000)
    assert bomb.value.code == "FILE_TOO_LARGE"
    # Only what is allowed: a PDF where only images are.
    assert found(pdf(), file_types.IMAGES) is None


def test_i10_1_rosters_are_told_apart_by_the_same_finder():
    assert found(_xlsx(), file_types.ROSTERS) == file_types.XLSX
    assert found(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, file_types.ROSTERS) == file_types.XLS
    assert found("学号,姓名\n3220701001,陈晓明\n".encode(), file_types.ROSTERS) == file_types.CSV
    assert found(pdf(), file_types.ROSTERS) is None
    with pytest.raises(DomainError) as old:
        reader.read(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert old.value.code == "ROSTER_UNREADABLE" and ".xlsx" in old.value.message
    with pytest.raises(DomainError) as not_a_roster:
        reader.read(pdf())
    assert not_a_roster.value.code == "ROSTER_UNREADABLE"
    assert reader.read(_xlsx()).header[:2] == ["学号", "姓名"]


def test_i10_1_no_other_module_tells_types_by_their_first_bytes():
    signatures = ("\\x89PNG", "PK\\x03\\x04", "%PDF-", "\\xd0\\xcf\\x11\\xe0", "\\xff\\xd8")
    for folder in ("resolvers", "server", "schema", "notifications"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "resolvers" / "file_types.py":
                continue
            text = path.read_text(encoding="utf-8")
            assert not any(s in text for s in signatures), f"{path.relative_to(ROOT)} sniffs file types itself"

"""Issue 6.7: a roster file does no more work than a real roster needs, whatever it claims to hold."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

from models import Graduate
from resolvers.roster import reader
from tests.test_roster_import import person, upload, xlsx

MB = 1024 * 1024


def _rewrite(book: bytes, name: str, write, extra: dict[str, str] | None = None) -> bytes:
    """The workbook with member `name` streamed by `write(stream, original text or "")`; `extra` replaces others."""
    source = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, (extra or {}).get(info.filename) or source.read(info.filename))
        with target.open(name, "w", force_zip64=True) as stream:
            write(stream, source.read(name).decode() if name in source.namelist() else "")
    return out.getvalue()


def _blank_rows(count: int) -> bytes:
    book = xlsx([person("3220702001", "王小明", 101)])

    def write(stream, original: str) -> None:
        head, tail = original.split("</sheetData>")
        stream.write(head.encode())
        for start in range(3, count + 3, 100_000):
            stream.write("".join(f'<row r="{i}"/>' for i in range(start, min(start + 100_000, count + 3))).encode())
        stream.write(("</sheetData>" + tail).encode())

    return _rewrite(book, "xl/worksheets/sheet1.xml", write)


def _huge_shared_string(size: int) -> bytes:
    """A shared-string table (wired into the package as Excel does) holding one string of `size` bytes."""
    book = xlsx([person("3220702001", "王小明", 101)])
    parts = zipfile.ZipFile(io.BytesIO(book))
    types = parts.read("[Content_Types].xml").decode().replace("</Types>", (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/></Types>'))

    def write(stream, _: str) -> None:
        stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                     b'uniqueCount="1"><si><t>')
        chunk = b"A" * MB
        for _ in range(size // MB):
            stream.write(chunk)
        stream.write(b"</t></si></sst>")

    return _rewrite(book, "xl/sharedStrings.xml", write, {"[Content_Types].xml": types})


async def _timed_upload(client, token: str, content: bytes, filename: str = "名单.xlsx") -> tuple[dict, float]:
    # CPU seconds of this process (the server runs in it, the parse in its worker thread): the work the file costs,
    # not how busy the machine's other processes happen to be.
    started = time.process_time()
    payload = await upload(client, content, token, filename=filename)
    return payload, time.process_time() - started


async def _peak_memory_of_upload(client, token: str, content: bytes) -> tuple[dict, int]:
    tracemalloc.start()
    try:
        payload = await upload(client, content, token)
        return payload, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_i6_7_two_million_blank_rows_are_refused_quickly(world, client):
    bomb = _blank_rows(2_000_000)
    assert len(bomb) < reader.MAX_BYTES
    payload, seconds = await _timed_upload(client, world.tokens["admin"], bomb)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("FILE_TOO_LARGE", ["file"])]
    assert "含空行" in payload["errors"][0]["message"]
    assert seconds < 1
    assert await Graduate.filter(student_number="3220702001").count() == 0


async def test_i6_7_blank_lines_in_a_csv_count_too(world, client):
    header = "学号,姓名,身份证号,学历,院系,专业\n".encode()
    payload, seconds = await _timed_upload(client, world.tokens["admin"], header + b",\n" * 2_000_000,
                                              filename="名单.csv")
    assert [e["code"] for e in payload["errors"]] == ["FILE_TOO_LARGE"] and "含空行" in payload["errors"][0]["message"]
    assert seconds < 1


async def test_i6_7_a_huge_shared_string_is_refused_from_the_zip_directory(world, client):
    bomb = _huge_shared_string(150 * MB)
    assert len(bomb) < 1 * MB
    payload, seconds = await _timed_upload(client, world.tokens["admin"], bomb)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("FILE_TOO_LARGE", ["file"])]
    assert "解压后过大" in payload["errors"][0]["message"]
    assert seconds < 1
    payload, peak = await _peak_memory_of_upload(client, world.tokens["admin"], bomb)
    assert payload["errors"][0]["code"] == "FILE_TOO_LARGE" and peak < 20 * MB


async def test_i6_7_an_over_long_cell_is_refused(world, client):
    people = [person("3220702001", "王小明", 101, 备注="注" * (reader.MAX_CELL + 1))]
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert [e["code"] for e in payload["errors"]] == ["FILE_TOO_LARGE"]
    assert payload["errors"][0]["message"] == f"第 2 行有超过 {reader.MAX_CELL} 个字的单元格，请核对文件"

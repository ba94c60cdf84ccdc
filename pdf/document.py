"""The agreement as a PDF (P2, P4): laid out once, then composed into the three labelled copies.

The copies differ only in their label, so weasyprint lays the agreement out once; the labels (fixed text) are
laid out once per process; each copy's page draws the agreement's page and its label as two form XObjects, so
the agreement's content and fonts are stored once in the file however many copies it holds.
"""

from __future__ import annotations

import html
import io
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

from pdf import system

TEMPLATES = Path(__file__).with_name("templates")
# P2: one copy each for the employer, the graduate and the school (seed 001 §4: 用人单位 1 份、毕业生 1 份、学校 1 份).
COPIES = ("用人单位", "毕业生", "学校")
LABELS = {party: f"{party}存执" for party in COPIES}
BLANK = "　"  # a full-width space keeps an empty cell's height


@lru_cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def agreement_html(fields: dict[str, str], qr_data_uri: str) -> str:
    values = {k: html.escape(v) if v else BLANK for k, v in fields.items()}
    return _template("agreement.html").substitute(values, qr=qr_data_uri)


@lru_cache
def _css():
    weasyprint = system.weasyprint()
    return weasyprint.CSS(string=(TEMPLATES / "agreement.css").read_text(encoding="utf-8"),
                          font_config=system.font_config())


def render_body(fields: dict[str, str], qr_data_uri: str) -> bytes:
    """One copy, without a label: the only layout per agreement."""
    weasyprint = system.weasyprint()
    document = weasyprint.HTML(string=agreement_html(fields, qr_data_uri))
    return document.write_pdf(stylesheets=[_css()], font_config=system.font_config())


@lru_cache
def labels_pdf(copies: tuple[str, ...] = COPIES) -> bytes:
    weasyprint = system.weasyprint()
    spans = "".join(f'<div class="copy">第{i}联　{html.escape(LABELS[c])}</div>'
                    for i, c in enumerate(copies, 1))
    source = _template("labels.html").substitute(labels=spans)
    return weasyprint.HTML(string=source).write_pdf(font_config=system.font_config())


def page_forms(writer: PdfFileWriter, reader: PdfFileReader) -> list[tuple[generic.IndirectObject, list[float]]]:
    """Each page of `reader` as a form XObject in `writer`, with its media box. One importer for all the pages,
    so what they share (weasyprint's single resources dictionary, a composed copy's agreement page and fonts) is
    stored once however many pages use it."""
    importer = _importer(writer, reader)
    forms = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page_ref, resources = reader.find_page_for_modification(index)
        page = page_ref.get_object()
        contents = page["/Contents"]
        streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
        data = b"\n".join(stream.get_object().data for stream in streams)
        box = [float(v) for v in page["/MediaBox"]]
        form = generic.StreamObject({pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                                     pdf_name("/BBox"): generic.ArrayObject(map(generic.FloatObject, box)),
                                     pdf_name("/Resources"): importer(resources)}, stream_data=data)
        form.compress()
        forms.append((writer.add_object(form), box))
    return forms


def _importer(writer: PdfFileWriter, reader: PdfFileReader):
    try:  # pyHanko's public import_object starts afresh on every call, duplicating what pages share
        from pyhanko.pdf_utils.writer import _ObjectImporter
    except ImportError:  # pragma: no cover - a pyHanko without it: correct, only larger
        return writer.import_object
    return _ObjectImporter(source=reader, target=writer, reference_map={}, obj_stream=None).import_object


def compose(body: bytes, copies: tuple[str, ...] = COPIES, *, title: str = "") -> bytes:
    """`copies` labelled copies of `body`, each page drawing the shared body page and its copy's label."""
    writer = PdfFileWriter()
    body_pages = page_forms(writer, PdfFileReader(io.BytesIO(body)))
    labels = page_forms(writer, PdfFileReader(io.BytesIO(labels_pdf(copies))))
    for (label, _), _copy in zip(labels, copies, strict=True):
        for page, box in body_pages:
            content = writer.add_object(generic.StreamObject(stream_data=b"q /Body Do Q q /Label Do Q"))
            resources = generic.DictionaryObject({pdf_name("/XObject"): generic.DictionaryObject(
                {pdf_name("/Body"): page, pdf_name("/Label"): label})})
            writer.insert_page(PageObject(content, box, resources))
    if title:
        writer.set_info(generic.DictionaryObject({pdf_name("/Title"): generic.TextStringObject(title),
                                                  pdf_name("/Producer"): generic.TextStringObject("wangqian")}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("label") or value.get("name") or "")
    return str(value)

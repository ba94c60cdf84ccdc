"""The agreement PDF (issue 10 §2, §5; P2, P3, P4): rendered from the frozen terms, read back with poppler.

Names that break naive rendering (a middle dot, an Extension-B character, traditional forms) come back out of
the text layer; the QR code on each copy decodes to the verification URL; the seal validates and fails after a
byte of the file changes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from models import Agreement, School
from pdf import agreements, document, seal, tokens
from resolvers import files
from server.settings import get_settings
from tests import factories

POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(not POPPLER, reason="needs poppler-utils (pdftotext, pdftoppm): scripts/system-deps")

NAMES = ("买买提·艾力", "𠮷田花子", "龔麗華")


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
                          ).stdout.decode()


def page_images(pdf: bytes, dpi: int = 150) -> list:
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-", f"{folder}/page"], input=pdf, check=True)
        images = []
        for path in sorted(Path(folder).glob("page-*.png")):
            with Image.open(path) as image:
                images.append(image.convert("L"))
        return images


def fonts_of(pdf: bytes) -> set[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        lines = subprocess.run(["pdffonts", f.name], capture_output=True, text=True, check=True).stdout.splitlines()
    return {line.split()[0].split("+", 1)[-1] for line in lines[2:] if line.strip()}


def qr_texts(image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image)]


async def approved_for(world, name: str, **employer) -> Agreement:
    graduate = await factories.graduate(world.school, world.cs, world.cs_major, name=name, phone="13955510077",
                                        qq="415088449", email="grad@example.com", home_address="安徽省合肥市瑶海区")
    company = await factories.employer(f"{name}的单位", login_name=None, **employer) if employer else world.employer
    return await factories.approved_agreement(graduate, company)


async def test_p4_agreement_pdf_carries_the_rare_names_parties_and_articles(world):
    await School.filter(id=world.school.id).update(contact_person="李恒奎", contact_phone="0553-2871411",
                                                      address="安徽省芜湖市北京中路")
    for name in NAMES:
        agreement = await approved_for(world, name)
        stored = await agreements.render_one(agreement)
        pdf = await files.read(stored)
        text = text_of(pdf)
        assert text.count(name) == 3, name  # one per copy
        assert text.count("安徽工程大学 2026 届毕业生就业协议书") == 3
        for label in ("用人单位存执", "毕业生存执", "学校存执"):
            assert label in text
        # The parties' own contract: contacts in full, nothing masked.
        for shown in ("13955510077", "415088449", "grad@example.com", "13805510000", "李恒奎", "0553-2871411",
                      agreement.number, "第七条", "用人单位上级主管部门", "违约金 5000 元"):
            assert shown in text, shown
        assert "*" not in text
        # No glyph came from a fallback font: every one, the rare ones included, is in the font the CSS names.
        assert fonts_of(pdf) == {"Noto-Serif-CJK-SC"}, fonts_of(pdf)


async def test_p3_every_copy_carries_a_qr_code_of_the_verification_url(world):
    agreement = await approved_for(world, NAMES[0])
    stored = await agreements.render_one(agreement)
    images = page_images(await files.read(stored), dpi=200)
    assert len(images) == len(document.COPIES)  # one page a copy
    for image in images:
        (url,) = qr_texts(image)
        assert url.startswith(get_settings().public_url + "/verify/")
        claims = tokens.read(url.rsplit("/", 1)[1])
        assert (claims.agreement_id, claims.version) == (agreement.id, agreement.version)


async def _validate(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return await async_validate_pdf_signature(signature, ValidationContext(trust_roots=[seal.signer().signing_cert]))


async def test_i10_5_the_stored_pdf_is_sealed_and_any_changed_byte_shows(world):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    agreement = await approved_for(world, NAMES[1])
    pdf = await files.read(await agreements.render_one(agreement))
    status = await _validate(pdf)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "网签平台（开发用证书）"

    at = pdf.index(b"stream", len(pdf) // 4) + 40  # a byte of some content stream, inside the signed range
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]
    assert not (await _validate(tampered)).intact


def test_i10_3_a_missing_cjk_font_is_named_with_its_debian_package(monkeypatch, tmp_path):
    from pdf import system

    monkeypatch.setattr(system, "FONT_DIRS", (str(tmp_path),))
    (problem,) = system.problems()
    assert "fonts-noto-cjk" in problem and "𠮷" in problem
    assert "libharfbuzz-subset0" in system.HOW_TO and "fonts-noto-cjk" in system.HOW_TO

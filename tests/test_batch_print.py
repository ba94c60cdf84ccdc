"""`wangqian print` (issue 10 §8): a school's or a department's approved agreements, by approval date, into one
PDF or a zip of sealed PDFs, rendered by one process per core, with a progress bar."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from models import Agreement
from tests import factories
from tests.test_agreement_pdf import POPPLER, pytestmark, text_of  # noqa: F401  (poppler's skip)

WANGQIAN = str(Path(sys.executable).parent / "wangqian")


def wangqian_print(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([WANGQIAN, "print", "--school", "10363", *args], env=dict(os.environ), cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)


async def test_i10_8_print_renders_a_department_or_a_school_into_one_pdf_or_a_zip(world, tmp_path):
    alice = await factories.approved_agreement(world.alice, world.employer)  # 计算机与信息学院 (07)
    bob = await factories.approved_agreement(world.bob, world.employer)  # 人文学院 (03)
    await factories.signed_agreement(
        await factories.graduate(world.school, world.cs, world.cs_major, name="未审核"), world.employer)
    long_ago = dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC)
    await Agreement.filter(id=bob.id).update(approved_at=long_ago)

    done = wangqian_print(tmp_path, "--output", "all.zip")
    assert done.returncode == 0, done.stderr
    assert "2/2" in done.stderr and "2 份协议书" in done.stdout  # the progress bar, then the summary
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        names = sorted(archive.namelist())
        assert names == sorted([f"{alice.number}-陈晓明.pdf", f"{bob.number}-周大伟.pdf"])
        pdf = archive.read(f"{alice.number}-陈晓明.pdf")
    assert b"/ByteRange" in pdf and "陈晓明" in text_of(pdf)  # sealed, as stored

    done = wangqian_print(tmp_path, "--department", "07", "--output", "cs.pdf", "--processes", "2")
    assert done.returncode == 0, done.stderr
    text = text_of((tmp_path / "cs.pdf").read_bytes())
    assert text.count("陈晓明") == 3 and "周大伟" not in text and "未审核" not in text

    done = wangqian_print(tmp_path, "--from", "2025-01-01", "--to", "2025-01-31", "--output", "january.pdf",
                          "--quiet")
    assert done.returncode == 0, done.stderr
    text = text_of((tmp_path / "january.pdf").read_bytes())
    assert text.count("周大伟") == 3 and "陈晓明" not in text

    refused = wangqian_print(tmp_path, "--department", "99", "--output", "none.pdf")
    assert refused.returncode == 1 and "没有代码为 99 的院系" in refused.stderr

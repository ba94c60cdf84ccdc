"""`wangqian print`: a batch of approved agreements (a school or a department, a date range) into one PDF or a zip.

Rendering is CPU-bound and weasyprint holds the GIL, so the batch runs one process per core, each keeping its
own font configuration for all the agreements it is given. The workers get plain data (no database): the
agreement's frozen terms and its school's contact block. A zip holds each agreement's sealed PDF, as stored; one
PDF holds them all, unsealed (a seal covers one file, and a merged file is a new one), each with its QR code.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

from pdf import document


@dataclass(frozen=True)
class Job:
    """One agreement as the workers need it."""

    agreement_id: int
    number: str
    version: int
    terms: dict[str, Any]
    school: dict[str, Any]  # id, name and the contact block
    graduate_name: str


def _models(job: Job):
    from models import Agreement, School

    school = School(**job.school)
    agreement = Agreement(id=job.agreement_id, number=job.number, version=job.version, terms=job.terms,
                          school_id=school.id, state="approved")
    return agreement, school


def render_job(job: Job, sealed: bool, issued_at: dt.datetime) -> bytes:
    """In a worker: the agreement's three copies, sealed for a zip, unsealed for merging."""
    from pdf import agreements

    agreement, school = _models(job)
    return agreements.render(agreement, school, issued_at, seal_it=sealed)


class _Merged:
    """One PDF of many: each page of each part drawn as a form XObject, appended as the parts arrive."""

    def __init__(self) -> None:
        self.writer = PdfFileWriter()

    def add(self, pdf: bytes) -> None:
        for form, box in document.page_forms(self.writer, PdfFileReader(io.BytesIO(pdf))):
            content = self.writer.add_object(generic.StreamObject(stream_data=b"q /Page Do Q"))
            resources = generic.DictionaryObject({pdf_name("/XObject"): generic.DictionaryObject(
                {pdf_name("/Page"): form})})
            self.writer.insert_page(PageObject(content, box, resources))

    def write(self, path: str) -> None:
        with open(path, "wb") as f:
            self.writer.write(f)


def progress_bar(total: int, stream=sys.stderr) -> Callable[[int], None]:
    def show(done: int) -> None:
        width = 30
        filled = width * done // total if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()
    return show


def run(jobs: list[Job], output: str, *, processes: int | None = None,
        progress: Callable[[int], None] | None = None, issued_at: dt.datetime | None = None) -> int:
    """Writes `output` (.zip: one sealed PDF per agreement; otherwise one PDF); returns the number rendered."""
    as_zip = output.lower().endswith(".zip")
    issued_at = issued_at or dt.datetime.now(dt.UTC)
    processes = max(1, min(processes or os.cpu_count() or 1, len(jobs) or 1))
    done = 0
    if progress:
        progress(0)
    archive = zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) if as_zip else None
    merged = None if as_zip else _Merged()
    try:
        # spawn: the parent holds an event loop and database connections that a fork would copy.
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            chunk = max(1, min(16, len(jobs) // (processes * 4) or 1))
            rendered = pool.map(render_job, jobs, [as_zip] * len(jobs), [issued_at] * len(jobs), chunksize=chunk)
            for job, pdf in zip(jobs, rendered, strict=True):  # in order, each written as it arrives
                if archive is not None:
                    archive.writestr(f"{job.number}-{job.graduate_name}.pdf", pdf)
                else:
                    merged.add(pdf)
                done += 1
                if progress:
                    progress(done)
    finally:
        if archive is not None:
            archive.close()
    if merged is not None:
        merged.write(output)
    return done


class Refused(ValueError):
    """The selection cannot be made: the reason, in Chinese."""


async def select(school_code: str, department_code: str | None, approved_from: dt.date | None,
                 approved_to: dt.date | None) -> list[Job]:
    """Approved agreements of a school (or one department) approved within the dates (inclusive, Beijing time)."""
    from models import Agreement, Department, School
    from server.clock import PLATFORM_TZ

    school = await School.get_or_none(code=school_code)
    if school is None:
        raise Refused(f"没有学校代码为 {school_code} 的学校")
    query = Agreement.filter(school_id=school.id, state="approved")
    if department_code:
        department = await Department.get_or_none(school_id=school.id, code=department_code)
        if department is None:
            raise Refused(f"{school.name}没有代码为 {department_code} 的院系")
        query = query.filter(department_id=department.id)
    if approved_from:
        query = query.filter(approved_at__gte=dt.datetime.combine(approved_from, dt.time(), PLATFORM_TZ))
    if approved_to:
        query = query.filter(approved_at__lt=dt.datetime.combine(approved_to + dt.timedelta(days=1), dt.time(),
                                                                  PLATFORM_TZ))
    contact = {k: getattr(school, k) for k in ("id", "code", "name", "contact_department", "contact_person",
                                               "contact_phone", "address")}
    return [Job(a.id, a.number, a.version, a.terms, contact, ((a.terms or {}).get("partyA") or {}).get("name", ""))
            for a in await query.order_by("department_id", "number")]

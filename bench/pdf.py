"""Agreement PDF rendering: `.venv/bin/python -m bench.pdf [--rounds N] [--no-readme]`. See bench/README.md.

No database and no server: an agreement's frozen terms as acceptance writes them, rendered by the production code
(pdf/agreements.py) in this process and, for the cold figure, in fresh processes. One core: the process is pinned
to CPU 0 where the system allows it.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
# Throwaway keys, an in-memory database name (no key files written), development seal made in memory.
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("WANGQIAN_SECRET_KEY", base64.b64encode(os.urandom(48)).decode())
os.environ.setdefault("WANGQIAN_DATA_KEY", base64.b64encode(os.urandom(32)).decode())

START, END = "<!-- pdf-results -->", "<!-- /pdf-results -->"


def sample(name: str = "买买提·艾力"):
    """An agreement and its school as the database holds them, without a database."""
    import datetime as dt

    from models import Agreement, School
    from server import crypto

    school = School(id=1, code="10363", name="安徽工程大学", contact_department="毕业生就业指导中心",
                    contact_person="李恒奎", contact_phone="0553-2871411", address="安徽省芜湖市北京中路")
    coded = lambda code, label: {"code": code, "label": label}  # noqa: E731
    terms = {
        "title": "安徽工程大学 2026 届毕业生就业协议书", "graduationYear": 2026, "method": "direct",
        "partyA": {"name": name, "gender": coded("1", "男"), "ethnicity": coded("05", "维吾尔族"),
                   "politicalStatus": coded("03", "共青团员"), "studentNumber": "3220701001",
                   "educationLevel": coded("31", "本科生毕业"), "trainingMode": coded("1", "非定向"),
                   "major": "计算机科学与技术", "lengthOfSchooling": 4, "phoneEnc": crypto.encrypt("13905510001"),
                   "homeAddress": "新疆维吾尔自治区喀什地区疏附县", "email": "mmt@example.com", "qq": "415088449",
                   "school": "安徽工程大学",
                   "schoolContact": {"department": "毕业生就业指导中心", "person": "李恒奎", "phone": "0553-2871411",
                                     "address": "安徽省芜湖市北京中路"}},
        "partyB": {"name": "安徽信通信息服务有限公司", "uscc": "913402007139204350", "contactName": "张金华",
                   "contactPhoneEnc": crypto.encrypt("13805510000"), "email": "hr@example.com",
                   "address": "安徽省合肥市蜀山区黄山路 1 号", "postcode": "230031",
                   "location": {"code": "340104", "name": "安徽省合肥市蜀山区"}, "nature": coded("39", "其他企业"),
                   "industry": coded("I", "信息传输、软件和信息技术服务业"), "hasHiringAutonomy": False,
                   "supervisingAuthority": "合肥市人才服务中心"},
        "articles": {"positionTitle": "软件工程师", "jobCategory": "软件开发",
                     "workLocation": {"code": "340104", "name": "安徽省合肥市蜀山区"}, "monthlySalary": 8000,
                     "probationMonths": 3, "contractYears": 3, "reportDate": "2026-07-15",
                     "breachTerms": "任何一方违约，须向对方支付违约金 5000 元。", "otherTerms": "",
                     "supervisingAuthority": "合肥市人才服务中心"},
    }
    agreement = Agreement(id=1, number="202610363000001", school_id=1, state="approved", version=1, terms=terms,
                          signed_at=dt.datetime.now(dt.UTC))
    return agreement, school


def pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {0})
        return "pinned to CPU 0"
    except (AttributeError, OSError):
        return "not pinned"


def cold() -> dict:
    """In a fresh process: importing, then the first render (fonts found, subsets made), then a second."""
    t0 = time.perf_counter()
    import datetime as dt

    from pdf import agreements

    t1 = time.perf_counter()
    agreement, school = sample()
    now = dt.datetime.now(dt.UTC)
    agreements.render(agreement, school, now)
    t2 = time.perf_counter()
    agreements.render(agreement, school, now)
    t3 = time.perf_counter()
    return {"import": t1 - t0, "first": t2 - t1, "second": t3 - t2}


def warm(rounds: int) -> dict[str, list[float]]:
    import datetime as dt

    from pdf import agreements, document, qr, seal, tokens

    agreement, school = sample()
    now = dt.datetime.now(dt.UTC)
    agreements.render(agreement, school, now)  # warm-up
    out: dict[str, list[float]] = {k: [] for k in ("layout", "compose3", "seal", "document3", "document1",
                                                    "naive3")}
    values = agreements.fields(agreement, school)
    values["issued"] = "2026-07-01"
    uri = qr.png_data_uri(tokens.url(tokens.issue(1, 1, now)), box_size=4, border=1)
    naive = document.agreement_html(values, uri)
    naive3 = naive.replace("<body>", "<body>" + ("<div style='break-after: page'>" + naive.split("<body>", 1)[1]
                                                  .split("</body>", 1)[0] + "</div>") * 2, 1)
    weasyprint, fc, css = document.system.weasyprint(), document.system.font_config(), document._css()
    for _ in range(rounds):
        t = time.perf_counter()
        body = document.render_body(values, uri)
        out["layout"].append(time.perf_counter() - t)
        t = time.perf_counter()
        composed = document.compose(body)
        out["compose3"].append(time.perf_counter() - t)
        t = time.perf_counter()
        seal.seal(composed)
        out["seal"].append(time.perf_counter() - t)
        t = time.perf_counter()
        agreements.render(agreement, school, now)
        out["document3"].append(time.perf_counter() - t)
        t = time.perf_counter()
        agreements.render(agreement, school, now, copies=document.COPIES[:1])
        out["document1"].append(time.perf_counter() - t)
        t = time.perf_counter()
        weasyprint.HTML(string=naive3).write_pdf(stylesheets=[css], font_config=fc)  # three copies laid out
        out["naive3"].append(time.perf_counter() - t)
    return out


ROWS = (("layout", "agreement laid out once (weasyprint, one copy, no label)"),
        ("compose3", "three labelled copies composed from it"),
        ("seal", "PAdES seal"),
        ("document3", "**whole 3-copy sealed document, as stored** (target ≤ 0.4 s)"),
        ("document1", "whole 1-copy sealed document"),
        ("naive3", "for comparison: three copies laid out by weasyprint (no seal)"))


def batch_run(count: int) -> dict:
    """`wangqian print`'s engine on `count` agreements, one process per core, into a zip and into one PDF."""
    import resource
    import tempfile

    from pdf import batch

    agreement, school = sample()
    contact = {k: getattr(school, k) for k in ("id", "code", "name", "contact_department", "contact_person",
                                               "contact_phone", "address")}
    jobs = [batch.Job(i + 1, f"2026103630{i + 1:05d}", 1, agreement.terms, contact, "买买提·艾力")
            for i in range(count)]
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("zip", "pdf"):
            t = time.perf_counter()
            batch.run(jobs, f"{folder}/batch.{kind}")
            out[kind] = time.perf_counter() - t
            out[f"{kind}_bytes"] = os.path.getsize(f"{folder}/batch.{kind}")
    # ru_maxrss is in KiB on Linux: the largest single worker, and this process (which assembles the output).
    out["worker_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["parent_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def report(rounds: int, pinned: str, colds: list[dict], warms: dict[str, list[float]], size: int,
           batched: dict | None = None, count: int = 0) -> str:
    ms = lambda v: f"{v * 1000:.0f}"  # noqa: E731
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"{rounds} warm rounds, one process {pinned}; cold: {len(colds)} fresh processes; "
             f"3-copy sealed PDF {size // 1024} KB; load average {load:.1f} on {os.cpu_count()} cores "
             "when it ended (the figures scale with it).", "",
             "| warm (median / p95 of the rounds) | median ms | p95 ms |", "|---|---|---|"]
    for key, label in ROWS:
        values = sorted(warms[key])
        lines.append(f"| {label} | {ms(statistics.median(values))} | {ms(values[int(0.95 * (len(values) - 1))])} |")
    median = lambda key: ms(statistics.median(c[key] for c in colds))  # noqa: E731
    lines += ["", "| cold (fresh process, medians) | ms |", "|---|---|",
              f"| importing weasyprint, pyHanko and the app | {median('import')} |",
              f"| first 3-copy document (fonts found, subsets made) | {median('first')} |",
              f"| second 3-copy document in that process | {median('second')} |"]
    if batched:
        lines += ["", f"| batch of {count} (`wangqian print`, {os.cpu_count()} processes) | wall s | per agreement ms "
                  "| output MB |", "|---|---|---|---|"]
        for kind, label in (("zip", "zip of sealed PDFs"), ("pdf", "one merged PDF")):
            lines.append(f"| {label} | {batched[kind]:.1f} | {batched[kind] / count * 1000:.0f} | "
                         f"{batched[kind + '_bytes'] / 2**20:.0f} |")
        lines += ["", f"Peak memory: largest worker {batched['worker_rss']:.0f} MB, the assembling process "
                  f"{batched['parent_rss']:.0f} MB."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.pdf", description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=20, help="warm rounds (default 20)")
    p.add_argument("--cold", type=int, default=3, help="fresh processes for the cold figure (default 3)")
    p.add_argument("--batch", type=int, default=1000, help="agreements in the batch run (default 1000; 0: none)")
    p.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    p.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    pinned = pin_one_core()
    if a.cold_child:
        print(json.dumps(cold()))
        return
    colds = [json.loads(subprocess.run([sys.executable, "-m", "bench.pdf", "--cold-child"], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout) for _ in range(a.cold)]
    warms = warm(a.rounds)
    import datetime as dt

    from pdf import agreements

    agreement, school = sample()
    size = len(agreements.render(agreement, school, dt.datetime.now(dt.UTC)))
    try:
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))  # the batch uses every core
    except (AttributeError, OSError):
        pass
    batched = batch_run(a.batch) if a.batch else None
    text = report(a.rounds, pinned, colds, warms, size, batched, a.batch)
    print(text)
    if not a.no_readme:
        readme = HERE / "README.md"
        content = readme.read_text(encoding="utf-8")
        head, rest = content.split(START, 1)
        readme.write_text(head + START + "\n" + text + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()

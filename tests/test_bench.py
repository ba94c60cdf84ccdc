"""The benchmark suite (issue 9.1) seeds its data and runs a round end to end: a tiny scale, no figures judged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres_only
def test_i9_1_benchmark_seeds_its_database_and_runs_every_part_without_failures():
    admin = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--no-readme", "--graduates", "600", "--pending", "120",
         "--rounds", "1", "--seconds", "0.3", "--queue-requests", "2", "--roster-rows", "10"],
        cwd=ROOT, env={**os.environ, "WQ_BENCH_ADMIN_URL": admin}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    out = result.stdout
    rows = re.findall(r"^\| (acceptSigningInvitation\(confirm: \w+\), \w+|open then sign.*?) \|(.*)$", out, re.M)
    assert len(rows) == 3, out
    for label, cells in rows:
        assert cells.rstrip(" |").endswith("0 / 0"), f"failures in {label}: {out}"
    assert re.search(r"review queue, 50 per page, \d+ pending in the department", out), out
    assert "created 10, unchanged 0, row errors 0, errors 0" in out, out
    assert "created 0, unchanged 10, row errors 0, errors 0" in out, out


@pytest.mark.postgres_only
def test_i8_delivery_benchmark_sends_every_email_once_through_real_workers():
    admin = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    result = subprocess.run(
        [sys.executable, "-m", "bench.deliveries", "--no-readme", "--emails", "20", "--workers", "1,2",
         "--rounds", "1"],
        cwd=ROOT, env={**os.environ, "WQ_BENCH_ADMIN_URL": admin}, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    rows = re.findall(r"^\| (\d) \| \d+ \| [\d.]+ \| (.*) \|$", result.stdout, re.M)
    assert rows == [("1", "20 / 0 / 0"), ("2", "20 / 0 / 0")], result.stdout


@pytest.mark.postgres_only
def test_i11_6_export_benchmark_seeds_a_school_and_exports_every_row():
    admin = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    result = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--graduates", "60", "--no-readme"],
        cwd=ROOT, env={**os.environ, "WQ_BENCH_ADMIN_URL": admin}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    for kind, rows in (("graduates", 60), ("national_destinations", 60), ("print_list", 30)):
        assert re.search(rf"^\| \S+ \(`{kind}`\) \| {rows} \|", result.stdout, re.M), result.stdout

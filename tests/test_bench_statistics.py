"""The statistics benchmark (X4) seeds its school and answers every grouping: a tiny scale, no figures judged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres_only
def test_x4_statistics_benchmark_seeds_a_school_and_counts_every_graduate():
    admin = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    result = subprocess.run([sys.executable, "-m", "bench.statistics", "--graduates", "300", "--repeats", "1"],
                            cwd=ROOT, env={**os.environ, "WQ_BENCH_ADMIN_URL": admin}, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert result.stdout.count("| 301 |") == 3, result.stdout  # the school's 300 copies and their template
    assert "| province by school |" in result.stdout, result.stdout

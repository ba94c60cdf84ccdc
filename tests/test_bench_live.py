"""The live-subscription benchmark (issue 8, bench/live.py) opens its subscriptions and measures both scenarios:
a tiny scale, no figure judged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres_only
def test_i8_live_benchmark_delivers_every_event_in_both_scenarios():
    admin = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    result = subprocess.run(
        [sys.executable, "-m", "bench.live", "--quick", "--no-readme", "--subscriptions", "20", "--rates", "20",
         "--seconds", "1", "--client-processes", "2"],
        cwd=ROOT, env={**os.environ, "WQ_BENCH_ADMIN_URL": admin}, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    rows = re.findall(r"^\| (one process, in-process bus|two processes through Redis) \| 20 \| 20 \| (\d+) / (\d+) \|",
                      result.stdout, re.M)
    assert len(rows) == 2, result.stdout
    for scenario, got, raised in rows:
        assert int(raised) > 0 and got == raised, f"{scenario}: {result.stdout}"
    # The breakdown by stage (bench/live_trace.py in the server processes) found every stage of both scenarios.
    stages = re.findall(r"^\| (?:one process, in-process bus|two processes through Redis) \| 20 \| 20 \| "
                        r"((?:-?[\d.]+ / -?[\d.]+ \| ){6})", result.stdout, re.M)
    assert len(stages) == 2, result.stdout

"""bench/pdf_serving.py runs (a handful of requests), so the benchmark of the download route keeps working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_pdf_serving_runs_at_a_tiny_scale():
    done = subprocess.run([sys.executable, "-m", "bench.pdf_serving", "--requests", "5", "--cold", "1",
                           "--no-readme"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "| warm (after 20 requests) | 5 |" in done.stdout and "Server CPU per warm request" in done.stdout

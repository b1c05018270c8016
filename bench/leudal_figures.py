"""Parser-only figures on the Leudal corpus (figures.yaml left out) against a hand-made list.

    .venv/bin/python bench/leudal_figures.py

Copies ``corpus/`` without ``figures.yaml`` to a temp dir, runs ``ingest.figures.build_figures``
and checks ``tests/data/leudal_figures_check.csv`` (read from the texts by hand): a figure is
right when source, line, value, period and entity match, and scenario/metric when given.
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.figures import build_figures  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        (corpus / "figures.yaml").unlink(missing_ok=True)
        figs = build_figures(corpus)
    with open(ROOT / "tests/data/leudal_figures_check.csv", encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))

    def right(f, g) -> bool:
        return (
            f.source == g["source"]
            and f.line == int(g["line"])
            and abs(f.value - float(g["value"])) < 0.01
            and f.period == g["period"]
            and f.entity == g["entity"]
            and (not g["scenario"] or g["scenario"] in (f.scenario, f.note))
            and (not g["metric"] or f.metric == g["metric"])
        )

    ok = [g for g in gold if any(right(f, g) for f in figs)]
    print(f"parser figures without figures.yaml: {len(figs)}")
    print(f"right (value, period, entity, scenario): {len(ok)}/{len(gold)}")
    for g in gold:
        if g not in ok:
            near = [
                (f.metric, f.period, f.entity, f.scenario or f.note)
                for f in figs
                if f.source == g["source"] and f.line == int(g["line"])
                and abs(f.value - float(g["value"])) < 0.01
            ]
            print("  mis:", g["source"][:25], g["line"], g["value"], g["period"], near[:1])


if __name__ == "__main__":
    main()

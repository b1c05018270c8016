"""Precision and recall of the PDF table parser against hand-checked figures.

    .venv/bin/python bench/figures_accuracy.py [--pdf PATH] [--gold CSV] [--all]

The gold list (``tests/data/wassenaar_begroting_figures.csv``) was transcribed by hand from the
page text: page, row, column, period, scenario, metric, value as written, scale, value. A gold
figure is found when a parser figure on that page has the same row label, period, value (scale
applied), scenario and metric. Precision counts the parser's figures on the checked rows.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.text import fold  # noqa: E402
from ingest.pdf_layout import read_layout  # noqa: E402
from ingest.pdf_tables import pdf_figures  # noqa: E402


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", fold(label)).strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    default_pdf = ROOT / "corpora" / "wassenaar" / "wassenaar-begroting-2025.pdf"
    if not default_pdf.exists():
        default_pdf = Path("/work/shared/corpus-wassenaar/wassenaar-begroting-2025.pdf")
    ap.add_argument("--pdf", default=str(default_pdf))
    ap.add_argument("--gold", default=str(ROOT / "tests/data/wassenaar_begroting_figures.csv"))
    ap.add_argument("--all", action="store_true", help="also count figures in the whole PDF")
    args = ap.parse_args()

    with open(args.gold, encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))
    pages = {int(g["page"]) for g in gold}
    started = time.perf_counter()
    only = None if args.all else pages
    layout, _ = read_layout(args.pdf, Path(args.pdf).name, ocr=False, only=only)
    figs, _ = pdf_figures(layout, Path(args.pdf).name, "Wassenaar")
    seconds = time.perf_counter() - started

    rows = {(int(g["page"]), _key(g["row"])) for g in gold}
    checked = [f for f in figs if (f.page, _key(f.row_label)) in rows]

    def same(f, g) -> bool:
        return (
            f.page == int(g["page"])
            and _key(f.row_label) == _key(g["row"])
            and f.period == g["period"]
            and abs(f.value - float(g["value"])) < 0.5
            and (not g["scenario"] or f.scenario == g["scenario"])
            and (not g["metric"] or f.metric == g["metric"])
            and f.scale == float(g["scale"])
        )

    found = [g for g in gold if any(same(f, g) for f in checked)]
    right = [f for f in checked if any(same(f, g) for g in gold)]
    missed = [g for g in gold if g not in found]
    wrong = [f for f in checked if f not in right]
    print(f"PDF: {args.pdf}")
    print(f"pages read: {'all' if args.all else sorted(pages)} in {seconds:.1f} s")
    print(f"parser figures (pages read): {len(figs)}; on the checked rows: {len(checked)}")
    print(f"gold figures: {len(gold)}")
    print(f"recall:    {len(found)}/{len(gold)} = {len(found) / len(gold):.3f}")
    print(f"precision: {len(right)}/{len(checked)} = {len(right) / max(1, len(checked)):.3f}")
    ok_entity = sum(f.entity == "Wassenaar" for f in right)
    print(f"entity Wassenaar on correct figures: {ok_entity}/{len(right)}")
    for page in sorted(pages):
        n = [g for g in gold if int(g["page"]) == page]
        hit = [g for g in found if int(g["page"]) == page]
        print(f"  pagina {page}: {len(hit)}/{len(n)} gevonden")
    for g in missed[:10]:
        print("  gemist:", g["page"], g["row"], g["column"], g["as_written"])
    for f in wrong[:10]:
        print("  fout:  ", f.page, f.row_label, f.col_label, f.metric, f.scenario, f.period)


if __name__ == "__main__":
    main()

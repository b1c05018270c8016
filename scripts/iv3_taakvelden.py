"""Write data/iv3_taakvelden.yaml from the Iv3 information standard (chapter 3, 'Overzicht
Iv3-taakvelden') plus the 2017 codes that older documents use.

    .venv/bin/python scripts/iv3_taakvelden.py \
        ../shared/reference/iv3-informatievoorschrift-2026.pdf
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader

OUT = Path(__file__).resolve().parent.parent / "data" / "iv3_taakvelden.yaml"

# Codes of the 2017 Iv3 list that the 2026 list replaced (older budgets and annual accounts use
# them), with the 2026 codes they map to.
OLD_CODES = {
    "6.2": ("Wijkteams", ["6.21", "6.22", "6.23"]),
    "6.6": ("Maatwerkvoorzieningen (Wmo)", ["6.60"]),
    "6.71": ("Maatwerkdienstverlening 18+", ["6.711", "6.712", "6.713", "6.714"]),
    "6.72": ("Maatwerkdienstverlening 18-", ["6.751", "6.752", "6.753", "6.761", "6.762", "6.763"]),
    "6.81": ("Geëscaleerde zorg 18+", ["6.811", "6.812"]),
    "6.82": ("Geëscaleerde zorg 18-", ["6.821", "6.822"]),
}


def extract(pdf: Path) -> dict[str, str]:
    reader = PdfReader(str(pdf))
    out: dict[str, str] = {}
    started = False
    for page in reader.pages:
        text = page.extract_text() or ""
        if "Overzicht Iv3-taakvelden" in text:
            started = True
        if not started:
            continue
        for line in text.split("\n"):
            m = re.match(r"^\s*(\d{1,2}\.\d{1,3})\s+(\S.*?)\s*$", line)
            if m and not m.group(2)[0].isdigit():
                out.setdefault(m.group(1), m.group(2))
        if started and "9. Overige" not in text and len(out) > 60 and "8.3" in out:
            break
    return out


def main(pdf: str) -> None:
    codes = extract(Path(pdf))
    data = {
        "source": "Iv3-Informatievoorschrift-2026 Gemeenten en GR (v1.0), hoofdstuk 3",
        "taakvelden": codes,
        "oude_codes": {c: {"naam": n, "nu": now} for c, (n, now) in OLD_CODES.items()},
    }
    OUT.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"{len(codes)} taakvelden -> {OUT}")


if __name__ == "__main__":
    default = "../shared/reference/iv3-informatievoorschrift-2026.pdf"
    main(sys.argv[1] if len(sys.argv) > 1 else default)

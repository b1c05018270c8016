"""The engine serves any municipality: code names no place, region or document of a corpus.

The names come from the data (the deployment profile and the document catalogue), so the
test keeps working when the corpus changes. Comments and docstrings count too: a comment that
names a place usually documents a rule fitted to it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from core.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("core", "storage", "ingest", "retrieval", "assistant", "app_pages")
CODE_FILES = [ROOT / "app.py"] + [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
CORPORA = [ROOT / "corpus"] + sorted(p for p in (ROOT / "corpora").glob("*") if p.is_dir())


def corpus_names(corpus: Path) -> set[str]:
    profile = Profile.load(corpus / "profile.yaml")
    names: set[str] = set()
    for g in profile.governments():
        if g.kind in ("land", "groep"):
            continue  # "Nederland" and comparison groups are vocabulary, not a corpus's places
        names.update(n for n in g.names() if len(n) >= 3)
        names.update(g.members)
    catalogue = corpus / "documents.yaml"
    if catalogue.exists():
        docs = (yaml.safe_load(catalogue.read_text(encoding="utf-8")) or {}).get("documents") or {}
        for source, entry in docs.items():
            names.add(Path(source).stem)
            for key in ("municipality", "region", "owner"):
                names.update(n.strip() for n in str(entry.get(key, "")).split(",") if n.strip())
    return {n for n in names if len(n) >= 3}


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_code_names_no_place_region_or_document_of_the_corpus(corpus: Path):
    names = corpus_names(corpus)
    assert names, f"{corpus}: no names found in profile/catalogue"
    patterns = {n: re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])", re.I) for n in names}
    hits = []
    for path in CODE_FILES:
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            hits += [
                f"{path.relative_to(ROOT)}:{no}: {name}"
                for name, pat in patterns.items()
                if pat.search(line)
            ]
    assert not hits, "corpus names in code:\n" + "\n".join(hits)


def test_the_check_finds_a_name_it_should():
    """The test above must be able to fail: a planted line is caught."""
    names = corpus_names(ROOT / "corpus")
    home = Profile.load(ROOT / "corpus" / "profile.yaml").municipality
    assert home in names
    line = f'DEFAULT_ENTITY = "{home}"'
    assert re.search(rf"(?<![\w-]){re.escape(home)}(?![\w-])", line, re.I)

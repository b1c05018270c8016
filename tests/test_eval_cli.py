"""The evaluation CLI: thresholds, JSON/Markdown output and a real run on a tiny gold set."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.models import Answer, Citation, Passage
from evals.__main__ import app
from evals.metrics import GoldQuestion
from evals.report import write_json, write_markdown
from evals.run import (
    EvalRun,
    check_thresholds,
    parse_min,
    score_question,
    summarise,
    summarise_by_type,
)

DEV = Path(__file__).resolve().parent.parent / "evals" / "gold" / "dev.jsonl"
DOC = "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"


def test_parse_min_accepts_keys_and_aliases():
    got = parse_min(["recall@5=0.9", "Correctness=0.8", "mrr=0.85", "citation-precision=0.5"])
    assert got == {"recall@5": 0.9, "correctness": 0.8, "mrr@10": 0.85, "citation_precision": 0.5}


@pytest.mark.parametrize(
    "bad", ["recall@5", "recall@7=0.9", "correctness=hoog", "latency_p95_ms=5"]
)
def test_parse_min_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="Ongeldige drempel"):
        parse_min([bad])


def test_check_thresholds():
    overall = {"recall@5": 0.85, "correctness": 0.9, "faithfulness": math.nan}
    assert check_thresholds(overall, {"correctness": 0.8}) == []
    (msg,) = check_thresholds(overall, {"recall@5": 0.9})
    assert "recall@5 = 0.850" in msg and "0.900" in msg
    assert len(check_thresholds(overall, {"faithfulness": 0.1})) == 1  # NaN never passes


def test_bad_threshold_exits_with_code_2_before_running(tmp_path):
    result = CliRunner().invoke(app, ["run", "--gold", str(DEV), "--min", "onzin=1"])
    assert result.exit_code == 2
    assert "Ongeldige drempel" in result.output


def synthetic_run() -> EvalRun:
    good_gold = GoldQuestion.from_dict(
        {
            "id": "g1", "question": "Hoe hoog is de taakstelling vanaf 2022?",
            "type": "numeric_lookup", "must_include": ["1,2 miljoen"],
            "sources": [{"doc": DOC, "line_start": 22, "line_end": 26}],
        }
    )  # fmt: skip
    bad_gold = GoldQuestion.from_dict(
        {"id": "u1", "question": "Wat vindt de VVD?", "type": "unanswerable"}
    )
    passage = Passage(id="a", text="€ 1,2 miljoen", source=DOC, line_start=20, line_end=24)
    good = Answer(
        good_gold.question, "Vanaf 2022 € 1.200.000 [1].",
        citations=[Citation(1, DOC, "", "", "", 20, 24, "€ 1,2 miljoen")], passages=[passage],
    )  # fmt: skip
    wrong = Answer(bad_gold.question, "De VVD is tegen, zegt 17 procent.")
    results = [
        score_question(good_gold, good, [passage], 120.0),
        score_question(bad_gold, wrong, [], 80.0),
    ]
    return EvalRun("evals/gold/mini.jsonl", "offline", results, summarise(results),
                   summarise_by_type(results))  # fmt: skip


def test_summary_and_reports(tmp_path):
    run = synthetic_run()
    assert run.overall["recall@1"] == 1.0  # only the answerable question counts
    assert run.overall["correctness"] == 0.5
    assert run.overall["abstention_accuracy"] == 0.5
    assert run.overall["faithfulness"] == 0.5  # "17 procent" has no source
    assert run.by_type["unanswerable"]["correctness"] == 0.0
    assert math.isnan(run.by_type["unanswerable"]["recall@5"])

    data = json.loads(write_json(run, tmp_path / "out.json").read_text(encoding="utf-8"))
    q = {x["id"]: x for x in data["questions"]}
    assert q["g1"]["pass"]["correctness"] is True
    assert q["u1"]["pass"]["abstention_accuracy"] is False
    assert q["u1"]["pass"]["recall@5"] is None
    assert data["by_type"]["unanswerable"]["recall@5"] is None  # NaN written as null

    md = write_markdown(run, tmp_path / "rep")
    assert md.name == "mini.md"
    text = md.read_text(encoding="utf-8")
    assert "### u1 (unanswerable)" in text and "### g1" not in text
    assert "17 procent" in text
    chart = [p for p in (tmp_path / "rep").iterdir() if p.suffix in {".png", ".html"}]
    assert chart and chart[0].stat().st_size > 1000


from tiny_corpus import AGENDA_TEMPLATE, CATALOGUE, VISIE  # noqa: E402

AGENDA = AGENDA_TEMPLATE.format(amount="1,2 miljoen")
TINY_GOLD = [
    {
        "id": "t1", "question": "Hoe hoog is de taakstelling voor jeugdhulp vanaf 2022?",
        "answer": "€ 1,2 miljoen", "must_include": ["1,2 miljoen"], "accept": ["1.200.000"],
        "sources": [{"doc": "leudal-agenda.txt", "line_start": 6, "line_end": 6}],
        "type": "numeric_lookup", "difficulty": 1,
    },
    {
        "id": "t2", "question": "Welke gemeenten horen bij de regio Midden-Limburg Oost?",
        "answer": "Echt-Susteren, Maasgouw, Roerdalen en Roermond.",
        "must_include": ["Roermond"], "accept": [],
        "sources": [{"doc": "mlo-visie.txt", "line_start": 4, "line_end": 4}],
        "type": "list", "difficulty": 1,
    },
    {
        "id": "t3", "question": "Wat vindt de VVD-fractie van de taakstelling jeugdhulp?",
        "answer": "Dat staat niet in de beschikbare documenten.", "must_include": [],
        "accept": [], "sources": [], "type": "unanswerable", "difficulty": 1,
    },
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny_setup(tmp_path_factory) -> dict[str, str]:
    """A two-document corpus, a real index of it and a gold file about it."""
    from core.config import Settings
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("eval-cli")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "leudal-agenda.txt").write_text(AGENDA, "utf-8")
    (corpus / "mlo-visie.txt").write_text(VISIE, "utf-8")
    (corpus / "documents.yaml").write_text(CATALOGUE, "utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", upload_dir=root / "up")
    report = run_ingest(settings)
    assert not report.errors, report.errors
    gold = root / "tiny.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in TINY_GOLD) + "\n")
    return {
        "RAADS_CORPUS_DIR": str(corpus),
        "RAADS_INDEX_DIR": str(root / "index"),
        "RAADS_UPLOAD_DIR": str(root / "up"),
        "RAADS_BACKEND": "offline",
        "gold": str(gold),
    }


@pytest.mark.slow
def test_real_run_on_tiny_corpus(tiny_setup, tmp_path, monkeypatch):
    for key, val in tiny_setup.items():
        if key.startswith("RAADS_"):
            monkeypatch.setenv(key, val)
    out, rep = tmp_path / "tiny.json", tmp_path / "rapport"
    args = ["run", "--gold", tiny_setup["gold"], "--json", str(out), "--report", str(rep)]
    runner = CliRunner()
    ok = runner.invoke(app, [*args, "--baselines", "--min", "recall@5=0.5"])
    assert ok.exit_code == 0, ok.output
    assert "LangChain" in ok.output

    data = json.loads(out.read_text(encoding="utf-8"))
    q = {x["id"]: x for x in data["questions"]}
    assert list(q) == ["t1", "t2", "t3"]
    assert q["t1"]["first_hit_rank"] is not None and q["t1"]["first_hit_rank"] <= 5
    assert q["t1"]["pass"]["correctness"] is True, q["t1"]["answer"]
    assert q["t3"]["pass"]["abstention_accuracy"] is True, q["t3"]["answer"]
    assert set(data["baselines"]) >= {"bm25 only", "vector only", "LangChain 1000/200 top-4"}
    assert (rep / "tiny.md").exists()

    failing = runner.invoke(app, ["run", "--gold", tiny_setup["gold"], "--min", "mrr@10=1.01"])
    assert failing.exit_code == 1
    assert "Drempel niet gehaald: mrr@10" in failing.output

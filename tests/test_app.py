"""Streamlit AppTest runs of every page against a real index built from the corpus."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from assistant.auth import User
from assistant.feedback import FeedbackStore
from core.config import PROJECT_ROOT, Settings
from core.profile import load_profile

APP = str(PROJECT_ROOT / "app.py")
QUESTION = "Wat waren de uitgaven aan jeugdhulp in 2018?"
OFF_TOPIC = "Wat is het recept voor appeltaart met slagroom?"


def plain(text: str) -> str:
    """Undo the markdown escaping the app applies to all document and question text."""
    return re.sub(r"\\(.)", r"\1", text)


def load_screenshots_module():
    """scripts/screenshots.py holds the index, server and browser helpers shared with e2e."""
    spec = importlib.util.spec_from_file_location(
        "raads_screenshots", PROJECT_ROOT / "scripts" / "screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """A real index of the corpus (the project index when current, else a reused temp one)."""
    fallback = tmp_path_factory.getbasetemp().parent / "raadsassistent-app-index"
    return load_screenshots_module().ensure_index(fallback)


@pytest.fixture
def app(index_dir, tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("RAADS_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("RAADS_FEEDBACK_DB", str(tmp_path / "feedback.sqlite"))
    monkeypatch.setenv("RAADS_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("RAADS_USERS_FILE", str(tmp_path / "geen-gebruikers.yaml"))
    monkeypatch.setenv("RAADS_AUTH_REQUIRED", "false")
    monkeypatch.setenv("RAADS_BACKEND", "offline")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _popovers(at: AppTest) -> list[str]:
    return [
        plain(n.proto.popover.label)
        for n in _walk(at.main)
        if getattr(n, "type", None) == "popover"
    ]


def _assistant_texts(at: AppTest) -> list[str]:
    return [plain(m.markdown[0].value) for m in at.chat_message if m.name == "assistant"]


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


STAFF = User(username="mdw", display_name="Medewerker", role="medewerker")


def _examples() -> list[str]:
    return load_profile(str(Settings().profile_path)).example_questions


def test_empty_chat_shows_profile_examples_and_about_panel(app):
    labels = [b.label for b in app.button]
    assert _examples() and all(q in labels for q in _examples())
    sidebar = " ".join(plain(m.value) for m in app.sidebar.markdown)
    assert "5 documenten" in sidebar and "Laatst ingelezen" in sidebar
    assert "Back-end" not in sidebar and "T" not in sidebar.split("Laatst ingelezen:")[1][:12]
    assert [e.label for e in app.sidebar.expander][-1] == "Over deze assistent"
    assert [m.label for m in app.sidebar.multiselect] == ["Document", "Regio", "Jaar"]


def test_ask_shows_answer_with_citation_and_passage(app):
    _ask(app, QUESTION)
    answers = _assistant_texts(app)
    assert len(answers) == 1
    assert "10.568.794" in answers[0]
    sources = _popovers(app)
    assert sources and sources[0].startswith("[1] ")
    passages = [h.proto.body for h in app.get("html")]
    assert any("<mark>" in body for body in passages), "supporting sentence is highlighted"
    assert "[1]" in answers[0]


def test_follow_up_keeps_history_and_new_conversation_clears(app):
    _ask(app, QUESTION)
    _ask(app, "En in 2017?")
    assert len(app.session_state["messages"]) == 4
    assert len(_assistant_texts(app)) == 2
    [b for b in app.button if b.label == "Nieuw gesprek"][0].click().run()
    assert app.session_state["messages"] == []
    assert not app.chat_message


def test_example_question_button_asks_it(app):
    [b for b in app.button if b.key == "example_1"][0].click().run()
    assert not app.exception
    assert app.session_state["messages"][0]["text"] == _examples()[1]


def test_answer_shows_quotes_and_owner_of_other_documents(app):
    _ask(app, "Welke gemeenten horen bij de regio Midden-Limburg Oost?")
    answer = app.session_state["messages"][-1]["answer"]
    shown = " ".join(plain(m.value) for m in app.markdown)
    if answer.citations:
        assert "Onderbouwing uit de documenten" in shown
    others = [c for c in answer.citations if c.owner and c.owner != "Leudal"]
    for c in others:
        assert f"(document van {c.owner})" in " ".join(_popovers(app))
    for warning in answer.warnings:
        assert any(plain(w.value) == warning for w in app.warning)


def test_abstains_plainly_with_closest_passages(app):
    _ask(app, OFF_TOPIC)
    answer = app.session_state["messages"][-1]["answer"]
    assert answer.abstained
    assert any("geen betrouwbaar antwoord" in w.value for w in app.warning)
    assert any(e.label == "Dichtstbijzijnde passages" for e in app.expander) == bool(
        answer.passages
    )


def test_invalid_question_shows_dutch_error_not_a_trace(app):
    _ask(app, "?!?!")
    assert app.error and "vraag" in plain(app.error[0].value).lower()
    assert not app.exception
    assert app.session_state["messages"] == []


def test_html_in_question_is_rendered_escaped(app):
    _ask(app, "Wat kost <script>alert(1)</script> jeugdhulp in 2018?")
    users = [m.markdown[0].value for m in app.chat_message if m.name == "user"]
    assert users and "\\<script\\>" in users[0]  # shown literally, not as HTML


def test_feedback_is_stored(app, tmp_path):
    _ask(app, QUESTION)
    app.feedback[0].set_value(0).run()
    remark = next(t for t in app.text_input if str(t.key).startswith("fb_remark_"))
    remark.set_value("Bron klopt, maar te lang").run()
    [b for b in app.button if b.label == "Beoordeling versturen"][0].click().run()
    entries = FeedbackStore(tmp_path / "feedback.sqlite").entries()
    assert len(entries) == 1
    assert entries[0].rating == -1 and entries[0].remark == "Bron klopt, maar te lang"
    assert entries[0].question == QUESTION
    assert any(c.value == "Bedankt voor uw beoordeling." for c in app.caption)


LETTER = """\
Onderwerp: begroting jeugdhulp
Raadsvraag 2019-159

1. Wat waren de uitgaven aan jeugdhulp in 2018?
2. Hoe hoog is de taakstelling voor jeugdhulp vanaf 2022?

Met vriendelijke groet,
"""


def test_raadsvraag_split_answer_edit_and_export_docx(app):
    app.switch_page("app_pages/raadsvraag.py").run()
    app.text_area(key="rv_letter").set_value(LETTER).run()
    [b for b in app.button if b.label == "Vragen splitsen"][0].click().run()
    questions = app.session_state["rv_questions"]
    assert [q.number for q in questions] == [1, 2]
    assert app.text_input(key="rv_reference").value == "2019-159"
    [b for b in app.button if b.label == "Alle vragen beantwoorden"][0].click().run()
    assert not app.exception, app.exception
    first = app.text_area(key="rv_a_0")
    assert "10.568.794" in first.value
    first.set_value("Bewerkt antwoord: € 10.568.794 [1].").run()
    assert [d.label for d in app.download_button] == ["Download Word (DOCX)", "Download Markdown"]
    # The buttons build the file on click (see the browser test); here: the same draft.
    from assistant.raadsvraag import Draft, DraftItem, to_docx, to_markdown

    items = [DraftItem(it.number, it.question, app.session_state[f"rv_a_{i}"], it.citations,
                       it.abstained) for i, it in enumerate(app.session_state["rv_items"])]
    draft = Draft(items, reference=app.session_state["rv_reference"],
                  subject=app.session_state["rv_subject"])
    doc = Document(io.BytesIO(to_docx(draft)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Beantwoording raadsvragen 2019-159" in text
    assert "Antwoord: Bewerkt antwoord: € 10.568.794 [1]." in text
    assert "Bronnen" in text and "2019-10-ontwikkelagenda" in text
    assert "## Vraag 2" in to_markdown(draft)


def test_raadsvraag_without_questions_warns(app):
    app.switch_page("app_pages/raadsvraag.py").run()
    app.text_area(key="rv_letter").set_value("Geacht college, dank voor uw brief.").run()
    [b for b in app.button if b.label == "Vragen splitsen"][0].click().run()
    assert any("Geen vragen gevonden" in w.value for w in app.warning)


def test_cijfers_shows_profile_overview_with_sources_and_choices(app):
    app.switch_page("app_pages/cijfers.py").run()
    assert not app.exception, app.exception
    first = load_profile(str(Settings().profile_path)).charts[0].title
    assert first in [s.value for s in app.subheader]
    sources = [plain(c.value) for c in app.caption if c.value.startswith("Bron:")]
    assert any(
        "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt, regel" in s for s in sources
    )
    table = app.dataframe[0].value
    assert "€ 9.731.480" in set(table["Waarde"])  # Dutch number format in the table
    assert [m.label for m in app.multiselect][:2] == ["Cijfer", "Van wie"]
    # Own choice: another metric, all entities.
    app.selectbox(key="fig_view").set_value("Zelf kiezen").run()
    app.multiselect(key="fig_metrics").set_value(["uitgaven"]).run()
    assert not app.exception, app.exception
    assert set(app.dataframe[0].value["Cijfer"]) == {"Uitgaven"}
    assert [d.label for d in app.download_button] == ["Tabel downloaden (CSV)",
                                                      "Grafiek downloaden (PNG)"]


def test_documenten_public_cannot_upload(app):
    app.switch_page("app_pages/documenten.py").run()
    assert not app.file_uploader
    assert any("medewerkers" in i.value for i in app.info)


def test_documenten_lists_corpus_and_refuses_bad_upload(app):
    app.session_state["user"] = STAFF
    app.switch_page("app_pages/documenten.py").run()
    table = app.dataframe[0].value
    assert len(table) == 5
    assert list(table.columns)[:2] == ["Titel", "Van"]
    assert "Midden-Limburg Oost" in set(table["Regio"])
    app.file_uploader[0].set_value(("kapot.pdf", b"dit is geen pdf", "application/pdf")).run()
    [b for b in app.button if b.label == "Toevoegen aan de index"][0].click().run()
    assert not app.exception, app.exception
    message = plain(app.error[0].value)
    assert message.startswith("Het bestand is niet toegevoegd.")
    assert "PDF" in message
    app.switch_page("app_pages/documenten.py").run()
    assert len(app.dataframe[0].value) == 5  # nothing lost, nothing half-added


def test_upload_txt_is_ingested_and_listed(index_dir, tmp_path, monkeypatch):
    """A good upload goes into a copy of the index, so the shared test index stays as it is."""
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    for key, value in {
        "RAADS_INDEX_DIR": copy,
        "RAADS_UPLOAD_DIR": tmp_path / "uploads",
        "RAADS_USERS_FILE": tmp_path / "geen.yaml",
        "RAADS_FEEDBACK_DB": tmp_path / "f.sqlite",
    }.items():
        monkeypatch.setenv(key, str(value))
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.session_state["user"] = STAFF
    at.switch_page("app_pages/documenten.py").run()
    text = (
        "Notitie wachttijden jeugdhulp Leudal\n\nDe gemiddelde wachttijd voor "
        "jeugdhulp in Leudal was in 2023 zes weken volgens deze testnotitie.\n"
    )
    at.file_uploader[0].set_value(("notitie-wachttijden.txt", text.encode(), "text/plain"))
    at.text_input(key="upload_title").set_value("Notitie wachttijden")
    at.selectbox(key="upload_region").set_value("Midden-Limburg West")
    at.run()
    [b for b in at.button if b.label == "Toevoegen aan de index"][0].click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    message = plain(at.success[0].value)
    assert "notitie-wachttijden.txt is toegevoegd" in message and "1 passage " in message
    table = at.dataframe[0].value
    assert len(table) == 6
    row = table[table["Bestand"] == "notitie-wachttijden.txt"].iloc[0]
    assert row["Titel"] == "Notitie wachttijden" and row["Regio"] == "Midden-Limburg West"
    assert (tmp_path / "uploads" / "notitie-wachttijden.txt").exists()


def test_document_filter_limits_sources(app):
    source = "2021-voortgangsrapportage-duurzaam-evenwicht-sociaal-domein-leudal.txt"
    app.sidebar.multiselect(key="filter_sources").set_value([source]).run()
    _ask(app, "Welke besparingen leveren de maatregelen in de toegang op?")
    answer = app.session_state["messages"][-1]["answer"]
    assert answer.citations
    assert {c.source for c in answer.citations} == {source}


def test_login_wall_when_login_required(index_dir, tmp_path, monkeypatch):
    from assistant.auth import add_user

    users = tmp_path / "users.yaml"
    monkeypatch.setenv("RAADS_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("RAADS_USERS_FILE", str(users))
    monkeypatch.setenv("RAADS_AUTH_REQUIRED", "true")
    add_user(Settings(), "jdevries", "Een-lang-wachtwoord-123", role="medewerker",
             display_name="J. de Vries")
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert [b.label for b in at.button] == ["Inloggen"]
    assert not at.chat_input
    _login(at, "jdevries", "fout", check=False)
    assert "Onbekende gebruikersnaam" in at.error[0].value
    _login(at, "jdevries", "Een-lang-wachtwoord-123")
    assert at.chat_input
    assert any("J. de Vries" in c.value for c in at.sidebar.caption)


def test_public_read_with_optional_staff_login(index_dir, tmp_path, monkeypatch):
    from assistant.auth import add_user

    users = tmp_path / "users.yaml"
    monkeypatch.setenv("RAADS_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("RAADS_USERS_FILE", str(users))
    monkeypatch.setenv("RAADS_AUTH_REQUIRED", "false")
    add_user(Settings(), "jdevries", "Een-lang-wachtwoord-123", role="medewerker",
             display_name="J. de Vries")
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert at.chat_input  # reading needs no login
    assert "Inloggen (medewerkers)" in [e.label for e in at.sidebar.expander]
    _login(at, "jdevries", "Een-lang-wachtwoord-123")
    assert any("J. de Vries" in c.value for c in at.sidebar.caption)


def _login(at: AppTest, username: str, password: str, check: bool = True) -> AppTest:
    at.text_input(key="login_user").set_value(username)
    at.text_input(key="login_password").set_value(password)
    [b for b in at.button if b.label == "Inloggen"][0].click().run()
    assert not at.exception, at.exception
    return at


def test_access_levels_are_enforced_in_the_app(tmp_path, monkeypatch):
    """A raadslid never sees an 'intern' document in the app; a medewerker does."""
    from assistant.auth import add_user
    from ingest.pipeline import run_ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "openbaar.txt").write_text(
        "Jeugdhulp Leudal\n\nDe raad besprak in 2019 de taakstelling voor jeugdhulp.\n",
        encoding="utf-8",
    )
    (corpus / "intern-memo.txt").write_text(
        "Interne memo\n\nHet projectbudget Zonnebloem voor jeugdhulp bedraagt 77.777 euro.\n",
        encoding="utf-8",
    )
    (corpus / "documents.yaml").write_text(
        "documents:\n  intern-memo.txt:\n    title: Interne memo\n    access: intern\n",
        encoding="utf-8",
    )
    env = {
        "RAADS_CORPUS_DIR": corpus,
        "RAADS_INDEX_DIR": tmp_path / "index",
        "RAADS_UPLOAD_DIR": tmp_path / "uploads",
        "RAADS_USERS_FILE": tmp_path / "users.yaml",
        "RAADS_FEEDBACK_DB": tmp_path / "fb.sqlite",
        "RAADS_BACKEND": "offline",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    assert run_ingest(Settings()).ok
    add_user(Settings(), "raad", "Wachtwoord-raad-1234", role="raadslid", display_name="Raadslid")
    add_user(Settings(), "mdw", "Wachtwoord-mdw-1234", role="medewerker", display_name="Medewerker")
    question = "Hoe hoog is het projectbudget Zonnebloem?"

    council = _login(
        AppTest.from_file(APP, default_timeout=180).run(), "raad", "Wachtwoord-raad-1234"
    )
    _ask(council, question)
    shown = " ".join(_assistant_texts(council)) + " ".join(_popovers(council))
    assert "77.777" not in shown and "Interne memo" not in shown

    staff = _login(AppTest.from_file(APP, default_timeout=180).run(), "mdw", "Wachtwoord-mdw-1234")
    _ask(staff, question)
    assert "77.777" in " ".join(_assistant_texts(staff))


def _all_text(at: AppTest) -> str:
    """Every label, value and text of every element on the page, main and sidebar."""
    out = []
    for root in (at.main, at.sidebar):
        for node in _walk(root):
            proto = getattr(node, "proto", None)
            if proto is not None:
                out.append(str(proto))
            for attr in ("value", "label", "placeholder", "help"):
                value = getattr(node, attr, None)
                if isinstance(value, str):
                    out.append(value)
    return "\n".join(out)


def test_another_municipality_shows_nothing_of_the_home_corpus(tmp_path, monkeypatch):
    """A Wassenaar profile and a Wassenaar-only corpus: every page works, no Leudal anywhere."""
    from ingest.pipeline import run_ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpora" / "wassenaar" / "profile.yaml", corpus / "profile.yaml")
    (corpus / "begroting-2025.txt").write_text(
        "Begroting 2025 gemeente Wassenaar\n\n1 Financieel beeld\n"
        "De gemeente Wassenaar sluit de begroting 2025 met een positief saldo van € 1.250.000.\n"
        "De totale lasten bedragen in 2025 € 98.400.000 en de baten € 99.650.000.\n\n"
        "2 Sociaal domein\nWassenaar werkt voor jeugdhulp samen in de regio Haaglanden.\n",
        encoding="utf-8",
    )
    (corpus / "documents.yaml").write_text(
        "documents:\n  begroting-2025.txt: {title: Begroting 2025 gemeente Wassenaar, "
        'date: "2024-11-05", kind: begroting, region: Haaglanden, municipality: Wassenaar}\n',
        encoding="utf-8",
    )
    env = {
        "RAADS_CORPUS_DIR": corpus, "RAADS_INDEX_DIR": tmp_path / "index",
        "RAADS_UPLOAD_DIR": tmp_path / "uploads", "RAADS_USERS_FILE": tmp_path / "geen.yaml",
        "RAADS_FEEDBACK_DB": tmp_path / "fb.sqlite", "RAADS_BACKEND": "offline",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    assert run_ingest(Settings()).ok
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.button]
    assert "Wat is het saldo van de begroting 2025?" in labels
    seen = [_all_text(at)]
    _ask(at, "Wat is het saldo van de begroting 2025?")
    assert "Wassenaar" in _assistant_texts(at)[0]
    seen.append(_all_text(at))
    for page in ("raadsvraag", "cijfers", "documenten"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        seen.append(_all_text(at))
    at.switch_page("app_pages/raadsvraag.py").run()
    [b for b in at.button if b.label == "Voorbeeldbrief invullen"][0].click().run()
    [b for b in at.button if b.label == "Vragen splitsen"][0].click().run()
    seen.append(_all_text(at))
    text = "\n".join(seen)
    for name in ("Leudal", "Limburg", "MLO", "MLW", "Roermond", "Weert", "jeugdhulp en sociaal"):
        assert name not in text, name


def test_an_answers_document_labels_are_bold_and_everything_else_literal():
    """"**Nota (2021):** ..." opens a multi-document answer: shown bold, not with its
    asterisks; any other markdown in an answer (a quote's "*" or "[link](x)") stays literal."""
    from app_pages.shared import answer_markdown

    shown = answer_markdown("**Nota Zeedorp (2021):** Het budget is *hoog* [1]\nZie [hier](x).")
    first, second = shown.split("\n")
    assert first.startswith("**Nota Zeedorp \\(2021\\)\\:**")
    assert "\\*hoog\\*" in first and "\\[1\\]" in first
    assert second == "Zie \\[hier\\]\\(x\\)\\."

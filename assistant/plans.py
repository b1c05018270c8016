"""Numeric plans: a typed intent is compiled into explicit steps over the figures store, run,
and answered in one or two Dutch sentences with the computation written out.

Why plans: a number in an answer must be a quoted figure or a formula over quoted figures, and
it must be the figure the question asks for: the right metric, the right government (entity),
the right scenario (begroting, realisatie, prognose) and period. Each step names the figure
tool an LLM back end would call (``find_figures``, ``sum_figures`` ...), so both paths share
one arithmetic (:mod:`assistant.figures`). When an input is missing the plan says which one and
computes nothing; a figure of another government is never presented as the asked one.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.figures import (
    Computation,
    average,
    difference,
    divided,
    growth,
    per_inhabitant,
    percentage_of,
    ratio,
    share,
    times,
    times_count,
    total,
    yearly_change,
)
from assistant.intent import Intent, expand_range, find_phrases, normalise
from core.models import Figure
from core.numbers import (
    format_number,
    format_round_eur,
    format_value,
    parse_amounts,
    stated_amounts,
)
from core.profile import Profile, load_lexicon
from core.text import MONTHS, fold, table_number, words
from core.text import capitalise as _cap
from ingest.tables import metric_of  # the metric vocabulary the tables were read with
from ingest.tables import terms as table_terms
from storage.figure_store import FigureStore, tokens

SCENARIO_WORDS = {
    "realisatie": ("realisatie", "rekening", "werkelijk", "jaarrekening"),
    "begroting_na_wijziging": ("na wijziging", "gewijzigd", "bijgesteld", "rarap", "actueel"),
    "begroting": ("begroting", "primitief", "begroot", "budget"),
    "prognose": ("prognose", "verwacht"),
    "raming": ("raming", "meerjarenraming", "geraamd"),
}
SCENARIO_NAMES = {
    "realisatie": "realisatie",
    "begroting_na_wijziging": "begroting na wijziging",
    "begroting": "begroting",
    "prognose": "prognose",
    "raming": "raming",
}
# Without an asked scenario, which one stands for a period (realised figures first).
SCENARIO_ORDER = ("realisatie", "", "begroting_na_wijziging", "begroting", "raming", "prognose")


@dataclass
class Step:
    """One call in a plan: the tool an LLM would use and its arguments (for display/tests)."""

    tool: str
    args: dict


@dataclass
class PlanResult:
    """Sentences with the figures that support each (the caller adds [n] markers)."""

    sentences: list[tuple[str, list[Figure]]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    computation: Computation | None = None
    abstain: bool = False
    clarify: bool = False
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    overall: bool = False  # the whole's line was chosen because no part of it was asked

    def say(self, text: str, figs: list[Figure] | None = None) -> None:
        figs = figs or []
        self.sentences.append((text, figs))
        self.figures += [f for f in figs if f not in self.figures]

    @property
    def text(self) -> str:
        return " ".join(s for s, _ in self.sentences) or self.reason


def scenario_of(f: Figure) -> str:
    """The figure's scenario: its own field, else read from its note or column label."""
    if f.scenario:
        return f.scenario
    text = fold(f"{f.col_label} {f.note}")
    for key in ("begroting_na_wijziging", "prognose", "realisatie", "raming", "begroting"):
        if any(w in text for w in SCENARIO_WORDS[key]):
            return key
    # a line stored under the scenario's own name ("prognose" beside "begroting" columns)
    return f.metric if f.metric in SCENARIO_WORDS else ""


# The order in which a year's figures are made: the budget, its revision, the forecast, the
# outcome. Without "dan"/"than" in the question, a change runs in this order.
MAKING_ORDER = ("begroting", "begroting_na_wijziging", "raming", "prognose", "realisatie")


def _title_year(title: str) -> int | None:
    """The first year a document's title names ("Begroting 2025 ..."), if any."""
    m = re.search(r"\b((?:19|20)\d\d)\b", title)
    return int(m.group(1)) if m else None


def _cell_row(f: Figure) -> tuple[str, str, int | None, str]:
    """A table row's cells: one document, page, row label and caption."""
    return (f.source, f.row_label, f.page, f.caption)


def _line_key(f: Figure) -> tuple[str, str, str]:
    """What makes figures one line of a table: its document, row and metric."""
    return (f.source, f.subject or f.row_label, f.metric)


def _by_line(figs: list[Figure]) -> dict[tuple[str, str, str], list[Figure]]:
    """Figures grouped into the lines of their tables (see :func:`_line_key`), in order."""
    lines: dict[tuple[str, str, str], list[Figure]] = {}
    for f in figs:
        lines.setdefault(_line_key(f), []).append(f)
    return lines


def _period_year(period: str) -> int | None:
    m = re.match(r"((?:19|20)\d\d)", period)
    return int(m.group(1)) if m else None


# "hoeveel groeit die tot eind 2028": a change from the first year the documents give.
_UNTIL = re.compile(
    r"\b(?:tot(?: en met)?|t/m|until|by)\s+(?:(?:het )?einde?\s+|the end of\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b"
)


def _planned_for_future(
    figs: list[Figure], years: list[int], store: FigureStore | None
) -> list[Figure]:
    """Budget or estimate figures for asked years after the source's realised year: what a
    document expects for a coming year, not a mislabelled forecast."""
    out = []
    last_real: dict[str, int] = {}
    for f in figs:
        if scenario_of(f) not in ("begroting", "raming") or not any(
            _covers(f.period, y) for y in years
        ):
            continue
        if f.source not in last_real and store is not None:
            # The year most realised figures are for ("Rekening 2023"): a few cells under a
            # "Realisatie" group label further along the table must not move it.
            real = Counter(
                int(g.period[:4]) for g in store.all({f.source})
                if scenario_of(g) == "realisatie" and g.period[:4].isdigit()
            )
            last_real[f.source] = real.most_common(1)[0][0] if real else 9999
        if min(years) > last_real.get(f.source, 9999):
            out.append(f)
    return out


def _covers(period: str, year: int) -> bool:
    m = re.match(r"((?:19|20)\d\d)(?:\s*-\s*((?:19|20)\d\d))?", period)
    if not m:
        return False
    if re.fullmatch(r"(?:19|20)\d\d-01-01", period.strip()):
        # a count on 1 January is the count at the end of the year before ("inwoners op
        # 1 januari 2019" stands for end 2018 too)
        return year in (int(m.group(1)), int(m.group(1)) - 1)
    start = int(m.group(1))
    if "e.v." in period or "vanaf" in period:
        return year >= start
    end = int(m.group(2)) if m.group(2) else start
    return start <= year <= end


class Planner:
    """Compile and run numeric plans over one figures store (see the module docstring)."""

    def __init__(
        self,
        store: FigureStore,
        profile: Profile,
        allowed_sources: set[str] | None = None,
        titles: dict[str, str] | None = None,
        synonyms: dict[str, set[str]] | None = None,
    ) -> None:
        self.store = store
        self.profile = profile
        self.allowed = allowed_sources
        self.titles = titles or {}
        # token -> its glossary synonyms' tokens: "jeugdzorg" meets a line on "jeugdhulp"
        self.synonyms = synonyms or {}
        # a figure's label tokens, stemmed once per question (each figure is scored many times)
        self._label_cache: dict[str, tuple[set[str], set[str]]] = {}
        self._label_vocab: frozenset[str] | None = None

    def _said(self, term: str, toks: set[str]) -> bool:
        return term in toks or bool(self.synonyms.get(term, set()) & toks)

    # -- selection ----------------------------------------------------------------------------
    def concept_figures(self, intent: Intent) -> list[tuple[str, list[Figure]]]:
        """(concept, figures) for every concept of the question the store has figures for,
        in the order the question mentions them."""
        figs = self.store.all(self.allowed)
        if intent.documents:
            figs = [f for f in figs if f.source in intent.documents] or figs
        if intent.table:  # "in Tabel 5.2": that table's figures, when the store has them
            figs = [f for f in figs if table_number(f.caption) == intent.table] or figs
        from assistant.intent import _concept  # the lexicon entry of a concept

        out = []
        related = [
            r
            for c in intent.concepts
            for r in _concept_spec(c).get("related") or []
            if r not in intent.concepts
        ]
        for concept in [*intent.concepts, *related]:
            if concept.startswith("="):
                metrics, prefixes, lines, columns = {concept[1:]}, [], [], []
            else:
                spec = _concept(concept)
                metrics = set(spec.get("metrics") or [])
                prefixes = [spec["metric_prefix"]] if spec.get("metric_prefix") else []
                lines = [fold(str(w)) for w in spec.get("lines") or []]
                columns = [fold(str(w)) for w in spec.get("columns") or []]
            found = [
                f
                for f in figs
                if f.metric in metrics or any(f.metric.startswith(p) for p in prefixes)
                or (lines and _names_line(f, lines))
                or (columns and any(c in fold(f.col_label) for c in columns))
            ]
            if (intent.scenario in ("prognose", "realisatie", "raming")
                    and metrics & table_terms()["money_metrics"]
                    and not metrics & {"saldo", "resultaat"}):
                # "de jeugduitgaven in de eindejaarsprognose": a table stores that column's
                # amounts under the scenario's own name ("prognose") beside its other columns
                # (spending or income, not a result, which is a difference of the two)
                found += [f for f in figs if f.metric == intent.scenario
                          and f.unit.startswith("EUR") and f not in found]
            if columns and not metrics and intent.subject_terms:
                # a measure read from a table's column answers only for the lines it names;
                # for another subject the documents may state it in words
                terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
                found = [f for f in found if self.subject_score(f, terms) >= 1] and found
            if found:
                out.append((concept, found))
        if out and intent.subject_terms:
            # A table whose caption names no metric stores plain amounts ("OZB niet woningen"
            # under "Tabel 7.1"): when their own labels name the asked subject, they compete.
            terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
            enough = min(2, len(terms))  # two subject words, or the one the question has
            plain = [f for f in figs if f.metric == "bedrag" and f.unit.startswith("EUR")
                     and self.subject_score(f, terms) >= enough]
            if plain:
                out.append(("", plain))
        if not out and intent.subject_terms and (
            intent.operation in COMPUTED_OPS or intent.numeric_cue
        ):
            # "Welk deel van het totaal betreft X?", "hoeveel vaste geldleningen ...": no
            # metric word, but the figures whose own labels name the subject are the inputs
            # (a plain lookup needs two of the subject's words in the label).
            terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
            if intent.operation in COMPUTED_OPS:
                scored, enough = [(self.subject_score(f, terms), f) for f in figs], 1
                # lines whose own name says the question's words, before figures that share
                # only their document title's words ("... sociaal domein <gemeente>")
                own = [(sc, f) for sc, f in scored if sc >= enough and any(
                    self._said(t, set(tokens(normalise(
                        f"{f.subject} {f.row_label} {f.metric.replace('_', ' ')}"))))
                    for t in terms)]
                scored = own or scored
            else:  # own labels only
                scored = [(sum(n for t, n in terms.items() if self._said(t, self._labels(f)[0])),
                           f) for f in figs]
                enough = 2
            if max((sc for sc, _ in scored), default=0) >= enough:
                kept = [f for sc, f in scored if sc >= enough]
                if all(_is_total(f) for f in kept):
                    # "van het sociaal domein voor Jeugd": the total says the table's scope; a
                    # line of its document saying the narrowing word competes (by_subject)
                    scope = {t for t in terms if any(self._said(t, self._labels(f)[0])
                                                     for f in kept)}
                    kept += [f for sc, f in scored if 0 < sc < enough and not _is_total(f)
                             and f.source in {k.source for k in kept}
                             and any(self._said(t, _own_name(f)) for t in terms if t not in scope)]
                out.append(("", kept))
        return out

    def candidates(self, intent: Intent) -> tuple[str, list[Figure]]:
        """The concept the question asks about: of those it names, the one with figures for
        the asked government and years; among equals the most specific (fewest figures)."""
        options = self.concept_figures(intent)
        if intent.counted and intent.counted in intent.concepts:
            # "hoeveel aanbieders haalden minder dan € 20.000 omzet": the count is asked; an
            # amount of the other concept would answer another question.
            options = [o for o in options if o[0] == intent.counted]
        if not options:
            return "", []
        targets = {fold(t) for t in intent.target_entities(self.profile)}

        home = fold(self.profile.municipality)
        named = {fold(e) for e in intent.entities}
        comparing = bool(home) and bool(named - {home}) and (home in named or intent.home_implied)
        if comparing:
            targets = targets | {home}

        terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))

        def fit(item: tuple[str, list[Figure]]) -> tuple:
            concept, figs = item
            mine = [f for f in figs if not targets or fold(f.entity) in targets]
            asked_years = expand_range(intent.periods) if intent.period_range else intent.periods
            dated = [f for f in mine if any(_covers(f.period, y) for y in asked_years)]
            per_unit = bool(_concept_spec(concept).get("per_unit"))
            covered = len({fold(f.entity) for f in mine} & targets)
            named = concept in intent.concepts
            subject = max((self.subject_score(f, terms) for f in dated or mine or figs), default=0)
            # the lines that name the subject best give every asked year (not just one)
            pool = mine or figs
            scores = [(self.subject_score(f, terms), f) for f in pool]
            top = max((sc for sc, _ in scores), default=0)
            best_lines = [f for sc, f in scores if sc >= top - 1e-9]
            all_years = all(any(_covers(f.period, y) for f in best_lines) for y in asked_years)
            return (
                comparing and covered < 2,  # a comparison needs figures for both sides
                not (per_unit and named),  # "kosten per cliënt" asked: not the total costs
                per_unit and not named and not intent.per_capita_asked,  # nobody said "per"
                not mine,
                -min(subject, 2.0),  # figures that name the asked subject (capped)
                len(asked_years) >= 2 and not all_years,
                # a named metric without the asked year loses to lines that name the subject
                # and have it ("voorzieningen 2019" on a balance sheet, not a budget's table)
                bool(intent.periods) and not dated,
                not named and not comparing,
                not per_unit,
                intent.concepts.index(concept) if named else 99,
                len(figs),
            )

        return min(options, key=fit)

    def _overall_lines(
        self, figs: list[Figure], intent: Intent, pool: list[Figure] | None = None
    ) -> list[Figure]:
        """Nothing of a programme or line is asked ('het geraamde resultaat voor 2027'): the
        overall line, not the first programme's; of several, the one whose label the question
        says ('saldo van baten en lasten'). When the subject match kept only programme lines
        (each says 'Geraamde resultaat'), the overall lines of ``pool`` for the asked years
        stand in."""
        general = [f for f in figs if _general_line(f)]
        own = figs
        if not general and pool:
            years = intent.periods
            general = [f for f in pool if _general_line(f)
                       and (not years or any(_covers(f.period, y) for y in years))]
            figs = [*figs, *general]
        if not general or len(general) == len(figs) or intent.english:
            return own  # (an English question's words cannot name a Dutch line)
        subject = set(tokens(normalise(" ".join(intent.subject_terms))))
        if any(
            any(t in own or _heads_compound(t, own) for t in subject)
            for f in figs if not _general_line(f)
            for own in [set(tokens(normalise(f.subject)))]
        ):
            return own  # a programme or line the question names
        # the overall lines that give the asked years, before those that name more words
        asked_years = expand_range(intent.periods) if intent.period_range else intent.periods
        dated = [f for f in general if any(_covers(f.period, y) for y in asked_years)]
        general = dated or general
        asked = set(tokens(normalise(intent.question)))
        said = {id(f): len(set(tokens(normalise(f.row_label or f.subject))) & asked)
                for f in general}
        best = max(said.values())
        return [f for f in general if said[id(f)] == best]

    def _asked_taakveld(self, figs: list[Figure], intent: Intent) -> list[Figure]:
        """'taakveld 6.71' (an Iv3 code in the question): the lines of that code."""
        codes = set(re.findall(r"\b(\d{1,2}\.\d{1,3})\b", intent.question))
        return [f for f in figs if f.taakveld and f.taakveld in codes] if codes else []

    def _names_are_labels(self, intent: Intent, figs: list[Figure]) -> bool:
        """Every government the question names only by a word that figure labels also use:
        labels of this metric's figures, or of any figure whose own label names the question's
        subject ("jeugdhulp met verblijf landelijk" is a budget line, not the country)."""
        terms = set(tokens(normalise(" ".join(intent.subject_terms))))
        about = [f for f in self.store.all(self.allowed) if terms & self._labels(f)[0]]
        labels = fold(" ".join(f"{f.subject} {f.row_label}" for f in [*figs, *about]))
        q = fold(intent.question)
        for name in intent.entities:
            aliases = next((g.names() for g in self.profile.governments() if g.name == name), ())
            said = [a for a in aliases if re.search(rf"\b{re.escape(fold(a))}\b", q)]
            # A table may cut a label short ("... met verblijf landelij"): a stem will do.
            if not said or not all(
                re.search(rf"\b{re.escape(fold(a)[: max(5, len(a) - 2)])}", labels) for a in said
            ):
                return False
        return True

    def _vocab(self) -> frozenset[str]:
        """The words of every figure's own labels (cached): what counts as a word when a
        question's compound is split."""
        if self._label_vocab is None:
            key = (frozenset(self.allowed) if self.allowed is not None else None,
                   tuple(sorted(self.titles.items())))
            per_store = _VOCABS.setdefault(self.store, {})
            if key not in per_store:  # one pass over the store per generation, not per question
                per_store[key] = frozenset(
                    t for f in self.store.all(self.allowed) for t in self._labels(f)[0])
            self._label_vocab = per_store[key]
        return self._label_vocab

    def _labels(self, f: Figure) -> tuple[set[str], set[str]]:
        """(own, context) tokens of a figure. A figure without a subject line is about what
        its document is about, so the title counts as its own label then."""
        cached = self._label_cache.get(f.id)
        if cached is None:
            cached = self._label_cache[f.id] = self._label_tokens(f)
        return cached

    def _label_tokens(self, f: Figure) -> tuple[set[str], set[str]]:
        metric = f.metric.replace("_", " ")
        title = self.titles.get(f.source, "")
        own_text = f"{f.subject} {f.row_label} {metric} {f.taakveld}"
        if not f.subject:  # a row label like "Uitgaven" names the metric, not the subject
            own_text += f" {title}"
        own = set(tokens(normalise(own_text)))
        ctx = set(tokens(f"{f.note} {f.col_label} {f.quote} {f.caption} {title}"))
        return own, ctx

    def subject_score(self, f: Figure, terms: set[str] | Counter) -> float:
        """Question words in the figure's own labels count fully, in its context less; a word
        the question repeats counts more."""
        weights = terms if isinstance(terms, Counter) else Counter(terms)
        own, ctx = self._labels(f)
        cut = {o for o in own if len(o) >= 5}  # a table may cut a label ("regionaa")

        def in_own(t: str) -> bool:
            return self._said(t, own) or any(t.startswith(o) and len(t) - len(o) <= 2 for o in cut)

        def heads(t: str) -> bool:
            return _heads_compound(t, own, self._vocab())

        return sum(n if in_own(t) else 0.5 * n for t, n in weights.items()
                   if in_own(t) or heads(t)) + 0.3 * sum(
            n for t, n in weights.items()
            if self._said(t, ctx) and not in_own(t) and not heads(t)
        )

    def fit(self, figs: list[Figure], intent: Intent) -> float:
        """How well the best of ``figs`` names the question's subject (inf: nothing to name)."""
        terms = set(tokens(normalise(" ".join(intent.subject_terms))))
        if not terms or not figs:
            return float("inf")

        def said(f: Figure) -> int:  # labels (a subjectless figure: its title), note, quote
            own, _ = self._labels(f)
            toks = own | set(tokens(f"{f.note} {f.col_label} {f.quote}"))
            return sum(self._said(t, toks) for t in terms)

        return float(max(said(f) for f in figs))

    def named(self, f: Figure, terms: set[str]) -> int:
        """How many subject words a figure's labels, note or quote say (not its document's
        title, which every figure of the document shares)."""
        text = f"{f.subject} {f.row_label} {f.metric.replace('_', ' ')} {f.taakveld} {f.note} "
        said = set(tokens(normalise(f"{text} {f.col_label} {f.quote}")))
        return len(terms & said)  # literal words: whose figure it is hangs on this

    def by_subject(self, figs: list[Figure], intent: Intent) -> list[Figure]:
        """Keep the figures whose subject/row/note best match the question's other words; words
        the asker put in quotes ('alle maatregelen in samenhang') name the line and count
        double."""
        terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
        for quoted in _QUOTED.findall(intent.question):
            terms.update(t for t in tokens(normalise(quoted)) if t in terms)
        if not terms or not figs:
            return figs
        wants_total = intent.operation == "sum" and bool(
            re.search(r"\b(?:totaal|totale|total)\b", fold(intent.question))
        )
        # "het totaal van ...": a table's own total row stands above its lines.
        scored = [
            (self.subject_score(f, terms) + (0.5 if wants_total and _is_total(f) else 0), f)
            for f in figs
        ]
        best = max(s for s, _ in scored)
        if best <= 0:
            return figs
        top = [f for s, f in scored if s >= best - 1e-9]
        if not wants_total and top and all(_is_total(f) for f in top):
            # "het sociaal domein voor Jeugd": the total line says the table's scope, a line of
            # the same document says the word that narrows it; that line is asked, not the total
            scope = {t for t in terms if any(self._said(t, self._labels(f)[0]) for f in top)}
            narrower = [(s, f) for s, f in scored
                        if s > 0 and not _is_total(f) and f.source in {g.source for g in top}
                        and any(self._said(t, _own_name(f)) for t in terms if t not in scope)]
            if narrower:
                most = max(s for s, _ in narrower)
                top = [f for s, f in narrower if s >= most - 1e-9]
        if len({_line_name(f) for f in top}) > 1:
            # Lines that match equally: the one whose own words the question uses most
            # ("Toegang Jeugd" over "Toegang totaal (Jeugd en Wmo)" when Wmo is not asked);
            # a total's "totaal" costs nothing, so "de maatregelen" finds the total line.
            asked = set(tokens(normalise(intent.question)))

            def precision(f: Figure) -> float:
                own = set(tokens(normalise(_line_name(f)))) - TOTAL_WORDS
                said = {t for t in own if t in asked
                        or (len(t) >= 5 and any(a.startswith(t) and len(a) - len(t) <= 2
                                                for a in asked))}  # labels cut by the table
                if not (f.subject or f.row_label):
                    # a metric's name carries its concept's words ("uitgaven per inwoner",
                    # "pct") that no asker repeats: the words it shares with the question count
                    return float(len(said))
                return len(said) / len(own) if own else 0.0

            sharpest = max(precision(f) for f in top)
            top = [f for f in top if precision(f) >= sharpest - 1e-9]
        return top

    def entity_split(
        self, figs: list[Figure], targets: list[str]
    ) -> tuple[list[Figure], list[Figure]]:
        """(figures of the asked governments, figures of others). Unknown owners count as asked
        only when the deployment has no home municipality to confuse them with."""
        if not targets:
            return figs, []
        want = {fold(t) for t in targets}
        mine = [f for f in figs if fold(f.entity) in want]
        region = self.profile.region
        if not mine and region and fold(self.profile.municipality) in want:
            # The home region's own documents speak for the home municipality too; the
            # answer names the region as whose figure it is.
            mine = [f for f in figs if fold(f.entity) == fold(region.name)
                    and not self._other_members_line(f, targets)]
        if not mine and not self.profile.municipality:
            mine = [f for f in figs if not f.entity]
        others = [f for f in figs if f not in mine]
        return mine, others

    def _other_members_line(self, f: Figure, asked: list[str]) -> bool:
        """A line of the home region's document labelled with another member than the asked
        ("Pilot Buurtzorg (Havenstad)"): that member's figure, not the asked one's."""
        region = self.profile.region
        if region is None:
            return False
        label = fold(f"{f.subject} {f.row_label}")
        return any(re.search(rf"\b{re.escape(fold(m))}\b", label)
                   for m in region.members if fold(m) not in {fold(a) for a in asked})

    def scenario_filter(self, figs: list[Figure], intent: Intent) -> list[Figure]:
        if not intent.scenario:
            return figs
        want = intent.scenario
        same = [f for f in figs if scenario_of(f) == want]
        if not same:
            compatible = (load_lexicon().get("scenario_compatible") or {}).get(want) or []
            for alt in compatible:
                same = [f for f in figs if scenario_of(f) == alt]
                if same:
                    break
        if not same:
            # a cell no column gives a scenario, in a document whose title names the asked one
            # ("de begroting" asked of a risk table in the "Begroting 2025"): that document's
            same = [f for f in figs if not scenario_of(f)
                    and want in fold(self.titles.get(f.source, ""))]
        return same

    def one_per_period(self, figs: list[Figure]) -> dict[str, Figure]:
        """The figure that stands for each period: realised before budget before forecast,
        exact before rounded, then corpus order."""
        out: dict[str, Figure] = {}
        ranked = sorted(
            figs,
            key=lambda f: (
                _is_change(f),  # an "aanpassing" column is a change, not the level
                SCENARIO_ORDER.index(scenario_of(f)) if scenario_of(f) in SCENARIO_ORDER else 9,
                "afgerond" in f.note,
                f.origin != "curated",
                f.source,
                f.line,
            ),
        )
        for f in ranked:
            out.setdefault(f.period, f)
        return dict(sorted(out.items()))

    def one_per_period_by_subject(self, figs: list[Figure], period: str) -> list[Figure]:
        """For one period, the standing figure of each subject line."""
        groups: dict[str, list[Figure]] = {}
        for f in figs:
            if f.period == period:
                groups.setdefault(f.subject or f.row_label, []).append(f)
        return [next(iter(self.one_per_period(g).values())) for g in groups.values() if g]

    def for_year(self, figs: list[Figure], year: int) -> Figure | None:
        exact = self.one_per_period([f for f in figs if f.period == str(year)])
        if exact:
            return next(iter(exact.values()))
        covering = self.one_per_period([f for f in figs if _covers(f.period, year)])
        return next(iter(covering.values()), None)

    def nearest(self, anchor: Figure, figs: list[Figure], year: int | None) -> list[Figure]:
        """Of ``figs``, those closest to ``anchor``: the same exact period, the same document,
        then the fewest lines away. Two inputs of one computation belong to one table."""
        if not figs:
            return figs
        period = str(year) if year else anchor.period

        def key(f: Figure) -> tuple:
            return (
                f.period != period,
                f.metric != anchor.metric,
                f.source != anchor.source,
                abs(f.line - anchor.line),
            )

        best = key(min(figs, key=key))
        return [f for f in figs if key(f) == best]

    # -- wording ------------------------------------------------------------------------------
    def whose(self, f: Figure) -> str:
        if f.entity:
            return f.entity
        return f"volgens {self.titles.get(f.source, f.source)}"

    def value(self, f: Figure, magnitude: bool = False) -> str:
        v = abs(f.value) if magnitude else f.value
        shown = format_value(v, f.unit)
        if f.scale and f.scale != 1 and f.unit.startswith("EUR"):
            raw = format_number(v / f.scale)
            shown += f" ({raw} x € {format_number(f.scale)})"
        else:
            # The document's own short form ("€ 11 miljoen") when it is this figure's.
            for short in re.finditer(
                r"€\s?\d+(?:,\d+)?\s(?:miljoen|miljard)|\b\d+\s?K\b", f.quote
            ):
                amounts = parse_amounts(short.group(0))
                close = amounts and abs(amounts[0].value - v) <= 0.05 * abs(v)
                if close and f.unit == "EUR" and abs(v) >= 1000 and not magnitude:
                    shown = f"{short.group(0)} ({shown})"
                    break
        return shown

    def line_label(self, f: Figure, label: str) -> str:
        """'de baten van Zeedorp (Algemene dekkingsmiddelen)': whose line, without a year."""
        return self.describe(replace(f, period="", note="", scenario="", col_label=""), label)

    def describe(self, f: Figure, label: str) -> str:
        """'het tekort van <gemeente> (jeugdhulp) in 2018 (realisatie)'."""
        subject = f.subject or _metric_line(f.metric)
        named = label[label.find("(") + 1 : -1] if label.startswith(_PLAIN_AMOUNT) else ""
        if subject and named and fold(named) != fold(subject):
            # "het bedrag (X)" names the line that fits the question best; this figure may
            # be another line (the whole of a share): it says its own name
            label = re.sub(r"\s*\(.*\)$", "", label)
        parts = [label]
        who = self.whose(f)
        parts.append(f"van {who}" if f.entity else who)
        if subject and fold(subject) not in fold(label):
            parts.append(f"({subject})")
        if f.period:
            parts.append(_phrase(f.period))
        scen = scenario_of(f)
        note = SCENARIO_NAMES.get(scen, "")
        if f.note and fold(note) not in fold(f.note):
            note = f"{note}, {f.note}" if note else f.note
        if note:
            parts.append(f"({note})")
        return " ".join(parts)

    # -- running a plan ------------------------------------------------------------------------
    def run(self, intent: Intent) -> PlanResult | None:
        """Answer the intent from the figures, or None when the store has nothing for it."""
        result = self._run(intent)
        if result is not None and result.abstain and intent.per_capita_asked:
            # "De uitgaven per inwoner in 2020": no per-inhabitant figure for that year, but
            # the total of that year divided by the population is the answer, written out.
            base = [c for c in intent.concepts if not concept_has_prefix(c)]
            if base and base != intent.concepts:
                retry = replace(intent, concepts=base, metric_prefixes=[], operation="lookup")
                again = self._run(retry)
                if again is not None and not again.abstain and again.computation is not None:
                    return again
        comp = result.computation if result is not None else None
        if comp is not None and comp.operation == "aandeel" and not 0 < comp.value <= 100:
            # a part against a whole of the other sign, or one that cannot hold it: these two
            # figures are not part and whole of one thing, whatever their labels share
            return None
        return result

    def _run(self, intent: Intent) -> PlanResult | None:
        named_table = self._named_table(intent) if intent.table else None
        if named_table is not None:
            return named_table
        credit = self._credit_spent(intent)
        if credit is not None:
            return credit
        compared = self._sums_compared(intent)
        if compared is not None:
            return compared
        both = self._each_concept(intent)
        if both is not None:
            return both
        if intent.operation == "share" and not intent.concepts:
            stated = self._stated_percentage(intent)
            if stated is not None:
                return stated
        result = PlanResult()
        concept, figs = self.candidates(intent)
        if not figs:
            return None
        found = figs  # every candidate, whoever's: a row's other columns may be asked too
        label = intent.label(concept if not concept.startswith("=") else None, dutch=True)
        metric_labels = {} if concept.startswith("=") else concept_metric_labels(concept)
        found_metrics = {f.metric for f in figs}
        if concept.startswith("="):
            label = ("the " if intent.english else "de ") + concept[1:]
        elif not concept and found_metrics == {"bedrag"}:  # a plain amount: say of what
            terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
            top = max(figs, key=lambda f: self.subject_score(f, terms))
            name = top.subject or top.row_label
            label = ("the amount" if intent.english else "het bedrag") + (
                f" ({name})" if name else ""
            )
        elif not concept and len(found_metrics) == 1:  # figures found by subject: their metric
            metric = next(iter(found_metrics))
            label = ("het " if metric == "percentage" else "de ") + metric.replace("_", " ")
        elif len(found_metrics) == 1 and next(iter(found_metrics)) in metric_labels:
            label = metric_labels[next(iter(found_metrics))]
        # A deficit or a spending line is asked as a size: the chosen concept decides.
        magnitude = bool(_concept_spec(concept).get("magnitude"))
        result.steps.append(Step("find_figures", {"description": label, "concept": concept}))

        targets = intent.target_entities(self.profile)
        home = self.profile.municipality
        about_home = home and (home in intent.entities or intent.home_implied)
        others_named = [e for e in intent.entities if e != home]
        if home and others_named and (about_home or intent.operation == "compare") and (
            intent.operation in ("lookup", "difference", "compare") and len(intent.periods) < 2
        ):
            intent.operation = "compare"
            targets = list(dict.fromkeys([home, *intent.entities]))
        mine, others = self.entity_split(figs, targets)
        if not mine and intent.entities and home and self._names_are_labels(intent, figs):
            # "jeugdhulp met verblijf landelijk" names a budget line, not the country.
            named_words = [w for n in intent.entities for g in self.profile.governments()
                           if g.name == n for a in g.names() for w in words(a)
                           if re.search(rf"\b{re.escape(fold(w))}\b", fold(intent.question))]
            intent.entities = []
            intent.subject_terms = list(dict.fromkeys([*intent.subject_terms, *named_words]))
            targets = [home]
            mine, others = self.entity_split(figs, targets)
        if not mine:
            return self._not_for_entity(result, label, targets, others, intent)
        if intent.operation == "compare":
            covered = {fold(f.entity) for f in mine}
            missing = [t for t in targets if fold(t) not in covered]
            labels = fold(" ".join(f"{f.subject} {f.row_label}" for f in mine))
            if missing and all(fold(m) in labels for m in missing):
                intent.operation = "lookup"  # "X's contribution to us": a line, not a side
                missing = []
            if missing:  # one side has no figure (or none this user may see): no comparison
                return self._abstain(
                    result,
                    f"De documenten geven {label} niet voor {' en '.join(missing)}; "
                    "een vergelijking kan ik daarom niet maken.",
                )
        terms = set(tokens(normalise(" ".join(intent.subject_terms))))
        region = self.profile.region
        if region and home in targets:  # the home region's figures are not another's
            regional = [f for f in others if fold(f.entity) == fold(region.name)
                        and not self._other_members_line(f, [home])]
            others = [f for f in others if fold(f.entity) != fold(region.name)]
            if terms and regional and intent.operation != "compare" and mine and max(
                self.named(f, terms) for f in mine
            ) == 0:
                # "Wat kost VoorZorg?": only the home region's figure names it; it answers, as
                # the region's figure (its entity is said in the answer).
                # A name the asker capitalised ("VoorZorg"), or two subject words: not a
                # common word such as "jeugdhulp" that every regional line shares.
                names = set(tokens(normalise(" ".join(
                    re.findall(r"(?<=\s)[A-Z][\w-]+", intent.question)))))
                best = max(self.named(f, terms) for f in regional)
                if best >= 2 or any(self.named(f, names & terms) for f in regional):
                    mine = [f for f in regional if self.named(f, terms) == best]
        if terms and others and intent.operation != "compare":
            # The asked subject exists only in another government's figures: say whose.
            best_mine = max(self.named(f, terms) for f in mine)
            best_other = max(self.named(f, terms) for f in others)
            if best_mine == 0 and best_other >= 2:  # two subject words, not a stray verb
                near = [f for f in others if self.named(f, terms) == best_other]
                return self._not_for_entity(result, label, targets, near, intent)
        asked = fold(intent.question)
        said = [
            f for f in mine if re.search(rf"\b{re.escape(fold(f.metric))}\b", asked)
            # "de prognose ... dan de rarap": a scenario's name is one side, not the line
            and not (f.metric in SCENARIO_WORDS and len(intent.scenarios) >= 2)
        ]
        named_docs = {f.source for f in mine} & intent.documents
        keeps_docs = named_docs <= {f.source for f in said}  # each named document keeps a line
        weights = Counter(tokens(normalise(" ".join(intent.subject_terms))))
        for quoted in _QUOTED.findall(intent.question):
            weights.update(t for t in tokens(normalise(quoted)) if t in weights)
        named_best = max((self.subject_score(f, weights) for f in mine), default=0)
        keeps_line = not weights or max(
            (self.subject_score(f, weights) for f in said), default=0
        ) >= named_best - 1e-9  # the metric word does not outvote the line the asker named
        asked_years = expand_range(intent.periods) if intent.period_range else intent.periods
        keeps_years = all(  # "uitgaven" said: not a line that lacks the asked years
            any(_covers(f.period, y) for f in said) for y in asked_years
            if any(_covers(f.period, y) for f in mine)
        )
        if said and len({f.metric for f in mine}) > 1 and keeps_docs and keeps_line \
                and keeps_years:
            mine = said  # "saldo" asked: not the "resultaat" line of the same table
            only = {f.metric for f in mine}
            if len(only) == 1 and next(iter(only)) in metric_labels:
                label = metric_labels[next(iter(only))]
        since = re.search(r"\b(?:sinds|vanaf|since)\s+(?:19|20)\d\d\b", fold(intent.question))
        until = intent.operation in ("difference", "growth") and len(intent.periods) < 2 \
            and _UNTIL.search(fold(intent.question))  # (two years named: both are asked)
        if intent.periods and terms and not since and not until:
            # The asked year narrows before the subject does, unless the figures for that
            # year match the subject much worse than another year's (then say it is missing).
            asked_years = expand_range(intent.periods) if intent.period_range else intent.periods
            if _change_within_year(intent):
                asked_years = [asked_years[0] - 1, *asked_years]  # and the year before it
            dated = [f for f in mine if any(_covers(f.period, y) for y in asked_years)]
            sides = {fold(f.entity) for f in mine}
            if dated and dated != mine and {fold(f.entity) for f in dated} == sides:
                best_all = max(self.subject_score(f, terms) for f in mine)
                best_dated = max(self.subject_score(f, terms) for f in dated)
                if best_dated >= 0.5 * best_all:
                    mine = dated
        which_line = intent.operation == "max_change" and len(intent.periods) == 2 and bool(
            _WHICH.match(fold(intent.question)))
        if len(intent.documents) >= 2:  # each document's own best match
            figs = [
                f
                for src in sorted(intent.documents)
                for f in self.by_subject([g for g in mine if g.source == src], intent)
            ] or self.by_subject(mine, intent)
        elif intent.operation == "compare" and _asks_extreme_line(intent.question) and \
                self._largest_gap(result, intent, mine, label):
            return result  # "op welk taakveld gaven we het meest minder uit dan NL?"
        elif intent.operation == "compare":  # each side its own best-matching line
            sides: dict[str, list[Figure]] = {}
            for f in mine:
                sides.setdefault(fold(f.entity), []).append(f)
            together = _shared_tables(mine, intent.periods[:1], len(sides))
            if together:  # a table that gives every side: both figures from the one that
                # names the subject best
                terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))

                def named(t: tuple) -> float:
                    return max(self.subject_score(f, terms) for f in mine if _table(f) == t)

                best = max(together, key=named)
                sides = {e: [f for f in side if _table(f) == best] or side
                         for e, side in sides.items()}
            figs = [f for side in sides.values() for f in self.by_subject(side, intent)]
        elif intent.operation == "choose":  # each alternative finds its own line below
            figs = mine
        elif which_line:
            # "welke maatregel steeg het meest?": every line competes, not the best-named one
            figs = [f for f in mine if not intent.documents or f.source in intent.documents]
        elif intent.operation == "share":  # the part is a line; the total comes with it
            figs = self.by_subject([f for f in mine if not _is_total(f)] or mine, intent)
            # of lines the question names equally ("van wat we aan X uitgeven gaat naar Y"),
            # the part is the smaller: the larger is the whole it is a share of
            figs = sorted(figs, key=lambda f: abs(f.value))
        elif intent.operation == "max_change" and not intent.periods:
            # "in welk jaar de grootste klap?": a line that gives one year has no change to
            # compare; the lines of three years or more compete
            long_lines = [f for figs_ in _by_line(mine).values() if len(
                {g.period for g in figs_ if _period_year(g.period)}) >= 3 for f in figs_]
            figs = self.by_subject(long_lines or mine, intent)
        else:
            figs = self.by_subject(mine, intent)
        figs = self._asked_taakveld(figs, intent) or figs
        narrowed = figs if which_line else self._overall_lines(figs, intent, mine)
        # Programme lines gave way to the overall line the subject match had dropped.
        result.overall = bool(narrowed) and not any(f in figs for f in narrowed)
        figs = narrowed

        years = intent.periods
        if len(years) == 1 and figs and all(not f.period for f in figs):
            # an undated table (a risk table) of a document whose title names the asked year
            # ("Begroting 2025"): its cells are that year's
            # (and of the scenario the title names: "de begroting 2025" asked of the budget)
            dated = [replace(f, period=str(years[0]), scenario=f.scenario or (
                         intent.scenario if intent.scenario
                         and intent.scenario in fold(self.titles.get(f.source, "")) else ""))
                     for f in figs
                     if f.origin == "pdf-table"
                     and _title_year(self.titles.get(f.source, "")) == years[0]]
            figs = dated or figs
        gaps: list[int] = []  # years of an asked range the documents do not give
        series_ops = ("sum", "average", "max", "min", "max_change", "lookup")
        if intent.operation in series_ops and intent.period_range:
            years = expand_range(years)
        if years:
            missing = [y for y in years if self.for_year(figs, y) is None]
            if missing and intent.operation == "lookup" and len(years) - len(missing) >= 2:
                # "de ontwikkeling 2015-2019" from a source that gives only some of the years:
                # list the years it gives (a sum or average over them would be wrong instead).
                years = [y for y in years if y not in missing]
                gaps, missing = missing, []
            whole = self._complete_line(mine, intent, years) if missing and len(years) >= 2 \
                and intent.operation in series_ops else None
            if whole:  # the best-named line lacks asked years; another line gives them all
                figs, missing = whole, []
            if missing and intent.operation == "share" and len(intent.concepts) >= 2 \
                    and self._share_of_concepts(result, intent, years[-1]):
                return result  # the year is the whole's, the part's amount the question's
            if missing and intent.operation not in ("max", "min", "max_change"):
                have = sorted({f.period for f in figs if f.period})
                return self._abstain(
                    result,
                    f"De documenten geven {label} niet voor {', '.join(map(str, missing))}"
                    + (f"; wel voor {', '.join(have)}." if have else "."),
                )
        scoped = self.scenario_filter(figs, intent)
        in_years = [f for f in scoped if not years or any(_covers(f.period, y) for y in years)]
        two_concepts = (
            intent.operation in ("difference", "share")
            and len(intent.concepts) >= 2
            and len(years) <= 1
        )  # the scenario word may qualify the other concept ("verwacht te besparen")
        if intent.scenario == "prognose" and not in_years and not two_concepts and years:
            # "naar verwachting eind 2026": for a year after the last realised one, the
            # document's budget or estimate is its expectation; it is named as such.
            planned = _planned_for_future(figs, years, self.store)
            if planned:
                scoped, in_years = planned, planned
        if intent.scenario and not in_years and not two_concepts:
            asked = [f for f in figs if not years or any(_covers(f.period, y) for y in years)]
            have = sorted({SCENARIO_NAMES.get(scenario_of(f), "") for f in asked} - {""})
            when = f" voor {', '.join(map(str, years))}" if years else ""
            return self._abstain(
                result,
                f"De documenten geven voor {label}{when} geen "
                f"{SCENARIO_NAMES[intent.scenario]}"
                + (f"; wel: {', '.join(have)}." if have else "."),
            )
        if intent.scenario and len(years) >= 2:
            # "2017, 2018 en 2019 (prognose)": the scenario qualifies the years that have it;
            # the other years keep their standing figure.
            scoped = [
                f
                for y in years
                for f in (
                    [g for g in in_years if _covers(g.period, y)]
                    or [g for g in figs if _covers(g.period, y)]
                )
            ]
        figs = scoped or figs
        if (
            concept_has_prefix(concept)
            and intent.operation == "per_capita"
            and not _scales_up(intent.question)
        ):
            intent.operation = "lookup"  # the figures are per inhabitant already
        elif (
            intent.per_capita_asked
            and intent.operation == "lookup"
            and not concept_has_prefix(concept)
            and not _concept_spec(concept).get("per_unit")
            and not any(_per_unit_label(f) for f in figs)
        ):
            intent.operation = "per_capita"  # a total to divide by the population
        label = _line_label(label, figs)
        op = intent.operation
        handler = getattr(self, f"_op_{op}", self._op_lookup)
        handler(result, intent, figs, years, label, magnitude)
        if not result.sentences or (
            not concept and result.computation is None and op in COMPUTED_OPS
        ):
            return None  # figures found by subject only are inputs, not an answer themselves
        _own_line_named(result, label)
        if op in ("lookup", "compare") and not result.abstain and find_phrases(
            intent.question, [str(w) for w in load_lexicon().get("peer_words") or []]
        ):
            self._peers_beside(result, found)
        if gaps:
            listed = ", ".join(map(str, gaps[:-1])) + (" en " if len(gaps) > 1 else "")
            result.say(f"Voor {listed}{gaps[-1]} noemen de documenten dit cijfer niet.")
        self._scope_note(result, figs, concept)
        return result

    def _peers_beside(self, result: PlanResult, found: list[Figure]) -> None:
        """"Hoe verhoudt ... zich tot de controlegroepen?": the other governments' values on
        the answered figure's own table row, each named, beside it."""
        base = result.figures[0] if result.figures else None
        if base is None:
            return
        peers = [f for f in found if f.source == base.source and f.line == base.line
                 and f.metric == base.metric and fold(f.entity) != fold(base.entity)]
        if not peers:
            return
        listed = ", ".join(
            f"{self.value(f)} ({f.entity}" + (f", {f.period}" if f.period != base.period
                                              and f.period else "") + ")"
            for f in sorted(peers, key=lambda f: f.entity))
        result.say(f"Ter vergelijking, op dezelfde regel: {listed}.", peers)

    def _stated_percentage(self, intent: Intent) -> PlanResult | None:
        """"Hoeveel procent van onze jongeren heeft jeugdhulp?": the documents state that
        percentage in an indicator table; computing a share of some other total would answer
        another question. A percentage figure of the asked year (and government) that names
        at least two of the question's subject words is looked up instead."""
        terms = set(tokens(normalise(" ".join(intent.subject_terms))))
        if len(terms) < 2:
            return None
        pool = [
            f for f in self.store.all(self.allowed)
            if f.unit == "%" and (not intent.periods
                                  or any(_covers(f.period, y) for y in intent.periods))
        ]
        mine, _ = self.entity_split(pool, intent.target_entities(self.profile))
        scored = [(self.named(f, terms), f) for f in mine]
        best = max((n for n, _ in scored), default=0)
        if best < 2:
            return None
        top = [f for n, f in scored if n == best]
        f = max(top, key=lambda g: self.subject_score(g, Counter(terms)))
        label = "het percentage"  # the figure's own line is said by describe()
        result = PlanResult()
        result.steps.append(Step("find_figures", {"description": label, "concept": "%"}))
        self._op_lookup(result, intent, [f], intent.periods[:1], label, False)
        return result

    def _sums_compared(self, intent: Intent) -> PlanResult | None:
        """"Hoeveel hoger lag A over 2015 tot en met 2018 in totaal dan B?": each concept's sum
        over the asked years, then their difference, every input cited. None unless two
        concepts, a span of years and a word for a total are asked and both sums exist."""
        if intent.operation != "difference" or len(intent.concepts) != 2:
            return None
        years = expand_range(intent.periods) if intent.period_range else []
        sum_words = [str(w) for w in (load_lexicon().get("operations") or {}).get("sum") or []]
        if len(years) < 2 or not find_phrases(intent.question, sum_words):
            return None
        sums = []
        for concept in intent.concepts:
            part = self._run(replace(intent, concepts=[concept], operation="sum"))
            comp = part.computation if part is not None and not part.abstain else None
            if comp is None or comp.operation != "som" or len(comp.inputs) != len(years):
                return None
            sums.append((concept, comp))
        (first, a), (second, b) = sums
        if a.unit != b.unit:
            return None
        result = PlanResult()
        value = a.value - b.value
        span = f"{years[0]} tot en met {years[-1]}"
        for concept, comp in sums:
            result.steps.append(Step("sum_figures", {"ids": [f.id for f in comp.inputs]}))
            result.say(f"{_cap(intent.label(concept, True))} over {span}: {comp.formula}.",
                       list(comp.inputs))
        result.computation = Computation(
            "verschil", value, a.unit, f"{format_number(a.value)} − {format_number(b.value)} = "
            f"{format_number(value)}", [*a.inputs, *b.inputs])
        result.steps.append(Step("difference", {"a": "sum 1", "b": "sum 2"}))
        word = "hoger" if value >= 0 else "lager"
        result.say(f"Samen lag {intent.label(first, True)} daarmee "
                   f"{format_value(abs(value), a.unit)} {word} dan {intent.label(second, True)}: "
                   f"{result.computation.formula}.")
        return result

    def _each_concept(self, intent: Intent) -> PlanResult | None:
        """"Hoeveel fte en medewerkers ...?": a lookup of two metrics joined by "en" answers
        each; None when the question does not ask for two metrics side by side."""
        if intent.operation not in ("lookup", "sum") or len(intent.concepts) != 2:
            return None
        from assistant.intent import _concept

        q = fold(intent.question)
        first, second = (
            [fold(w) for w in _concept(c).get("words") or []] or [c.lstrip("=")]
            for c in intent.concepts
        )
        joined = any(
            re.search(rf"\b{re.escape(a)}\s+(?:en|and)\s+(?:\w+\s+)?{re.escape(b)}\b", q)
            for a in first for b in second
        )
        if not joined:
            return None
        merged = PlanResult()
        for concept in intent.concepts:
            part = self.run(replace(intent, concepts=[concept], operation="lookup"))
            if part is None or part.abstain:
                return None  # both or nothing: one metric alone does not answer the question
            merged.sentences += part.sentences
            merged.steps += part.steps
            merged.warnings += part.warnings
        return merged

    def _abstain(self, result: PlanResult, reason: str) -> PlanResult | None:
        if result.steps and result.steps[0].args.get("concept") == "":
            return None  # figures found by subject only: not enough to say the data is missing
        result.abstain = True
        result.reason = reason
        result.sentences = [(reason, [])]
        return result

    def _not_for_entity(
        self,
        result: PlanResult,
        label: str,
        targets: list[str],
        others: list[Figure],
        intent: Intent,
    ) -> PlanResult | None:
        """Only another government's figure exists: say whose it is, never present it as asked."""
        who = " en ".join(targets) or "de gevraagde gemeente"
        if self._abstain(result, f"De documenten geven {label} niet voor {who}.") is None:
            return None
        if others:
            rel = sorted(others, key=lambda f: (f.period not in map(str, intent.periods), f.line))
            shown = [f for f in rel if f.line == rel[0].line and f.source == rel[0].source][:2]
            values = " en ".join(
                self.value(f, intent.magnitude)
                + (f" ({f.period})" if len(shown) > 1 and f.period else "")
                for f in shown
            )
            head = shown[0] if len(shown) == 1 else replace(shown[0], period="")
            result.say(
                f"Wel noemen ze {self.describe(head, label)}: {values}; "
                f"dat cijfer gaat niet over {who}.",
                shown,
            )
            result.warnings.append(f"Het enige cijfer hierover gaat over {self.whose(shown[0])}.")
            explicit = any(fold(t) in {fold(e) for e in intent.entities} for t in targets)
            # Only when the question insists on a government is this an abstention; otherwise
            # the clearly labelled related figure is the answer.
            result.abstain = explicit or intent.home_implied
        return result

    # -- operations ----------------------------------------------------------------------------
    def _op_lookup(self, result, intent, figs, years, label, magnitude) -> None:
        if len(intent.documents) >= 2 and len({f.source for f in figs}) >= 2:
            # "What does document A say, and document B?": one figure per document.
            for source in sorted(intent.documents):
                own = [f for f in figs if f.source == source]
                pick = [self.for_year(own, y) for y in years] if years else own[:1]
                for f in [p for p in pick if p is not None][:2]:
                    result.say(
                        f"{self.titles.get(f.source, f.source)}: "
                        f"{self.describe(f, label)}: {self.value(f, magnitude)}.",
                        [f],
                    )
            if result.sentences:
                return
        if years:
            chosen = [self.for_year(figs, y) for y in years]
            chosen = [f for f in chosen if f is not None]
            row = self._row_of(chosen[0]) if len(chosen) == 1 else []
            if row and not any(f.period for f in row) and len({f.col_label for f in row}) >= 2:
                # an undated row taken for the year its document's title names: all its cells
                self._row_cells(result, [replace(f, period=chosen[0].period,
                                                 scenario=chosen[0].scenario)
                                         for f in row[:4]], label, magnitude)
                return
        else:
            standing = list(self.one_per_period(figs).values())
            dated = [f for f in standing if _period_year(f.period)]
            chosen = (dated or standing)[-6:]  # an undated figure is no point of a series
            # (the whole row from the store: the question's words may name one column)
            row = [f for f in self._row_of(figs[0]) if not f.period] if figs else []
            if not dated and len({f.col_label for f in row}) >= 2:
                # one undated table row of several columns (a risk's amount, probability and
                # weighted amount): the row's cells together answer "hoe groot is risico X"
                self._row_cells(result, row[:4], label, magnitude)
                return
        result.steps.append(Step("lookup_figure", {"ids": [f.id for f in chosen]}))
        if len(chosen) == 1:
            f = chosen[0]
            text = f"{_cap(self.describe(f, label))}: {self.value(f, magnitude)}."
            result.say(text, [f])
            return
        same_line = len({(f.entity, f.subject, f.metric) for f in chosen}) == 1
        if same_line and len({f.period for f in chosen}) == len(chosen):
            # One sentence for a series: "De uitgaven van X waren A in 2017, B in 2018 en C in
            # 2019 (prognose)." rather than one line per year.
            head = self.describe(replace(chosen[0], period="", scenario="", note="",
                                         col_label=""), label)
            items = [f"{self.value(f, magnitude)} {_phrase(f.period)}"
                     + (f" ({SCENARIO_NAMES[scenario_of(f)]})"
                        if SCENARIO_NAMES.get(scenario_of(f)) else "")
                     for f in chosen]
            listed = ", ".join(items[:-1]) + f" en {items[-1]}"
            result.say(f"{_cap(head)}: {listed}.", chosen)
            return
        for f in chosen:
            result.say(f"{_cap(self.describe(f, label))}: {self.value(f, magnitude)}.", [f])

    def _row_of(self, f: Figure) -> list[Figure]:
        """Every cell of ``f``'s table row in the store, whatever the question's words named."""
        return [g for g in self.store.all(self.allowed) if _cell_row(g) == _cell_row(f)]

    def _row_cells(self, result, row: list[Figure], label: str, magnitude: bool) -> None:
        """One sentence with a row's cells, each under its column's label."""
        result.steps.append(Step("lookup_figure", {"ids": [f.id for f in row]}))
        head = self.describe(replace(row[0], col_label="", period="", note=""), label)
        cells = [f"{f.col_label} {self.value(f, magnitude)}" for f in row]
        listed = ", ".join(cells[:-1]) + f" en {cells[-1]}"
        result.say(f"{_cap(head)}: {listed}.", row)

    def _pair(self, figs, years, intent) -> tuple[Figure, Figure] | None:
        if len(years) >= 2:
            # Both years from one line of one document, not two different lines; "totale"
            # asked: the total line.
            lines: dict[tuple[str, str, str], list[Figure]] = {}
            for f in figs:  # (a programme's lasten and saldo columns are two lines)
                lines.setdefault((f.source, f.subject or f.row_label, f.metric), []).append(f)
            wants_total = bool(re.search(r"\b(?:totaal|totale|total)\b", fold(intent.question)))
            whole = [
                g for g in lines.values()
                if (a := self.for_year(g, years[0])) is not None
                and (b := self.for_year(g, years[-1])) is not None
                and (a.value or b.value)  # an empty line of zeros says nothing
            ]
            whole.sort(key=lambda g: not (wants_total and _is_total(g[0])))
            if whole and len(whole) < len(lines):
                figs = whole[0]
            a = self.for_year(figs, years[0])
            # a change over time is of one metric: never one year's lasten against another
            # year's saldo
            b = self.for_year([f for f in figs if a is None or f.metric == a.metric], years[-1])
            if a is not None and b is not None:
                return a, b
        if len(years) == 1 and len(intent.scenarios) >= 2:
            pair = self._scenario_pair(figs, years[0], intent)
            if pair is not None:
                return pair
        if len(years) == 1:  # start and end of one year ("van 322 op 1-1 naar 332 op 31-12")
            day = re.compile(rf"{years[0]}-\d\d-\d\d")
            dated = sorted({f.period: f for f in figs if day.fullmatch(f.period)}.items())
            if len(dated) >= 2:
                return dated[0][1], dated[-1][1]
            since = re.search(rf"\b(?:sinds|vanaf|since)\s+{years[0]}\b", fold(intent.question))
            if since:  # "gedaald sinds 2015": from that year to the latest the documents give
                start = self.for_year(figs, years[0])
                later = [f for p, f in self.one_per_period(figs).items()
                         if (_period_year(p) or 0) > years[0] and re.fullmatch(r"\d{4}", p)]
                if start is not None and later:
                    return start, later[-1]
            until = _UNTIL.search(fold(intent.question))
            if until and until.group("year") == str(years[0]):  # from the first year given
                end = self.for_year(figs, years[0])
                earlier = [f for p, f in self.one_per_period(figs).items()
                           if (_period_year(p) or 9999) < years[0] and re.fullmatch(r"\d{4}", p)]
                if end is not None and earlier:
                    return earlier[0], end
            if _change_within_year(intent):
                # "met hoeveel zijn de voorzieningen in 2019 gegroeid?": one year's change is
                # that year's figure against the year before's, on one line
                lines: dict[tuple[str, str], list[Figure]] = {}
                for f in figs:
                    lines.setdefault((f.source, f.subject or f.row_label), []).append(f)
                for line in lines.values():
                    old, new = self.for_year(line, years[0] - 1), self.for_year(line, years[0])
                    if old is not None and new is not None and re.fullmatch(
                        r"\d{4}", old.period) and re.fullmatch(r"\d{4}", new.period):
                        return old, new
        return None

    def _scenario_pair(self, figs, year: int, intent: Intent) -> tuple[Figure, Figure] | None:
        """"Hoeveel lager valt de prognose 2020 uit dan de 2e rarap?": one line's figures of
        one year under the two asked scenarios. The one named after "dan"/"than" is the base;
        otherwise the order in which a year's figures are made."""
        asked = [sc for sc in MAKING_ORDER if sc in intent.scenarios][:2]
        if len(asked) < 2:
            return None
        folded = fold(intent.question)
        after = re.search(r"\b(?:dan|than|ten opzichte van|t\.o\.v\.|compared to)\b", folded)
        if after:
            tail = folded[after.end():]
            later_said = [sc for sc in asked if any(
                re.search(rf"\b{re.escape(fold(w))}", tail) for w in _scenario_words(sc))]
            if len(later_said) == 1:
                asked = [later_said[0], next(sc for sc in asked if sc != later_said[0])]
        rows: dict[tuple, dict[str, list[Figure]]] = {}
        for f in figs:
            if _covers(f.period, year) and scenario_of(f) in asked and not _is_change(f):
                # one table row: both columns on the same line (a note "prognose t.o.v. de
                # rarap" elsewhere is a change, not a side)
                key = (f.source, f.line, f.subject or f.row_label)
                rows.setdefault(key, {}).setdefault(scenario_of(f), []).append(f)
        pairs = []
        for row in rows.values():
            old, new = row.get(asked[0], []), row.get(asked[1], [])
            same = sorted(
                ((a, b) for a in old for b in new if a.metric == b.metric),
                key=lambda ab: ab[0].metric not in intent.metrics,  # the asked metric first
            )
            if same:  # "lasten" against "lasten", never against that row's "saldo"
                pairs.append(same[0])
            elif len(old) == 1 and len(new) == 1:  # the columns are the metrics themselves
                pairs.append((old[0], new[0]))
        if not pairs:
            return None
        terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
        return max(pairs, key=lambda p: self.subject_score(p[0], terms))

    @staticmethod
    def _computed(result, fn, pair: tuple[Figure, Figure], magnitude: bool) -> Computation | None:
        """``fn(old, new)`` as the result's computation and step; None when undefined."""
        old, new = pair
        try:
            comp = fn(old, new, magnitude)
        except ValueError:
            return None
        result.computation = comp
        result.steps.append(Step(fn.__name__, {"a": old.id, "b": new.id}))
        return comp

    def _op_average_change(self, result, intent, figs, years, label, magnitude) -> None:
        """"Met hoeveel steeg X gemiddeld per jaar tussen 2018 en 2021?": the change between
        the two years divided by the years between them, not the average of the levels."""
        pair = self._pair(figs, years, intent)
        comp = self._computed(result, yearly_change, pair, magnitude) if pair else None
        if pair is None or comp is None:
            return
        old, new = pair
        word = "gestegen" if comp.value >= 0 else "gedaald"
        result.say(
            f"{_cap(label)} van {self.whose(new)} {_is(label)} van {old.period} tot "
            f"{new.period} gemiddeld {format_value(abs(comp.value), comp.unit)} per jaar {word} "
            f"({self.value(old, magnitude)} naar {self.value(new, magnitude)}): {comp.formula}.",
            [old, new],
        )

    def _op_difference(self, result, intent, figs, years, label, magnitude) -> None:
        pair = self._pair(figs, years, intent)
        if pair is not None and pair[0].unit != pair[1].unit:
            # a count and an amount (a table read without its scale beside one with it) are
            # not two values of one thing: no difference between them
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        if pair is None:
            self._two_concepts(result, intent, figs, years, label, magnitude)
            return
        old, new = pair
        comp = difference(new, old, magnitude)
        result.computation = comp
        result.steps.append(Step("difference", {"a": new.id, "b": old.id, "magnitude": magnitude}))
        bigger = "groter" if magnitude else "hoger"
        smaller = "kleiner" if magnitude else "lager"
        word = bigger if comp.value >= 0 else smaller
        verdict = _yes_no(intent, comp.value)
        points = comp.unit == "%"  # two percentages differ by percentage points
        size = (f"{format_number(abs(comp.value), 1)} procentpunt" if points
                else format_value(abs(comp.value), comp.unit))
        # one line's change names the line ("de baten van Zeedorp (Algemene
        # dekkingsmiddelen)"); two lines' difference says whose
        named = self.line_label(new, label) if _same_line(old, new) \
            else f"{label} van {self.whose(new)}"
        result.say(
            f"{verdict}{_cap(named) if not verdict else named} "
            f"{_was(label)} in {_side(new, old)} {size} {word} dan in {_side(old, new)}: "
            f"{comp.formula}.",
            [new, old],
        )
        if _asks_percent(intent) and not points:
            self._growth_sentence(result, old, new, label, magnitude)
        elif not points and old.period != new.period and _same_line(old, new):
            # one line's change over time: also how large it is against where it started
            try:
                pct = growth(old, new, magnitude)
            except ValueError:
                return
            if (old.value > 0) == (new.value > 0):  # whose it is, said again in its sentence
                who = f" voor {self.whose(new)}" if new.entity else ""
                result.say(f"Dat is{who} {format_number(abs(pct.value), 1)}% "
                           f"{'meer' if pct.value >= 0 else 'minder'}: {pct.formula}.", [old, new])

    def _two_concepts(self, result, intent, figs, years, label, magnitude=False) -> None:
        """A difference between two different metrics (a grant vs a budget) in one period."""
        if len(intent.concepts) < 2:  # "met hoeveel ging het over het budget heen": its size
            if not self._two_lines(result, intent, years, label):
                self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        options = dict(self.concept_figures(intent))
        c1, c2 = intent.concepts[0], intent.concepts[1]
        if c1 not in options or c2 not in options:
            self._op_lookup(result, intent, figs, years, label, False)
            return
        targets = intent.target_entities(self.profile)
        year = years[0] if years else None

        def of_year(pool: list[Figure]) -> list[Figure]:
            # "in 2018": only the lines that give 2018 compete, not a 2018-2019 project line
            exact = [f for f in pool if year and f.period == str(year)]
            return exact or pool

        figs, _ = self.entity_split(self.by_subject(of_year(options[c1]), intent), targets)
        mine2, _ = self.entity_split(self.by_subject(of_year(options[c2]), intent), targets)
        label = intent.label(c1, dutch=True)
        first = next(iter(self.one_per_period(figs).values()), None)
        a = self.for_year(figs, year) if year else first
        b = (
            self.for_year(mine2, year)
            if year
            else next(iter(self.one_per_period(mine2).values()), None)
        )
        if a is None or b is None:
            self._op_lookup(result, intent, figs, years, label, False)
            return
        if a.unit != b.unit:  # never subtract euros from a head count
            self._op_lookup(result, intent, figs, years, label, False)
            return
        comp = difference(a, b)
        result.computation = comp
        result.steps.append(Step("difference", {"a": a.id, "b": b.id}))
        label2 = intent.label(c2, dutch=True)
        whose = f" van {self.whose(a)}" if a.entity and a.entity == b.entity else ""
        result.say(  # whose figures they are is said, never left to the question's words
            f"{_cap(label)}{whose} ({self.value(a)}) minus {label2} ({self.value(b)}) "
            f"{_phrase(a.period) if a.period else ''} is {format_value(comp.value, comp.unit)}: "
            f"{comp.formula}.".replace("  ", " "),
            [a, b],
        )

    def _lines_of_year(self, intent: Intent, years: list[int]) -> dict[str, Figure]:
        """Every line of the asked concept and government in the asked year, one standing
        figure each; each line may come from its own document."""
        pool: list[Figure] = []
        # the asked concept's figures; when it has none that year, its related concept's
        # ("begroot" asks a budget, which a budget table states as its "lasten" lines)
        for _, found in self.concept_figures(replace(intent, documents=set())):
            pool, _ = self.entity_split(found, intent.target_entities(self.profile))
            if years:
                pool = [f for f in pool if f.period == str(years[0])]
            if pool:
                break
        by_line: dict[str, Figure] = {}
        for f in sorted(pool, key=lambda f: (SCENARIO_ORDER.index(scenario_of(f))
                                             if scenario_of(f) in SCENARIO_ORDER else 9)):
            by_line.setdefault(f.subject or f.row_label, f)
        return by_line

    def _complete_line(self, pool: list[Figure], intent: Intent, years: list[int]) -> list[Figure]:
        """"Hoeveel van 2015 t/m 2019 samen?" where the line that names the subject best gives
        only some years: the line that gives every asked year and still names the subject
        (in its labels, or its document's title for an untitled table); [] when none does."""
        terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
        complete = [
            (self.subject_score(figs[0], terms), figs) for figs in _by_line(pool).values()
            if all(self.for_year(figs, y) is not None for y in years)
        ]
        complete = [(sc, figs) for sc, figs in complete if sc >= 1]
        if not complete:
            return []
        best = max(sc for sc, _ in complete)
        top = [figs for sc, figs in complete if sc == best]
        return top[0] if len(top) == 1 else []

    def _listed_lines(self, intent: Intent, years: list[int], listed: str = "") -> list[Figure]:
        """'huishoudelijke hulp, begeleiding en dagbesteding samen': the line each listed
        item names best (at least two distinct lines, else none). ``listed``: the phrase that
        lists them, when the caller knows it; else what follows a colon, or the question."""
        subject = set(tokens(normalise(" ".join(intent.subject_terms))))
        # "voor X: a, b en c": the items follow
        listed = listed or intent.question.split(":", 1)[-1]
        items = [Counter(t for t in tokens(normalise(part)) if t in subject)
                 for part in re.split(r"[,;]|\b(?:en|and|plus)\b", listed)]
        items = [i for i in items if i]
        if len(items) < 2:
            return []
        by_line = self._lines_of_year(intent, years)
        # "het pgb in de Wmo en de jeugdhulp": the first item's words before its own last one
        # ("pgb") head the later items too, where a line says both
        first = [t for t in tokens(normalise(re.split(r"[,;]|\b(?:en|and|plus)\b", listed)[0]))
                 if t in subject]
        head = Counter(dict.fromkeys(first[:-1], 1))

        def best(item: Counter) -> Figure | None:
            # the best-named line; of equals, the one with the fewest other words
            scored = sorted(
                ((self.subject_score(f, item), -len(tokens(f.subject or f.row_label)), f)
                 for f in by_line.values()),
                key=lambda x: (-x[0], -x[1]),
            )
            if scored and scored[0][0] >= 1 and (
                len(scored) == 1 or scored[1][:2] != scored[0][:2]
            ):
                return scored[0][2]
            return None

        chosen: list[tuple[Counter, Figure]] = []
        for k, item in enumerate(items):
            line = best(item)
            headed = best(item + head) if k and head else None
            if headed is not None and self.subject_score(headed, item) > 0 \
                    and self.subject_score(headed, head) > 0:
                line = headed  # a line that says both the head and the item ("PGB Jeugd")
            if line is not None and all(line is not c for _, c in chosen):
                chosen.append((item, line))
        # "via de toegang, jeugd en wmo samen": an item that every other chosen line's label
        # already says ("Toegang Jeugd", "Toegang Wmo") is their shared head, not a line to add
        # (its best line then comes from elsewhere, another document or table)
        def head_only(item: Counter, line: Figure) -> bool:
            named = [t for t in item if self._said(t, self._labels(line)[0])]
            others = [o for _, o in chosen if o is not line]
            return bool(named) and len(others) >= 2 and line.source not in {
                o.source for o in others} and all(
                self._said(t, self._labels(o)[0]) for t in named for o in others)

        kept = [(item, line) for item, line in chosen if not head_only(item, line)]
        lines = [line for _, line in kept]
        return lines if len(lines) >= 2 else []

    def _two_lines(self, result, intent, years, label) -> bool:
        """'Hoeveel hoger is A dan B?' with one metric and one year: the line the words
        before 'dan' name minus the line the words after it name."""
        m = re.search(r"\b(?:dan|than)\b", intent.question)
        if m is None or len(years) > 1:
            return False
        by_line = self._lines_of_year(intent, years)
        if len(by_line) < 2:
            return False
        subject = set(tokens(normalise(" ".join(intent.subject_terms))))
        left = Counter(t for t in tokens(normalise(intent.question[: m.start()])) if t in subject)
        right = Counter(t for t in tokens(normalise(intent.question[m.end():])) if t in subject)

        def best(side: Counter, other: Counter) -> Figure | None:
            # the line its own side names most; of equals, the one the other side names least
            scored = [(self.subject_score(f, side), -self.subject_score(f, other), f)
                      for f in by_line.values()]
            top = max(scored, key=lambda x: x[:2])
            return top[2] if top[0] > 0 and top[0] + top[1] > 0 else None

        a, b = best(left, right), best(right, left)
        if a is None or b is None or a is b or a.unit != b.unit:
            return False
        comp = difference(a, b)
        result.computation = comp
        result.steps.append(Step("difference", {"a": a.id, "b": b.id}))
        word = "hoger" if comp.value >= 0 else "lager"
        result.say(
            f"{_cap(self.describe(a, label))} ({self.value(a)}) is "
            f"{format_value(abs(comp.value), comp.unit)} {word} dan {self.describe(b, label)} "
            f"({self.value(b)}): {comp.formula}.",
            [a, b],
        )
        return True

    def _growth_sentence(self, result, old, new, label, magnitude) -> None:
        try:
            pct = growth(old, new, magnitude)
        except ValueError:
            return
        result.steps.append(Step("growth", {"old": old.id, "new": new.id}))
        plural = _was(label) == "waren"
        word = ("stegen" if plural else "steeg") if pct.value >= 0 else (
            "daalden" if plural else "daalde")
        whose = f" van {self.whose(old)}" if old.entity and old.entity == new.entity else ""
        result.say(
            f"Van {_side(old, new)} naar {_side(new, old)} {word} {label}{whose} met "
            f"{format_number(abs(pct.value), 1)}%: {pct.formula}.",
            [old, new],
        )
        result.computation = result.computation or pct

    def _pair_or_lookup(self, result, intent, figs, years, label, magnitude):
        """The (old, new) pair a change needs; without one, the figures are looked up."""
        pair = self._pair(figs, years, intent)
        if pair is None:
            self._op_lookup(result, intent, figs, years, label, magnitude)
        return pair

    def _op_ratio(self, result, intent, figs, years, label, magnitude) -> None:
        pair = self._pair_or_lookup(result, intent, figs, years, label, magnitude)
        if pair is None:
            return
        old, new = pair
        try:
            comp = ratio(new, old, magnitude)
        except ValueError:
            return
        result.computation = comp
        result.steps.append(Step("ratio", {"old": old.id, "new": new.id}))
        result.say(
            f"{_cap(label)} van {self.whose(new)} {_was(label)} in {_side(new, old)} "
            f"{format_number(comp.value, 1)} keer zo groot als in {_side(old, new)} "
            f"({self.value(new, magnitude)} tegen {self.value(old, magnitude)}): {comp.formula}.",
            [old, new],
        )

    def _op_growth(self, result, intent, figs, years, label, magnitude) -> None:
        base = _concept_spec(intent.concepts[0]).get("percent_of") if intent.concepts else None
        if base and len(years) <= 1 and self._pair(figs, years, intent) is None:
            # "met hoeveel procent gaan we over het budget heen?": one year, so no change
            # over time; the deficit as a percentage of the budget it exceeds
            options = dict(self.concept_figures(replace(intent, concepts=[
                intent.concepts[0], base])))
            if base in options and intent.concepts[0] in options and self._share_pair(
                result, intent, years[-1] if years else None, options, intent.concepts[0], base
            ):
                return
        pair = self._pair_or_lookup(result, intent, figs, years, label, magnitude)
        if pair is None:
            return
        old, new = pair
        self._growth_sentence(result, old, new, label, magnitude)
        comp = difference(new, old, magnitude)
        whose = f" ({self.whose(new)})" if new.entity and new.entity == old.entity else ""
        result.say(
            f"{'In bedragen' if new.unit.startswith('EUR') else 'In cijfers'}{whose}: "
            f"{self.value(new, magnitude)} in {_side(new, old)} tegen "
            f"{self.value(old, magnitude)} in {_side(old, new)} ({comp.formula}).",
            [new, old],
        )

    def _series(self, figs, years) -> list[Figure]:
        if years:
            out = [self.for_year(figs, y) for y in years]
            return [f for f in out if f is not None]
        # One line's years, never one line's 2025 beside another line's 2026: the series
        # is the line of the best-matching figure (figures come best first).
        line = _line_key(figs[0]) if figs else None
        figs = [f for f in figs if _line_key(f) == line]
        # in time order: a change "from the year before" pairs neighbouring years
        dated = [f for p, f in self.one_per_period(figs).items() if _period_year(p)]
        return sorted(dated, key=lambda f: f.period)

    def _op_sum(self, result, intent, figs, years, label, magnitude) -> None:
        if not years:
            # "wat kost X in totaal?": a line with a total column (an investment's "Totale
            # investering") states the total; its year columns need not cover it
            stated = [f for f in figs if _total_column(f)]
            terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
            if stated:
                best = max(self.subject_score(f, terms) for f in stated)
                lines = {f.row_label for f in stated if self.subject_score(f, terms) >= best}
                if len(lines) == 1:  # of its total columns, the one that holds the others
                    f = max((f for f in stated if f.row_label in lines), key=lambda f: abs(f.value))
                    result.steps.append(Step("find_figures", {"ids": [f.id]}))
                    result.say(f"{_cap(self.describe(f, label))}, {f.col_label.lower()}: "
                               f"{self.value(f, magnitude)}.", [f])
                    return
        series = self._series(figs, years)
        if len(series) < 2 and len(years) <= 1:
            # One period, several matching lines ("lokaal, regionaal en landelijk samen").
            period = str(years[0]) if years else (series[0].period if series else "")
            lines: dict[str, Figure] = {}
            for f in self.one_per_period_by_subject(figs, period):
                lines.setdefault(f.subject or f.row_label, f)
            series = self._listed_lines(intent, years) or list(lines.values())
            if len(series) >= 2:
                comp = total(series, magnitude)
                result.computation = comp
                result.steps.append(Step("sum_figures", {"ids": [f.id for f in series]}))
                parts = ", ".join(f"{f.subject or f.row_label} {self.value(f, magnitude)}"
                                  for f in series)
                result.say(
                    f"{_cap(label)} van {self.whose(series[0])} {_phrase(period)} {_is(label)} "
                    f"samen {format_value(comp.value, comp.unit)} ({parts}): {comp.formula}.",
                    series,
                )
                return
        if len(series) == 1 and self._per_year_total(result, series[0], label, magnitude):
            return
        if len(series) < 2:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        comp = total(series, magnitude)
        result.computation = comp
        result.steps.append(Step("sum_figures", {"ids": [f.id for f in series]}))
        span = f"{series[0].period} tot en met {series[-1].period}"
        # one line summed over its years says which line ("Kadernota 2025"), not only whose
        line = {f.subject or f.row_label for f in series}
        named = self.line_label(series[0], label) if len(line) == 1 \
            else f"{label} van {self.whose(series[0])}"
        result.say(
            f"{_cap(named)} over {span} {_is(label)} samen "
            f"{format_value(comp.value, comp.unit)}: {comp.formula}.",
            series,
        )

    def _per_year_total(self, result, f: Figure, label: str, magnitude: bool) -> bool:
        """One amount 'per jaar' over a span of years ("2018-2020"): the total is the amount
        times the number of years, written out."""
        m = re.match(r"((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)", f.period)
        per_year = any(
            find_phrases(f"{f.period} {f.note} {f.col_label} {f.quote}", [w])
            for w in load_lexicon().get("per_year_words") or []
        )
        if not m or not per_year:
            return False
        n = int(m.group(2)) - int(m.group(1)) + 1
        comp = times(f, n, magnitude)
        result.computation = comp
        result.steps.append(Step("multiply", {"id": f.id, "times": n}))
        result.say(
            f"{_cap(label)} van {self.whose(f)} is {self.value(f, magnitude)} per jaar over "
            f"{n} jaar ({m.group(0)}), samen {format_value(comp.value, comp.unit)}: "
            f"{comp.formula}.",
            [f],
        )
        return True

    def _op_average(self, result, intent, figs, years, label, magnitude) -> None:
        series = self._series(figs, years)
        if len(series) < 2:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        comp = average(series, magnitude)
        result.computation = comp
        result.steps.append(Step("average", {"ids": [f.id for f in series]}))
        result.say(
            f"Gemiddeld was {label} van {self.whose(series[0])} over {series[0].period}-"
            f"{series[-1].period} {format_value(comp.value, comp.unit)} per jaar: {comp.formula}.",
            series,
        )

    def _op_max(self, result, intent, figs, years, label, magnitude, lowest=False) -> None:
        series = self._series(figs, years)
        if len(series) < 2:
            return  # "the highest" of one figure says nothing: let the text answer
        key = (lambda f: abs(f.value)) if magnitude else (lambda f: f.value)
        f = min(series, key=key) if lowest else max(series, key=key)
        word = "laagst" if lowest else "hoogst"
        result.steps.append(Step("list_series", {"ids": [x.id for x in series]}))
        result.say(
            f"{_cap(label)} van {self.whose(f)} {_was(label)} het {word} in {f.period}: "
            f"{self.value(f, magnitude)} (van {len(series)} jaren: "
            f"{', '.join(x.period for x in series)}).",
            series,
        )

    def _op_min(self, result, intent, figs, years, label, magnitude) -> None:
        self._op_max(result, intent, figs, years, label, magnitude, lowest=True)

    def _op_max_change(self, result, intent, figs, years, label, magnitude) -> None:
        if len(years) == 2 and _WHICH.match(fold(intent.question)) and self._line_most_changed(
                result, intent, figs, years, label, magnitude):
            return
        series = self._series(figs, years)
        if len(years) >= 2 and len(series) < 2:
            # "in welk jaar tussen 2019 en 2022 ...": a change needs two of the asked years
            have = sorted({f.period for f in figs if _period_year(f.period)})
            given = {f.period for f in series}
            missing = [str(y) for y in years if str(y) not in given]
            self._abstain(
                result,
                f"De documenten geven {label} niet voor {', '.join(missing)}"
                + (f"; wel voor {', '.join(have)}." if have else "."),
            )
            return
        if len(series) < 3:
            self._op_difference(result, intent, figs, years, label, magnitude)
            return
        drops = bool(find_phrases(intent.question, list(load_lexicon().get("drop_words") or [])))
        pairs = zip(series, series[1:], strict=False)
        steps = [(difference(b, a, magnitude), a, b) for a, b in pairs]
        comp, a, b = (min if drops else max)(steps, key=lambda t: t[0].value)
        result.computation = comp
        result.steps.append(Step("difference", {"a": b.id, "b": a.id}))
        word = "daling" if comp.value < 0 else "stijging"
        result.say(  # whose figures they are: never left for the reader to assume
            f"De grootste {word} van {label} van {self.whose(b)} was van {a.period} naar "
            f"{b.period}: "
            f"{comp.formula}.",
            [a, b],
        )

    def _line_most_changed(self, result, intent, figs, years, label, magnitude) -> bool:
        """"Welke maatregel laat van 2021 op 2022 de grootste stijging zien?": of the lines of
        one table that give both asked years, the one whose value changed most (least for a
        drop), with the change of every line written out. False without two such lines."""
        # named lines only; the total is no competitor
        lines = _by_line([f for f in figs if (f.subject or f.row_label) and not _is_total(f)])
        pairs = []
        for line in lines.values():
            old, new = self.for_year(line, years[0]), self.for_year(line, years[1])
            if old is not None and new is not None and old.unit == new.unit:
                pairs.append((difference(new, old, magnitude), old, new))
        sources = {old.source for _, old, _ in pairs}
        if len(pairs) < 2 or len(sources) != 1:
            return False
        drops = bool(find_phrases(intent.question, list(load_lexicon().get("drop_words") or [])))
        comp, old, new = (min if drops else max)(pairs, key=lambda t: t[0].value)
        result.computation = comp
        result.steps.append(Step("difference", {"a": new.id, "b": old.id}))
        word = "daling" if comp.value < 0 else "stijging"
        others = "; ".join(f"{o.subject or o.row_label}: {c.formula}"
                           for c, o, _ in pairs if o is not old)
        result.say(
            f"De grootste {word} van {years[0]} naar {years[1]} heeft "
            f"{old.subject or old.row_label} ({label} van {self.whose(old)}): {comp.formula}. "
            f"De andere regels: {others}.",
            [old, new, *[f for _, o, n in pairs if o is not old for f in (o, n)]],
        )
        return True

    def _op_share(self, result, intent, figs, years, label, magnitude) -> None:
        year = years[-1] if years else None
        if self._share_of_listed(result, intent, years):
            return
        if len(intent.concepts) >= 2 and self._share_of_concepts(result, intent, year):
            return
        pool = [f for f in figs if year is None or f.period == str(year)] or figs
        totals = [f for f in pool if _is_total(f)]
        parts = [f for f in pool if f not in totals]
        if parts and intent.scenario:  # "in de eindejaarsprognose": that column's lines
            parts = [f for f in parts if intent.scenario in (scenario_of(f), f.metric)] or parts
        if parts:
            parts = list(self.one_per_period(parts).values())  # levels before changes
            # a total line of the part's own metric and year (its table's bottom line) is
            # the whole; only without one is a like-named line of another metric sought
            own_totals = sorted(  # the part's own table first
                (t for t in totals or self._totals_for(parts[0], intent)
                 if t.metric == parts[0].metric
                 and t.period == parts[0].period and t.unit == parts[0].unit
                 and abs(t.value) >= abs(parts[0].value)),
                # of its totals the largest: the bottom line ("TOTAAL ACTIVA", not a subtotal)
                key=lambda t: (t.source != parts[0].source, t.caption != parts[0].caption,
                               -abs(t.value)))
            line = None if own_totals else self._sibling(parts[0], intent, larger=False)
            # "van alle programma's": the same line in an overview table without a total line
            # (the part may also stand in its programme's own table) shares their sum.
            says_all = find_phrases(intent.question, [str(w) for w in
                                                      load_lexicon().get("all_words") or []])
            overview = next(((f, lines) for f in pool if says_all and f not in totals
                             and f.value and (lines := self._table_lines(f))), None)
            if line is None and overview is not None:
                self._share_of_lines(result, overview[0], overview[1], label)
                return
            if line is not None:  # the line found is the asked total; the part is a line of it
                parts, totals = [line], [parts[0]]
            elif own_totals:
                totals = own_totals
            else:
                totals = self._totals_for(parts[0], intent)
                totals = self.nearest(parts[0], totals, year)
                if not totals:
                    totals = [t for t in [self._sibling(parts[0], intent, larger=True)] if t]
        if not parts and totals:
            # "welk deel van het balanstotaal ...": the concept found is the whole; the part
            # is a smaller line of its table that the question's other words name
            line = self._sibling(totals[0], intent, larger=False, whole_named=True)
            parts = [line] if line is not None else []
            label = "het bedrag"  # the concept's name is the whole's, not the part's
        if not parts or not totals:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        part = parts[0]
        # a part of a whole is no larger than it: a smaller "total" is another table's
        whole = next((t for t in totals if abs(t.value) >= abs(part.value)), None)
        if whole is None:
            whole = next(iter(self._larger_totals(part)), None)
        if whole is None:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        try:
            comp = share(part, whole)
        except ValueError:
            return
        result.computation = comp
        result.steps.append(Step("share", {"part": part.id, "whole": whole.id}))
        result.say(
            f"{_cap(self.describe(part, label))} is {format_number(comp.value, 1)}% van het "
            f"totaal ({self.value(whole, part.value < 0 and whole.value < 0)}): {comp.formula}.",
            [part, whole],
        )

    def _named_table(self, intent: Intent) -> PlanResult | None:
        """"Hoeveel bedragen de kredieten in Tabel 5.2 over 2025-2028 samen?", "welk deel van
        de totale investering in Tabel 4.2 betreft X?": the asker points at one table. The
        line is the row whose own name says the question's words (the caption's words do not
        count: every row has them), else the table's total line; the column is the asked year,
        else the table's total column. None when the table or the cells are not there."""
        figs = [f for f in self.store.all(self.allowed) if table_number(f.caption) == intent.table]
        if not figs or intent.operation not in ("lookup", "sum", "share", "max_change"):
            return None
        rows: dict[str, list[Figure]] = {}
        for f in figs:
            rows.setdefault(f.row_label, []).append(f)
        if intent.operation == "max_change":
            return self._table_largest_change(intent, rows)
        caption_words = set(tokens(normalise(figs[0].caption)))
        terms = [t for t in tokens(normalise(" ".join(intent.subject_terms)))
                 if t not in caption_words]
        score = {r: sum(self._said(t, set(tokens(normalise(r)))) for t in terms) for r in rows}
        best = max(score.values(), default=0)
        named = [r for r in rows if best >= 1 and score[r] == best]
        totals = [r for r in rows if _is_total(rows[r][0])]
        if len(named) > 1 or (not named and not totals):
            return None
        line = named[0] if named else totals[-1]
        years = expand_range(intent.periods) if intent.period_range else intent.periods

        def cell(row: str, year: int | None) -> Figure | None:
            found = [f for f in rows[row] if (str(year) == f.period if year else _total_column(f))]
            # of several total columns ("Totaal beschikbaar gesteld", "Totale investering"),
            # the one that holds the others
            return max(found, key=lambda f: abs(f.value)) if found else None

        result = PlanResult()
        where = f"Tabel {intent.table}"
        if intent.operation == "sum" and len(years) >= 2:
            cells = [c for y in years if (c := cell(line, y)) is not None]
            if len(cells) != len(years):
                return None
            comp = total(cells)
            result.computation = comp
            result.steps.append(Step("sum_figures", {"ids": [f.id for f in cells]}))
            result.say(f"{_cap(line)} in {where} over {years[0]} tot en met {years[-1]} is samen "
                       f"{format_value(comp.value, cells[0].unit)}: {comp.formula}.", cells)
            return result
        year = years[0] if len(years) == 1 else None
        part = cell(line, year)
        if part is None:
            return None
        if intent.operation == "share":
            if year is not None:
                return None  # a year's column of a credit table ("nog te besteden 2024") may
                # be a part of another column: only the table's totals are read so plainly
            whole = cell(totals[-1], year) if totals and line != totals[-1] else None
            if whole is None or not whole.value:
                return None
            comp = share(part, whole)
            result.computation = comp
            result.steps.append(Step("share", {"part": part.id, "whole": whole.id}))
            result.say(f"{_cap(line)} ({self.value(part)}) is {format_number(comp.value, 1)}% "
                       f"van {fold(totals[-1])} in {where} ({self.value(whole)}): "
                       f"{comp.formula}.", [part, whole])
            return result
        result.steps.append(Step("find_figures", {"ids": [part.id]}))
        result.say(f"{_cap(line)} in {where} ({part.col_label}): {self.value(part)}.", [part])
        return result

    def _credit_spent(self, intent: Intent) -> PlanResult | None:
        """"Hoeveel van het krediet voor X is al uitgegeven, en welk percentage?" on a credit
        table row: the credit made available minus what is still to be spent (the lexicon's
        ``credit_columns``), and its share; asked for what is left, that share. None unless
        the question says one of those and one row names its subject with both cells."""
        lex = load_lexicon()
        cols = lex.get("credit_columns") or {}
        spent = find_phrases(intent.question, [str(w) for w in cols.get("spent_words") or []])
        left = find_phrases(intent.question, [str(w) for w in cols.get("left_words") or []])
        credit = find_phrases(intent.question, [str(w) for w in cols.get("cue_words") or []])
        if not (spent or left) or not credit or not intent.subject_terms:
            return None  # "hoeveel is er uitgegeven aan X" asks the spending, not a credit
        made = [fold(str(w)) for w in cols.get("available") or []]
        rest = [fold(str(w)) for w in cols.get("remaining") or []]
        rows: dict[tuple[str, str], dict[str, Figure]] = {}
        for f in self.store.all(self.allowed):
            col = fold(f.col_label)
            kind = ("made" if any(w in col for w in made)
                    else "rest" if any(w in col for w in rest) else "")
            if kind:
                rows.setdefault((f.source, f.row_label), {})[kind] = f
        terms = Counter(tokens(normalise(" ".join(intent.subject_terms))))
        scored = [(self.subject_score(c["made"], terms), c) for c in rows.values()
                  if "made" in c and "rest" in c and c["made"].value > 0]
        best = max((sc for sc, _ in scored), default=0)
        top = [c for sc, c in scored if sc >= best - 1e-9]
        if best < 1 or not top:
            return None
        # of rows that name the subject alike ("X", "X Meubilair"), the one without more words
        fewest = min(len(words(c["made"].row_label)) for c in top)
        top = [c for c in top if len(words(c["made"].row_label)) == fewest]
        if len(top) != 1:
            return None
        total_f, rest_f = top[0]["made"], top[0]["rest"]
        spent_f = replace(total_f, value=total_f.value - rest_f.value, id=f"{total_f.id}-besteed")
        part = spent_f if spent and not left else rest_f
        comp = share(part, total_f)
        result = PlanResult(computation=comp)
        result.steps.append(Step("difference", {"a": total_f.id, "b": rest_f.id}))
        result.steps.append(Step("share", {"part": part.id, "whole": total_f.id}))
        name = total_f.row_label
        when = re.search(r"\(([^)]*)\)", rest_f.col_label)  # "(peildatum september 2024)"
        result.say(
            f"Van het beschikbaar gestelde krediet voor {name} ({self.value(total_f)}) is "
            f"{self.value(rest_f)} nog te besteden" + (f" ({when.group(1)})" if when else "")
            + "; "
            f"{format_value(spent_f.value, spent_f.unit)} is dus uitgegeven of verplicht "
            f"({format_number(total_f.value)} − {format_number(rest_f.value)}).",
            [total_f, rest_f])
        said = "uitgegeven of verplicht" if part is spent_f else "nog te besteden"
        result.say(f"Dat is {format_number(comp.value, 1)}% {said}: {comp.formula}.",
                   [total_f, rest_f])
        return result

    def _table_largest_change(
        self, intent: Intent, rows: dict[str, list[Figure]]
    ) -> PlanResult | None:
        """"Welk kapitaalgoed in Tabel 9.2 stijgt tussen 2025 en 2028 het meest?": of the named
        table's lines (not its total), the one whose change between the first and the last
        asked year is the largest rise (or, asked for a drop, the largest fall)."""
        years = expand_range(intent.periods) if intent.period_range else intent.periods
        if len(years) < 2:
            return None

        def at(row: list[Figure], year: int) -> Figure | None:
            return next((f for f in row if f.period == str(year)), None)

        changes = []
        for name, row in rows.items():
            a, b = at(row, years[0]), at(row, years[-1])
            if a is not None and b is not None and a.unit == b.unit and not _is_total(a):
                changes.append((b.value - a.value, name, a, b))
        if len(changes) < 2:
            return None
        falls = bool(find_phrases(intent.question, [str(w) for w in
                                                    load_lexicon().get("drop_words") or []]))
        _, name, a, b = (min if falls else max)(changes, key=lambda t: t[0])
        comp = difference(b, a)
        result = PlanResult(computation=comp)
        result.steps.append(Step("max_change", {"old": a.id, "new": b.id}))
        word = "daling" if falls else "stijging"
        result.say(f"De grootste {word} in Tabel {intent.table} van {years[0]} naar "
                   f"{years[-1]} heeft {name}: van {self.value(a)} naar {self.value(b)}, "
                   f"{format_value(abs(comp.value), comp.unit)} ({comp.formula}).", [a, b])
        return result

    @staticmethod
    def _table_totals_first(figs: list[Figure]) -> list[Figure]:
        """A table's total line ("Totale kosten") before its detail lines: "hoeveel procent van
        de kosten" means all of them; of several, the largest (the bottom line)."""
        return sorted(figs, key=lambda f: (not _is_total(f), -abs(f.value) if _is_total(f) else 0))

    def _share_of_listed(self, result, intent: Intent, years: list[int]) -> bool:
        """"Welk deel van de totale baten komt uit de OZB (woningen en niet-woningen samen)?":
        the part is the sum of the lines the question lists as added together (lines of one
        table, metric, year and unit), the whole the total line that holds that sum. False
        when the question lists no such lines or no total holds them."""
        phrase = _summed_phrase(intent.question)
        if not phrase:
            return False
        lines = self._listed_lines(intent, years, listed=phrase)
        if len(lines) < 2 or len({(f.source, f.page, f.metric, f.period, f.unit, fold(f.entity))
                                  for f in lines}) != 1:
            return False
        summed = total(lines, magnitude=True)
        part = replace(lines[0], value=math.copysign(summed.value, lines[0].value),
                       subject=" + ".join(f.subject or f.row_label for f in lines),
                       row_label="", id=f"{lines[0].id}+")
        holding = [t for t in self._totals_for(lines[0], intent) + self._larger_totals(lines[0])
                   if t not in lines and t.period == part.period and t.unit == part.unit
                   and abs(t.value) >= summed.value]
        if not holding:
            return False
        # the total the question's other words name best; of equals the largest, the table's
        # bottom line ("van alle programma's"), in the lines' own document
        rest = Counter(t for t in tokens(normalise(intent.question.replace(phrase, " "))))
        whole = max(holding, key=lambda t: (round(self.subject_score(t, rest), 1),
                                            t.source == part.source, abs(t.value)))
        try:
            comp = share(part, whole)
        except ValueError:
            return False
        comp.inputs = [*lines, whole]
        result.computation = comp
        result.steps.append(Step("sum_figures", {"ids": [f.id for f in lines]}))
        result.steps.append(Step("share", {"part": "sum", "whole": whole.id}))
        names = ", ".join(f"{f.subject or f.row_label} {self.value(f)}" for f in lines)
        result.say(
            f"Samen {format_value(summed.value, part.unit)} ({names}): {summed.formula}. Dat is "
            f"{format_number(comp.value, 1)}% van het totaal ({self.value(whole)}, "
            f"{whole.row_label or whole.subject}): {comp.formula}.",
            [*lines, whole],
        )
        return True

    def _larger_totals(self, part: Figure) -> list[Figure]:
        """Total lines of the part's metric, owner and period that can hold it, those of the
        part's own page first, the largest (the table's bottom line) first among them."""
        found = [
            f for f in self.store.all(self.allowed)
            if f.metric == part.metric and fold(f.entity) == fold(part.entity) and _is_total(f)
            and f.period == part.period and f.unit == part.unit
            and abs(f.value) >= abs(part.value) and f is not part
        ]
        return sorted(found, key=lambda f: (f.source != part.source, f.page != part.page,
                                            abs((f.page or 0) - (part.page or 0)), -abs(f.value)))

    def _table_lines(self, part: Figure) -> list[Figure]:
        """"Welk deel van de lasten van alle programma's ...": the lines of the part's own
        table (same page, column, metric and owner) when that table has no total line of its
        own; empty otherwise (a total line, or a recapitulation elsewhere, is found the usual
        way). The caller asks this only when the asker says "all"."""
        same = [
            f for f in self.store.all(self.allowed)
            if f.source == part.source and f.page == part.page and f.metric == part.metric
            and f.col_label == part.col_label and f.period == part.period
            and fold(f.entity) == fold(part.entity) and f.unit == part.unit
        ]
        if any(_is_total(f) for f in same):
            return []
        lines = list({fold(f.subject or f.row_label): f for f in same
                      if not _general_line(f) and f.value}.values())
        return lines if len(lines) >= 3 and part in lines else []

    def _share_of_lines(self, result, part: Figure, lines: list[Figure], label: str) -> None:
        whole = total(lines, magnitude=True)
        if not whole.value:
            return
        value = round(abs(part.value) / whole.value * 100, 1)
        result.computation = Computation(
            "aandeel", value, "%",
            f"{format_number(abs(part.value))} / {format_number(whole.value)} × 100 = "
            f"{format_number(value, 1)}%", [part, *lines])
        result.steps.append(Step("sum_figures", {"ids": [f.id for f in lines]}))
        result.steps.append(Step("share", {"part": part.id, "whole": "sum"}))
        result.say(
            f"{_cap(self.describe(part, label))} is {format_number(value, 1)}% van het totaal "
            f"van de {len(lines)} regels van die tabel ({format_value(whole.value, part.unit)}: "
            f"{whole.formula}): {result.computation.formula}.",
            [part, *[f for f in lines if f is not part]],
        )

    def _sibling(self, found: Figure, intent: Intent, larger: bool,
                 whole_named: bool = False) -> Figure | None:
        """"Welk aandeel van de totale uitgaven aan X ging naar Y?": the asker calls the whole
        a total, so the other side is a line of the same owner, period, unit and metric stem,
        named by the question's words the found figure does not say: the whole when
        ``larger``, else the part (the figure found was the whole). Without the word "total"
        ("welk deel van wat we aan het sociaal domein uitgeven gaat naar X?") only the whole
        is sought. None when none is."""
        says_total = whole_named or bool(_TOTAL_WHOLE.search(fold(intent.question)))
        if not says_total and not larger:
            return None

        def line_words(f: Figure) -> set[str]:  # the line's own name, not its document's
            return set(tokens(normalise(
                f"{f.subject} {f.row_label} {f.metric.replace('_', ' ')} {f.taakveld}")))

        rest = {
            t for t in tokens(normalise(" ".join(intent.subject_terms)))
            if not self._said(t, line_words(found))
        }
        if not rest:
            return None
        stem = found.metric.split("_")[0]
        siblings = [
            f for f in self.store.all(self.allowed)
            if f.metric.split("_")[0] == stem
            # another line: its own metric ("..._vervoer"), or a table's other row
            and (f.metric != found.metric or (whole_named and _line_name(f) != _line_name(found)
                                              and _near_page(f, found)))
            and fold(f.entity) == fold(found.entity) and f.period == found.period
            and f.unit == found.unit and (abs(f.value) > abs(found.value)) == larger
        ]
        scored = [(sum(self._said(t, line_words(f)) for t in rest), f) for f in siblings]
        best = max((sc for sc, _ in scored), default=0)
        if best < 1:
            return None
        return next(f for sc, f in scored if sc == best)

    def _totals_for(self, part: Figure, intent: Intent) -> list[Figure]:
        """Total lines of the part's metric, owner and period: those of the part's own column
        first; else the totals elsewhere (a recapitulation table) whose labels the question
        names best ('van alle programma's' -> 'Totaal programma's')."""
        every = [
            f for f in self.store.all(self.allowed)
            if f.metric == part.metric and fold(f.entity) == fold(part.entity) and _is_total(f)
        ]
        if not every:
            # A line stored under its own metric ("uitgaven_per_inwoner_maatwerk...") has the
            # table's total under the bare metric it extends, for the same owner and period.
            every = [
                f for f in self.store.all(self.allowed)
                if part.metric.startswith(f"{f.metric}_") and fold(f.entity) == fold(part.entity)
                and f.period == part.period and f.unit == part.unit
            ]
            return sorted(every, key=lambda f: f.source != part.source)
        same_column = [f for f in every if f.col_label == part.col_label]
        if same_column:
            return same_column
        same_period = [f for f in every if f.period == part.period]
        total_words = set(tokens(" ".join(TOTAL_WORDS)))
        terms = Counter(t for t in tokens(normalise(intent.question)) if t not in total_words)
        if not same_period or not terms:
            return same_period
        best = max(self.subject_score(f, terms) for f in same_period)
        return [f for f in same_period if self.subject_score(f, terms) >= best - 1e-9]

    def _share_of_concepts(self, result, intent, year) -> bool:
        """'Hoeveel procent van de uitgaven was het tekort?': the concept after 'van' is the
        whole, the other one the part."""
        options = dict(self.concept_figures(intent))
        ordered = [c for c in intent.concepts if c in options]
        # "wat we per inwoner uitgeven": the spending words name the per-inhabitant figure's
        # base, not a second figure to divide by
        bases = {b for c in ordered if _concept_spec(c).get("per_unit")
                 for b in _concept_spec(c).get("of") or []}
        ordered = [c for c in ordered if c not in bases]
        if len(ordered) < 2:
            return False
        q = fold(intent.question)
        share_at = q.find(" van ") if " van " in q else q.find(" of ")
        from assistant.intent import _concept

        def pos(c: str) -> int:
            words_ = [fold(w) for w in _concept(c).get("words") or []]
            hits = [q.find(w) for w in words_ if w in q]
            return min(hits) if hits else 10**6

        after = [c for c in ordered if pos(c) > share_at] if share_at >= 0 else ordered
        whole_c = min(after or ordered, key=pos)
        part_c = next(c for c in ordered if c != whole_c)
        return self._share_pair(result, intent, year, options, part_c, whole_c)

    def _share_pair(self, result, intent, year, options, part_c: str, whole_c: str) -> bool:
        """The part concept's figure as a percentage of the whole concept's, both of the
        asked owner and year, the whole from the part's own table when it has one."""
        targets = intent.target_entities(self.profile)
        parts, _ = self.entity_split(self.by_subject(options[part_c], intent), targets)
        parts = self._table_totals_first([f for f in parts if f.value] or parts)
        part = self.for_year(parts, year) if year else next(iter(parts), None)
        if part is None and year:
            # "die taakstelling van 1,2 miljoen, welk deel van het tekort van 2019?": the year
            # is the whole's; the part is the figure whose amount the question states
            stated = {round(a.value) for a in stated_amounts(intent.question, intent.english)}
            part = next((f for f in parts if round(abs(f.value)) in stated), None)
        wholes, _ = self.entity_split(options[whole_c], targets)
        if part is not None:  # euros are no share of euros per inhabitant
            wholes = [w for w in wholes if w.unit == part.unit]
        if part is not None and part.unit == "aantal":  # a head count's whole counts more
            wholes = [w for w in wholes if w.unit != "aantal" or w.value >= part.value]
        if part is not None:  # the whole of the same table, not a like-named line elsewhere
            page = [w for w in wholes if (w.source, w.page) == (part.source, part.page)
                    and part.page is not None and w.value]
            wholes = self._table_totals_first(page) if page else self.nearest(part, wholes, year)
        else:
            wholes = self.by_subject(wholes, intent)
        whole = self.for_year(wholes, year) if year else next(iter(wholes), None)
        if whole is None or part is None or not whole.value:
            return False
        # a deficit or a spending line written negative is a share's whole by its size
        mag = bool(_concept_spec(part_c).get("magnitude"))
        whole_mag = mag or bool(_concept_spec(whole_c).get("magnitude"))
        shown = abs(part.value) if whole_mag else part.value
        of = abs(whole.value) if whole_mag else whole.value
        value = round(shown / of * 100, 1)
        formula = f"{format_number(shown)} / {format_number(of)} × 100 = " \
                  f"{format_number(value, 1)}%"
        result.computation = Computation("aandeel", value, "%", formula, [part, whole])
        result.steps.append(Step("share", {"part": part.id, "whole": whole.id}))

        def name(concept: str, f: Figure) -> str:  # "de kosten" for a kosten line
            return concept_metric_labels(concept).get(f.metric) or intent.label(concept, True)

        result.say(
            f"{_cap(name(part_c, part))} ({self.value(part, whole_mag)}) is "
            f"{format_number(value, 1)}% van {name(whole_c, whole)} "
            f"({self.value(whole, whole_mag)}) {_phrase(whole.period)}: {formula}.",
            [part, whole],
        )
        return True

    def _base_amount(self, figs: list[Figure], years: list[int]) -> Figure | None:
        """The amount or count an asker's percentage or divisor applies to (a percentage
        figure is no base), of the asked year when one is asked."""
        base = [f for f in figs if f.unit != "%"]
        if not base:
            return None
        if not years and all(f.unit == "aantal" for f in base):
            # a head count: a dated one before a rounded undated one ("circa 36.000")
            base = sorted(base, key=lambda f: not f.period)
        return self.for_year(base, years[0]) if years else next(iter(base), None)

    def _op_divide(self, result, intent, figs, years, label, magnitude) -> None:
        """"als je dat over de drie gemeenten verdeelt": the asked amount shared equally by
        the count the asker states, written out; the share is the asker's assumption."""
        f = self._base_amount(figs, years)
        if f is None or not intent.divisor:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        comp = divided(f, intent.divisor, magnitude)
        about = "ongeveer " if "≈" in comp.formula else ""
        _computed(result, comp, Step("divide", {"figure": f.id, "by": intent.divisor}),
                  f"{_cap(self.describe(f, label))} is {self.value(f, magnitude)}; gelijk "
                  f"verdeeld over {intent.divisor} is dat {about}"
                  f"{format_value(comp.value, comp.unit)} per deel: {comp.formula}.")

    def _op_percent_of(self, result, intent, figs, years, label, magnitude) -> None:
        """The asker's percentage of the figure ("die 15% van het krediet voor 2024, hoeveel
        euro is dat?"), and what is left of it when that is asked too. A percentage figure is
        no base: the asked percentage applies to an amount or a count."""
        f = self._base_amount(figs, years)
        if f is None or intent.percent is None:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        comp = percentage_of(f, intent.percent, magnitude)
        result.computation = comp
        result.steps.append(Step("percentage_of", {"figure": f.id, "percent": intent.percent}))
        pct = format_number(intent.percent) + "%"
        if intent.rate:  # the asker's "13 per 1000", said as asked
            pct = f"{format_number(intent.rate[0])} per {format_number(intent.rate[1])}"
        result.say(
            f"{pct} van {self.describe(f, label)} ({self.value(f, magnitude)}) is "
            f"{'ongeveer ' if comp.unit != 'EUR' else ''}"
            f"{format_value(comp.value, comp.unit)}: {comp.formula}.",
            [f],
        )
        rest = remainder_sentence(intent.question, abs(f.value) if magnitude else f.value, comp)
        if rest:
            result.say(rest, [f])

    def _op_per_capita(self, result, intent, figs, years, label, magnitude) -> None:
        year = years[0] if years else None
        if _scales_up(intent.question) and self._scale_up(result, intent, year, label):
            return
        unit = _per_capita_unit(intent.question)
        # the amount to divide is not itself the head count it is divided by
        figs = [f for f in figs if f.metric not in unit["metrics"]]
        if not figs and len(intent.concepts) > 1:
            # the subject's words picked the head count: the amount is the first concept's
            first = intent.concepts[0]
            _, figs = self.candidates(replace(intent, concepts=[first]))
            figs = [f for f in figs if f.metric not in unit["metrics"]]
            label = intent.label(first, dutch=True)
            magnitude = bool(_concept_spec(first).get("magnitude"))
        amount = self.for_year(figs, year) if year else next(
            iter(reversed(self.one_per_period(figs).values())), None
        )
        if amount is not None and _per_unit_label(amount):  # 'Kg/inwoner' is per inhabitant
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        # the head count nearest the asked year (else the amount's own year)
        target = year or (_period_year(amount.period) if amount is not None else None) or 0
        pop = self.head_count(amount.entity, target, intent.question) if amount else None
        if amount is None or pop is None:
            missing = f"het aantal {unit['noun']}" if amount is not None else label
            self._abstain(
                result,
                f"Om dit per {unit['one']} uit te rekenen ontbreekt {missing} in de documenten.",
            )
            if amount is not None:
                result.say(f"Wel bekend: {self.describe(amount, label)}: {self.value(amount)}.",
                           [amount])
            return
        if magnitude and amount.value < 0:  # a deficit per inhabitant is a size, not a sign
            amount = replace(amount, value=abs(amount.value))
        comp = per_inhabitant(amount, pop)
        result.computation = comp
        result.steps.append(Step("per_inhabitant", {"amount": amount.id, "people": pop.id}))
        # Two sentences: the amount's scenario ("prognose") is not the head count's.
        result.say(f"{_cap(self.describe(amount, label))} {_is(label)} {self.value(amount)}.",
                   [amount])
        result.say(
            f"Gedeeld door {format_number(pop.value)} {unit['noun']} van {self.whose(pop)} "
            f"({pop.period or 'peildatum onbekend'}) is dat {format_value(comp.value, 'EUR')} "
            f"per {unit['one']}: {comp.formula}.",
            [amount, pop],
        )

    def head_count(self, entity: str, year: int | None, question: str) -> Figure | None:
        """The head count a "per ..." figure of ``entity`` multiplies by (inhabitants, or the
        unit the question names): a dated one nearest ``year``, an undated ("circa 36.000")
        last; None when the store has none."""
        unit = _per_capita_unit(question)
        people = [
            p for p in self.store.all(self.allowed)
            if p.metric in unit["metrics"] and p.value > 0 and float(p.value).is_integer()
            and fold(p.entity) == fold(entity)
        ]
        if not people:
            return None
        return min(people, key=lambda p: (_period_year(p.period) is None,
                                          abs((_period_year(p.period) or 0) - (year or 0))))

    def _scale_up(self, result, intent, year: int | None, label: str) -> bool:
        """"Die overschrijding per inwoner omgerekend naar de hele gemeente": the asked
        concept's per-inhabitant line (metric ``<concept metric>_per_...``) times the head
        count of the same owner, nearest in time. False when either is missing."""
        from assistant.intent import _concept

        bases = {m for c in intent.concepts for m in _concept(c).get("metrics") or []}
        per_unit = [
            f for f in self.store.all(self.allowed)
            if any(f.metric.startswith(f"{m}_per_") for m in bases)
            and (year is None or _covers(f.period, year))
        ]
        per_unit = self.by_subject(per_unit, intent) if per_unit else []
        if not per_unit:
            return False
        f = per_unit[0]
        unit = _per_capita_unit(intent.question)
        pop = self.head_count(f.entity, year, intent.question)
        if pop is None:
            return False
        comp = times_count(replace(f, value=abs(f.value)), pop)
        result.computation = comp
        result.steps.append(Step("times_count", {"per_unit": f.id, "people": pop.id}))
        result.say(
            f"{_cap(self.describe(f, label))}: {self.value(f, True)}"
            f"{'' if '/' in f.unit else ' per ' + unit['one']}. "
            f"Maal {format_number(pop.value)} {unit['noun']} van {self.whose(pop)} "
            f"({pop.period or 'peildatum onbekend'}) is dat ongeveer "
            f"{format_round_eur(comp.value)} in totaal: {comp.formula}.",
            [f, pop],
        )
        return True

    def _op_compare(self, result, intent, figs, years, label, magnitude) -> None:
        groups: dict[str, list[Figure]] = {}
        for f in figs:
            groups.setdefault(f.entity, []).append(f)
        year = years[0] if years else None
        chosen = []
        home = fold(self.profile.municipality)
        order = sorted(groups, key=lambda e: fold(e) != home)
        # A row that gives every side (a comparison table with a column per municipality):
        # both figures from it, never one side from another table or year.
        shared = _shared_tables(figs, years[:1], len(groups))
        if len(shared) == 1:  # the one table that gives every side
            groups = {e: [f for f in side if _table(f) == shared[0]] or side
                      for e, side in groups.items()}
        for entity in order:
            side = groups[entity]
            if chosen:  # the other side from the same table as the first: same metric, row
                twins = [g for g in groups[order[0]] if g.value == chosen[0].value
                         and g.metric == chosen[0].metric]
                same_row = [g for g in side if any(
                    (g.source, g.line) == (t.source, t.line) for t in twins)]
                side = same_row or self.nearest(chosen[0], side, year) or side
            f = self.for_year(side, year) if year else next(
                iter(reversed(self.one_per_period(side).values())), None
            )
            if f is None and year:  # a side known only for another year: the nearest, said so
                dated = [g for g in side if _period_year(g.period)]
                f = min(dated, key=lambda g: abs(_period_year(g.period) - year), default=None)
                if f is not None and abs(_period_year(f.period) - year) > 2:
                    f = None
                if f is not None:
                    result.warnings.append(
                        f"Het cijfer van {self.whose(f)} is van {f.period}, niet van {year}."
                    )
            if f is not None:
                chosen.append(f)
        if len(chosen) < 2:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        home = fold(self.profile.municipality)
        chosen.sort(key=lambda f: fold(f.entity) != home)  # the home municipality first
        for f in chosen:
            result.say(f"{_cap(self.describe(f, label))}: {self.value(f)}.", [f])
        a, b = chosen[0], chosen[1]
        comp = difference(a, b)
        result.computation = comp
        word = "hoger" if comp.value >= 0 else "lager"
        result.say(
            f"Dat is voor {self.whose(a)} {format_value(abs(comp.value), comp.unit)} {word} "
            f"dan voor {self.whose(b)}: {comp.formula}.",
            [a, b],
        )
        if _asks_percent(intent) and b.value:
            pct = round((a.value - b.value) / abs(b.value) * 100, 1)
            result.say(
                f"In procenten: ({format_number(a.value)} − {format_number(b.value)}) / "
                f"{format_number(abs(b.value))} × 100 = {format_number(pct, 1)}%.",
                [a, b],
            )

    def _largest_gap(self, result, intent, figs, label) -> bool:
        """"Op welk taakveld gaf Zeedorp het meest minder uit dan Nederland?": per row of a
        comparison table that gives both sides (not its total row), the home figure minus the
        other side's; the row with the largest gap in the asked direction, written out. False
        unless at least two rows give both sides."""
        home = self.profile.municipality
        others = [e for e in intent.entities if e != home]
        if not home or len(others) != 1:
            return False
        year = str(intent.periods[0]) if intent.periods else ""
        rows: dict[tuple, dict[str, Figure]] = {}
        for f in figs:
            if _is_total(f) or fold(f.entity) not in (fold(home), fold(others[0])):
                continue
            side = rows.setdefault((f.source, f.line), {})
            key = "home" if fold(f.entity) == fold(home) else "other"
            if key not in side or (year and f.period == year):
                side[key] = f
        pairs = [(s["home"], s["other"]) for s in rows.values() if len(s) == 2]
        if len(pairs) < 2:
            return False
        lower = bool(find_phrases(intent.question, [str(w) for w in load_lexicon().get(
            "lower_words") or []]))
        pick = min if lower else max
        a, b = pick(pairs, key=lambda p: p[0].value - p[1].value)
        comp = difference(a, b)
        result.computation = comp
        result.steps.append(Step("largest_gap", {"rows": len(pairs), "a": a.id, "b": b.id}))
        name = _line_name(a) if (a.subject or a.row_label) else _metric_line(a.metric)
        word = "hoger" if comp.value >= 0 else "lager"
        result.say(
            f"Het grootste verschil ({len(pairs)} regels vergeleken) is bij {name}: "
            f"{self.describe(a, label)} {self.value(a)} tegen {self.describe(b, label)} "
            f"{self.value(b)}, {format_value(abs(comp.value), comp.unit)} {word}: "
            f"{comp.formula}.",
            [a, b],
        )
        return True

    def _op_choose(self, result, intent, figs, years, label, magnitude) -> None:
        """"Levert A of B meer op?": each alternative's own line, then which is larger and by
        how much. Falls back to a lookup when the two options do not name two lines."""
        year = years[0] if years else None
        picked: list[Figure] = []
        for option in intent.alternatives:
            terms = Counter(tokens(normalise(option)))
            scored = [(self.subject_score(f, terms), f) for f in figs]
            best = max((sc for sc, _ in scored), default=0.0)
            if best <= 0 and picked:
                # the other option's line of the same table ("groen en bomen of wegen"): the
                # question's words found the first line only
                table = [f for f in self.store.all(self.allowed)
                         if f.source == picked[0].source and f.caption == picked[0].caption
                         and f.metric == picked[0].metric]
                scored = [(self.subject_score(f, terms), f) for f in table]
                best = max((sc for sc, _ in scored), default=0.0)
            if best <= 0:
                break
            side = self.by_subject([f for sc, f in scored if sc >= best - 1e-9],
                                   replace(intent, subject_terms=option.split()))
            f = self.for_year(side, year) if year else next(
                iter(reversed(self.one_per_period(side).values())), None)
            if f is None or any(f.id == p.id or (f.subject, f.row_label) ==
                                (p.subject, p.row_label) for p in picked):
                break
            picked.append(f)
        if len(picked) != 2:
            self._op_lookup(result, intent, figs, years, label, magnitude)
            return
        for f in picked:
            result.say(f"{_cap(self.describe(f, label))}: {self.value(f, magnitude)}.", [f])
        high, low = sorted(picked, key=lambda f: abs(f.value) if magnitude else f.value,
                           reverse=True)
        comp = difference(high, low)
        result.computation = comp
        name = high.subject or high.row_label or self.whose(high)
        result.say(
            f"Het hoogst is {name}: {format_value(abs(comp.value), comp.unit)} meer "
            f"({comp.formula}).",
            picked,
        )

    # -- notes -------------------------------------------------------------------------------------
    def _scope_note(self, result: PlanResult, figs: list[Figure], concept: str) -> None:
        """The same concept at another scope (another subject) in the documents: name it."""
        if result.abstain or result.computation is not None or concept.startswith("="):
            return
        shown = {(f.subject, f.entity) for f in result.figures}
        _, every = self.candidates(Intent(question="", concepts=[concept]))
        home = {fold(t) for t in [self.profile.municipality] if t}
        other = [
            f for f in every
            if (f.subject, f.entity) not in shown and f.subject
            and (not home or fold(f.entity) in home)
            and f.metric == (result.figures[0].metric if result.figures else "")
        ]
        subjects = {f.subject for f in every if f.metric == result.figures[0].metric}
        if other and len(result.figures) <= 3 and len(subjects) <= 4:
            f = other[0]
            result.say(
                f"Let op, andere reikwijdte: {self.titles.get(f.source, f.source)} noemt ook "
                f"{self.describe(f, intent_label(concept))}: {self.value(f)}.",
                [f],
            )


# "aandeel van de totale uitgaven ...", "share of the total ...": the asker names the whole.
_TOTAL_WHOLE = re.compile(r"\b(?:van|of)\s+(?:de|het|the)?\s*(?:totale?|totaal|total)\b")
COMPUTED_OPS = (
    "sum", "difference", "growth", "ratio", "share", "average", "max_change", "percent_of",
    "divide", "average_change",
)


TOTAL_WORDS = frozenset({"totaal", "total", "totale"})


def _side(f: Figure, other: Figure) -> str:
    """How a side of a change is named: its period, or, when both sides are of one period,
    its scenario too ("de prognose 2020" against "de begroting na wijziging 2020")."""
    mine, theirs = scenario_of(f), scenario_of(other)
    if f.period == other.period and mine != theirs and SCENARIO_NAMES.get(mine):
        return f"de {SCENARIO_NAMES[mine]} {f.period}".rstrip()
    return f.period


_AGAINST = re.compile(
    r"\b(?:dan|than|ten opzichte van|tov|vs|versus|vergeleken met|compared)\b|\bt\.o\.v\.")


def _change_within_year(intent: Intent) -> bool:
    """One thing's change over one named year ("in 2019 gegroeid"), not two things set against
    each other in that year ("hoger dan ...") nor two concepts or scenarios of it."""
    return (
        intent.operation in ("difference", "growth")
        and len(intent.periods) == 1
        and not intent.period_range
        and len(intent.concepts) <= 1
        and len(intent.scenarios) <= 1
        and not _AGAINST.search(fold(intent.question))
    )


# "(woningen en niet-woningen samen)", "jeugdzorg en wmo samen": the phrase listing the lines
# a question adds up, in brackets or right before its sum word
_SUMMED_LIST = re.compile(
    r"\(([^()]*\b(?:en|and|plus)\b[^()]*)\)\s*(?:samen|bij elkaar|together|combined)?"
    r"|([^,(:;]*\b(?:en|and|plus)\b[^,(:;]*?)\s+(?:samen|bij elkaar|together|combined)\b",
    re.I)


_WHICH = re.compile(r"^\s*(?:welke|welk|which|bij welke|in welke|wat is de post)\b")


def _summed_phrase(question: str) -> str:
    """The phrase that lists what a share's part adds up ("(A en B samen)", "(A en B) samen",
    "A en B samen"); empty when the question adds nothing up."""
    sum_words = [str(w) for w in (load_lexicon().get("operations") or {}).get("sum") or []]
    if not find_phrases(question, sum_words):
        return ""
    for m in _SUMMED_LIST.finditer(question):
        if m.group(2) or re.search(r"\b(?:samen|bij elkaar|together|combined)\b", m.group(0), re.I):
            return m.group(1) or m.group(2)
    return ""


def _own_name(f: Figure) -> set[str]:
    """The tokens of a line's own name (not its document's title, which untitled figures
    borrow as their label): what a narrowing word must be said in."""
    return set(tokens(normalise(f"{f.subject} {f.row_label}")))


def _heads_compound(term: str, own: set[str], vocab: frozenset[str] = frozenset()) -> bool:
    """"bestemming" (what the question's "bestemmingsreserves" is about once its concept word
    is taken off) heads a label's compound "Bestemmingsreserves". With ``vocab`` (the labels'
    words) the other way too: "jeugdhulp" asked of a line "PGB Jeugd", where the label's word
    heads the question's compound and the rest ("hulp") is a word of its own."""
    return len(term) >= 6 and any(
        (o.startswith(term) and len(o) - len(term) >= 4)
        or (len(o) >= 5 and term.startswith(o) and len(term) - len(o) >= 4
            and term[len(o):] in vocab)
        for o in own)


def _same_line(a: Figure, b: Figure) -> bool:
    """Two figures of one line of one document (its value in two columns)."""
    return (a.source, a.metric, a.entity, a.subject or a.row_label) == (
        b.source, b.metric, b.entity, b.subject or b.row_label)


def _scenario_words(scenario: str) -> list[str]:
    """The lexicon's words for a scenario and the figure labels' own."""
    lex = [str(w) for w in (load_lexicon().get("scenarios") or {}).get(scenario) or []]
    return lex + list(SCENARIO_WORDS.get(scenario, ()))


def _scales_up(question: str) -> bool:
    """"omgerekend naar de hele gemeente": a per-inhabitant figure times the head count."""
    words = [str(w) for w in load_lexicon().get("scale_up_words") or []]
    return bool(find_phrases(question, words))


def _per_capita_unit(question: str) -> dict:
    """The count a "per ..." question divides by (lexicon ``per_capita_units``): the first
    unit whose words the question uses, else inhabitants."""
    units = load_lexicon().get("per_capita_units") or {}
    chosen = next(
        (spec for spec in units.values() if find_phrases(question, list(spec.get("words") or []))),
        units.get("inwoners") or {"metrics": ["inwoners"], "noun": "inwoners"},
    )
    words_ = [str(w) for w in chosen.get("words") or ["per inwoner"]]
    return {
        "metrics": set(chosen.get("metrics") or []),
        "noun": str(chosen.get("noun") or "inwoners"),
        "one": words_[0].split(" ", 1)[1] if " " in words_[0] else "inwoner",
    }


_QUOTED = re.compile(r"['‘\"“]([^'’\"”]{3,})['’\"”]")


def _is_change(f: Figure) -> bool:
    words_ = [str(w) for w in load_lexicon().get("change_columns") or []]
    return bool(find_phrases(f"{f.col_label} {f.note}", words_))


def _table(f: Figure) -> tuple:
    """A PDF figure's table, by its page."""
    return (f.source, f.page)


def _shared_tables(figs: list[Figure], years: list[int], sides: int) -> list[tuple]:
    """Tables that give a figure of every one of ``sides`` governments (in the asked year)."""
    seen: dict[tuple, set[str]] = {}
    for f in figs:  # PDF tables only: a text table's row already holds its sides
        if f.page and (not years or _covers(f.period, years[0])):
            seen.setdefault(_table(f), set()).add(fold(f.entity))
    return [t for t, ents in seen.items() if sides >= 2 and len(ents) >= sides]


def _general_line(f: Figure) -> bool:
    """A line about the whole (no subject, a total, or only metric words such as 'Geraamde
    resultaat'), not about one programme or taakveld."""
    if not f.subject or _is_total(f):
        return True
    rest = re.sub(r"\b(?:van|en|de|het|geraamde?|totale?)\b", " ", fold(f.subject))
    return bool(metric_of(f.subject)) and not f.taakveld and not re.search(r"\d", rest)


def remainder_sentence(question: str, whole: float, part: Computation) -> str:
    """"... en hoeveel moeten we dan nog?": what is left of ``whole`` after the computed
    ``part``, written out; empty when the question does not ask for it."""
    lex = load_lexicon()
    if not find_phrases(question, [str(w) for w in lex.get("remainder_words") or []]):
        return ""
    rest = whole - part.value
    return (f"Dan resteert {format_value(rest, part.unit)}: {format_number(whole)} − "
            f"{format_number(part.value)} = {format_number(rest)}.")


def _names_line(f: Figure, lines: list[str]) -> bool:
    """A key figure stored as a plain line ("2. Solvabiliteitsratio"): its own label names it."""
    own = fold(f"{f.subject} {f.row_label}")
    return any(w in own for w in lines)


def _line_label(label: str, figs: list[Figure]) -> str:
    """No concept named the figures ("het cijfer"), but they are all one line: its name
    ("2. Solvabiliteitsratio" -> "de Solvabiliteitsratio") says what the number is."""
    if label not in ("het cijfer", "the figure") or not figs:
        return label
    names = {re.sub(r"^\d+[a-z]?\.\s*", "", f.subject or f.row_label).strip() for f in figs}
    name = next(iter(names)) if len(names) == 1 else ""
    if not name or metric_of(name) or re.search(r"\d", name):
        return label  # a bare metric word or a coded line says no more than the label
    return f"{'the' if label == 'the figure' else 'de'} {name[:1].lower() + name[1:]}"


def _per_unit_label(f: Figure) -> bool:
    """A line that is already a ratio ('Kg/inwoner', 'per 1.000 inwoners'): dividing it again
    by a population is wrong."""
    return bool(re.search(r"(?:/|\bper\s+(?:[\d.]+\s+)?)\w+", fold(f"{f.subject} {f.row_label}")))


_PLAIN_AMOUNT = ("het bedrag (", "the amount (")


def _computed(result: PlanResult, comp: Computation, step: Step, sentence: str) -> None:
    """Record a computation, the tool step that made it and the sentence that says it, with
    the computation's inputs as the sentence's citations."""
    result.computation = comp
    result.steps.append(step)
    result.say(sentence, list(comp.inputs))


def _own_line_named(result: PlanResult, label: str) -> None:
    """"Het bedrag (X) ..." names the line that fits the question best; when every figure the
    plan states is of one other line, the sentences name that line."""
    if not label.startswith(_PLAIN_AMOUNT):
        return
    named = label[label.find("(") + 1 : -1]
    used = {f.subject or f.row_label for f in result.figures}
    if len(used) != 1 or not next(iter(used)) or fold(next(iter(used))) == fold(named):
        return
    own = next(iter(used))
    result.sentences = [(text.replace(f"({named})", f"({own})"), figs)
                        for text, figs in result.sentences]


def _total_column(f: Figure) -> bool:
    """A cell of a table's total column ("Totaal", "Totale investering"): no year of its own."""
    return not f.period and any(w in TOTAL_WORDS for w in words(f.col_label))


# store -> (access, titles) -> the words of its figures' labels (weak: a store of an older
# generation goes with it)
_VOCABS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _metric_line(metric: str) -> str:
    """The line a metric of running text names beyond its concept's prefix
    ("uitgaven_per_inwoner_inkomensregelingen" -> "inkomensregelingen"); "" for a bare one."""
    for prefix in _metric_prefixes():
        if metric.startswith(f"{prefix}_"):
            line = metric[len(prefix) + 1:].replace("_", " ")
            # a metric name spells "18-" and "18+" out ("..._18min", "..._18plus")
            return re.sub(r"(\d)plus\b", r"\1+", re.sub(r"(\d)min\b", r"\1-", line))
    return ""


@lru_cache(maxsize=1)
def _metric_prefixes() -> tuple[str, ...]:
    concepts = load_lexicon().get("concepts") or {}
    return tuple(sorted((str(c["metric_prefix"]) for c in concepts.values()
                         if c.get("metric_prefix")), key=len, reverse=True))


def _asks_extreme_line(question: str) -> bool:
    """"Op welk taakveld ... het meest ...?": which line holds the largest or smallest."""
    ops = load_lexicon().get("operations") or {}
    extremes = [str(w) for k in ("max", "min") for w in ops.get(k) or []]
    return bool(re.match(r"\s*(?:op |in |bij |aan )?(?:welk|welke|which|what)\b",
                         fold(question))) and bool(find_phrases(question, extremes))


def _near_page(a: Figure, b: Figure) -> bool:
    """Two figures of one table: one document, the same page or the next (a balance sheet's
    assets and liabilities may stand on facing pages)."""
    return a.source == b.source and (a.page == b.page or (
        a.page is not None and b.page is not None and abs(a.page - b.page) <= 1))


def _line_name(f: Figure) -> str:
    """What names a figure's line: its subject or row; a figure of running text has only its
    metric ("uitgaven_per_inwoner_sociaal_domein"), its title being every line's."""
    return f.subject or f.row_label or f.metric.replace("_", " ")


def _is_total(f: Figure) -> bool:
    # A figure from running text has no labels; its sentence says "de totale uitgaven".
    said = f"{f.subject} {f.row_label}".strip() or f.quote
    if re.search(r"\b(?:totaal|total)", fold(said)):
        return True
    # the bottom line of a budget table ("Saldo van baten en lasten") holds the totals of its
    # baten and lasten columns
    return f.metric != "saldo" and fold(f.row_label).startswith(_total_lines())


@lru_cache(maxsize=1)
def _total_lines() -> tuple[str, ...]:
    """The lexicon's row names that hold a table's totals, folded once (``_is_total`` runs
    for every figure a share or an overall line weighs)."""
    return tuple(fold(str(w)) for w in load_lexicon().get("total_lines") or [])


def _concept_spec(concept: str) -> dict:
    from assistant.intent import _concept

    return {} if concept.startswith("=") else _concept(concept)


def concept_has_prefix(concept: str) -> bool:
    from assistant.intent import _concept

    return bool(_concept(concept).get("metric_prefix"))


def concept_metric_labels(concept: str) -> dict[str, str]:
    """How to name a concept when the store carries it under a specific metric (lasten)."""
    from assistant.intent import _concept

    return dict(_concept(concept).get("metric_labels") or {})


def intent_label(concept: str) -> str:
    from assistant.intent import _concept

    return str(_concept(concept).get("label") or concept)


def _asks_percent(intent: Intent) -> bool:
    return bool(re.search(r"procent|%|percentage|percent", fold(intent.question)))


def _was(label: str) -> str:
    """'was' or 'waren' for a label: "de uitgaven waren", "het tekort was"."""
    noun = (label.split() + ["", ""])[1]
    return "waren" if noun.endswith("en") and len(noun) > 3 else "was"


_YES_NO_OPENERS = ("is ", "zijn ", "was ", "waren ", "klopt ", "heeft ", "hebben ", "wordt ",
                   "did ", "does ", "is ", "are ", "has ", "have ")


def _yes_no(intent: Intent, change: float) -> str:
    """"Ja: " or "Nee: " when a yes/no question asks whether a figure rose or fell."""
    q = fold(intent.question).strip()
    if not q.startswith(_YES_NO_OPENERS) or change == 0:
        return ""
    lex = load_lexicon()
    down = find_phrases(q, [str(w) for w in lex.get("drop_words") or []]) or re.search(
        r"\b(kleiner|lager|smaller|lower|less)\b", q)
    up = find_phrases(q, [str(w) for w in lex.get("rise_words") or []]) or re.search(
        r"\b(groter|hoger|meer|larger|bigger|higher|more)\b", q)
    if bool(up) == bool(down):
        return ""
    agrees = (change > 0) == bool(up)
    if intent.english:
        return "Yes: " if agrees else "No: "
    return "Ja: " if agrees else "Nee: "


def _is(label: str) -> str:
    return "zijn" if _was(label) == "waren" else "is"




def _phrase(period: str) -> str:
    if "e.v." in period:
        return f"vanaf {period.split()[0]}"
    m = re.fullmatch(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", period)
    if m:
        return f"op {int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return f"in {period}" if re.fullmatch(r"(?:19|20)\d\d", period) else period

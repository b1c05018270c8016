"""Question analysis: a question becomes a typed :class:`Intent` (what kind of answer, which
operation, metric, entities, periods, scenario, documents).

Why typed: the numeric planner and the extractive answerer both need the same reading of a
question, and an explicit intent can be shown, tested and, when unsure, asked back
("Bedoelt u de uitgaven of het tekort?") instead of guessed. All vocabulary comes from the
shared lexicon (``data/lexicon.yaml``) and the deployment profile; nothing here names a place,
a document or a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from core.numbers import dutch_numbers, parse_amounts, stated_amounts
from core.profile import Profile, load_lexicon
from core.text import STOPWORDS, fold, table_number, unquoted, words

# A year, not part of a longer number ("2.017", "2017,5"); a list comma after it is fine.
YEAR_RE = re.compile(r"(?<![\d])(?<!\d[.,])(?:19|20)\d{2}(?![\d]|[.,]\d)")
# "2019-2022", "2019 t/m 2022", "tussen 2015 en 2018"; a bare "2017 en 2019" lists two years.
RANGE_RE = re.compile(
    r"(?:tussen\s+|between\s+)?((?:19|20)\d{2})\s*"
    r"(?P<sep>-|–|t/m|tot en met|tot|through|to|until|(?<=\d)\s*en(?=\s))\s*((?:19|20)\d{2})"
)
_ENGLISH = {
    "what", "how", "which", "why", "when", "who", "where", "did", "does", "do", "is", "are",
    "were", "the", "much", "many", "spend", "spent",  # not "was", "of": Dutch words too
    "our", "and", "there", "their", "big", "for", "to", "with", "from", "by", "has", "have",
}
_DUTCH = {"wat", "hoe", "welke", "waarom", "wanneer", "wie", "de", "het", "een", "van", "is"}


@dataclass
class Intent:
    """The typed reading of one question."""

    question: str
    kind: str = "fact"  # numeric | why | who | when | list | opinion | definition | yesno | fact
    operation: str = "lookup"  # lookup | sum | difference | growth | ratio | share |
    #                            average | per_capita | max | min | max_change | compare |
    #                            percent_of
    concepts: list[str] = field(default_factory=list)  # lexicon concept keys, best first
    metrics: list[str] = field(default_factory=list)  # figure metrics that carry the concept
    metric_prefixes: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # governments named (canonical)
    home_implied: bool = False  # "we", "onze gemeente": the profile's municipality
    periods: list[int] = field(default_factory=list)
    period_range: bool = False
    scenario: str = ""
    documents: set[str] = field(default_factory=set)
    subject_terms: list[str] = field(default_factory=list)  # content words besides the metric
    english: bool = False
    numeric_cue: bool = False
    ambiguous: list[str] = field(default_factory=list)  # concepts it could not choose between
    per_capita_asked: bool = False  # "per inwoner" said, as metric or as operation
    scenarios: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)  # "A of B": the two lines to weigh
    counted: str = ""  # "hoeveel aanbieders ...": the concept right after the count word
    percent: float | None = None  # "die 15% van het krediet": a percentage to apply
    table: str = ""  # "in Tabel 5.2": the number of the table the question names
    divisor: int | None = None  # "over de drie gemeenten verdeeld": the count to divide by
    rate: tuple[float, int] | None = None  # "13 per 1000 jongeren": the asker's rate, per base

    @property
    def magnitude(self) -> bool:
        """A deficit is asked as a positive size of a negative result."""
        return bool(self.concepts) and _concept(self.concepts[0]).get("magnitude", False)

    def label(self, concept: str | None = None, dutch: bool = False) -> str:
        c = _concept(concept or (self.concepts[0] if self.concepts else ""))
        if self.english and not dutch:
            return str(c.get("label_en") or c.get("label") or "the figure")
        return str(c.get("label") or "het cijfer")

    def target_entities(self, profile: Profile) -> list[str]:
        """Whose figures are asked: named governments, else the home municipality."""
        if self.entities:
            return self.entities
        return [profile.municipality] if profile.municipality else []


def _concept(key: str) -> dict[str, Any]:
    return (load_lexicon().get("concepts") or {}).get(key, {})


@lru_cache(maxsize=4096)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words; a single long word also matches as the tail of a Dutch
    compound ("jeugdhulpbudget" contains "budget", "zorgkosten" contains "kosten"); "..." in
    a phrase allows up to ten words in between, for Dutch separable verbs ("geven ... uit")."""
    folded = fold(phrase)
    if "..." in folded:
        parts = [_word_pattern(p.strip()) for p in folded.split("...") if p.strip()]
        gap = r"(?:\s+\S+){0,10}?\s+"
        return re.compile(rf"(?<![\w-]){gap.join(parts)}(?![\w-])")
    return re.compile(rf"(?<![\w-]){_word_pattern(folded)}(?![\w-])")


def _word_pattern(folded: str) -> str:
    if " " not in folded and len(folded) >= 6 and folded.isalpha():
        # "kostendekkingsberekening" is no "rekening": a head ending in a verb prefix makes
        # another word, not a compound
        return rf"(?:[a-z]{{3,}}(?<!be)(?<!ge)(?<!ver)(?<!ont)-?)?{re.escape(folded)}"
    if " " in folded:
        # An adjective before its noun takes an -e: "financieel effect" is also said as "het
        # financiële effect", "structureel tekort" as "het structurele tekort".
        *lead, last = folded.split(" ")
        return r"\s+".join([*(_inflectable(w) for w in lead), re.escape(last)])
    return re.escape(folded)


def _inflectable(word: str) -> str:
    """``word`` or its attributive form (Dutch spelling: "groot" -> "grote", "hoog" -> "hoge",
    "financieel" -> "financiele", "verwacht" -> "verwachte", "snel" -> "snelle")."""
    if len(word) < 4 or not word.isalpha() or word.endswith("e"):
        return re.escape(word)
    forms = {word}
    long_vowel = re.match(r"^(.*)([aeou])\2([b-df-hj-np-tv-z])$", word)
    if long_vowel:
        forms.add(long_vowel.group(1) + long_vowel.group(2) + long_vowel.group(3) + "e")
    elif re.search(r"[b-df-hj-np-tv-z]$", word):
        forms.add(word + "e")
        if re.search(r"[b-df-hj-np-tv-z][aeiou][b-df-hj-np-tv-z]$", word):
            forms.add(word + word[-1] + "e")
    return "(?:" + "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True)) + ")"


def _part_spans(phrase: str, folded: str) -> list[tuple[int, int]]:
    """Where the literal parts of a gapped phrase stand ('over ... budget ... heen' in "over
    het jeugdbudget heen"): a concept word inside one of them belongs to the phrase."""
    m = _phrase_re(phrase).search(folded)
    if m is None:
        return []
    spans, pos = [], m.start()
    for part in [p.strip() for p in fold(phrase).split("...") if p.strip()]:
        pm = re.compile(rf"(?<![\w-]){_word_pattern(part)}(?![\w-])").search(folded, pos, m.end())
        if pm is None:
            return []
        spans.append((pm.start(), pm.end()))
        pos = pm.end()
    return spans


def find_phrases(text: str, phrases: list[str]) -> list[tuple[int, str]]:
    """(position, phrase) of each lexicon phrase occurring in ``text`` (folded, whole words)."""
    folded = fold(text)
    out = []
    for p in phrases:
        m = _phrase_re(p).search(folded)
        if m:
            out.append((m.start(), p))
    return sorted(out)


def _group_hits(text: str, groups: dict[str, list[str]]) -> dict[str, list[tuple[int, str]]]:
    return {k: hits for k, v in groups.items() if (hits := find_phrases(text, list(v)))}


def _only_inside(entity: str, profile: Profile, folded: str, spans: list[tuple[int, int]]) -> bool:
    """Every mention of ``entity`` lies inside one of ``spans``."""
    found = [
        (m.start(), m.end())
        for g in profile.governments()
        if g.name == entity
        for n in g.names()
        for m in _phrase_re(n).finditer(folded)
    ]
    return bool(found) and all(any(a <= s and e <= b for a, b in spans) for s, e in found)


def alternatives(question: str) -> list[str]:
    """The two options of "..., A of B?" ("Toegang Jeugd of Toegang Wmo"): B runs from "of"
    to the end, A is as many words before it (or what follows a colon), at most four each."""
    body = question.strip().rstrip("?").strip()
    m = re.search(r"^(?P<left>.*)\s(?:of|or)\s(?P<right>[^,:;]+)$", body, re.I)
    if not m:
        return []
    right = m.group("right").split()
    left_text = re.split(r"[:,;]", m.group("left"))[-1]
    delimited = bool(re.search(r"[:,;]", m.group("left")))
    left = left_text.split() if delimited else left_text.split()[-len(right):]
    if not 1 <= len(right) <= 4 or not 1 <= len(left) <= 4:
        return []
    if any(YEAR_RE.fullmatch(w) for w in left + right):
        return []  # "in 2017 of 2018": periods, not lines
    return [" ".join(left), " ".join(right)]


def _document_years(folded: str, doc_words: list[str]) -> set[int]:
    """Years written right beside a word that names a document ("agenda 2019", "the 2019
    progress report", "visitatie (2020)"); a compound counts by its tail ("ontwikkelagenda")."""
    toks = re.findall(r"[\w-]+", folded)
    out: set[int] = set()
    for i, tok in enumerate(toks):
        if not YEAR_RE.fullmatch(tok):
            continue
        near = toks[max(0, i - 2) : i] + toks[i + 1 : i + 3]
        if any(t.endswith(w) for t in near for w in doc_words if len(w) >= 4):
            out.add(int(tok))
    return out


def _doc_words(lex: dict, document_names: dict[str, str] | None) -> list[str]:
    """Words that name a document: the lexicon's kinds, the titles' words, and the English for
    a title word ("budget" for "begroting")."""
    out = [fold(str(w)) for w in lex.get("document_words") or []]
    out += [fold(w) for w in document_names or {}]
    out += [fold(str(k)) for k, v in (lex.get("document_translations") or {}).items()
            if fold(str(v)) in out]
    return out


def _names_dated_document(
    folded: str, start: int, end: int, document_names: dict[str, str] | None
) -> bool:
    """The words at ``folded[start:end]`` name a document (its title word, or the lexicon's
    English for one) and a year stands right beside them ("2025 budget", "begroting 2025")."""
    if not document_names or end <= start:
        return False
    word = folded[start:end].strip()
    translations = {fold(str(k)): fold(str(v)) for k, v in
                    (load_lexicon().get("document_translations") or {}).items()}
    names = {fold(w) for w in document_names}
    if word not in names and translations.get(word) not in names:
        return False
    before, after = folded[:start].split()[-1:], folded[end:].split()[:1]
    return any(YEAR_RE.fullmatch(t.strip("(),.?")) for t in before + after)


def _blank(text: str, phrases: list[str]) -> str:
    """The text with phrases that hold an operation word without asking for it ("samen met")
    blanked out, same length so positions still point into the question."""
    folded = fold(text)
    if len(folded) != len(text):
        text = folded  # positions must line up with the folded text the phrases match
    for phrase in phrases:
        for m in _phrase_re(str(phrase)).finditer(fold(text)):
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text


def normalise(text: str) -> str:
    """Spellings from the lexicon ("18-" -> "minderjarigen") so question words meet labels."""
    lexicon = load_lexicon()
    for raw, norm in (lexicon.get("normalise") or {}).items():
        text = text.replace(str(raw), str(norm))
    for pattern, norm in (lexicon.get("normalise_patterns") or {}).items():
        text = re.sub(str(pattern), str(norm), text)
    return text


def is_english(question: str) -> bool:
    toks = words(question)
    en = sum(t in _ENGLISH for t in toks)
    nl = sum(t in _DUTCH for t in toks)
    return en >= 2 and en > nl


# "tussen de begroting 2030 en 2033", "van de rekening 2029 naar 2031": both years are sides
# of the comparison, even where a document word dates the first.
_TWO_SIDES = re.compile(
    r"\b(?:tussen|between|van|from)\b[^?]{0,40}?\b(?:19|20)\d\d\b[^?]{0,30}?"
    r"\b(?:en|and|tot|naar|to)\b[^?]{0,30}?\b(?:19|20)\d\d\b"
)


def periods_in(question: str) -> tuple[list[int], bool]:
    """Years the question asks about; "2019-2022" / "2019 t/m 2022" expands to a range."""
    years = sorted({int(y) for y in YEAR_RE.findall(question)})
    m = RANGE_RE.search(question)
    if m and m.group("sep").strip() == "en" and not re.match(r"tussen|between", m.group(0)):
        m = None  # "2017 en 2019": two years, not the years between
    if m and int(m.group(1)) < int(m.group(3)) <= int(m.group(1)) + 15:
        return years, True
    return years, False


_RATE = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s+(?:[^\W\d][\w-]*\s+){0,6}?per\s+"
                   r"(1\.?000|1,000|duizend|thousand|100\.?000|100,000)\b", re.IGNORECASE)


def _stated_rate(question: str, english: bool) -> tuple[float, int, int] | None:
    """"13 jeugdhulptrajecten met verblijf per 1000 jongeren": (13, 1000, where it ends);
    None unless the question states exactly one such rate."""
    found = list(_RATE.finditer(question))
    if len(found) != 1:
        return None
    m = found[0]
    number = parse_amounts(dutch_numbers(m.group(1), english))
    base = 100_000 if re.sub(r"\D", "", m.group(2)).startswith("100000") else 1000
    return (number[0].value, base, m.end()) if number else None


def _rate_population(after: str, concepts: dict, lex: dict) -> str:
    """The concept of the head count a rate is per ("... per 1000 jongeren" -> the count of
    young people): the per-capita unit whose noun follows, and the concept of its metrics."""
    head = " ".join(words(after)[:3])
    for unit in (lex.get("per_capita_units") or {}).values():
        nouns = [str(unit.get("noun") or "")] + [str(w)[4:] for w in unit.get("words") or []
                                                 if str(w).startswith("per ")]
        if find_phrases(head, [n for n in nouns if n]):
            metrics = set(unit.get("metrics") or [])
            return next((k for k, spec in concepts.items()
                         if metrics & set(spec.get("metrics") or [])), "")
    return ""


def _range_and_names(question: str, years: list[int]) -> list[int]:
    """"het effect van de meicirculaire 2024 over 2025 tot en met 2028 samen": a year outside
    the summed range, right after a name (no preposition before it), names that line or
    document; the years summed are the range's."""
    m = RANGE_RE.search(question)
    if not m:
        return years
    low, high = int(m.group(1)), int(m.group(3))
    named = {int(n.group(2)) for n in re.finditer(r"\b([A-Za-zÀ-ÿ]{4,})\s+((?:19|20)\d\d)\b",
                                                  question)
             if fold(n.group(1)) not in _function_words() | STOPWORDS | _time_words()}
    return [y for y in years if low <= y <= high or y not in named]


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    """Words that place a year in time ("vanaf", "sinds", "eind", months): not a name."""
    lex = load_lexicon()
    return frozenset(fold(str(w)) for key in ("time_words", "year_openers")
                     for w in lex.get(key) or [])


def expand_range(years: list[int]) -> list[int]:
    """All years from the first to the last ("2021-2024" -> 2021, 2022, 2023, 2024)."""
    return list(range(years[0], years[-1] + 1)) if len(years) >= 2 else years


def analyse(
    question: str,
    profile: Profile,
    store_metrics: set[str] | None = None,
    document_names: dict[str, str] | None = None,
) -> Intent:
    """Read ``question`` into an :class:`Intent`; see the module docstring.

    ``store_metrics`` are the metric names the figure store holds (a question may use one of
    them literally, e.g. "lasten"); ``document_names`` maps a document's kind or title word to
    its source file, so "volgens de visitatie" selects that document.
    """
    lex = load_lexicon()
    intent = Intent(question=question, english=is_english(question))
    kinds = _group_hits(_blank(question, lex.get("not_kinds") or []), lex.get("kinds") or {})
    asked = _blank(question, lex.get("not_operations") or [])
    if len(periods_in(question)[0]) < 2:
        # "de cao-stijging": the tail of a hyphenated compound names the thing asked about,
        # not a change to compute (with two years named it may still ask for one)
        asked = re.sub(r"(?<=\w)-(\w+)", lambda m: " " + "_" * len(m.group(1)), asked)
    ops = _group_hits(asked, lex.get("operations") or {})
    comparative = find_phrases(question, list(lex.get("comparatives") or []))
    if comparative and _phrase_re("dan").search(fold(question)[comparative[0][0]:]):
        ops["comparative"] = comparative
    elif comparative and len(periods_in(question)[0]) >= 2:
        ops.setdefault("difference", comparative)  # "groter geworden tussen 2016 en 2018?"
    intent.numeric_cue = "numeric" in kinds

    # Concepts: every lexicon concept whose words occur; earlier and longer phrases first.
    concepts = lex.get("concepts") or {}
    extra = profile.lexicon_extra.get("concepts") or {}
    hits: list[tuple[int, int, str, int]] = []  # (start, -length, concept, end)
    gapped: dict[str, list[tuple[int, int]]] = {}  # concept -> spans of its gapped phrases' parts
    folded_q = fold(question)
    # "per saldo" (on balance) holds a concept's word without naming that concept
    concept_text = _blank(question, lex.get("not_concepts") or [])
    for key, spec in concepts.items():
        phrases = list(spec.get("words") or []) + list((extra.get(key) or {}).get("words") or [])
        found = find_phrases(concept_text, phrases)
        for _, phrase in found:
            if "..." in phrase:
                gapped.setdefault(key, []).extend(_part_spans(phrase, folded_q))
        if found:
            pos, phrase = min(found, key=lambda f: (f[0], -len(f[1])))
            contiguous = [f for f in found if "..." not in f[1]]
            if contiguous:
                longest = max(contiguous, key=lambda f: len(f[1]))
                end = longest[0] + len(fold(longest[1]))
            else:  # a separable verb ("geven ... uit") spans other words: it contains nothing
                longest, end = found[0], found[0][0]
            hits.append((pos, -len(longest[1]), key, end))
    # A literal store metric name ("lasten", "fte") counts as a concept of its own.
    for metric in sorted(store_metrics or ()):
        covered = any(metric in (concepts.get(k, {}).get("metrics") or []) for *_, k, _ in hits)
        literal = len(metric) > 2 and "_" not in metric and metric not in _function_words()
        found = find_phrases(concept_text, [metric]) if literal else []
        if found and not covered:
            hits.append((found[0][0], -len(metric), f"={metric}", found[0][0] + len(metric)))
        elif literal and len(metric) >= 6 and not covered:
            # "investeringsuitgaven": a compound of a store metric's name and a concept's word
            # is that metric (the tail, "uitgaven", says what kind of amount it is)
            m = re.search(rf"(?<![\w-]){re.escape(fold(metric))}s?[a-z]{{4,}}(?![\w-])",
                          fold(concept_text))
            tails = [h for h in hits if m and m.start() <= h[0] < m.end()]
            if m and tails:  # only where the rest is itself a concept's word
                hits = [h for h in hits if h not in tails]
                hits.append((m.start(), -(m.end() - m.start()), f"={metric}", m.end()))
    # A concept word inside another concept's gapped phrase is part of it: "budget" in "over
    # het jeugdbudget heen gegaan" (a deficit), not a second metric.
    hits = [
        h for h in hits
        if not any(
            o != h[2] and a <= h[0] and h[3] <= b for o, spans in gapped.items() for a, b in spans
        )
    ]
    # Words inside a government's name are not concepts ("gemeenten van 20.000 inwoners").
    named_spans = [
        (m.start(), m.end())
        for g in profile.governments()
        for n in g.names()
        if len(n) > 3
        for m in _phrase_re(n).finditer(folded_q)
    ]
    hits = [h for h in hits if not any(a <= h[0] and h[3] <= b for a, b in named_spans)]
    # "according to the 2025 budget", "volgens de begroting 2025": a concept word beside the
    # year of a document it names is that document, not the metric asked.
    hits = [h for h in hits if not _names_dated_document(folded_q, h[0], h[3], document_names)]
    # A phrase inside a longer one belongs to it: "kosten" in "kosten per cliënt".
    spans = {k: (start, end) for start, _, k, end in hits}
    hits = [
        h for h in hits
        if not any(
            o != h[2] and spans[o][0] <= spans[h[2]][0] and spans[h[2]][1] <= spans[o][1]
            and spans[o] != spans[h[2]]
            for o in spans
        )
    ]
    hits.sort()
    keys = [k for _, _, k, _ in hits]
    count_words = tuple(fold(str(w)) for w in lex.get("count_words") or [])
    intent.counted = next(
        (
            k for start, _, k, end in hits
            if end > start  # a noun ("hoeveel aanbieders"), not a verb ("hoeveel geven ... uit")
            and folded_q[:start].rstrip().endswith(count_words)
        ),
        "",
    ) if count_words else ""
    if "tekort" in keys and "resultaat" in keys:
        keys.remove("resultaat")
    keys = _without_other_units(question, keys, concepts)
    _set_concepts(intent, keys, concepts)

    intent.periods, intent.period_range = periods_in(question)
    if document_names:
        # "de rapportage van 2021" dates a document, not the figure asked for.
        folded = fold(question)
        for word in document_names:
            dated = rf"{re.escape(word)}\w*\s+(?:van|uit|of|from)\s+((?:19|20)\d\d)"
            for m in re.finditer(dated, folded):
                year = int(m.group(1))
                if year in intent.periods and folded.count(m.group(1)) == 1:
                    intent.periods.remove(year)
    if len(intent.periods) >= 2 and not intent.period_range and not _TWO_SIDES.search(
        fold(question)
    ):
        # "what does the 2019 agenda expect for 2020?": the year beside a document word dates
        # the document; with another year asked, that other year is the period.
        doc_words = _doc_words(lex, document_names)
        dated = _document_years(fold(question), doc_words)
        scen_words = [fold(str(w)) for ws in (lex.get("scenarios") or {}).values() for w in ws
                      if " " not in str(w)]
        columns = _document_years(fold(question), scen_words)
        change = {"difference", "growth", "comparative", "compare"} & set(ops)
        if len(columns) >= 2 or (columns and change):
            # "in de begroting 2024 dan in de rekening 2023": two columns; "hoeveel meer vanaf
            # 2025 dan in de begroting 2024": a change is asked against the year a budget
            # word stands beside, whatever year the budget document is dated
            dated -= columns
        if dated and set(intent.periods) - dated:
            intent.periods = [y for y in intent.periods if y not in dated]
    plain = fold(question)
    for idiom in lex.get("idioms") or []:
        plain = plain.replace(fold(idiom), " ")
    scen = _group_hits(plain, lex.get("scenarios") or {})
    # "begroting na wijziging" also contains "begroting": keep only the most specific phrase.
    for key in list(scen):
        for other, hits_o in scen.items():
            if other != key and all(
                any(p in q for _, q in hits_o) for _, p in scen[key]
            ):
                scen.pop(key, None)
                break
    if len(scen) == 1:
        intent.scenario = next(iter(scen))
    intent.scenarios = sorted(scen)  # several: each period keeps its own (begroot vs rekening)

    # Governments named, and first-person words meaning the home municipality.
    # A government named inside a concept's phrase is that concept's payer, not the asked
    # entity ("de integratie-uitkering van het Rijk" is the municipality's grant).
    concept_spans = [
        (pos, pos + len(fold(phrase)))
        for k in keys
        if not k.startswith("=")
        for pos, phrase in find_phrases(
            question,
            list((concepts.get(k) or {}).get("words") or [])
            + list((extra.get(k) or {}).get("words") or []),
        )
        if "..." not in phrase
    ]
    intent.entities = [
        e for e in profile.mentioned(question)
        if not _only_inside(e, profile, folded_q, concept_spans)
    ]
    # "het balanstotaal", "the balance sheet total": an operation word inside a concept's own
    # phrase names that figure, not a sum to make ("per inwoner" is weighed further below)
    for op in [k for k in ops if k != "per_capita"]:
        ops[op] = [h for h in ops[op]
                   if not any(a <= h[0] and h[0] + len(fold(h[1])) <= b for a, b in concept_spans)]
        if not ops[op]:
            del ops[op]
    intent.home_implied = bool(
        find_phrases(unquoted(question), list(lex.get("home_words") or []))
    )

    # Operation: the most specific phrase wins; two periods + change words -> difference.
    intent.per_capita_asked = "per_capita" in ops
    per_unit = [k for k in keys if concepts.get(k, {}).get("per_unit")]
    divided = [
        k for k in keys
        if k not in per_unit and k != "inwoners" and not k.startswith("=")
        and not any(k in (concepts[u].get("of") or []) for u in per_unit)
    ]
    if per_unit and divided and "per_capita" in ops and not any(
        find_phrases(question, [w for w in concepts[k].get("words") or [] if " " in w
                                and not str(w).startswith("per ")])
        for k in per_unit
    ):
        # "het tekort ... hoeveel is dat per inwoner": a bare "per inwoner" after another
        # amount divides that amount; it is not the stored spending-per-inhabitant metric.
        keys = [k for k in keys if k not in per_unit]
        _set_concepts(intent, keys, concepts)
    if any(concepts.get(k, {}).get("per_unit") for k in keys):
        ops.pop("per_capita", None)  # "per inwoner" names the metric, not an operation
        ops.pop("average", None)  # "gemiddelde kosten per cliënt" is that metric too
    intent.operation = _operation(ops, intent)
    if (
        intent.operation in ("lookup", "sum")
        and any(concepts.get(k, {}).get("per_unit") for k in keys)
        and find_phrases(question, [str(w) for w in lex.get("scale_up_words") or []])
    ):
        # "dat bedrag per inwoner omgerekend naar de hele gemeente (in totaal)": the stored
        # per-inhabitant figure times the head count, not a sum of per-inhabitant figures
        intent.operation = "per_capita"
    if intent.operation == "sum" and intent.period_range:
        intent.periods = _range_and_names(question, intent.periods)
    if intent.operation == "max_change" and len(intent.periods) == 1:
        # a change between years is read over a series: one year named beside a document
        # word dates the document or plan ("de agenda 2019"), not the series; any other
        # single year stays a constraint the documents must meet
        doc_words = _doc_words(lex, document_names)
        if set(intent.periods) <= _document_years(fold(question), doc_words):
            intent.periods = []
    stated = [a for a in parse_amounts(question) if a.unit == "%"]
    if (
        len(stated) == 1
        and intent.operation == "lookup"
        and find_phrases(question, [str(w) for w in lex.get("amount_words") or []])
    ):
        # "zo'n 12,5% van de jongeren krijgt hulp; om hoeveel jongeren gaat het?"
        intent.operation, intent.percent = "percent_of", stated[0].value
    rate = _stated_rate(question, intent.english)
    asks = find_phrases(question, [str(w) for w in lex.get("amount_words") or []])
    if rate and intent.operation in ("lookup", "compare") and asks and asks[-1][0] > rate[2]:
        # "13 trajecten per 1000 jongeren bij ons: om hoeveel trajecten gaat het?": the
        # asker's rate applied to the head count (a rate per 1.000 is a tenth of a percent)
        intent.operation, intent.percent = "percent_of", rate[0] * 100 / rate[1]
        intent.rate = rate[:2]
        counted = _rate_population(question[rate[2]:], concepts, lex)
        if counted:  # "per 1000 jongeren": the head count the rate applies to
            _set_concepts(intent, [counted], concepts)
    divisor = _stated_count(question) if intent.operation in ("lookup", "sum") else None
    if divisor and find_phrases(question, [str(w) for w in lex.get("divide_words") or []]):
        intent.operation, intent.divisor = "divide", divisor
    weighs = "comparative" in ops or comparative or "max" in ops or "min" in ops
    if weighs and intent.operation in ("lookup", "max", "min") and len(intent.entities) < 2:
        intent.alternatives = alternatives(question)
        if intent.alternatives:
            intent.operation = "choose"  # "levert A of B meer op?": weigh the two lines
    intent.kind = _kind(kinds, intent, question, min((h[0] for h in hits), default=-1))
    if document_names:
        folded = fold(question)
        for english, dutch in (lex.get("document_translations") or {}).items():
            if _phrase_re(str(english)).search(folded):  # "the 2025 budget": the begroting
                folded = f"{folded} {fold(str(dutch))}"
        # "in de rekening 2019 dan in de actuele begroting 2019": with two scenarios asked,
        # "begroting" and "rekening" name columns of a table, not a document of that kind
        columns = {
            fold(str(w)) for ws in (lex.get("scenarios") or {}).values() for w in ws
        } if len(intent.scenarios) >= 2 else set()
        intent.documents = {
            src for word, src in document_names.items()
            if fold(word) not in columns and _phrase_re(word).search(folded)
        }
    def stored(k: str) -> bool:
        """A concept the figure store can answer (unknown store: assume it can)."""
        spec = concepts.get(k, {})
        return (not store_metrics or k.startswith("=") or bool(spec.get("lines"))
                or bool(spec.get("columns")) or bool(spec.get("metric_prefix"))
                or bool(set(spec.get("metrics") or []) & set(store_metrics)))

    # a concept no stored figure has ("gemeentefonds" where only a risk table names it) leaves
    # its word to the subject: the line that names it is the one asked about
    phrases_used = [str(w) for k in keys if stored(k)
                    for w in (concepts.get(k, {}).get("words") or [])]
    used = {fold(w) for w in phrases_used}
    # The words of a separable phrase the question used ("geven ... uit", "over ... heen")
    used |= {w for p in phrases_used if "..." in p and _phrase_re(p).search(folded_q)
             for w in words(p)}
    used |= _function_words()
    entity_words = {
        w
        for g in profile.governments()
        if g.name in intent.entities
        for n in g.names()
        for w in words(n)
    }
    toks = [w if w in used else _compound_head(w) for w in words(normalise(question))]
    intent.subject_terms = [
        w
        for k, w in enumerate(toks)
        if (w not in STOPWORDS
            and not w[0].isdigit()
            and w not in used
            and len(w) > 2
            and w not in entity_words
            and w not in (document_names or {}))
        or (not intent.english and _label_number(toks, k))
    ]
    intent.table = table_number(question)
    if intent.table and intent.concepts and intent.kind in ("fact", "list"):
        intent.kind = "numeric"  # "welke investering staat in Tabel 4.2 voor X": a figure
    if intent.table:  # "Tabel 5.2" is where to look, not what the figures are about
        number = set(intent.table.split("."))
        intent.subject_terms = [w for w in intent.subject_terms
                                if w not in {"tabel", "table"} and w not in number]
    return intent


def _stated_count(question: str) -> int | None:
    """The one small count the asker states ("de drie gemeenten", "over 4 teams"), in digits
    or as a word; None when there is none or more than one."""
    values = load_lexicon().get("number_values") or {}
    found = [int(values[w]) for w in words(question) if w in values]
    found += [int(a.value) for a in parse_amounts(question)
              if not a.unit and float(a.value).is_integer() and 1 < a.value < 1000
              and not YEAR_RE.fullmatch(a.text.strip())]
    return found[0] if len(set(found)) == 1 else None


def _set_concepts(intent: Intent, keys: list[str], concepts: dict) -> None:
    """The intent's concepts and the store metrics (and metric prefixes) they stand for."""
    intent.concepts = keys
    intent.metrics, intent.metric_prefixes = [], []
    for k in keys:
        if k.startswith("="):
            intent.metrics.append(k[1:])
            continue
        spec = concepts.get(k, {})
        intent.metrics += [m for m in spec.get("metrics") or [] if m not in intent.metrics]
        if spec.get("metric_prefix"):
            intent.metric_prefixes.append(str(spec["metric_prefix"]))


def _without_other_units(question: str, keys: list[str], concepts: dict) -> list[str]:
    """'trajecten per cliënt' is not 'kosten per cliënt': a per-unit concept found only by its
    bare 'per ...' words, right after a noun that is no concept word, names another ratio."""
    # "less per resident", "meer per inwoner", "80 euro per inwoner": a comparative or a
    # money word before "per" names no other noun
    lex = load_lexicon()
    known = _concept_words() | {fold(str(w)) for key in ("comparatives", "money_words")
                                for w in lex.get(key) or []}
    toks = words(question)
    out = []
    for k in keys:
        spec = concepts.get(k, {})
        phrases = [str(w) for w in spec.get("words") or []]
        found = find_phrases(question, phrases)
        bare = found and all(p.startswith("per ") for _, p in found)
        if spec.get("per_unit") and bare:
            before = [toks[i - 1] for i, t in enumerate(toks) if t == "per" and i > 0]
            if any(w.isalpha() and len(w) > 3 and w not in STOPWORDS and w not in known
                   for w in before):
                continue
        out.append(k)
    return out


def _compound_head(word: str) -> str:
    """A compound ending in a concept word keeps only what it is about: 'jeugdbudget' ->
    'jeugd', 'zorgkosten' -> 'zorg' (the concept itself is the metric, not the subject)."""
    for tail in _concept_tails():
        if word.endswith(tail) and len(word) - len(tail) >= 4:
            return word[: -len(tail)].rstrip("s-") or word
    return word


@lru_cache(maxsize=1)
def _concept_words() -> frozenset[str]:
    """Every single word of the lexicon's concept phrases."""
    concepts = load_lexicon().get("concepts") or {}
    return frozenset(fold(w) for spec in concepts.values() for p in spec.get("words") or []
                     for w in words(str(p)))


@lru_cache(maxsize=1)
def _concept_tails() -> tuple[str, ...]:
    concepts = load_lexicon().get("concepts") or {}
    singles = {
        fold(str(w)) for spec in concepts.values() for w in spec.get("words") or []
        if " " not in str(w) and len(str(w)) >= 5 and str(w).isalpha()
    }
    return tuple(sorted(singles, key=len, reverse=True))


def _label_number(toks: list[str], k: int) -> bool:
    """A short number right after a content word numbers that thing ('programma 2'), so it
    is part of the subject; a year or a count after a function word ('in 2 jaar') is not."""
    w = toks[k]
    if not (w.isdigit() and len(w) <= 2) or k == 0:
        return False
    prev = toks[k - 1]
    return prev.isalpha() and len(prev) >= 4 and prev not in STOPWORDS


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Words of operations, kinds, scenarios and home phrases: never a subject."""
    lex = load_lexicon()
    out: set[str] = set(_ENGLISH)
    for group in ("operations", "kinds", "scenarios"):
        for phrases in (lex.get(group) or {}).values():
            out.update(w for p in phrases for w in words(p))
    out.update(w for p in lex.get("home_words") or [] for w in words(p))
    for group in ("fillers", "reporting_words", "unit_words", "modifiers"):
        out.update(w for p in lex.get(group) or [] for w in words(str(p)))
    return frozenset(out)


def _operation(ops: dict[str, list[tuple[int, str]]], intent: Intent) -> str:
    if not ops:
        return "lookup"
    if "max_change" in ops:
        return "max_change"
    span = max(intent.periods) - min(intent.periods) if len(intent.periods) >= 2 else 0
    if "difference" in ops and span >= 2 and find_phrases(
        intent.question, [str(w) for w in load_lexicon().get("per_year_words") or []]
    ):
        return "average_change"  # "met hoeveel steeg het per jaar tussen 2018 en 2021?"
    stated = stated_amounts(intent.question, intent.english)
    if "growth" in ops and "share" not in ops and len(stated) == 2:
        return "growth"  # "11,7% tegen 8,8% landelijk: hoeveel procent hoger?": both given
    if ("comparative" in ops or "compare" in ops) and len(intent.entities) >= 2:
        return "compare"  # "gaf A meer uit dan het gemiddelde van B": two sides named
    if "growth" in ops and "share" not in ops and len(intent.periods) >= 2:
        return "growth"  # "hoeveel procent minder ... in 2021 vergeleken met 2018": one side
    if "compare" in ops and intent.entities:
        return "compare"
    if "ratio" in ops:
        return "ratio"
    if "growth" in ops and "share" not in ops:
        return "growth"
    if "share" in ops:
        return "share"
    if "per_capita" in ops:
        return "per_capita"
    if "average" in ops:
        return "average"
    # "we spent less per resident": the per-inhabitant figure and its base are one metric
    bases = {b for c in intent.concepts for b in (_concept(c).get("of") or [])
             if _concept(c).get("per_unit")}
    metrics = [c for c in intent.concepts if c not in bases]
    if "sum" in ops and intent.period_range and find_phrases(
        intent.question, [str(w) for w in load_lexicon().get("together_words") or []]
    ):
        return "sum"  # "hoeveel lager zijn de lasten over 2025-2028 samen?": each year's added
    if "difference" in ops and (len(intent.periods) >= 2 or len(metrics) >= 2):
        return "difference"
    if "comparative" in ops and len(metrics) >= 2:
        return "difference"  # "... méér te besparen ... dan de taakstelling"
    if "comparative" in ops and len(intent.periods) >= 2 and not intent.entities:
        return "difference"  # "was het tekort in 2016 groter of kleiner dan in 2015?"
    if "comparative" in ops and intent.entities:
        return "compare"  # "geven we meer uit dan vergelijkbare gemeenten?"
    if "comparative" in ops and find_phrases(
        intent.question, [str(w) for w in load_lexicon().get("peer_words") or []]
    ):
        return "compare"  # "geven wij minder uit dan de rest?": the peers beside our figure
    if "sum" in ops and (len(intent.periods) >= 2 or intent.period_range):
        return "sum"
    if "max" in ops:
        return "max"
    if "min" in ops:
        return "min"
    if "compare" in ops:
        return "compare"
    if "difference" in ops:
        return "difference"
    if "sum" in ops:
        return "sum"
    return "lookup"


def _kind(
    kinds: dict[str, list[tuple[int, str]]], intent: Intent, question: str, concept_at: int = -1
) -> str:
    first = fold(question).split()[:1]
    arithmetic = intent.operation in (
        "per_capita", "share", "growth", "ratio", "difference", "sum", "average", "divide"
    )
    if "definition" in kinds and not (intent.concepts and arithmetic):
        # "wat betekent die taakstelling per inwoner?" asks a computation, not a meaning
        return "definition"
    if "why" in kinds:
        return "why"
    if intent.operation == "choose" and intent.concepts:
        return "numeric"  # "welke levert meer op: A of B?" weighs two figures
    opener = first[0] if first else ""
    names_a_concept = 0 <= concept_at <= len(opener) + 1  # "welke besparing ..."
    if intent.operation == "max_change" and len(intent.periods) >= 2:
        return "numeric"  # "welke maatregel steeg van 2021 op 2022 het meest?": figures decide
    if (
        opener in {"welke", "which", "noem", "list"}
        and not intent.numeric_cue
        and not names_a_concept
        and "list" in kinds
    ):
        return "list"
    yes_no = {"is", "zijn", "heeft", "hebben", "klopt", "gaat", "wordt", "kan", "was", "waren",
              "werd", "werden", "does", "did", "are", "has", "have", "were"}
    states_amount = bool(re.search(r"\d", YEAR_RE.sub("", question)))  # "klopt het dat ... € 5"
    if (
        first
        and first[0] in yes_no
        and not intent.numeric_cue
        and intent.operation == "lookup"
        and not states_amount
        and not (intent.concepts and len(intent.periods) >= 2)  # a change between years
    ):
        return "yesno"  # "Was dat geld geoormerkt?": a fact decides it, not a figure
    if intent.concepts and (intent.numeric_cue or intent.operation != "lookup" or intent.periods
                            or any(_concept(c).get("measure") for c in intent.concepts)):
        return "numeric"  # (a measure such as the cost coverage is a figure even unasked)
    if intent.operation in ("share", "growth", "ratio", "max_change") or (
        intent.operation == "sum" and (intent.period_range or len(intent.periods) >= 2)
    ):
        # ("het gezamenlijke effect over 2025 tot en met 2028": a line summed over years)
        # "welk deel van het totaal betreft X", "in welk jaar nam X het sterkst toe":
        # arithmetic over figures, even when the asked year makes it sound like a when-question
        return "numeric"
    if "opinion" in kinds:
        return "opinion"
    if "when" in kinds:
        return "when"
    if "who" in kinds:
        return "who"
    if "list" in kinds and first and first[0] in {"welke", "noem", "which", "list", "wat"}:
        return "list"
    if first and first[0] in yes_no:
        return "yesno"
    if intent.numeric_cue:
        return "numeric"
    return "fact"

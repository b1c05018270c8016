"""Offline (no-LLM) answerer for numeric questions, on top of the figures store.

It answers only when it recognises the metric and can find the figures; otherwise it returns
``None`` and the extractive answerer takes over. Arithmetic goes through the compute functions in
:mod:`assistant.figures`, so every number in an answer is either a quoted figure or a formula over
quoted figures. Region guard: a question about Leudal is never answered with a Midden-Limburg Oost
figure without saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.figures import (
    Computation,
    FigureStore,
    difference,
    format_value,
    growth,
    tokens,
    total,
)
from core.models import Figure

MLO = "Midden-Limburg Oost"


@dataclass
class NumericAnswer:
    """Dutch sentences, each with the figures that support it (the caller adds [n] markers)."""

    sentences: list[tuple[str, list[Figure]]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    computation: str | None = None
    abstain: bool = False
    reason: str = ""

    @property
    def text(self) -> str:
        return " ".join(s for s, _ in self.sentences) or self.reason


# Metric detection: (pattern on the lower-cased question, metrics, Dutch label). First hit wins.
METRICS: list[tuple[str, list[str], str]] = [
    (r"tekort|overschot|resultaat(?! van)|deficit|shortfall", ["resultaat"], "het resultaat"),
    (
        r"kosten per (jeugdhulp)?cli[eë]nt|per cli[eë]nt",
        ["kosten_per_client"],
        "de gemiddelde kosten per cliënt",
    ),
    (r"per inwoner", ["uitgaven_per_inwoner_sociaal_domein"], "de uitgaven per inwoner"),
    (r"transformatiefonds", ["transformatiefonds"], "de bijdrage uit het transformatiefonds"),
    (
        r"vereven|bijgedragen|bijdrage van weert|contribut",
        ["verevening"],
        "de bijdrage uit de verevening",
    ),
    (
        r"rarap|gunstiger|prognose(?=.*2020)|2020.*prognose",
        ["afwijking_prognose", "prognose_resultaat", "prognose"],
        "de prognose 2020",
    ),
    (r"taakstelling", ["taakstelling"], "de taakstelling"),
    (
        r"bespar|levert .*\bop\b|oplever|opbrengst|financieel effect",
        ["besparing", "financieel_effect"],
        "de besparing",
    ),
    (
        r"integratie.?uitkering|vanuit het rijk",
        ["integratie_uitkering"],
        "de integratie-uitkering jeugdzorg",
    ),
    (
        r"speciaal onderwijs",
        ["speciaal_onderwijs_pct"],
        "het percentage kinderen op speciaal onderwijs",
    ),
    (
        r"(procent|%|percentage).*(jongeren|jeugd).*jeugdhulp|(jongeren|jeugd).*(procent|%).*jeugdhulp",
        ["jeugdhulpgebruik_pct"],
        "het percentage jongeren met jeugdhulp",
    ),
    (r"\bfte\b|\bformatie\b", ["fte"], "de formatie"),
    (r"aanbieders", ["aanbieders"], "het aantal aanbieders"),
    (r"inwoners|inwonertal", ["inwoners"], "het aantal inwoners"),
    (r"uitgaven|uitgegeven|besteed|kosten|spent|spending", ["uitgaven"], "de uitgaven"),
    (r"budget|begroting|begroot", ["budget"], "het budget"),
    (r"expenditure|costs", ["uitgaven"], "de uitgaven"),
]
PER_INHABITANT_POSTS = [
    (r"maatwerkdienstverlening 18\s?-|jeugd", "maatwerkdienstverlening_18min"),
    (r"maatwerkdienstverlening 18\s?\+", "maatwerkdienstverlening_18plus"),
    (r"geescaleerde zorg 18\s?-|geëscaleerde zorg 18\s?-", "geescaleerde_zorg_18min"),
    (r"ge[eë]scaleerde zorg 18\s?\+", "geescaleerde_zorg_18plus"),
    (r"wijkteam", "wijkteams"),
    (r"samenkracht|burgerparticipatie", "samenkracht_burgerparticipatie"),
    (r"inkomensregeling", "inkomensregelingen"),
    (r"begeleide participatie", "begeleide_participatie"),
    (r"arbeidsparticipatie", "arbeidsparticipatie"),
    (r"maatwerkvoorziening|wmo", "maatwerkvoorziening_wmo"),
]
SOURCE_HINTS = {
    "ontwikkelagenda": "2019-10-ontwikkelagenda",
    "voortgangsrapportage": "2021-voortgangsrapportage",
    "visitatie": "2020-visitatie",
    "transformatieplan": "2018-transformatieplan",
    "regiovisie": "2022-regiovisie",
}
NUMERIC_CUE = re.compile(
    r"\bhoeveel\b|hoe (hoog|groot|veel)|welk(e)? bedrag|how (much|many)|welk %|welk percentage|"
    r"what percentage|by what percentage|"
    r"per inwoner|\bwat (was|waren|is|zijn|levert|bedraagt|bedroeg|kost)\b|\bwelke besparing|"
    r"\bgeeft .* (meer|minder) uit"
)
NOT_NUMERIC = re.compile(r"^\s*(waarom|hoe komt|wie|wanneer|op welke|welke maatregelen|wat vindt)")
MLO_WORDS = re.compile(r"midden-limburg oost|\bmlo\b|roermond|echt-susteren|maasgouw|roerdalen")
DIFF_WORDS = re.compile(
    r"hoeveel (groter|meer|minder|hoger|lager|kleiner)|verschil|toegenomen|"
    r"gestegen|gedaald|afgenomen|gegroeid|daalde|daalden|steeg|stegen|groeide|"
    r"how much (more|less|higher|lower|larger|smaller|bigger)|difference|increase|decrease|"
    r"\bfall\b|\bfell\b|\brose\b|\brise\b"
)
GROWTH_WORDS = re.compile(
    r"procent (gestegen|gegroeid|toegenomen|gedaald)|groei|stijging in %|"
    r"met hoeveel procent|hoeveel procent (gestegen|gegroeid|toegenomen)|"
    r"by what percentage|what percentage"
)
SUM_WORDS = re.compile(r"totaal|totale|samen|opgeteld|bij elkaar|cumulatief")
DOC_YEAR = re.compile(
    r"(ontwikkelagenda|voortgangsrapportage|visitatie|transformatieplan|"
    r"regiovisie|rapport|plan)\s+(van|uit)\s+20\d\d"
)


def _years(q: str) -> list[int]:
    q = DOC_YEAR.sub(" ", q)
    years = sorted({int(y) for y in re.findall(r"\b(20[0-3]\d)\b", q)})
    if (
        len(years) == 2
        and re.search(r"t/m|tot en met|tot|through|to\b|-", q)
        and SUM_WORDS.search(q)
    ):
        years = list(range(years[0], years[1] + 1))
    return years


def _period_matches(period: str, year: int) -> bool:
    m = re.match(r"(20\d\d)(?:-(20\d\d))?", period)
    if not m:
        return False
    start = int(m.group(1))
    if "e.v." in period:
        return year >= start
    end = int(m.group(2)) if m.group(2) else start
    return start <= year <= end


STOPWORDS = {
    "de",
    "het",
    "een",
    "en",
    "of",
    "van",
    "in",
    "op",
    "voor",
    "met",
    "aan",
    "te",
    "dat",
    "die",
    "dit",
    "is",
    "zijn",
    "was",
    "waren",
    "wat",
    "welk",
    "welke",
    "hoeveel",
    "hoe",
    "er",
    "om",
    "naar",
    "door",
    "bij",
    "als",
    "ook",
    "dan",
    "heeft",
    "hebben",
    "had",
    "per",
    "tot",
    "uit",
    "the",
}
COMPARE = re.compile(
    r"vergele|vergelijk|landelijk|nederland|controlegroep|\bdan (andere|"
    r"vergelijkbare)|en landelijk"
)


def _content(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in STOPWORDS and not t[0].isdigit()}


def _overlap(q_tokens: set[str], text: str) -> float:
    words = _content(text)
    hits = len(q_tokens & words)
    return hits - 0.1 * len(words - q_tokens) if hits else 0


def _display(f: Figure) -> str:
    """The value as the source writes it when it used a short form ('€ 1,2 miljoen', '446K')."""
    full = format_value(f.value, f.unit)
    m = re.search(r"€\s?\d+(?:,\d+)?\s(?:miljoen|miljard)|\d+\s?K\b", f.quote)
    if f.unit == "EUR" and m and abs(f.value) >= 1000:
        short = m.group(0)
        return f"{short} ({full})" if short.replace(" ", "") != full.replace(" ", "") else full
    return full


def _label_for(f: Figure, deficit: bool) -> str:
    if f.metric == "resultaat" and deficit and f.value < 0:
        return "tekort"
    label = f.metric.replace("_", " ").replace(" pct", " (%)").replace("18min", "18-")
    return label.replace("18plus", "18+").replace("client", "cliënt")


def _phrase(f: Figure) -> str:
    if "e.v." in f.period:
        return f"vanaf {f.period.split()[0]}"
    if re.fullmatch(r"20\d\d-\d\d-\d\d", f.period):
        y, m, d = f.period.split("-")
        months = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ]
        return f"op {int(d)} {months[int(m) - 1]} {y}"
    return f"in {f.period}" if re.fullmatch(r"20\d\d", f.period) else f.period


def _sentence(f: Figure, deficit: bool = False) -> str:
    value = abs(f.value) if deficit and f.metric == "resultaat" and f.value < 0 else f.value
    shown = _display(f) if value == f.value else format_value(value, f.unit)
    parts = [_label_for(f, deficit).capitalize()]
    if f.entity:
        parts.append(f"({f.entity})")
    if f.period:
        parts.append(_phrase(f))
    note = f" ({f.note})" if f.note else ""
    # The source file and line travel with the [n] citation marker the caller adds.
    return f"{' '.join(parts)}: {shown}{note}."


def _dedupe(figs: list[Figure]) -> list[Figure]:
    seen: set[tuple] = set()
    out: list[Figure] = []
    for f in sorted(figs, key=lambda f: (f.source, f.line)):
        key = (f.metric, f.entity, f.period, round(f.value, 2))
        if key not in seen:
            seen.add(key)
            out.append(f)
    exact = {(f.metric, f.period) for f in out if "afgerond" not in f.note}
    return [f for f in out if "afgerond" not in f.note or (f.metric, f.period) not in exact]


def answer_numeric(
    question: str,
    store: FigureStore,
    allowed_sources: set[str] | None = None,
    history: list[str] | None = None,
) -> NumericAnswer | None:
    """Answer a numeric question from the figures store, or None when not confident."""
    q = " ".join(question.lower().split())
    if NOT_NUMERIC.search(q) or not NUMERIC_CUE.search(q):
        return None
    hit = next(((m, label) for pat, m, label in METRICS if re.search(pat, q)), None)
    if hit is None:
        return None
    metrics, label = hit
    if metrics == ["uitgaven_per_inwoner_sociaal_domein"]:
        post = next((p for pat, p in PER_INHABITANT_POSTS if re.search(pat, q)), None)
        if post:
            metrics = [f"uitgaven_per_inwoner_{post}"]
    deficit = bool(re.search(r"tekort|deficit|shortfall", q))
    years = _years(q)
    q_tokens = _content(q)
    about_mlo = bool(MLO_WORDS.search(q))

    figs = [f for f in store.all(allowed_sources) if f.metric in metrics]
    hinted = [src for word, src in SOURCE_HINTS.items() if word in q]
    if hinted:
        figs = [f for f in figs if any(f.source.startswith(h) for h in hinted)] or figs
    if not figs:
        return None
    figs = _dedupe(figs)

    # Region guard: MLO figures only for MLO questions, and said out loud otherwise.
    mlo = [f for f in figs if f.entity == MLO]
    local = [f for f in figs if f.entity != MLO]
    answer = NumericAnswer()
    if about_mlo:
        figs = mlo
        if not figs:
            return _abstain(
                f"De documenten bevatten geen cijfers over {label} voor Midden-Limburg Oost."
            )
    else:
        best_mlo = max((_overlap(q_tokens, f.quote) for f in mlo), default=-1)
        best_local = max((_overlap(q_tokens, f.quote) for f in local), default=-1)
        if mlo and best_mlo > best_local and re.search(r"leudal|\bmlw\b|midden-limburg west", q):
            top = max(mlo, key=lambda f: _overlap(q_tokens, f.quote))
            answer.sentences.append(
                (
                    f"Let op: het getal {format_value(top.value, top.unit)} "
                    f"({top.metric.replace('_', ' ')}) "
                    "gaat over de regio Midden-Limburg Oost (regiovisie 2023-2028), "
                    "niet over Leudal.",
                    [top],
                )
            )
            answer.figures.append(top)
            if local:
                answer.sentences.append(
                    ("Voor Leudal / Midden-Limburg West noemen de stukken:", [])
                )
        figs = local
        if not figs:
            return answer if answer.sentences else None

    # Entity hints (measure / domain / scope words), per source so multi-document questions work.
    if not COMPARE.search(q):
        figs = _best_entities(figs, q_tokens)

    # Years: keep figures of the asked years; absent years -> false premise.
    if years:
        in_years = [f for f in figs if any(_period_matches(f.period, y) for y in years)]
        if not in_years:
            have = sorted({f.period for f in figs if f.period})
            return _abstain(
                f"De documenten bevatten geen cijfer voor {label} in "
                f"{', '.join(map(str, years))}"
                + (f"; wel voor {', '.join(have)}." if have else ".")
            )
        figs = in_years

    comp: Computation | None = None
    by_year = _one_per_year(figs, years)
    if len(years) >= 2 and SUM_WORDS.search(q) and len(by_year) == len(years) and not (
        DIFF_WORDS.search(q) or GROWTH_WORDS.search(q)
    ):
        inputs = [by_year[y] for y in years]
        comp = total(inputs, magnitude=deficit)
        what = "het totale tekort" if deficit else f"het totaal van {label}"
        span = (
            f"{years[0]} tot en met {years[-1]}" if len(years) > 2 else f"{years[0]} en {years[1]}"
        )
        answer.sentences.append(
            (
                f"{what.capitalize()} over {span} is "
                f"{format_value(comp.value, comp.unit)}: {comp.formula}.",
                inputs,
            )
        )
    elif len(years) == 2 and len(by_year) == 2 and (GROWTH_WORDS.search(q) or DIFF_WORDS.search(q)):
        old, new = by_year[years[0]], by_year[years[1]]
        diff = difference(new, old, magnitude=deficit)
        pct = growth(old, new, magnitude=deficit)
        what = "het tekort" if deficit else label
        word = ("groter" if diff.value >= 0 else "kleiner") if deficit else (
            "hoger" if diff.value >= 0 else "lager"
        )
        diff_sentence = (
            f"{what.capitalize()} {'waren' if what == 'de uitgaven' else 'was'} in {years[1]} "
            f"{format_value(abs(diff.value), diff.unit)} "
            f"{word} dan in {years[0]}: {diff.formula}.",
            [new, old],
        )
        pct_sentence = (
            f"Van {years[0]} naar {years[1]} veranderde {what} met "
            f"{format_value(pct.value, '%')}: {pct.formula}.",
            [old, new],
        )
        percent_asked = re.search(r"procent|%|percentage|percent", q)
        growth_asked = GROWTH_WORDS.search(q) or re.search(r"gegroeid|stijging|toename", q)
        if percent_asked:
            answer.sentences += [pct_sentence, diff_sentence]
            comp = pct
        else:
            answer.sentences.append(diff_sentence)
            if growth_asked:
                answer.sentences.append(pct_sentence)
            comp = diff
    if comp is None:
        for f in sorted(figs, key=lambda f: (f.entity != "Leudal", f.period))[:8]:
            answer.sentences.append((_sentence(f, deficit), [f]))
    else:
        answer.computation = comp.formula
        for f in comp.inputs:
            answer.sentences.append((_sentence(f, deficit), [f]))
    for _, support in answer.sentences:
        answer.figures += [f for f in support if f not in answer.figures]
    _scope_note(answer, metrics, store, allowed_sources)
    return answer


def _abstain(reason: str) -> NumericAnswer:
    return NumericAnswer(abstain=True, reason=reason, sentences=[(reason, [])])


def _best_entities(figs: list[Figure], q_tokens: set[str]) -> list[Figure]:
    out: list[Figure] = []
    for source in dict.fromkeys(f.source for f in figs):
        group = [f for f in figs if f.source == source]
        scores = [_overlap(q_tokens, f.entity) for f in group]
        best = max(scores)
        out += [f for f, s in zip(group, scores, strict=False) if s == best] if best > 0 else group
    return out


def _one_per_year(figs: list[Figure], years: list[int]) -> dict[int, Figure]:
    """The realised (non-prognosis) figure per asked year, first in the corpus."""
    out: dict[int, Figure] = {}
    for y in years:
        cands = [f for f in figs if f.period == str(y)]
        cands.sort(key=lambda f: ("prognose" in f.note, f.source, f.line))
        if cands:
            out[y] = cands[0]
    return out


def _scope_note(
    answer: NumericAnswer, metrics: list[str], store: FigureStore, allowed: set[str] | None
) -> None:
    """The taakstelling exists at two scopes; say which one the answer quotes."""
    if "taakstelling" not in metrics:
        return
    shown = {f.entity for f in answer.figures}
    others = _dedupe(
        [
            f
            for f in store.all(allowed)
            if f.metric == "taakstelling" and f.entity not in shown and f.entity != MLO
        ]
    )
    if others:
        f = others[0]
        answer.sentences.append(
            (
                f"Let op, andere reikwijdte: {f.source} noemt een taakstelling voor "
                f"{f.entity.lower()} {_phrase(f)} van {_display(f)}.",
                [f],
            )
        )
        answer.figures.append(f)

"""Arithmetic on numbers that a sentence states but the figures store does not hold.

Why: reports say "het gebruik steeg van 2,5 in 2015 tot 17,1 per 1000 inwoners" or "45 van
de 101 aanbieders"; such numbers are not table cells, so no figure carries them, yet a council
member asks "met welke factor steeg ..." or "welk percentage ...". This module reads the numbers
of one retrieved sentence into transient :class:`Figure` objects (source, line and verbatim
quote kept, so they are cited like any figure) and runs the asked operation on them. It never
invents an input: when the sentence does not give both, nothing is computed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.figures import (
    Computation,
    difference,
    growth,
    percentage_of,
    ratio,
    share,
    total,
    yearly_change,
)
from assistant.intent import find_phrases
from core.models import Figure, Passage
from core.numbers import format_number, format_value, parse_amounts
from core.profile import load_lexicon
from core.text import capitalise, fold

YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d]|[.,]\d)")
# "van 2,5 in 2015 tot 17,1": the number before "tot/naar" is the old value.
# A dot between digits is a thousands separator, not a sentence's end ("van € 400.000 naar").
_NOT_END = r"(?:[^.;]|(?<=\d)\.(?=\d))"
_FROM_TO = re.compile(
    rf"\bvan\b(?P<a>{_NOT_END}{{0,40}}?)\b(?:tot|naar|to)\b(?P<b>{_NOT_END}{{0,60}})", re.I
)
# "van € 400.000 naar € 500.000" (thousands dots included): a change, not two things to add
_CHANGE = re.compile(r"\bvan\b[^;]{0,40}?\b(?:tot|naar|to)\b", re.I)
_OF_WHICH = re.compile(r"\b(?:waarvan|of which|of whom)\b", re.I)
# "45 van de 101 aanbieders", "45 of the 101"; "101 aanbieders, waarvan 45 ...".
_PART_OF = (
    re.compile(r"(?P<a>\d[\d.,]*)\s+(?:van\s+de|van\s+het|op|of\s+the|out\s+of)\s+"
               r"(?:in\s+totaal\s+)?(?P<b>\d[\d.,]*)\b", re.I),
    re.compile(r"(?P<b>\d[\d.,]*)\s+(?:[a-zà-ÿ-]+\s+){0,3}?[a-zà-ÿ-]+,?\s+"
               r"(?:waarvan|of\s+which|of\s+whom)\s+(?:er\s+)?(?P<a>\d[\d.,]*)", re.I),
)


@dataclass
class TextComputation:
    """A computation on two numbers of one sentence, with the sentence as its source."""

    computation: Computation
    sentence: str
    inputs: list[Figure]


# Dates and "per 1000 inwoners" denominators are not amounts of the sentence.
_DATE = re.compile(
    r"\b\d{1,2}[-/]\d{1,2}[-/](?:19|20)?\d\d\b|\bper\s+\d[\d.]*"
    r"|\b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\b"  # a span of years "2025 -2028"
)


def _amounts(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, value, unit) of every number in ``text`` that is not a year or a date."""
    out = []
    masked = _DATE.sub(lambda m: " " * len(m.group(0)), text)
    for a in parse_amounts(masked):
        if YEAR.fullmatch(a.text.strip()) and a.unit == "aantal":
            continue
        out.append((a.start, a.end, a.value, a.unit))
    return out


def _year_after(text: str, end: int) -> str:
    """"2,5 in 2015": a year within a few characters after the number; a little further
    when only words stand between ("€ 500.000 benodigd is voor 2024"), not a comma or bracket."""
    after = YEAR.search(text, end, min(len(text), end + 24))
    if after is None:
        return ""
    gap = text[end : after.start()]
    if not _amounts(gap) and (len(gap) <= 10 or not re.search(r"[,;:()]", gap)):
        return after.group(1)
    return ""


def _year_before(text: str, start: int, claimed: set[str]) -> str:
    """"in 2015 was het 2,5": a year shortly before the number, not claimed by another."""
    before = [m for m in YEAR.finditer(text, max(0, start - 20), start)]
    if before and before[-1].group(1) not in claimed and not _amounts(
        text[before[-1].end() : start]
    ):
        return before[-1].group(1)
    return ""


def _line_of(passage: Passage, fragment: str) -> int:
    """The document line of ``fragment`` inside the passage (its first line when not found)."""
    for i, line in enumerate(passage.text.split("\n")):
        if fragment and fragment[:20] in line:
            return passage.line_start + i
    return passage.line_start


# "2026 € 60.000", "2027: € 90.000": a year that only a currency sign or colon separates from
# the amount after it labels that amount (a budget's list of effects per year).
_YEAR_LABEL = re.compile(r"((?:19|20)\d\d)\s*[:=]?\s*(?:€\s*)?$")
# "2025-2027 € 90.000": the amount holds for each year of the span.
_SPAN_LABEL = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\s*[:=]?\s*(?:€\s*)?$")
# "vanaf 2027 € 280.200": the amount holds for that year and every later one.
_FROM = r"(?:vanaf|m\.?i\.?v\.?|from|met ingang van)"
_FROM_YEAR = re.compile(rf"{_FROM}\s*$", re.I)
# "€ 100.000 vanaf 2026": the amount, then the year it holds from
_ONWARD_AFTER = re.compile(
    r"(?:€\s*)?[\d.,]+(?:\s*(?:mln|miljoen|euro))?(?:\s+(?:per jaar|structureel|per year))?\s+"
    rf"{_FROM}\s+(?:19|20)\d\d\b", re.I)


def _year_label(text: str, start: int) -> str:
    m = _YEAR_LABEL.search(text[max(0, start - 12) : start])
    return m.group(1) if m else ""


def sentence_figures(sentence: str, passage: Passage, owner: str = "") -> list[Figure]:
    """The numbers of one sentence as transient figures (metric 'tekst')."""
    figs = []
    amounts = _amounts(sentence)
    # A year written as the label of the amount after it dates that amount; a year right
    # after a number is that number's ("2,5 in 2015"); a year already claimed either way does
    # not also date the next number ("van 2,5 in 2015 tot 17,1", "2026 € 60.000, 2027 ...").
    labelled = {i: _year_label(sentence, a[0]) for i, a in enumerate(amounts)}
    claimed = {y for y in labelled.values() if y}
    after = {
        i: "" if labelled[i] else y
        for i, a in enumerate(amounts)
        if (y := _year_after(sentence, a[1])) not in claimed or not y
    }
    claimed |= {y for y in after.values() if y}
    for i, (start, end, value, unit) in enumerate(amounts):
        year = labelled[i] or after.get(i, "") or _year_before(sentence, start, claimed)
        figs.append(
            Figure(
                metric="tekst",
                entity=owner,
                period=year,
                value=value,
                unit="EUR" if unit == "EUR" else ("%" if unit == "%" else "aantal"),
                source=passage.source,
                line=_line_of(passage, sentence[start:end]) if passage.text else passage.line_start,
                quote=sentence,
                origin="tekst",
                page=passage.page,
                id=f"{passage.source}:{passage.line_start}:{start}",
            )
        )
    return figs


def _pair(
    sentence: str, figs: list[Figure], years: list[int], prefer: str = ""
) -> tuple[Figure, Figure] | None:
    """The old and new value a sentence gives: by the asked years, else "van A tot B".
    Two series in one sentence ("2 in 2018 naar 1,73 in 2021, de kosten van € 4.537 in 2018
    naar € 5.360"): the ``prefer``-red unit's pair, else the first."""
    if len(years) >= 2:
        first = [f for f in figs if f.period == str(years[0])]
        last = [f for f in figs if f.period == str(years[-1])]
        units = [f.unit for f in first if any(g.unit == f.unit for g in last)]
        unit = prefer if prefer in units else (units[0] if units else None)
        if unit is not None:
            a = next(f for f in first if f.unit == unit)
            b = next(f for f in last if f.unit == unit)
            return a, b
    m = _FROM_TO.search(sentence)
    if m:
        left = [f for f in figs if m.start("a") <= _pos(sentence, f) < m.end("a")]
        right = [f for f in figs if m.start("b") <= _pos(sentence, f) < m.end("b")]
        if left and right and left[-1].unit == right[0].unit:
            return left[-1], right[0]
    return None


def _net(sentence: str, figs: list[Figure]) -> Computation | None:
    """"hogere lasten € 216.286; dekking: hogere baten € 112.500": the cost net of the income
    the same sentence names (the lexicon's spending and income words right before each
    amount). None unless it holds exactly one of each, in euros."""
    money = [f for f in figs if f.unit == "EUR"]
    if len(money) != 2:
        return None
    concepts = load_lexicon().get("concepts") or {}

    def kind(f: Figure) -> str:
        before = fold(sentence[: _pos(sentence, f)]).split()[-4:]
        for key in ("uitgaven", "inkomsten"):
            said = {fold(str(w)) for w in (concepts.get(key) or {}).get("words") or []
                    if " " not in str(w)}
            if said & set(before):
                return key
        return ""

    sides = {kind(f): f for f in money}
    cost, income = sides.get("uitgaven"), sides.get("inkomsten")
    if cost is None or income is None:
        return None
    value = cost.value - income.value
    formula = (f"{format_number(cost.value)} − {format_number(income.value)} = "
               f"{format_number(value)}")
    return Computation("saldo", value, "EUR", formula, [cost, income])


def _against_stated(figs: list[Figure], stated: tuple[float, ...]) -> tuple[Figure, Figure] | None:
    """"30% van hun tijd, hoeveel keer zoveel als in het mkb?" beside "minimaal 30% (in het
    mkb is dit 2%)": the number the question repeats is the new side, the sentence's only
    other number of that unit the base."""
    for f in figs:
        if any(abs(f.value - v) < 1e-9 for v in stated):
            others = [g for g in figs if g is not f and g.unit == f.unit]
            if len(others) == 1:
                return others[0], f
    return None


def states_all(sentence: str, passage: Passage, stated: tuple[float, ...]) -> bool:
    """Whether every number the question states is one of the sentence's."""
    values = [f.value for f in sentence_figures(sentence, passage)]
    return all(any(abs(v - w) < 1e-9 for w in values) for v in stated)


def _both_stated(
    figs: list[Figure], stated: tuple[float, ...]
) -> tuple[Figure, Figure] | None:
    """The question repeats two of the sentence's numbers of one unit ("X zit op 11,7%, tegen
    8,8% landelijk"): the one it names last is the base it is measured against, the first
    the value compared. None unless exactly two stated numbers are the sentence's."""
    if len(stated) != 2:
        return None
    found = [next((f for f in figs if abs(f.value - v) < 1e-9), None) for v in stated]
    if None in found or found[0] is found[1] or found[0].unit != found[1].unit:
        return None
    return found[1], found[0]


def _pos(sentence: str, f: Figure) -> int:
    return int(f.id.rsplit(":", 1)[1])


OPS: dict[str, Callable[[Figure, Figure], Computation]] = {
    "difference": lambda old, new: difference(new, old),
    "growth": growth,
    "ratio": lambda old, new: ratio(new, old),
    "average_change": yearly_change,
}


def compute(
    operation: str,
    sentence: str,
    passage: Passage,
    years: list[int],
    owner: str = "",
    percent: float | None = None,
    span: bool = False,
    stated: tuple[float, ...] = (),
    prefer: str = "",
) -> TextComputation | None:
    """Run ``operation`` on the numbers of ``sentence``; None when it does not give them.
    ``span``: the two ``years`` bound a range ("2026 tot en met 2028"), every year counts.
    ``stated``: numbers the question itself gives ("die 30%, hoeveel keer zoveel als ...").
    ``prefer``: the unit the question asks in ("EUR" for an amount), when a sentence has two."""
    figs = sentence_figures(sentence, passage, owner)
    if len(figs) < 2:
        return None
    if operation == "percent_of":
        # "die 15% van het krediet": only a sentence that states that same percentage
        # next to one amount says what it is a percentage of.
        bases = [f for f in figs if f.unit != "%"]
        if percent is None or len(bases) != 1 or not any(
            f.unit == "%" and abs(f.value - percent) < 1e-9 for f in figs
        ):
            return None
        return TextComputation(percentage_of(bases[0], percent), sentence, bases)
    if operation == "share":
        m = next((m for rx in _PART_OF if (m := rx.search(sentence))), None)
        if not m:
            return None
        part = next((f for f in figs if _pos(sentence, f) == m.start("a")), None)
        whole = next((f for f in figs if _pos(sentence, f) == m.start("b")), None)
        if part is None or whole is None or not whole.value or part.value > whole.value:
            return None
        return TextComputation(share(part, whole), sentence, [part, whole])
    if operation == "sum":
        return _sum_over_years(sentence, figs, years, span) or _sum_of_both(sentence, figs, years)
    if operation not in OPS:
        return None
    if operation == "difference" and not years and (net := _net(sentence, figs)) is not None:
        return TextComputation(net, sentence, net.inputs)  # costs net of the income beside
    both = _both_stated(figs, stated) if operation in ("growth", "difference", "ratio") else None
    if both is not None:  # "11,7% tegen 8,8% landelijk: hoeveel hoger relatief?"
        own = _pair(sentence, figs, years, prefer)
        if own is not None and {own[0].value, own[1].value} == {both[0].value, both[1].value}:
            both = own  # "van € 100 naar € 80": the sentence's own order, old to new
        try:
            return TextComputation(OPS[operation](*both), sentence, list(both))
        except ValueError:
            return None
    if operation in ("growth", "difference", "average_change") and any(
        f.unit == "%" for f in figs
    ):
        return None  # the sentence states the change itself: quoting it answers
    pair = _pair(sentence, figs, years, prefer) or _against_stated(figs, stated)
    if pair is None:
        return None
    old, new = pair
    try:
        comp = OPS[operation](old, new)
    except ValueError:
        return None
    return TextComputation(comp, sentence, [old, new])


_LEADING_NOTE = re.compile(r"^[^()]{0,80}\([^()]*\)\s*(?=[A-Z])")
_SPAN = re.compile(r"((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)")


def sentence_years(sentence: str) -> tuple[int, int] | None:
    """The one year or span of years a sentence is about ("in de begroting 2024", "voor de
    jaren 2025-2028"); None when it names none or several."""
    spans = {(int(a), int(b)) for a, b in _SPAN.findall(sentence)}
    rest = _SPAN.sub(" ", sentence)
    spans |= {(int(y), int(y)) for y in YEAR.findall(rest)}
    return next(iter(spans)) if len(spans) == 1 else None


def compute_pair(
    operation: str, first: str, second: str, passage: Passage, years: list[int], owner: str = ""
) -> TextComputation | None:
    """"In de begroting 2024 is uitgegaan van een bijdrage van € 2.181.000. Voor de jaren
    2025-2028 is dit € 2.474.000.": two sentences in a row, each with one amount and one year
    (or span), give the old and the new value of a change. Every asked year must be one of
    theirs; nothing is computed otherwise."""
    if operation not in ("difference", "growth"):
        return None
    moved = _moved_to(first, second, passage, owner)
    if moved is not None:
        old, new = moved
        try:
            comp = OPS[operation](old, new)
        except ValueError:
            return None
        return TextComputation(comp, f"{first} {second}", [old, new])
    sides = []
    for sentence in (first, second):
        # "Brandweer (structureel hogere lasten 2025 € 281.200, ...) In de begroting 2024 ...":
        # a heading and its bracketed effects glued before the sentence are not its numbers
        sentence = _LEADING_NOTE.sub("", sentence)
        amounts = [f for f in sentence_figures(sentence, passage, owner) if f.unit != "%"]
        when = sentence_years(sentence)
        if len(amounts) != 1 or when is None:
            return None
        sides.append((when, amounts[0]))
    (w1, a), (w2, b) = sorted(sides, key=lambda t: t[0])
    if w1 == w2 or a.unit != b.unit or w1[1] >= w2[0]:
        return None
    if not years or not all(w1[0] <= y <= w1[1] or w2[0] <= y <= w2[1] for y in years):
        return None

    def label(w: tuple[int, int]) -> str:
        return str(w[0]) if w[0] == w[1] else f"{w[0]}-{w[1]}"

    old, new = replace(a, period=label(w1)), replace(b, period=label(w2))
    try:
        comp = OPS[operation](old, new)
    except ValueError:
        return None
    return TextComputation(comp, f"{first} {second}", [old, new])


# "In de loop van 2025 zal dit afnemen tot € 8,4 miljoen": the sentence before names what
# "dit" is and its starting amount.
_MOVES_TO = re.compile(r"\b(?:dit|deze|dat|die|het)\b[^.;]*?\b(?:tot|naar|to)\s*$", re.I)


def _moved_to(
    first: str, second: str, passage: Passage, owner: str
) -> tuple[Figure, Figure] | None:
    """(old, new) when the second sentence moves what the first names ("een overschot van €
    15,8 miljoen. In de loop van 2025 zal dit afnemen tot € 8,4 miljoen."): the first's only
    amount, and the amount the second says it goes to."""
    before = [f for f in sentence_figures(first, passage, owner) if f.unit != "%"]
    after = [f for f in sentence_figures(second, passage, owner) if f.unit != "%"]
    if len(before) != 1 or len(after) != 1 or before[0].unit != after[0].unit:
        return None
    if not _MOVES_TO.search(second[: _pos(second, after[0])]):
        return None
    return before[0], after[0]


def _amounts_by_year(
    sentence: str, figs: list[Figure]
) -> tuple[dict[int, Figure], list[Figure]] | None:
    """The sentence's dated amounts by year, and those that hold "vanaf" their year onward;
    None when it mixes units or gives two amounts for one year (then it is no list of years)."""
    dated = [f for f in figs if f.period and f.unit != "%"]
    if len({f.unit for f in dated}) != 1:
        return None
    by_year: dict[int, Figure] = {}
    onward: list[Figure] = []
    for f in dated:
        if int(f.period) in by_year:
            return None
        by_year[int(f.period)] = f
        span = _SPAN_LABEL.search(sentence[max(0, _pos(sentence, f) - 16): _pos(sentence, f)])
        if span and span.group(2) == f.period:  # "voor de jaren 2025-2027 € 90.000": each year
            for y in range(int(span.group(1)), int(f.period)):
                by_year.setdefault(y, f)
        at = _pos(sentence, f)
        if _FROM_YEAR.search(sentence[:at].rsplit(f.period, 1)[0]) or _ONWARD_AFTER.match(
                sentence[at:], 0):
            onward.append(f)  # "vanaf 2026 € 100.000" or "€ 100.000 vanaf 2026"
    return by_year, onward


def _for_year(by_year: dict[int, Figure], onward: list[Figure], year: int) -> Figure | None:
    """The amount of ``year``: its own, else the latest earlier "vanaf" amount."""
    f = by_year.get(year) or next(
        (o for o in sorted(onward, key=lambda o: -int(o.period)) if int(o.period) < year), None
    )
    return None if f is None else replace(f, period=str(year))


def amount_for_year(sentence: str, passage: Passage, year: int, owner: str = "") -> Figure | None:
    """"(hogere baten vanaf 2027 € 50.000, vanaf 2028 € 75.000)" asked for 2028: the one amount
    the sentence gives for that year (its own, or the latest "vanaf" before it); None when it
    gives none or is no list of dated amounts."""
    years = _amounts_by_year(sentence, sentence_figures(sentence, passage, owner))
    return None if years is None else _for_year(*years, year)


def _sum_over_years(
    sentence: str, figs: list[Figure], years: list[int], span: bool
) -> TextComputation | None:
    """"(lagere lasten 2026 € 60.000, 2027 € 90.000, vanaf 2028 € 123.000)" asked as "hoeveel
    in totaal over 2026 tot en met 2028": one amount for every asked year, added up. An amount
    "vanaf" a year also counts for the later asked years the sentence gives no amount of."""
    if not years:
        return None
    asked = list(range(years[0], years[-1] + 1)) if span and len(years) == 2 else sorted(years)
    if len(asked) < 2:
        return None
    found = _amounts_by_year(sentence, figs)
    if found is None:
        return None
    chosen = []
    for y in asked:
        f = _for_year(*found, y)
        if f is None:
            return None  # an asked year the sentence does not give: nothing is computed
        chosen.append(f)
    comp = total(chosen)
    return TextComputation(comp, sentence, chosen)


def _sum_of_both(sentence: str, figs: list[Figure], years: list[int]) -> TextComputation | None:
    """"Verbetering (225 K): bij de rarap is reeds 530K afgeraamd" asked as "tel het afgeraamde
    bedrag op bij de verbetering": a sentence with exactly two amounts of one unit, added. Not
    a list of years (summed per asked year, or not at all), a change or a whole and its part."""
    if len(set(years)) >= 2 or any(f.period and int(f.period) not in years
                                   for f in figs if years and f.period.isdigit()):
        return None
    if _CHANGE.search(sentence) or _OF_WHICH.search(sentence) or any(
            rx.search(sentence) for rx in _PART_OF):
        return None  # "van A naar B" is a change, "A, waarvan B" a whole and its part
    money = [f for f in figs if f.unit == "EUR"]  # "2e rarap": an ordinal is no amount
    amounts = money if money else [f for f in figs if f.unit != "%"]
    if len(amounts) != 2 or amounts[0].unit != amounts[1].unit:
        return None
    return TextComputation(total(amounts), sentence, amounts)


def complement(
    sentence: str, passage: Passage, question: str, opposites: list[list[str]], owner: str = ""
) -> TextComputation | None:
    """"101 aanbieders, waarvan 45 minder dan € 20.000 omzet" asked as "hoeveel hadden er
    méér dan 20.000 omzet?": the rest of the whole, 101 − 45 = 56. Only when the question names
    the opposite of the condition the sentence gives its part (``opposites``: word pairs)."""
    m = _PART_OF[1].search(sentence)
    if not m:
        return None
    tail, asked = fold(sentence[m.end("a"):]), fold(question)

    def says(text: str, phrase: str) -> bool:
        return bool(re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", text))

    flipped = any(
        says(asked, a) and says(tail, b) and not says(tail, a)
        for pair in opposites if len(pair) == 2
        for a, b in (pair, pair[::-1])
    )
    if not flipped:
        return None
    figs = sentence_figures(sentence, passage, owner)
    part = next((f for f in figs if _pos(sentence, f) == m.start("a")), None)
    whole = next((f for f in figs if _pos(sentence, f) == m.start("b")), None)
    if part is None or whole is None or part.value > whole.value:
        return None
    comp = difference(whole, part)
    comp.operation = "rest"
    return TextComputation(comp, sentence, [whole, part])


def short_number(value: float) -> str:
    """An average as a reader writes it: two decimals below ten, one above, no trailing
    zeros ("2,5", "1,71", "2.500")."""
    text = format_number(value, 2 if abs(value) < 10 else 1)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _same_noun(a: str, b: str) -> bool:
    """"gezin" and "gezinnen", "kind" and "kinderen", "dorp" and "dorpen": one noun (the
    shorter a prefix of the longer, four letters at least); a unit of area or volume the
    same whether written "km2" or "km²"."""
    a, b = (fold(x).replace("²", "2").replace("³", "3").rstrip(".,;:") for x in (a, b))
    if a[-1:].isdigit() or b[-1:].isdigit():
        return a == b
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 4


def per_unit_counts(text: str, noun: str) -> bool:
    """Whether ``text`` states a count of ``noun`` (see :func:`per_unit`)."""
    return any(_same_noun(w, noun) for _, _, after in _counts(text) for w in after.split())


def _counts(text: str) -> list[tuple[int, float, str]]:
    """(position, count, the two words after it) of every count a text states: digits
    ("600 kinderen") or a number word ("zestien dorpen")."""
    out = [(start, value, " ".join(text[end:].split()[:2]))
           for start, end, value, unit in _amounts(text) if unit == "aantal"]
    values = {fold(str(k)): v for k, v in (load_lexicon().get("number_values") or {}).items()}
    for m in re.finditer(r"[^\W\d]+", text):
        if fold(m.group(0)) in values:
            out.append((m.start(), float(values[fold(m.group(0))]),
                        " ".join(text[m.end():].split()[:2])))
    return sorted(out)


def per_unit(text: str, passage: Passage, counted: str, base: str) -> TextComputation | None:
    """"Hoeveel kinderen gemiddeld per gezin?" beside "voor 350 gezinnen een steungezin
    gevonden. Hierbij zijn 600 kinderen betrokken.": the count of the asked noun divided by
    the count of the noun it is per, each the number right before its noun. None unless the
    text states exactly one count of each."""
    counts = _counts(text)
    # "De grootste daarvan is X, met 6000 inwoners": a count beside a superlative is one
    # item's, not the whole's
    ops = load_lexicon().get("operations") or {}
    extremes = [str(w) for k in ("max", "min") for w in ops.get(k) or []]
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if find_phrases(sentence, extremes):
            start = text.find(sentence)
            counts = [c for c in counts if not start <= c[0] < start + len(sentence)]

    def of(noun: str) -> list[tuple[int, float, str]]:
        return [c for c in counts if any(_same_noun(w, noun) for w in c[2].split())]

    top, bottom = of(counted), of(base)
    if len(top) != 1 or len(bottom) != 1 or top[0][0] == bottom[0][0] or not bottom[0][1]:
        return None
    figs = sentence_figures(text, passage)

    def figure(c: tuple[int, float, str]) -> Figure:
        return next((f for f in figs if abs(f.value - c[1]) < 1e-9),
                    replace(figs[0], value=c[1], unit="aantal") if figs else None)

    a, b = figure(top[0]), figure(bottom[0])
    if a is None or b is None:
        return None
    value = round(top[0][1] / bottom[0][1], 2)
    formula = f"{format_number(top[0][1])} / {format_number(bottom[0][1])} = " \
              f"{short_number(value)}"
    comp = Computation("gemiddelde per eenheid", value, "aantal", formula, [a, b])
    return TextComputation(comp, text, [a, b], )


def describe(tc: TextComputation) -> str:
    """One Dutch sentence with the computation written out."""
    c = tc.computation
    if c.operation == "percentage":
        return f"Dat is {format_value(c.value, c.unit)}: {c.formula}."
    if c.operation == "som":
        terms = " + ".join(format_number(f.value) + (f" ({f.period})" if f.period else "")
                           for f in tc.inputs)
        return f"Samen {format_value(c.value, c.unit)}: {terms} = {format_number(c.value)}."
    a, b = tc.inputs
    if c.operation == "gemiddelde per eenheid":
        return f"Dat is gemiddeld {short_number(c.value)}: {c.formula}."
    if c.operation == "saldo":
        return (f"Per saldo {format_value(c.value, c.unit)}: {format_value(a.value, a.unit)} "
                f"lasten min {format_value(b.value, b.unit)} baten ({c.formula}).")
    if c.operation == "rest":
        return (f"Dat zijn er {format_value(c.value, c.unit)}: {format_number(a.value)} in "
                f"totaal min de {format_number(b.value)} die de zin apart noemt ({c.formula}).")
    if c.operation == "aandeel":
        return (f"Dat is {format_number(c.value, 1)}%: {format_number(a.value)} van de "
                f"{format_number(b.value)} ({c.formula}).")
    when = f" ({a.period} en {b.period})" if a.period and b.period and a.period != b.period else ""
    if c.operation == "factor":
        times = format_number(c.value, 1).removesuffix(",0")  # "15 keer", "2,3 keer"
        if not when and not (a.period or b.period):  # two levels, not a change over time
            return (f"{capitalise(format_value(b.value, b.unit))} is {times} keer zo veel als "
                    f"{format_value(a.value, a.unit)}: {c.formula}.")
        return (f"Van {format_value(a.value, a.unit)} naar {format_value(b.value, b.unit)}"
                f"{when} is {times} keer zo veel: {c.formula}.")
    if c.operation == "verandering per jaar":
        word = "meer" if c.value >= 0 else "minder"
        return (f"Van {format_value(a.value, a.unit)} naar {format_value(b.value, b.unit)}"
                f"{when} is gemiddeld {format_value(abs(c.value), c.unit)} per jaar {word}: "
                f"{c.formula}.")
    if c.operation == "groei":
        # the change in the amount's own unit beside the percentage: "hoeveel procent" is
        # rarely all a reader wants to know
        word = "een stijging" if c.value >= 0 else "een daling"
        step = f"{format_value(abs(b.value - a.value), a.unit)}, " if a.unit != "%" else ""
        return (f"Van {format_value(a.value, a.unit)} naar {format_value(b.value, b.unit)}"
                f"{when} is {word} van {step}{format_number(abs(c.value), 1)}%: {c.formula}.")
    word = "meer" if c.value >= 0 else "minder"
    relative = ""
    if when and a.unit != "%" and a.value and (a.value > 0) == (b.value > 0):
        # a change over time: how large it is against where it started
        relative = f" ({format_number(abs(c.value) / abs(a.value) * 100, 1)}%)"
    return (f"Van {format_value(a.value, a.unit)} naar {format_value(b.value, b.unit)}{when} "
            f"is {format_value(abs(c.value), c.unit)} {word}{relative}: {c.formula}.")

"""Dutch numbers: one parser for amounts as documents write them, one formatter for answers.

Parsing and formatting live together so a value always round-trips the same way in ingest
(figures from tables and text) and in answers (``€ 1.395.090``, ``12,5%``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# One numeric token: optional sign, € before, Dutch grouping (with an optional glued footnote
# digit), decimals, then an optional suffix (€, ,- / ,00, K, miljoen, %, procent, fte).
_NUM = r"\d{1,3}(?:\.\d{3})+\d?(?:,\d+)?|\d+(?:,\d+)?"
TOKEN_RE = re.compile(
    rf"""
    (?<![\w.,])
    (?P<sign>-\s?)?
    (?P<eur>€\s?:?\s?)?
    (?P<sign2>-\s?)?
    (?P<num>{_NUM})
    (?P<dash>,-)?
    (?P<suffix>\s?€(?!\s*\d)|\s?K\b|\s(?:miljoen|miljard)\b|\s?%|\s(?:procent|fte)\b)?
    """,
    re.VERBOSE,
)
YEAR_RE = re.compile(r"\b(20[0-3]\d)\b")
_SHARED_SCALE = re.compile(r"\s*(?:naar|tot|en|-|–)\s*€?\s*\d+(?:,\d+)?\s(miljoen|miljard)\b")


@dataclass
class Amount:
    """A parsed numeric token: value, unit and where it sits in the line."""

    value: float
    unit: str  # EUR | % | fte | aantal
    start: int
    end: int
    text: str
    footnote: str = ""
    explicit: bool = False  # carried a unit marker (€, K, %, fte, miljoen, ,-)


def parse_number(num: str) -> tuple[float, str]:
    """Parse a Dutch number (``9.731.480``, ``12,22``); return (value, glued footnote digit).

    ``11.066.5251`` is 11.066.525 with footnote 1: after a thousands dot a group has exactly three
    digits, so a fourth digit can only be a glued footnote marker.
    """
    footnote = ""
    int_part, _, dec = num.partition(",")
    if "." in int_part:
        groups = int_part.split(".")
        if len(groups[-1]) == 4:
            footnote = groups[-1][-1]
            groups[-1] = groups[-1][:3]
        int_part = "".join(groups)
    value = float(f"{int_part}.{dec}") if dec else float(int_part)
    return value, footnote


def parse_amounts(text: str) -> list[Amount]:
    """All numeric tokens in ``text`` with units applied (``597K`` -> 597000, ``€ 1,2 miljoen``)."""
    out: list[Amount] = []
    for m in TOKEN_RE.finditer(text):
        value, footnote = parse_number(m.group("num"))
        suffix = (m.group("suffix") or "").strip()
        eur = bool(m.group("eur")) or suffix == "€" or bool(m.group("dash"))
        unit = "EUR" if eur else "aantal"
        if suffix == "K":
            value *= 1_000
            unit = "EUR"
        elif suffix == "miljoen":
            value *= 1_000_000
        elif suffix == "miljard":
            value *= 1_000_000_000
        elif suffix in ("%", "procent"):
            unit = "%"
        elif suffix == "fte":
            unit = "fte"
        if suffix in ("miljoen", "miljard") and text[m.end() : m.end() + 6].strip().startswith(
            "euro"
        ):
            unit = "EUR"
        sign = m.group("sign") or m.group("sign2")
        # '350K - 600K' is a range, not a negative number.
        is_range = bool(out) and m.start() - out[-1].end <= 2 and m.group("sign")
        if sign and not is_range:
            value = -value
        shared = None
        if not suffix:
            # 'van €9,9 naar €11 miljoen', '190 tot 240 miljoen euro': the scale word is shared.
            shared = _SHARED_SCALE.match(text, m.end())
            if shared:
                value *= 1_000_000 if shared.group(1) == "miljoen" else 1_000_000_000
                if eur or text[shared.end() : shared.end() + 6].strip().startswith("euro"):
                    unit = "EUR"
        explicit = eur or bool(suffix) or bool(shared)
        out.append(Amount(value, unit, m.start(), m.end(), m.group(0), footnote, explicit))
    return out


# --------------------------------------------------------------------------------------------
# Dutch number formatting
# --------------------------------------------------------------------------------------------


def format_number(value: float, decimals: int | None = None) -> str:
    """``1395090`` -> ``1.395.090``; ``251.9`` -> ``251,9`` (Dutch separators)."""
    if decimals is None:
        decimals = (
            0 if float(value).is_integer() else (1 if abs(round(value, 1) - value) < 1e-9 else 2)
        )
    # Half up, as a Dutch reader rounds (2,25 -> 2,3), not Python's half to even.
    rounded = Decimal(repr(abs(float(value)))).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    text = f"{rounded:,.{decimals}f}".translate(str.maketrans(",.", ".,"))
    return f"-{text}" if value < 0 and rounded > 0 else text


def format_eur(value: float, decimals: int | None = None) -> str:
    """``1395090`` -> ``€ 1.395.090``."""
    return f"€ {format_number(value, decimals)}"


def format_round_eur(value: float) -> str:
    """An estimate as a Dutch reader says it: ``31952335.5`` -> ``€ 32 miljoen``,
    ``3180000`` -> ``€ 3,2 miljoen``, ``532410`` -> ``€ 532.000``; exact inputs keep their
    own formatting, only a product of estimates is rounded."""
    size = abs(value)
    if size >= 10_000_000:
        return f"€ {format_number(value / 1_000_000, 0)} miljoen"
    if size >= 1_000_000:
        return f"€ {format_number(value / 1_000_000, 1)} miljoen"
    if size >= 10_000:
        return format_eur(round(value, -3))
    return format_eur(value, 0)


def format_value(value: float, unit: str) -> str:
    """A figure's value with its unit, Dutch style."""
    if unit == "EUR":
        return format_eur(value)
    if unit.startswith("EUR/"):
        return f"{format_eur(value)} per {unit.split('/', 1)[1]}"
    if unit == "%":
        return f"{format_number(value)}%"
    if unit and unit != "aantal":  # "fte", "kg": a measure's own unit after the number
        return f"{format_number(value)} {unit}"
    return format_number(value)



# --------------------------------------------------------------------------------------------
# Table cells
# --------------------------------------------------------------------------------------------

# One table cell as a layout engine or OCR gives it: '5.409', '-4.602', '(1.234)', '12,5%',
# '€ 70.000', '597K', '- ' (empty), with an optional 'N'/'V' (nadelig/voordelig) after it.
CELL_RE = re.compile(
    rf"^(?P<open>\()?(?P<sign>[-–−])?\s?€?\s?(?P<num>{_NUM})(?P<k>K)?(?P<close>\))?"
    r"(?P<dash>,-)?(?P<pct>%)?$"
)
EMPTY_CELLS = {"-", "–", "—", "−", "--", "n.v.t.", "nvt", "n.v.t", "x"}
SIGN_WORDS = {"n": -1, "v": 1, "nadelig": -1, "voordelig": 1, "nadeel": -1, "voordeel": 1}


def parse_cell(token: str) -> tuple[float | None, str] | None:
    """A table cell token -> (value or None for an empty cell, unit hint); None: not a cell.

    ``(1.234)`` and ``-1.234`` are negative, ``-``/``–`` is an empty cell, ``12,5%`` a
    percentage, ``597K`` thousands, and a glued footnote digit (``11.066.5251``) is dropped.
    The table's scale ("x € 1.000") is applied by the caller.
    """
    tok = token.strip().replace("\u00a0", " ")
    if tok.lower() in EMPTY_CELLS:
        return None, ""
    m = CELL_RE.match(tok)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    value, _ = parse_number(m.group("num"))
    if m.group("k"):
        value *= 1_000
    if m.group("sign") or m.group("open"):
        value = -value
    unit = "%" if m.group("pct") else ("EUR" if "€" in tok or m.group("k") else "")
    return value, unit


def spoken_amounts(text: str, multipliers: dict[str, float]) -> str:
    """"125 mille", "2 ton" (how people say amounts) written as the documents write them
    ("125.000", "200.000"), so the question's number meets the text's. ``multipliers`` maps the
    spoken word to its factor (lexicon ``spoken_amounts``); "ton" (also a weight) only counts
    after a single digit, as amounts are said, not after a tonnage such as "800 ton"."""
    for word, factor in multipliers.items():
        digits = r"\d(?:,\d)?" if factor >= 100_000 else r"\d{1,3}(?:,\d+)?"

        def written(m: re.Match, factor: float = factor) -> str:
            value, _ = parse_number(m.group(1))
            return format_number(value * factor)

        text = re.sub(rf"(?<![\d.,])({digits})\s+{re.escape(word)}\b", written, text)
    return text


_EN_NUMBER = re.compile(r"\d[\d.,]*\d")
_EN_SHAPE = re.compile(r"\d+\.\d{1,2}|\d{1,3}(?:,\d{3})+")


def dutch_numbers(question: str, english: bool) -> str:
    """An English question writes 11.7% and 35,681; the parser reads Dutch (11,7% and
    35.681), so an English question's decimal point and thousands comma swap places."""
    if not english:
        return question
    swap = str.maketrans({".": ",", ",": "."})
    return _EN_NUMBER.sub(lambda m: m.group(0).translate(swap), question)


def english_numbers_in_dutch(text: str) -> list[str]:
    """The numbers written the English way ("11.7", "35,681"; never a Dutch "1.200") in
    Dutch form, so a search meets the documents' "11,7" and "35.681"."""
    swap = str.maketrans({".": ",", ",": "."})
    return [m.group(0).translate(swap) for m in _EN_SHAPE.finditer(text)
            if m.group(0) == _EN_NUMBER.search(text, m.start()).group(0)]


_RANGE = re.compile(r"\d[\d.,]*\s*(?:-|–|tot en met|tot|t/m)\s*\d[\d.,]*")
_A_YEAR = re.compile(r"(?:19|20)\d\d")


def stated_amounts(question: str, english: bool = False) -> list[Amount]:
    """The numbers a question states itself, read the Dutch way: not its years, and not a
    range ("gemeenten van 20.000-50.000 inwoners", "2025 tot en met 2028"), which names a
    group or a span rather than two values to compute with."""
    text = _RANGE.sub(" ", dutch_numbers(question, english))
    return [a for a in parse_amounts(text) if not _A_YEAR.fullmatch(a.text.strip())]

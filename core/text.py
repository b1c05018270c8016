"""Dutch-aware tokenisation and query normalisation shared by lexical search and answering.

The glossary (``corpus/glossary.yaml``) expands abbreviations and groups
synonyms (jeugdzorg/jeugdhulp, tekort/negatief resultaat); simple typos are corrected against
the corpus vocabulary with rapidfuzz, so 'jeugdhlup' still finds 'jeugdhulp'.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*", re.I)
STOPWORDS = (
    frozenset(STOPWORDS_DUTCH)
    | frozenset(STOPWORDS_EN)
    | {
        "hoeveel",
        "welke",
        "wat",
        "waarom",
        "hoe",
        "wanneer",
        "gemeente",
        "volgens",
        "alle",
        "allemaal",
        "elke",
        "ieder",
    }
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


# Dutch month names, in order: dates in tables ("31 december 2019") and in answers.
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)


def capitalise(text: str) -> str:
    """The first letter upper case, the rest as written ("de uitgaven" -> "De uitgaven")."""
    return text[:1].upper() + text[1:]


def fold(text: str) -> str:
    """Lowercase without accents (cliënt -> client)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _TOKEN_RE.findall(fold(text))


_ELIDED = re.compile(r"\b([a-zà-ÿ]{3,})-\s*(?:en|of|&|and|or)\s+([a-zà-ÿ]{7,})\b")


def _elided_compounds(folded: str) -> list[str]:
    """"opgroei- en opvoedproblemen" says "opgroeiproblemen" too: the first word borrows the
    second's head. Where the second word's head starts is unknown, so every split that leaves
    a head of four letters or more is tried; the wrong ones match nothing."""
    out: list[str] = []
    for m in _ELIDED.finditer(folded):
        first, second = m.group(1), m.group(2)
        out += [first + second[k:] for k in range(3, len(second) - 3)]
    return out


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens; compounds with hyphens also yield their parts, and an elided
    compound ("jeugd- en gezinsbeleid") its whole forms."""
    out: list[str] = []
    stem = _stemmer().stemWord
    for word in words(text):
        if word in STOPWORDS or len(word) < 2 and not word.isdigit():
            continue
        if word[0].isdigit():
            out.append(word.rstrip("%"))
            continue
        out.append(stem(word))
        if "-" in word:
            out.extend(stem(p) for p in word.split("-") if p and p not in STOPWORDS)
    if "-" in text:  # "riool- en waterzorgheffing", also written "riool-en ..."
        out += [stem(w) for w in _elided_compounds(fold(text))]
    return out


GENERAL_VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "vocabulary.yaml"


@dataclass
class Glossary:
    abbreviations: dict[str, str] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)
    # English phrase -> the documents' Dutch words. One way only: an English question gains
    # the Dutch words, a Dutch question that uses them gains no English (it would shift its
    # retrieval for nothing).
    english: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, general: Path | None = GENERAL_VOCABULARY) -> Glossary:
        """The corpus's glossary on top of the general municipal vocabulary: a municipality
        that brings no glossary still has "tekort" meet "overschrijding"."""
        out = cls()
        for source in (general, path):
            if source is None or not source.exists():
                continue
            data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
            out.abbreviations.update(data.get("abbreviations") or {})
            for group in data.get("synonyms") or []:
                if list(group) not in out.synonyms:
                    out.synonyms.append(list(group))
            for phrase, dutch in (data.get("english") or {}).items():
                out.english[str(phrase)] = [str(w) for w in dutch or []]
        return out

    def bridges(self) -> list[list[str]]:
        """Synonym groups and English-to-Dutch pairs, for matching an answer's sentences to a
        question's words (where an English word meeting its Dutch one is what is wanted)."""
        return [*self.synonyms, *([p, *d] for p, d in self.english.items())]

    def as_dict(self) -> dict[str, list[str]]:
        """For the UI: term -> explanations/synonyms."""
        out = {k: [v] for k, v in self.abbreviations.items()}
        for group in self.synonyms:
            for term in group:
                out.setdefault(term, []).extend(t for t in group if t != term)
        return out

    def expand(self, query: str, synonyms: bool = True) -> str:
        """The query plus the meaning of its abbreviations and (optionally) its synonyms."""
        extra: list[str] = []
        lowered = {fold(k): v for k, v in self.abbreviations.items()}
        for token in re.findall(r"[A-Za-z][A-Za-z0-9-]*", query):
            meaning = self.abbreviations.get(token) or (
                lowered.get(fold(token)) if token.isupper() or len(token) <= 4 else None
            )
            if meaning:
                # The name itself, not the explanation in brackets after it (member lists
                # would pull every member's passages in).
                extra.append(re.sub(r"\s*\([^)]*\)", "", meaning).strip() or meaning)
        folded = f" {' '.join(words(query))} "
        for group in self.synonyms if synonyms else []:
            if any(f" {fold(term)} " in folded for term in group):
                extra.extend(t for t in group if f" {fold(t)} " not in folded)
        for phrase, dutch in self.english.items() if synonyms else []:
            if f" {' '.join(words(phrase))} " in folded:
                extra.extend(t for t in dutch if f" {fold(t)} " not in folded)
        return query if not extra else f"{query} ({'; '.join(dict.fromkeys(extra))})"


def known_dutch(word: str) -> bool:
    """Whether Dutch has the word at all (wordfreq's word list, data shipped in the package:
    nothing is downloaded). The list loads on first use; :meth:`Assistant.warm_up` calls this
    so the first question does not pay for it."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl") > 0


class TypoCorrector:
    """Map unknown query words to close corpus words (edit-distance based)."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = {w for w in vocabulary if len(w) >= 4 and not w[0].isdigit()}
        self._choices = sorted(self.vocabulary)

    def compound_parts(self, query: str) -> list[str]:
        """Split compounds the corpus writes apart ('jeugdhulpuitgaven' -> jeugdhulp, uitgaven)."""
        parts: list[str] = []
        for word in words(query):
            if len(word) < 9 or word in self.vocabulary or word[0].isdigit():
                continue
            for cut in range(4, len(word) - 3):
                head, tail = word[:cut], word[cut:]
                if head in self.vocabulary and tail in self.vocabulary:
                    parts.extend([head, tail])
                    break
        return parts

    def compounds_of(self, query: str, limit: int = 3) -> list[str]:
        """Corpus compounds that end in a query word ('overschrijdingen' ->
        budgetoverschrijdingen): Dutch writes the specific thing as one word."""
        out: list[str] = []
        for word in words(query):
            if len(word) < 7 or word[0].isdigit() or word in STOPWORDS or word in self.vocabulary:
                continue  # a word the corpus uses itself needs no bridge
            longer = [w for w in self._choices if len(w) >= len(word) + 3 and w.endswith(word)]
            out += sorted(longer, key=len)[:limit]
        return out

    def fix(self, query: str, only: set[str]) -> str:
        """The query with its misspelt lower-case words among ``only`` replaced ("hoeveel
        inwonrs" -> "inwoners"), so the answer step matches sentences by the word the asker
        meant. Only the words the question turns on are tried, and elsewhere long words one
        slip away from a corpus word ("jeugzorg"): an ordinary word the corpus happens not to
        use ("groter") must not become another ("grotere"). Capitalised words
        are left alone: an unknown name must stay unknown (it decides an abstention)."""
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import DamerauLevenshtein

        def slip(word: str) -> bool:
            """One letter dropped, added, changed or swapped in a long word ("jeugzorg") that
            Dutch does not have: a typo wherever it stands, not only in the word the question
            turns on. A real word the corpus happens not to use ("opgeteld" beside the
            corpus's "opgesteld") is no typo; wordfreq's Dutch word list (data shipped in the
            package, no download) tells the two apart."""
            if len(word) < 7 or known_dutch(word):
                return False
            near = process.extractOne(word, self._choices, scorer=DamerauLevenshtein.distance,
                                      score_cutoff=1)
            return near is not None

        def repl(m: re.Match[str]) -> str:
            word = m.group(0)
            if (
                len(word) < 5
                or not word.islower()
                or word in self.vocabulary
                or word in STOPWORDS
                or any(t in self.vocabulary for t in tokenize(word))
                or (word not in only and not slip(word))
            ):
                return word
            match = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=88)
            if not match:
                return word
            stem = _stemmer().stemWord
            # The same stem is another form of the word ("-resultaat"/"-resultaten"), not a typo.
            return word if stem(word) == stem(match[0]) else match[0]

        return re.sub(r"(?<![\w-])[a-zà-ÿ]+(?![\w-])", repl, query)

    def corrections(self, query: str) -> list[str]:
        from rapidfuzz import fuzz, process

        fixes: list[str] = []
        for word in words(query):
            if len(word) < 5 or word[0].isdigit() or word in self.vocabulary or word in STOPWORDS:
                continue
            match = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=85)
            if match:
                fixes.append(match[0])
        return fixes


_QUOTED = re.compile(r"'[^']{3,}'|\"[^\"]{3,}\"|‘[^’]{3,}’|“[^”]{3,}”")


def quoted_phrases(text: str) -> list[str]:
    """The phrases a question puts in quotes, as folded words ("resumerend zien we")."""
    return [" ".join(words(m.group(0))) for m in _QUOTED.finditer(text)]


def unquoted(text: str) -> str:
    """The text without its quoted spans: "we" inside 'Resumerend zien we' is the document
    speaking, not the user."""
    return _QUOTED.sub(" ", text)


def refers_to(said: str, title_word: str) -> bool:
    """'visiteurs' refers to the visitatie and 'rapportage' to a voortgangsrapportage; but
    'ontwikkelde' only shares the first part of the compound 'ontwikkelagenda' and 'regionale'
    that of 'regiovisie', so they do not name the document."""
    if len(said) >= 8 and title_word.endswith(said):
        return True
    shared = len(os.path.commonprefix([said, title_word]))
    return shared >= 5 and len(title_word) - shared < 5


def without_words(text: str, phrases: list[str]) -> str:
    """``text`` without the given words or phrases (whole words, case-insensitive), longest
    first; the text itself when nothing would be left."""
    out = text
    for w in sorted((str(p) for p in phrases), key=len, reverse=True):
        out = re.sub(rf"(?<![\w-]){re.escape(w)}(?![\w-])", " ", out, flags=re.I)
    return " ".join(out.split()) or text


_TABLE_NUMBER = re.compile(r"\b(?:tabel|table|tab\.)\s+(\d+(?:\.\d+)*[a-z]?)\b", re.I)


def table_number(text: str) -> str:
    """The number of the table a text names ("Tabel 5.2 - Investeringen P5" -> "5.2"), or "".
    A question that names a table asks about that table's figures only."""
    m = _TABLE_NUMBER.search(text or "")
    return m.group(1).lower() if m else ""

"""The deployment profile: which municipality this installation serves, as data.

Why a profile: the engine must work for any Dutch municipality. Everything that is true of one
deployment only (the municipality, its region and neighbours, example questions, chart choices,
prompt wording) lives in a YAML file chosen by a setting; code reads it and names no place.
The domain lexicon (metric words, scenarios, Iv3 taakvelden) holds for every municipality and
lives in ``data/lexicon.yaml``; a profile may add deployment-specific terms to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.text import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Government:
    """A municipality, region or country that figures can belong to."""

    name: str
    kind: str = "gemeente"  # gemeente | regio | land | groep
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class ChartSpec:
    """One chart on the figures page: a metric (and optionally subject/entity) over periods."""

    title: str
    metrics: tuple[str, ...]
    subject: str = ""
    entity: str = ""
    kind: str = "line"


@dataclass
class Profile:
    """See the module docstring. ``municipality`` is the home government of this deployment."""

    municipality: str = ""
    region: Government | None = None
    neighbours: list[Government] = field(default_factory=list)
    others: list[Government] = field(default_factory=list)
    assistant_name: str = "Raadsassistent"
    domain: str = ""
    example_questions: list[str] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    prompt_vars: dict[str, str] = field(default_factory=dict)
    lexicon_extra: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None) -> Profile:
        """Read a profile file; a missing file gives an empty, generic profile."""
        if path is None or not Path(path).exists():
            return cls()
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls.from_dict(data, Path(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> Profile:
        def gov(d: dict[str, Any] | None, kind: str) -> Government | None:
            if not d:
                return None
            return Government(
                name=str(d["name"]),
                kind=str(d.get("kind", kind)),
                aliases=tuple(str(a) for a in d.get("aliases") or ()),
                members=tuple(str(m) for m in d.get("members") or ()),
            )

        charts = [
            ChartSpec(
                title=str(c["title"]),
                metrics=tuple(c["metrics"] if isinstance(c["metrics"], list) else [c["metrics"]]),
                subject=str(c.get("subject", "")),
                entity=str(c.get("entity", "")),
                kind=str(c.get("kind", "line")),
            )
            for c in data.get("charts") or []
        ]
        return cls(
            municipality=str(data.get("municipality", "")),
            region=gov(data.get("region"), "regio"),
            neighbours=[g for g in (gov(d, "regio") for d in data.get("neighbours") or []) if g],
            others=[g for g in (gov(d, "groep") for d in data.get("others") or []) if g],
            assistant_name=str(data.get("assistant_name", "Raadsassistent")),
            domain=str(data.get("domain", "")),
            example_questions=[str(q) for q in data.get("example_questions") or []],
            charts=charts,
            prompt_vars={str(k): str(v) for k, v in (data.get("prompt") or {}).items()},
            lexicon_extra=dict(data.get("lexicon") or {}),
            path=path,
        )

    # -- who is who --------------------------------------------------------------------------
    @property
    def home(self) -> Government:
        return Government(self.municipality, "gemeente")

    def governments(self) -> list[Government]:
        """Every government the profile knows, the home municipality first."""
        out: list[Government] = [self.home] if self.municipality else []
        if self.region:
            out.append(self.region)
            out += [Government(m) for m in self.region.members if m != self.municipality]
        for n in self.neighbours:
            out.append(n)
            out += [Government(m) for m in n.members]
        out += self.others
        out.append(
            Government(
                "Nederland",
                "land",
                aliases=(
                    "landelijk", "landelijke", "Nederlandse", "nationaal", "nationale", "Rijk",
                    "national", "the Netherlands", "Dutch average",
                ),
            )
        )
        return out

    def canonical(self, name: str) -> str | None:
        """The government's canonical name for a name or alias, case-insensitively."""
        key = fold(name).strip()
        for g in self.governments():
            if any(fold(n) == key for n in g.names()):
                return g.name
        return None

    def mentioned(self, text: str) -> list[str]:
        """Governments named in ``text`` (whole words; canonical names, in order of mention)."""
        folded = fold(text)
        hits: list[tuple[int, int, str]] = []
        for g in self.governments():
            for n in g.names():
                m = _name_re(n).search(folded)
                if m:
                    hits.append((m.start(), m.end(), g.name))
                    break
        hits.sort()
        # "de controlegroep niet-stedelijke gemeenten": a generic name right before another
        # is an apposition; the name that follows says which one is meant.
        kept = [
            h for h in hits
            if not any(o is not h and o[0] > h[0] and not folded[h[1]:o[0]].strip()
                       for o in hits)
        ]
        return list(dict.fromkeys(name for *_, name in kept))

    def region_of(self, name: str) -> Government | None:
        """The region (own or neighbouring) a municipality belongs to, if the profile knows it."""
        for g in [self.region, *self.neighbours]:
            if g and (name == g.name or name in g.members):
                return g
        return None

    def is_home(self, entity: str) -> bool:
        return bool(self.municipality) and fold(entity) == fold(self.municipality)

    def var(self, key: str, default: str = "") -> str:
        """A prompt variable; the municipality and region are always available."""
        base = {
            "gemeente": self.municipality or "de gemeente",
            "regio": self.region.name if self.region else "",
            "assistent": self.assistant_name,
            "domein": self.domain,
        }
        return {**base, **self.prompt_vars}.get(key, default)


@lru_cache(maxsize=8)
def load_profile(path: str | None) -> Profile:
    """Cached :meth:`Profile.load` (profiles are read on every page render)."""
    return Profile.load(Path(path) if path else None)


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    """The shared domain lexicon (``data/lexicon.yaml``)."""
    return yaml.safe_load((DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8")) or {}


# Linking words a speaker may put inside a multi-word name ("gemeenten met 20.000-50.000
# inwoners" for "gemeenten 20.000-50.000 inwoners").
_LINKS = r"(?:met|van|tussen|tot|en|de|het|of|with|between)"


@lru_cache(maxsize=1024)
def _name_re(name: str) -> re.Pattern[str]:
    """A government's name as whole words; one linking word may sit between two of its words."""
    parts = [re.escape(p) for p in fold(name).split()]
    gap = rf"\s+(?:{_LINKS}\s+)?"
    return re.compile(rf"(?<![\w-]){gap.join(parts)}(?![\w-])")

"""The small language the story templates are written in.

A template is copy with named slots (``{place}``, ``{company.name}``, ``{cost}``). Slots are
filled once per article by seeded functions, so the headline, the standfirst and every
paragraph of the body talk about the same people, places and numbers.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .world import FIRST_NAMES, PLACES, ROLES, SURNAMES, N, recurring_surnames

# Replaced after publication times are known, so the words match the calendar.
DAY = "\x00DAY\x00"  # "Tuesday"

Slot = Callable[[random.Random, dict], Any]


@dataclass(frozen=True)
class H:
    """A subheading (``## ...``) inside the body."""

    text: str


@dataclass(frozen=True)
class Opt:
    """A block that appears with probability ``p``."""

    p: float
    block: Any


@dataclass(frozen=True)
class Bullets:
    """A lead-in paragraph and ``k`` items of a bullet list (in the given order)."""

    intro: str
    items: Sequence[str]
    k: int = 3


@dataclass
class Story:
    """A kind of story a section runs again and again with different particulars."""

    key: str
    section: str
    headlines: Sequence[str]
    standfirsts: Sequence[str]
    body: Sequence[Any]
    topics: Sequence[str]
    slots: dict[str, Slot] = field(default_factory=dict)
    kind: str = "news"
    dateline: str = "{place}"
    image: str = "skyline"
    caption: str = ""
    weight: float = 1.0
    wire: bool = False
    evergreen: bool = False
    byline: str = ""  # a staff byline instead of named authors ("The editorial board")


@dataclass
class Beat:
    """One article in a story thread."""

    gap: float  # days after the previous beat
    section: str
    headline: str
    standfirst: str
    body: Sequence[Any]
    topics: Sequence[str] = ()
    kind: str = "news"
    dateline: str = "{place}"
    image: str = ""
    caption: str = ""
    lead: bool = False
    slots: dict[str, Slot] = field(default_factory=dict)
    byline: str = ""


@dataclass
class Thread:
    """A story followed over several days: same people, places, numbers and topics."""

    key: str
    topics: Sequence[str]
    facts: dict[str, Any]
    beats: Sequence[Beat]
    image: str = "skyline"


# --- Slot helpers -------------------------------------------------------------------------


def pick(options: Sequence[Any]) -> Slot:
    """One of ``options``."""
    return lambda rng, ctx: rng.choice(list(options))


def fixed(value: Any) -> Slot:
    """Always ``value`` (a recurring person or institution)."""
    return lambda rng, ctx: value


def place(*names: str, exclude: Sequence[str] = ()) -> Slot:
    """A town (one of ``names`` when given)."""
    pool = [p for p in PLACES if (not names or p.name in names) and p.name not in exclude]
    return lambda rng, ctx: rng.choice(pool)


def person(role: str | Sequence[str], *, where: str = "place") -> Slot:
    """A freshly named person with a role, unique within the article."""
    def make(rng: random.Random, ctx: dict) -> N:
        used = ctx.setdefault("_surnames", set())
        surname = rng.choice([s for s in _pool() if s not in used])
        used.add(surname)
        first = rng.choice(FIRST_NAMES)
        roles = ROLES[role] if isinstance(role, str) else list(role)
        loc = ctx.get(where) or ctx.get("place") or PLACES[0]
        title = rng.choice(roles).format(
            place=getattr(loc, "name", loc), district=getattr(loc, "district", "the centre"),
            landmark=getattr(loc, "landmark", "the centre"))
        return N(name=f"{first} {surname}", first=first, surname=surname, role=title)
    return make


def _pool() -> list[str]:
    global _POOL
    if _POOL is None:
        # People who recur (ministers, managers, chief executives, authors) keep their
        # surnames to themselves, so "said Ingram" is never ambiguous.
        reserved = recurring_surnames()
        _POOL = [s for s in SURNAMES if s not in reserved]
    return _POOL


_POOL: list[str] | None = None


def money(lo: float, hi: float, unit: str = "m", *, step: float = 1) -> Slot:
    """An amount of crowns: ``"48m crowns"`` (``unit`` is "m", "bn" or "")."""
    def make(rng: random.Random, ctx: dict) -> N:
        value = round(rng.uniform(lo, hi) / step) * step
        text = f"{value:g}" if unit else f"{int(value):,}"
        return N(name=f"{text}{unit} crowns", value=value, short=f"{text}{unit}")
    return make


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def number(lo: int, hi: int, *, step: int = 1, words: bool = True) -> Slot:
    """A whole number: in words below ten (house style), else with thousands separators."""
    def make(rng: random.Random, ctx: dict) -> N:
        value = rng.randrange(lo, hi + 1, step)
        text = _WORDS[value] if words and value < 10 else f"{value:,}"
        return N(name=text, value=value)
    return make


def percent(lo: float, hi: float, *, decimals: int = 1) -> Slot:
    """A percentage such as ``"3.4%"``."""
    def make(rng: random.Random, ctx: dict) -> N:
        value = round(rng.uniform(lo, hi), decimals)
        return N(name=f"{value:.{decimals}f}%", value=value)
    return make


def derived(function: Callable[[dict], Any]) -> Slot:
    """A value computed from earlier slots."""
    return lambda rng, ctx: function(ctx)


# --- Rendering ----------------------------------------------------------------------------

_formatter = string.Formatter()


def fill(text: str, ctx: dict) -> str:
    """Fill the slots of one piece of copy and give it a capital letter."""
    out = _formatter.vformat(text, (), ctx)
    if "{" in out:  # a slot's own text may name other slots ("{place} records ...")
        out = _formatter.vformat(out, (), ctx)
    return out[:1].upper() + out[1:] if out else out


def render_blocks(blocks: Sequence[Any], rng: random.Random, ctx: dict) -> tuple[str, int]:
    """Markdown for a body, and how many paragraphs it has."""
    parts: list[str] = []
    paragraphs = 0
    pending_heading: str | None = None

    def emit(block: Any) -> None:
        nonlocal paragraphs, pending_heading
        if isinstance(block, Opt):
            if rng.random() < block.p:
                emit(block.block)
            return
        if isinstance(block, list):
            emit(rng.choice(block))
            return
        if isinstance(block, tuple):  # several blocks that belong together
            for item in block:
                emit(item)
            return
        if isinstance(block, H):
            pending_heading = "## " + fill(block.text, ctx)
            return
        if pending_heading:
            parts.append(pending_heading)
            pending_heading = None
        if isinstance(block, Bullets):
            parts.append(fill(block.intro, ctx))
            chosen = sorted(rng.sample(range(len(block.items)), min(block.k, len(block.items))))
            parts.append("\n".join("- " + fill(block.items[i], ctx) for i in chosen))
            paragraphs += 1
            return
        parts.append(fill(block, ctx))
        paragraphs += 1

    for block in blocks:
        emit(block)
    return "\n\n".join(parts), paragraphs

"""Editorial signals over scored lists: boost, bury, pin to a slot, exclude.

A pure function, so the same rules behave identically in the beacon response, in the
precomputed Related lists and in tests. Rules name an article or a whole section and may
expire; an expired rule is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .engine import as_epoch_seconds


class Action(StrEnum):
    BOOST = "boost"      # multiply the score by ``factor`` (> 1)
    BURY = "bury"        # multiply the score by ``factor`` (< 1)
    PIN = "pin"          # put the article at ``slot`` (1-based), whatever its score
    EXCLUDE = "exclude"  # never show it


@dataclass(frozen=True, slots=True)
class EditorialRule:
    """One editor's decision about an article or a section, optionally until a time."""

    action: Action
    article: object | None = None
    section: object | None = None
    factor: float = 1.0
    slot: int | None = None
    expires_at: datetime | float | None = None

    def __post_init__(self) -> None:
        if (self.article is None) == (self.section is None):
            raise ValueError("a rule names exactly one of article or section")
        if self.action == Action.PIN and (self.article is None or not self.slot
                                          or self.slot < 1):
            raise ValueError("a pin names an article and a slot from 1")
        if self.action == Action.BOOST and self.factor <= 1:
            raise ValueError("a boost multiplies by more than 1")
        if self.action == Action.BURY and not 0 <= self.factor < 1:
            raise ValueError("a bury multiplies by a factor from 0 to below 1")

    def active(self, now: float) -> bool:
        return self.expires_at is None or as_epoch_seconds(self.expires_at) > now

    def matches(self, article: object, section: object | None) -> bool:
        if self.article is not None:
            return article == self.article
        return section is not None and section == self.section


def apply_editorial(scored: Sequence[tuple[object, float]], rules: Iterable[EditorialRule], *,
                    k: int, now: datetime | float,
                    section_of: Mapping | Callable[[object], object] | None = None,
                    allowed: Callable[[object], bool] | None = None) -> list[object]:
    """The final list of ``k`` article ids after the editors' rules.

    ``scored`` is the engine's (article, score) list, best first; ``section_of`` maps an
    article to its section for section-wide rules; ``allowed`` (e.g. "is live and not on the
    page already") filters pinned articles too, so a pin never shows an unpublished story.
    """
    moment = as_epoch_seconds(now)
    live_rules = [rule for rule in rules if rule.active(moment)]
    lookup = (section_of.get if isinstance(section_of, Mapping)
              else section_of if section_of is not None else (lambda _article: None))

    def permitted(article: object) -> bool:
        if allowed is not None and not allowed(article):
            return False
        section = lookup(article)
        return not any(rule.action == Action.EXCLUDE and rule.matches(article, section)
                       for rule in live_rules)

    adjusted: list[tuple[float, int, object]] = []
    for position, (article, score) in enumerate(scored):
        if not permitted(article):
            continue
        section = lookup(article)
        for rule in live_rules:
            if rule.action in (Action.BOOST, Action.BURY) and rule.matches(article, section):
                score *= rule.factor
        adjusted.append((score, -position, article))
    adjusted.sort(reverse=True)

    pins = sorted((rule for rule in live_rules if rule.action == Action.PIN),
                  key=lambda rule: rule.slot)
    pinned: dict[int, object] = {}
    for rule in pins:
        if rule.article in pinned.values() or not permitted(rule.article):
            continue
        slot = rule.slot
        while slot in pinned:  # two pins for one slot: the later one moves down
            slot += 1
        if slot <= k:
            pinned[slot] = rule.article

    rest = iter([article for _, _, article in adjusted if article not in pinned.values()])
    result: list[object] = []
    for slot in range(1, k + 1):
        if slot in pinned:
            result.append(pinned[slot])
            continue
        article = next(rest, None)
        if article is None:
            break
        result.append(article)
    # Pins beyond the end of a short list still appear, in slot order.
    result += [pinned[slot] for slot in sorted(pinned) if pinned[slot] not in result]
    return result[:k]

"""The three lists of an article page (Related, Most read, Recommended) without repeats."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

DEFAULT_SIZES = {"related": 5, "most_read": 5, "recommended": 5}


def assemble_page_lists(*, current: object, lists: Mapping[str, Sequence[object]],
                        is_live: Callable[[object], bool] | Collection[object],
                        sizes: Mapping[str, int] | None = None,
                        fallback: Iterable[object] = (),
                        already_shown: Collection[object] = ()) -> dict[str, list[object]]:
    """De-duplicated lists in priority order (the order of ``lists``).

    Every list skips the current article, anything not live (drafts, scheduled and
    unpublished articles), anything an earlier list or ``already_shown`` (e.g. the lists
    already in the cached page, when the beacon fills Recommended) holds. A list left short
    is filled from ``fallback`` (e.g. trending site-wide), under the same rules.
    """
    live = is_live if callable(is_live) else is_live.__contains__
    sizes = {**DEFAULT_SIZES, **(sizes or {})}
    used = {current, *already_shown}
    spare = list(fallback)
    result: dict[str, list[object]] = {}
    for name, candidates in lists.items():
        size = sizes.get(name, 5)
        chosen: list[object] = []
        for article in [*candidates, *spare]:
            if len(chosen) >= size:
                break
            if article in used or not live(article):
                continue
            chosen.append(article)
            used.add(article)
        result[name] = chosen
    return result

"""Process-level settings for the web workers that serve the site."""

from __future__ import annotations

import gc

#: Allocations between young collections (CPython's default is 700).
YOUNG_COLLECTION_THRESHOLD = 10_000


def settle_garbage_collector() -> None:
    """Keep the cyclic garbage collector off what a web worker loads once and keeps.

    Modules, settings, URL patterns and templates live as long as the worker; without this
    every full collection walks them again. Young collections run less often too: a request
    allocates thousands of short-lived containers that reference counting frees long before a
    collection would find them. Call once the application is loaded.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)

import threading
import time

import pytest

from broadsheet.core.shortcache import BatchCache, ShortCache, clear_all


def test_answers_until_expiry_then_recomputes():
    cache = ShortCache(seconds=0.05)
    calls = []
    assert cache.get("k", lambda: calls.append(1) or "a") == "a"
    assert cache.get("k", lambda: calls.append(1) or "b") == "a"
    time.sleep(0.06)
    assert cache.get("k", lambda: calls.append(1) or "c") == "c"
    assert len(calls) == 2


def test_concurrent_misses_compute_once():
    cache = ShortCache(seconds=10)
    calls = []
    start = threading.Barrier(8)

    def slow():
        calls.append(1)
        time.sleep(0.05)
        return "value"

    answers = []

    def ask():
        start.wait()
        answers.append(cache.get("k", slow))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["value"] * 8
    assert len(calls) == 1


def test_a_failing_computation_is_not_cached_and_does_not_block_the_next():
    cache = ShortCache(seconds=10)

    def boom():
        raise RuntimeError("down")

    with pytest.raises(RuntimeError):
        cache.get("k", boom)
    assert cache.get("k", lambda: "ok") == "ok"


def test_replace_forget_and_clear_all():
    cache = ShortCache(seconds=10)
    cache.get("n", lambda: 1)
    cache.replace("n", lambda n: n + 1)
    assert cache.lookup("n") == 2
    cache.replace("absent", lambda n: n + 1)
    assert cache.lookup("absent", "none") == "none"
    cache.forget("n")
    assert cache.lookup("n") is None
    cache.get("n", lambda: 5)
    clear_all()
    assert cache.lookup("n") is None


def test_a_full_cache_starts_over_instead_of_growing():
    cache = ShortCache(seconds=10, max_entries=3)
    for key in range(10):
        cache.get(key, lambda key=key: key)
    assert len(cache._entries) <= 3


class CountingSource:
    """A load_many that records each call and answers key * 10 (or what ``values`` says)."""

    def __init__(self):
        self.calls = []
        self.values = {}

    def __call__(self, keys):
        self.calls.append(sorted(keys))
        return {key: self.values.get(key, key * 10) for key in keys}


def test_batch_cache_refreshes_every_key_asked_lately_in_one_call():
    source = CountingSource()
    cache = BatchCache(source, seconds=0.05)
    assert [cache.get(k) for k in (1, 2, 3)] == [10, 20, 30]
    assert source.calls == [[1], [2], [3]]  # newcomers between refreshes load alone
    source.values = {1: 11, 2: 21, 3: 31}
    assert cache.get(2) == 20  # fresh enough
    time.sleep(0.06)
    assert cache.get(1) == 11
    assert source.calls[-1] == [1, 2, 3]  # one call for all of them
    assert (cache.get(2), cache.get(3)) == (21, 31)
    assert len(source.calls) == 4


def test_batch_cache_stops_refreshing_keys_nobody_asks_for():
    source = CountingSource()
    cache = BatchCache(source, seconds=0.02, keep_seconds=0.05)
    cache.get(1)
    cache.get(2)
    for _ in range(4):
        time.sleep(0.025)
        cache.get(2)
    assert source.calls[-1] == [2]


def test_batch_cache_default_replace_forget_and_clear_all():
    source = CountingSource()
    cache = BatchCache(lambda keys: {k: 1 for k in keys if k != "gone"}, seconds=10,
                       default=0)
    assert cache.get("gone") == 0
    assert cache.get("here") == 1
    cache.replace("here", lambda n: n + 1)
    cache.replace("never-asked", lambda n: n + 1)
    assert cache.get("here") == 2
    cache.forget("here")
    assert cache.get("here") == 1
    cache.replace("here", lambda n: n + 5)
    clear_all()
    assert cache.get("here") == 1
    assert source.calls == []

import threading
import time

from broadsheet.core.shortcache import ShortCache, clear_all


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

    try:
        cache.get("k", boom)
    except RuntimeError:
        pass
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

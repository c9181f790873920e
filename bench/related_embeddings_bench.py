"""Related for a new article with the optional embedding block, against the default engine.

    .venv/bin/python bench/related_embeddings_bench.py [--articles 100000] [--fresh 100]
        [--edited 1000]

Needs the ``embeddings`` extra. Two indexes of the same generated archive, one of them with the
MiniLM block; each new article is added and queried on both, interleaved, so both see the same
machine load. The archive's stored vectors are random unit rows (embedding 100 k articles takes
about an hour of CPU); what a new article costs is real: it is embedded by the model, and its
query scores the candidates' stored vectors exactly as on the site.

Then both indexes are rebuilt over the archive with ``--edited`` articles' headlines changed:
the embedding index reuses the vectors of unchanged leads, so the model (real here) runs only
on the edited articles.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from discovery_bench import _load, generate_articles, percentile_ms  # noqa: E402

from broadsheet.discovery.related import embeddings  # noqa: E402
from broadsheet.discovery.related.index import RelatedConfig, RelatedIndex  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--fresh", type=int, default=100)
    parser.add_argument("--edited", type=int, default=1000)
    options = parser.parse_args()
    docs = generate_articles(options.articles + options.fresh + 2)
    archive, fresh = docs[: options.articles], docs[options.articles:]

    plain = RelatedIndex()
    plain.rebuild(archive)
    rng = np.random.default_rng(0)
    real_embed = embeddings.embed

    def random_unit_rows(name, batch, **_):
        rows = rng.standard_normal((len(batch), embeddings.dimension(name)))
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    embeddings.embed = random_unit_rows
    try:
        with_embeddings = RelatedIndex(RelatedConfig(embeddings="minilm"))
        with_embeddings.rebuild(archive)
    finally:
        embeddings.embed = real_embed
    embeddings.embed("minilm", fresh[:2])  # a web process has its model loaded already

    samples: dict[str, tuple[list[float], list[float]]] = {"default": ([], []),
                                                            "minilm": ([], [])}
    for doc in fresh[2:]:
        for name, index in (("default", plain), ("minilm", with_embeddings)):
            wall, cpu = time.perf_counter(), time.process_time()
            index.add(doc)
            index.related(doc.id, 5)
            samples[name][0].append(time.perf_counter() - wall)
            samples[name][1].append(time.process_time() - cpu)
    result = {name: {"wall_p50_p99_ms": percentile_ms(wall), "cpu_p50_p99_ms": percentile_ms(cpu)}
              for name, (wall, cpu) in samples.items()}
    result.update(articles=options.articles, fresh=len(fresh) - 2, load=_load())

    edited = [dataclasses.replace(doc, title=f"{doc.title}, updated")
              for doc in archive[: options.edited]]
    everything = edited + archive[options.edited:] + fresh[2:]
    embedded: list[int] = []

    def counting_embed(name, batch, **kwargs):
        embedded.append(len(batch))
        return real_embed(name, batch, **kwargs)

    embeddings.embed = counting_embed
    try:
        for name, index in (("default", plain), ("minilm", with_embeddings)):
            wall, cpu = time.perf_counter(), time.process_time()
            index.rebuild(everything, workers=1)
            result[f"rebuild_{name}_wall_cpu_s"] = (round(time.perf_counter() - wall, 1),
                                                    round(time.process_time() - cpu, 1))
    finally:
        embeddings.embed = real_embed
    result.update(rebuild_articles=len(everything), rebuild_embedded=sum(embedded),
                  rebuild_load=_load())
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

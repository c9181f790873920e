"""Broadsheet settings: everything comes from the environment.

Our own settings carry a ``BROADSHEET_`` prefix. Defaults give a working site with no
service at all (SQLite in ``./data``); PostgreSQL and Redis switch on from ``DATABASE_URL``
and ``REDIS_URL``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BROADSHEET_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = env_bool("BROADSHEET_DEBUG", default=False)

SECRET_KEY = os.environ.get("BROADSHEET_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "BROADSHEET_SECRET_KEY must be set when BROADSHEET_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "BROADSHEET_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("BROADSHEET_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks",
    "template_partials",
    "broadsheet.core",
    "broadsheet.content",
    "broadsheet.web",
    "broadsheet.engagement",
    "broadsheet.discovery",
    "broadsheet.syndication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"
ASGI_APPLICATION = "broadsheet.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "broadsheet.web.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'broadsheet.sqlite3'}",
        conn_max_age=int(os.environ.get("BROADSHEET_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
    # upgrades inside write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
    # SQLite connections are cheap and per-thread; persistent ones are fine too.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # Django's default of 300 entries is less than one cached page per section, topic
        # and recent article of a small site; culling then costs every page its cache hit.
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "OPTIONS": {"MAX_ENTRIES": int(
                  os.environ.get("BROADSHEET_LOCAL_CACHE_ENTRIES", "5000"))}}
    )
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "BROADSHEET_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("BROADSHEET_LANGUAGE_CODE", "en-gb")
TIME_ZONE = os.environ.get("BROADSHEET_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("BROADSHEET_STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("BROADSHEET_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# Security: strict by default outside debug, so `check --deploy` passes once the
# operator provides a secret key and host names.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# BROADSHEET_HTTPS=0 is for trying the site locally over plain HTTP (the demo sets it).
HTTPS = env_bool("BROADSHEET_HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("BROADSHEET_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("BROADSHEET_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BROADSHEET_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("BROADSHEET_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BROADSHEET_LOG_LEVEL", "WARNING")},
}

# --- Broadsheet's own settings (read lazily through broadsheet.core.conf) ---
BROADSHEET_SITE_NAME = os.environ.get("BROADSHEET_SITE_NAME", "The Broadsheet Courier")
BROADSHEET_SITE_TAGLINE = os.environ.get(
    "BROADSHEET_SITE_TAGLINE", "Independent news, first-party and fast"
)
BROADSHEET_SITE_URL = os.environ.get("BROADSHEET_SITE_URL", "").rstrip("/")
BROADSHEET_STAFF_BYLINE = os.environ.get("BROADSHEET_STAFF_BYLINE", "Staff reporter")
BROADSHEET_PAGE_SIZE = int(os.environ.get("BROADSHEET_PAGE_SIZE", "20"))
# Public pages are cached whole on the server for this long (0 turns it off). Edits show at
# once (they retire the cache); time-driven changes (scheduled stories, reading lists, counts
# in the HTML) show within this delay. Shared by all workers when REDIS_URL is set.
BROADSHEET_PAGE_CACHE_SECONDS = int(os.environ.get("BROADSHEET_PAGE_CACHE_SECONDS", "60"))
# Serve uploaded media from Django itself: fine for the demo and small sites; large ones
# put media behind the web server or a CDN.
BROADSHEET_SERVE_MEDIA = env_bool("BROADSHEET_SERVE_MEDIA", default=DEBUG)

# --- Search, feeds, sitemaps (broadsheet.discovery / broadsheet.syndication) ---
# BROADSHEET_SEARCH_BACKENDS is optional and alias-keyed like CACHES, e.g.
#   {"default": {"BACKEND": "broadsheet.discovery.search.backends.postgresql."
#                           "PostgresSearchBackend", "OPTIONS": {"config": "english"}}}
# Without it the search backend follows the database: SQLite FTS5 or PostgreSQL full text.
# Feeds carry the whole article (True) or only the standfirst (False).
BROADSHEET_FEED_FULL_TEXT = env_bool("BROADSHEET_FEED_FULL_TEXT", default=True)

# --- Engagement: views, reactions, reading history (broadsheet.engagement) ---
# BROADSHEET_COUNTER_BACKENDS is optional and alias-keyed like CACHES, e.g.
#   {"default": {"BACKEND": "broadsheet.engagement.backends.redis.RedisCounterBackend",
#                "OPTIONS": {"URL": "redis://127.0.0.1:6379/2", "SOCKET_TIMEOUT": 0.25}}}
# Without it counts are buffered in the database, or in Redis when REDIS_URL is set.
BROADSHEET_REACTIONS = [
    {"key": "very_good", "label": "Very good", "emoji": "\N{THUMBS UP SIGN}"},
    {"key": "insightful", "label": "Insightful", "emoji": "\N{ELECTRIC LIGHT BULB}"},
    {"key": "surprising", "label": "Surprising", "emoji": "\N{FACE WITH OPEN MOUTH}"},
    {"key": "sad", "label": "Sad", "emoji": "\N{CRYING FACE}"},
    {"key": "angry", "label": "Angry", "emoji": "\N{ANGRY FACE}"},
]
BROADSHEET_TRENDING_HALF_LIFE_HOURS = float(
    os.environ.get("BROADSHEET_TRENDING_HALF_LIFE_HOURS", "6"))
BROADSHEET_HISTORY_DAYS = int(os.environ.get("BROADSHEET_HISTORY_DAYS", "90"))
BROADSHEET_VIEW_DEDUPE_MINUTES = int(os.environ.get("BROADSHEET_VIEW_DEDUPE_MINUTES", "30"))
BROADSHEET_COUNTER_FLUSH_SECONDS = float(os.environ.get("BROADSHEET_COUNTER_FLUSH_SECONDS", "5"))
BROADSHEET_TRUSTED_PROXIES = env_list("BROADSHEET_TRUSTED_PROXIES", "127.0.0.1,::1")

# --- Related and Recommended (broadsheet.discovery) ---
BROADSHEET_RELATED_SIZE = int(os.environ.get("BROADSHEET_RELATED_SIZE", "5"))
BROADSHEET_RECOMMENDED_SIZE = int(os.environ.get("BROADSHEET_RECOMMENDED_SIZE", "5"))
# Where `broadsheet related rebuild` keeps the index snapshot other processes start from.
BROADSHEET_RELATED_INDEX_PATH = os.environ.get("BROADSHEET_RELATED_INDEX_PATH", "")
# Optional sentence-embedding block for Related ("minilm"; needs the `embeddings` extra).
BROADSHEET_RELATED_EMBEDDINGS = os.environ.get("BROADSHEET_RELATED_EMBEDDINGS", "")
# Each process's recommender ingests new reading events at most this often, and starts from
# this many days of them.
BROADSHEET_RECOMMEND_SYNC_SECONDS = float(os.environ.get("BROADSHEET_RECOMMEND_SYNC_SECONDS", "5"))
BROADSHEET_RECOMMEND_REPLAY_DAYS = int(os.environ.get("BROADSHEET_RECOMMEND_REPLAY_DAYS", "14"))
# The article beacon's answer carries the reader's Recommended list.
BROADSHEET_BEACON_CONTRIBUTORS = ["broadsheet.discovery.beacon.recommended"]

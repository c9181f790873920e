"""Test settings: the base settings with debug-independent, fast, isolated choices."""

import os
import tempfile

os.environ.setdefault("BROADSHEET_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("BROADSHEET_DATA_DIR", tempfile.mkdtemp(prefix="broadsheet-test-"))

from .base import *  # noqa: E402,F403
from .base import DATA_DIR  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing one
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TIME_ZONE = "Europe/London"
# Buffered views are folded by the tests themselves; a fold every few seconds of wall time
# would land in some measurements and not others on a slow machine.
BROADSHEET_COUNTER_FLUSH_SECONDS = 0
BROADSHEET_SITE_NAME = "The Test Courier"
BROADSHEET_SITE_URL = ""

"""Operators configure Broadsheet from the environment only."""

import os
import subprocess
import sys

import pytest


def _run(args, **env):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("BROADSHEET_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "broadsheet.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def production_env(tmp_path):
    return {
        "BROADSHEET_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "BROADSHEET_ALLOWED_HOSTS": "news.example.org",
        "BROADSHEET_DATA_DIR": str(tmp_path),
    }


def test_production_settings_pass_check_deploy_without_warnings(production_env):
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_follow_the_environment(production_env, tmp_path):
    code = ("from django.conf import settings as s; "
            "print(s.DEBUG, s.ALLOWED_HOSTS, s.BROADSHEET_SITE_NAME, s.TIME_ZONE, "
            "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])")
    env = {**production_env, "BROADSHEET_SITE_NAME": "Valley Gazette",
           "BROADSHEET_TIME_ZONE": "Asia/Tokyo", "BROADSHEET_ALLOWED_HOSTS": "a.example,b.example"}
    result = _run(["shell", "--no-imports", "-c", code], **env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "False ['a.example', 'b.example'] Valley Gazette Asia/Tokyo" in out
    assert f"django.db.backends.sqlite3 {tmp_path / 'broadsheet.sqlite3'}" in out


def test_database_url_selects_postgresql(production_env):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = _run(["shell", "--no-imports", "-c", code], **production_env,
                  DATABASE_URL="postgres://user@db.example:5432/news")
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_missing_secret_key_outside_debug_is_a_clear_error(tmp_path):
    code = ("import os; os.environ['DJANGO_SETTINGS_MODULE']='broadsheet.settings.base'; "
            "import django; django.setup()")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BROADSHEET_")}
    environment["BROADSHEET_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "BROADSHEET_SECRET_KEY must be set" in result.stderr


def test_cli_keeps_a_generated_secret_key_with_the_data(tmp_path):
    env = {"BROADSHEET_DATA_DIR": str(tmp_path), "BROADSHEET_ALLOWED_HOSTS": "x.example"}
    code = "from django.conf import settings as s; print(s.SECRET_KEY)"
    first = _run(["shell", "--no-imports", "-c", code], **env)
    second = _run(["shell", "--no-imports", "-c", code], **env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and len(first.stdout.strip()) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0

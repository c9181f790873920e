"""``broadsheet serve``: the production servers start and answer."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from broadsheet import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("server, module", [
    ("gunicorn", "broadsheet.wsgi:application"),
    ("granian", "broadsheet.engagement.wsgi:application"),
])
def test_serve_runs_the_chosen_server(monkeypatch, server, module):
    calls = []
    monkeypatch.setattr(os, "execvp", lambda file, args: calls.append(args))
    cli.serve(["--server", server, "--bind", "127.0.0.1:9123", "--workers", "3",
               "--threads", "5"])
    (args,) = calls
    assert args[1:3] == ["-m", server] and module in args
    joined = " ".join(args)
    assert "3" in args and "5" in args and "9123" in joined


def test_serve_refuses_an_unknown_server(capsys):
    with pytest.raises(SystemExit):
        cli.serve(["--server", "waitress"])
    assert "invalid choice" in capsys.readouterr().err


def test_granian_serves_pages_and_counts_a_view(tmp_path: Path):
    """The real server process on a fresh SQLite database: a page, and a beacon through the
    short path that answers like the Django view (here: 404 for an unknown article)."""
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(tmp_path),
           "BROADSHEET_SECRET_KEY": "cli-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
           "BROADSHEET_ALLOWED_HOSTS": "127.0.0.1", "BROADSHEET_HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "broadsheet.settings.base"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    command = [sys.executable, "-m", "broadsheet.cli"]
    for step in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run([*command, *step, "-v", "0"], env=env, check=True, timeout=120)
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen([*command, "serve", "--server", "granian", "--bind",
                                   f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=log_file,
                                  start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                home = urllib.request.urlopen(f"{base}/", timeout=2)
                break
            except urllib.error.HTTPError:
                raise AssertionError(log.read_text()[-2000:]) from None
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(log.read_text()[-2000:]) from None
                time.sleep(0.2)
        assert home.status == 200 and b"<html" in home.read()
        request = urllib.request.Request(
            f"{base}/beacon/", data=b'{"article": 999999, "type": "view"}', method="POST",
            headers={"Content-Type": "application/json", "Accept-Language": "en",
                     "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=5)
        assert answer.value.code == 404
        assert b"No published article" in answer.value.read()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)

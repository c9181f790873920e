"""The ``broadsheet`` command: ``demo``, ``serve``, and every Django management command."""

import argparse
import os
import secrets
import sys
from pathlib import Path

SETTINGS = "broadsheet.settings.base"


def _data_dir() -> Path:
    path = Path(os.environ.get("BROADSHEET_DATA_DIR", Path.cwd() / "data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _persistent_secret(name: str, data_dir: Path) -> str:
    """A random secret created on first use and kept in the data folder."""
    path = data_dir / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _local_site_environment() -> None:
    """Defaults for running the site on this machine over plain HTTP (debug stays off,
    so readers see the real error pages and the production code paths)."""
    os.environ.setdefault("BROADSHEET_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    os.environ.setdefault("BROADSHEET_HTTPS", "0")
    os.environ.setdefault("BROADSHEET_SERVE_MEDIA", "1")


def _django(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["broadsheet", *argv])


SERVERS = ("gunicorn", "granian")


def serve(argv: list[str]) -> None:
    """Run the production server: gunicorn, or granian (a Rust HTTP server whose WSGI
    workers spend about half the CPU per request that gunicorn's do, see bench/RESULTS.md).
    Static files go through whitenoise either way."""
    parser = argparse.ArgumentParser(prog="broadsheet serve", description=serve.__doc__)
    parser.add_argument("--bind", default=os.environ.get("BROADSHEET_BIND", "127.0.0.1:8000"))
    parser.add_argument("--server", choices=SERVERS,
                        default=os.environ.get("BROADSHEET_SERVER", "gunicorn"))
    default_workers = (os.cpu_count() or 1) * 2 + 1
    parser.add_argument("--workers", type=int,
                        default=int(os.environ.get("BROADSHEET_WORKERS", default_workers)))
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per worker (default: 2 for gunicorn, 16 for granian)")
    args, extra = parser.parse_known_args(argv)
    if args.threads is None:
        # granian's blocking threads are cheap, and more of them let concurrent beacons share
        # a commit (group commit); gunicorn's threads each hold a connection's worth of work.
        args.threads = int(os.environ.get("BROADSHEET_THREADS",
                                          16 if args.server == "granian" else 2))
    if args.server == "granian":
        host, _, port = args.bind.rpartition(":")
        # The beacon short path answers POST /beacon/ without Django's URL resolution and
        # middleware; every other request goes through Django unchanged.
        os.execvp(sys.executable, [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host or "127.0.0.1",
            "--port", port, "--workers", str(args.workers), "--blocking-threads",
            str(args.threads), "--no-ws", "--access-log", "--respawn-failed-workers", *extra,
            "broadsheet.engagement.wsgi:application",
        ])
        return
    os.execvp(sys.executable, [
        sys.executable, "-m", "gunicorn", "broadsheet.wsgi:application",
        "--bind", args.bind, "--workers", str(args.workers), "--threads", str(args.threads),
        "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get(
            "BROADSHEET_FORWARDED_ALLOW_IPS", "127.0.0.1"), *extra,
    ])


def demo(argv: list[str]) -> None:
    """Create the database, load the demo newsroom and serve it at http://127.0.0.1:8000."""
    parser = argparse.ArgumentParser(prog="broadsheet demo", description=demo.__doc__)
    parser.add_argument("--reset", action="store_true", help="delete the demo content first")
    parser.add_argument("--no-serve", action="store_true", help="load the data, do not serve")
    parser.add_argument("--bind", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    _local_site_environment()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from broadsheet.content.demo.loader import demo_is_loaded

    fresh = args.reset or not demo_is_loaded()
    call_command("load_demo", reset=args.reset)
    if fresh:
        # A week of simulated readers, so every reading list has real data to show, and
        # Related lists fitted on the whole archive.
        call_command("simulate_traffic", days=7, reset=True)
        call_command("related", "rebuild")
    password = _persistent_secret("demo_editor_password", _data_dir())
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="editor", defaults={"is_staff": True, "is_superuser": True,
                                     "email": "editor@example.org"})
    user.set_password(password)
    user.save(update_fields=["password"])
    scheme_host = f"http://{args.bind}"
    print(f"\n  Site:   {scheme_host}/\n  Admin:  {scheme_host}/admin/\n"
          f"  Login:  editor / {password}\n", flush=True)
    if not args.no_serve:
        serve(["--bind", args.bind])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if not os.environ.get("BROADSHEET_SECRET_KEY"):
        # Like other self-hosted apps: a key made once and kept with the data.
        os.environ["BROADSHEET_SECRET_KEY"] = _persistent_secret("secret_key", _data_dir())
    command = argv[0] if argv else "help"
    if command == "demo":
        demo(argv[1:])
    elif command == "serve":
        serve(argv[1:])
    else:
        if command == "runserver":
            _local_site_environment()
        _django(argv)


if __name__ == "__main__":
    main()

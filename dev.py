#!/usr/bin/env python3
"""Try or test Broadsheet from a fresh clone with nothing but Python 3.11+.

    python3 dev.py demo     # install, load the demo newsroom, serve http://127.0.0.1:8000
    python3 dev.py test     # install the test dependencies and run the whole suite

Both create (or reuse) a virtualenv in .venv and reinstall only when pyproject.toml changed.
Extra arguments go to `broadsheet demo` or to pytest.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("BROADSHEET_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_installed(extra: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this launcher must run on older Pythons to say so
        sys.exit("Broadsheet needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print(f"Creating a virtualenv in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extra}]" if extra else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".broadsheet-installed-{extra or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing Broadsheet{' with ' + extra + ' extras' if extra else ''} ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", spec], check=True,
                   cwd=ROOT)
    stamp.write_text(digest)


def main() -> None:
    command, args = (sys.argv[1] if len(sys.argv) > 1 else "help"), sys.argv[2:]
    if command == "demo":
        ensure_installed("")
        os.chdir(ROOT)
        os.execv(str(BIN / "broadsheet"), [str(BIN / "broadsheet"), "demo", *args])
    elif command == "test":
        ensure_installed("test")
        os.chdir(ROOT)
        os.execv(str(PYTHON), [str(PYTHON), "-m", "pytest", *args])
    else:
        print(__doc__)
        sys.exit(0 if command in {"help", "-h", "--help"} else 2)


if __name__ == "__main__":
    main()

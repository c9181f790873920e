"""Write the page-load results (bench/pages.sh) into bench/RESULTS.md.

    .venv/bin/python bench/pages_report.py bench/results/pages/<stamp>.jsonl \\
        [--results bench/RESULTS.md] [--workers 2] [--threads 1]

Reads the JSON lines the WordPress peer's run.sh wrote (one line per target and round),
and replaces only the section headed "## Page load: Broadsheet vs WordPress" in RESULTS.md
(creating the file, or appending the section, when missing). Each Broadsheet page is compared
with the same kind of WordPress page measured in the same rounds: article with post, home with
home, section with category. ``bench/pages_notes.md``, when present, is included under the table
(profiling findings and proposed fixes written by hand).
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path

HEADING = "## Page load: Broadsheet vs WordPress"
FILE_TITLE = "# Benchmark results"
ROOT = Path(__file__).resolve().parent.parent
PEER = "../shared/peers/wordpress"
GOAL = 10.0

# page type -> (WordPress target, Broadsheet suffix)
PAGES = [("Article", "post", "post"), ("Home", "home", "home"),
         ("Section (WP category)", "category", "section")]
DATABASES = [("SQLite", "bs_sqlite"), ("PostgreSQL", "bs_pg")]
CONTEXT = [("Article", "cached_post"), ("Home", "cached_home")]


def rps(row: dict) -> float:
    return row["requests"] / (row["duration_us"] / 1e6)


def errors(row: dict) -> int:
    return sum(row[k] for k in ("err_connect", "err_read", "err_write", "err_status",
                                "err_timeout"))


class Target:
    def __init__(self, rows: list[dict]):
        self.rows = rows
        self.url = rows[0]["url"]
        self.rps = statistics.mean(rps(r) for r in rows)
        self.rounds = [rps(r) for r in rows]
        self.p50 = statistics.mean(r["p50_us"] for r in rows) / 1000
        self.p99 = statistics.mean(r["p99_us"] for r in rows) / 1000
        self.errors = sum(errors(r) for r in rows)
        self.kb = sum(r["bytes"] for r in rows) / max(1, sum(r["requests"] for r in rows)) / 1024


def load(path: Path) -> tuple[OrderedDict, dict]:
    by: OrderedDict[str, list[dict]] = OrderedDict()
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    for row in rows:
        by.setdefault(row["name"], []).append(row)
    return OrderedDict((n, Target(rs)) for n, rs in by.items()), (rows[0].get("meta", {})
                                                                    if rows else {})


def fmt_rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def run(cmd: list[str], **kw) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True, **kw).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1])
                  for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return (f"{os.cpu_count()} CPUs (nproc {run(['nproc'])}), {cpu}, "
            f"{mem_kb / 1024 / 1024:.1f} GiB RAM, Linux {platform.release()}")


def software() -> str:
    py = ROOT / ".venv/bin/python"
    versions = run([str(py), "-c", (
        "import platform, sqlite3; from importlib.metadata import version as v;"
        "print('Python', platform.python_version() + ', Django', v('django') + ', gunicorn',"
        " v('gunicorn') + ', whitenoise', v('whitenoise') + ', psycopg', v('psycopg') + ','"
        " ' SQLite', sqlite3.sqlite_version)")])
    pg = run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-At", "-c", "SHOW server_version"])
    pkgs = run(["dpkg-query", "-W", "-f=${Package} ${Version}; ",
                "wordpress", "php8.2-fpm", "mariadb-server", "nginx", "wrk"])
    return (f"Broadsheet: {versions}, PostgreSQL {pg.split()[0] if pg else '?'}. "
            f"WordPress side (Debian packages): {pkgs.strip().rstrip(';')}")


def commit() -> str:
    head = run(["git", "-C", str(ROOT), "rev-parse", "HEAD"])
    dirty = run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all",
                 "--", "src"])
    changed = len(dirty.splitlines()) if dirty else 0
    text = f"`{head}`" if head else "unknown"
    if changed:
        text += (f" plus {changed} uncommitted file(s) under src/ (the work tree as it was "
                 f"during the run)")
    return text


def section_text(targets: OrderedDict, meta: dict, args, stamp: str) -> str:
    def cell(name: str) -> list[str]:
        t = targets.get(name)
        if t is None:
            return ["–", "–", "–"]
        return [fmt_rps(t.rps), f"{t.p50:.1f}", f"{t.p99:.1f}"]

    def ratio(name: str, ref: str) -> str:
        if name in targets and ref in targets:
            return f"**{targets[name].rps / targets[ref].rps:.2f}×**"
        return "–"

    out = [HEADING, ""]
    out.append(
        f"Measured {stamp} with `bash bench/pages.sh`: the production server "
        f"(`broadsheet serve`, gunicorn + whitenoise, debug off) on SQLite and on PostgreSQL, "
        f"and WordPress, serving the same 2,000-article corpus and measured in the **same "
        f"interleaved wrk rounds** (`wrk -t{meta.get('threads')} -c{meta.get('conns')} "
        f"-d{meta.get('duration')}`, {meta.get('warmup')} warm-up per target, "
        f"{meta.get('rounds')} rounds A-B-B-A, all on 127.0.0.1). Figures are means over the "
        f"rounds; latency in ms. The ratio is Broadsheet req/s over WordPress req/s for the "
        f"same page type (goal: {GOAL:.0f}× on every page type).")
    out.append("")
    head = ["Page", "WordPress req/s", "p50", "p99"]
    for label, _ in DATABASES:
        head += [f"Broadsheet {label} req/s", "p50", "p99", "vs WP"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for page, wp, suffix in PAGES:
        cells = [page, *cell(wp)]
        for _, prefix in DATABASES:
            cells += [*cell(f"{prefix}_{suffix}"), ratio(f"{prefix}_{suffix}", wp)]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")

    context = [(page, name) for page, name in CONTEXT if name in targets]
    if context:
        out.append("For context, the same WordPress pages behind an nginx fastcgi page cache "
                   "(what a page-cache plugin gives; every request a cache hit, bounded by wrk "
                   "itself on this machine):")
        out.append("")
        out.append("| Page | cached WordPress req/s | p50 | p99 |")
        out.append("|---|---|---|---|")
        for page, name in context:
            out.append("| " + " | ".join([page, *cell(name)]) + " |")
        out.append("")

    loads = [r.get("loadavg_before") for t in targets.values() for r in t.rows
             if r.get("loadavg_before") is not None]
    if loads:
        out.append(f"1-minute load average just before each measurement: {min(loads):.2f} to "
                   f"{max(loads):.2f} (the benchmark's own servers and wrk account for about 2 "
                   f"on this {os.cpu_count()}-CPU machine; more means other work was running "
                   f"and every figure is lower than on a quiet machine).")
        out.append("")
    bad = {n: t.errors for n, t in targets.items() if t.errors}
    out.append("Every page was checked before the load: HTTP 200 and the expected headline in "
               "the HTML. " + ("Errors during the load: " + ", ".join(
                   f"{n} {e}" for n, e in bad.items()) + "." if bad else
                   "No errors or non-2xx responses during the load."))
    out.append("")

    out.append("<details><summary>Every target, every round (raw figures)</summary>")
    out.append("")
    out.append("| target | URL | req/s by round | p50 ms by round | p99 ms by round | errors "
               "| KB/response |")
    out.append("|---|---|---|---|---|---|---|")
    for name, t in targets.items():
        out.append("| " + " | ".join([
            name, f"`{t.url}`", " / ".join(fmt_rps(v) for v in t.rounds),
            " / ".join(f"{r['p50_us'] / 1000:.1f}" for r in t.rows),
            " / ".join(f"{r['p99_us'] / 1000:.1f}" for r in t.rows),
            str(t.errors), f"{t.kb:.1f}"]) + " |")
    out.append("")
    raw = args.jsonl.relative_to(ROOT) if args.jsonl.is_relative_to(ROOT) else args.jsonl
    out.append(f"Raw results: `{raw}`.")
    out.append("")
    out.append("</details>")
    out.append("")

    out.append("**Setup**")
    out.append("")
    out.append(f"- Date: {stamp}. Broadsheet commit: {commit()}.")
    out.append(f"- Machine: {machine()}. wrk, nginx, php-fpm, MariaDB, PostgreSQL and both "
               f"gunicorn servers share these cores.")
    out.append(f"- Software: {software()}.")
    kind = "gthread workers" if args.threads > 1 else "sync workers"
    out.append(f"- Broadsheet server: `broadsheet serve --workers {args.workers} --threads "
               f"{args.threads}` (gunicorn {kind}), "
               f"`BROADSHEET_DEBUG=0`, `BROADSHEET_HTTPS=0` (plain HTTP on loopback), "
               f"persistent database connections (`BROADSHEET_DB_CONN_MAX_AGE` default 60 s), "
               f"gunicorn's access log to a file as `broadsheet serve` ships it. Each run builds "
               f"fresh databases: migrate, `bench/load_wordpress_corpus.py` (through the content "
               f"services), `ANALYZE`.")
    out.append(f"- WordPress: the peer's setup (`{PEER}/README.md`): WordPress 6.1 + Twenty "
               f"Twenty-Three, php-fpm 2 static workers with OPcache, MariaDB, nginx; no page "
               f"cache on the measured rows.")
    out.append("- Same content on both: 5 categories → sections, 50 tags → topics, 3 authors, "
               "2,000 posts (2023-2024, ~630 words) → published articles. The article measured "
               "is the same post on both sites (the middle one of the corpus); the section page "
               "is the same category (business). WordPress lists 10 posts per page; Broadsheet "
               f"lists {os.environ.get('BROADSHEET_PAGE_SIZE', '20')} (its default page size).")
    out.append("")
    out.append("**Commands**")
    out.append("")
    out.append("```sh")
    out.append(f"sudo {PEER}/setup.sh     # once: WordPress from Debian's packages + the corpus "
               f"(/var/tmp/wpbench/content.json)")
    out.append("bash bench/pages.sh       # fresh databases, load, serve, check, measure, "
               "rewrite this section")
    out.append("# what pages.sh runs, in short:")
    out.append("DATABASE_URL=... .venv/bin/broadsheet migrate")
    out.append("DATABASE_URL=... .venv/bin/python bench/load_wordpress_corpus.py "
               "/var/tmp/wpbench/content.json")
    out.append("DATABASE_URL=... .venv/bin/broadsheet serve --bind 127.0.0.1:9000|9001 "
               f"--workers {args.workers} --threads {args.threads}")
    out.append(f"EXTRA_TARGETS=<bs targets> REF=post {PEER}/run.sh "
               "post home category cached_post cached_home \\")
    out.append("    bs_sqlite_post bs_sqlite_home bs_sqlite_section bs_pg_post bs_pg_home "
               "bs_pg_section")
    out.append(".venv/bin/python bench/pages_report.py bench/results/pages/<stamp>.jsonl")
    out.append("```")
    out.append("")
    notes = ROOT / "bench" / "pages_notes.md"
    if notes.exists():
        out.append(notes.read_text().strip())
        out.append("")
    return "\n".join(out)


def replace_section(document: str, section: str) -> str:
    """``document`` with our section replaced (or appended), other sections untouched."""
    if not document.strip():
        return f"{FILE_TITLE}\n\n{section}\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\s*$.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(document):
        return pattern.sub(lambda _: section.rstrip() + "\n\n", document, count=1).rstrip() + "\n"
    return document.rstrip() + "\n\n" + section.rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    args.jsonl = args.jsonl.resolve()
    targets, meta = load(args.jsonl)
    match = re.search(r"(\d{8}T\d{6}Z)", args.jsonl.name)
    stamp = (datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
             if match else datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    section = section_text(targets, meta, args, stamp)
    document = args.results.read_text() if args.results.exists() else ""
    args.results.write_text(replace_section(document, section))
    print(section.split("<details>")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Page-load benchmark: Broadsheet's article, home and section pages against WordPress.
#
#   bash bench/pages.sh                 # the whole run, ~7 min; table into bench/RESULTS.md
#
# Both sites serve the same 2,000-article corpus (written by the WordPress peer,
# ../shared/peers/wordpress, which also sets WordPress up from Debian's packages).
# For each database (SQLite, PostgreSQL) this builds a fresh Broadsheet database,
# loads the corpus through the content services, starts the production server
# (`broadsheet serve`: gunicorn + whitenoise, debug off), checks every page answers
# 200 with its headline, and then lets the peer's run.sh measure WordPress and both
# Broadsheet servers in the same interleaved wrk rounds. Everything listens on
# 127.0.0.1 and everything this script starts is stopped when it ends.
#
# Settings (environment):
#   BENCH_DATA_DIR=/var/tmp/broadsheet-bench   SQLite file, static files, logs, PID files
#   BS_WORKERS=2 BS_THREADS=1                  gunicorn sync workers (see RESULTS.md for why)
#   BS_SQLITE_PORT=9000 BS_PG_PORT=9001
#   BS_PG_URL=postgres://postgres@127.0.0.1:5432   server; database broadsheet_bench_web is recreated
#   BS_PG_DB=broadsheet_bench_web
#   WP_TARGETS="post home category cached_post cached_home"   WordPress rows to measure
#   ROUNDS DURATION WARMUP THREADS CONNS       passed to the peer's run.sh (2, 15s, 3s, 2, 16)
#   NO_REPORT=1                                measure only; do not touch RESULTS.md
#   LOAD_MAX=1.5 LOAD_WAIT=900                 before measuring, wait up to LOAD_WAIT s for the
#                                              1-minute load average to fall below LOAD_MAX (other
#                                              work on the machine skews every figure); then go on
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WPB_DIR=${WPB_DIR:-$(cd "$ROOT/../shared/peers/wordpress" && pwd)}
WPB_STATE=${WPB_STATE:-/var/tmp/wpbench}
DATA=${BENCH_DATA_DIR:-/var/tmp/broadsheet-bench}
PY=$ROOT/.venv/bin/python
BS=$ROOT/.venv/bin/broadsheet
BS_WORKERS=${BS_WORKERS:-2}
BS_THREADS=${BS_THREADS:-1}
BS_SQLITE_PORT=${BS_SQLITE_PORT:-9000}
BS_PG_PORT=${BS_PG_PORT:-9001}
BS_PG_URL=${BS_PG_URL:-postgres://postgres@127.0.0.1:5432}
BS_PG_DB=${BS_PG_DB:-broadsheet_bench_web}
WP_TARGETS=${WP_TARGETS:-post home category cached_post cached_home}
CORPUS=$WPB_STATE/content.json
RES_DIR=$ROOT/bench/results/pages
T0=$(date +%s)
log() { printf '[pages %3ds] %s\n' $(( $(date +%s) - T0 )) "$*"; }

mkdir -p "$DATA/log" "$RES_DIR"

# ------------------------------------------------------------------ WordPress
if [ ! -s "$CORPUS" ] || [ ! -f "$WPB_STATE/nginx.conf" ]; then
    log "WordPress baseline not set up yet: running $WPB_DIR/setup.sh (needs root)"
    "$WPB_DIR/setup.sh"
fi

# ------------------------------------------------------------------ environment
export DJANGO_SETTINGS_MODULE=broadsheet.settings.base
export BROADSHEET_DEBUG=0
export BROADSHEET_SECRET_KEY=${BROADSHEET_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')}
export BROADSHEET_ALLOWED_HOSTS=127.0.0.1,localhost
export BROADSHEET_HTTPS=0
export BROADSHEET_DATA_DIR=$DATA
export BROADSHEET_STATIC_ROOT=$DATA/static
SQLITE_URL="sqlite:///$DATA/broadsheet.sqlite3"
PG_URL="$BS_PG_URL/$BS_PG_DB"

pidfiles=()
stop_servers() {
    local f pid i
    for f in "${pidfiles[@]}"; do
        [ -s "$f" ] || continue
        pid=$(tr -dc '0-9' <"$f")
        # only the gunicorn master this script started (its PID file, still gunicorn)
        if [ -n "$pid" ] && grep -q gunicorn "/proc/$pid/cmdline" 2>/dev/null; then
            kill -TERM "$pid"
            for ((i = 0; i < 100; i++)); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
            log "stopped gunicorn (pid $pid)"
        fi
        rm -f "$f"
    done
}
trap stop_servers EXIT

# ------------------------------------------------------------------ databases
prepare() {  # label database-url
    local label=$1 url=$2
    log "$label: migrate"
    DATABASE_URL=$url "$BS" migrate --verbosity 0 --no-input
    log "$label: load corpus ($CORPUS)"
    # A bulk import: per-article index tasks are deferred, then both indexes are built once.
    DATABASE_URL=$url BROADSHEET_TASKS_BACKEND=django_tasks.backends.dummy.DummyBackend \
        "$PY" "$ROOT/bench/load_wordpress_corpus.py" "$CORPUS" | tail -1
    DATABASE_URL=$url "$BS" search rebuild | tail -1
    DATABASE_URL=$url "$BS" related rebuild | tail -1
    # Fresh statistics for the query planners, as the peer does for MariaDB (ANALYZE TABLE).
    DATABASE_URL=$url "$PY" - <<'EOF'
import django
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("ANALYZE")
EOF
}

log "SQLite: fresh database in $DATA"
rm -f "$DATA/broadsheet.sqlite3" "$DATA/broadsheet.sqlite3-wal" "$DATA/broadsheet.sqlite3-shm"
prepare SQLite "$SQLITE_URL"

log "PostgreSQL: fresh database $BS_PG_DB"
"$PY" - "$BS_PG_URL/postgres" "$BS_PG_DB" <<'EOF'
import sys
import psycopg
from psycopg import sql
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(sys.argv[2])))
    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(sys.argv[2])))
EOF
prepare PostgreSQL "$PG_URL"

log "collectstatic"
"$BS" collectstatic --no-input --verbosity 0

# ------------------------------------------------------------------ servers
start_server() {  # label database-url port
    local label=$1 url=$2 port=$3 pidfile=$DATA/gunicorn-$1.pid i
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
        echo "port $port is already in use; stop that server first" >&2; exit 1
    fi
    rm -f "$pidfile"
    pidfiles+=("$pidfile")
    DATABASE_URL=$url setsid "$BS" serve --bind "127.0.0.1:$port" \
        --workers "$BS_WORKERS" --threads "$BS_THREADS" --pid "$pidfile" \
        >"$DATA/log/serve-$label.log" 2>&1 </dev/null &
    for ((i = 0; i < 200; i++)); do
        if [ -s "$pidfile" ] && curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
            log "$label: broadsheet serve on 127.0.0.1:$port, $BS_WORKERS worker(s) x $BS_THREADS thread(s), pid $(cat "$pidfile")"
            return
        fi
        sleep 0.1
    done
    tail -30 "$DATA/log/serve-$label.log" >&2
    echo "$label server did not come up" >&2; exit 1
}
start_server sqlite "$SQLITE_URL" "$BS_SQLITE_PORT"
start_server pg "$PG_URL" "$BS_PG_PORT"

# ------------------------------------------------------------------ targets
# The same article as the peer's "post" target (the middle post of the corpus), the home
# page, and the section of the peer's "category" target; each with a headline it must show.
targets_for() {  # prefix database-url port
    DATABASE_URL=$2 "$PY" - "$1" "$3" "$CORPUS" "${WPB_CATEGORY:-business}" <<'EOF'
import json, sys
import django
django.setup()
from django.utils.html import escape
from broadsheet.content import selectors
from broadsheet.content.models import Article
prefix, port, corpus, category = sys.argv[1:5]
posts = json.load(open(corpus))["posts"]
base = f"http://127.0.0.1:{port}"
article = Article.objects.get(slug=posts[len(posts) // 2]["slug"])
newest = Article.objects.live().order_by("-published_at", "-id").first()
section = selectors.section_get_by_path(path=category)
in_section = selectors.section_articles(section=section).order_by("-published_at", "-id").first()
print(f"{prefix}_post {base}{article.get_absolute_url()} {escape(article.headline)}")
print(f"{prefix}_home {base}/ {escape(newest.headline)}")
print(f"{prefix}_section {base}{section.get_absolute_url()} {escape(in_section.headline)}")
EOF
}
TARGETS=$DATA/targets.txt
{ targets_for bs_sqlite "$SQLITE_URL" "$BS_SQLITE_PORT"; targets_for bs_pg "$PG_URL" "$BS_PG_PORT"; } >"$TARGETS"

log "checking Broadsheet pages (200 and the expected headline)"
bad=0
while read -r name url want; do
    body=$(mktemp)
    code=$(curl -s -o "$body" -w '%{http_code}' --max-time 30 "$url" || echo 000)
    if [ "$code" = 200 ] && grep -qF -- "$want" "$body"; then
        printf '  ok   %-18s %s  %s  %6d bytes\n' "$name" "$code" "$url" "$(stat -c %s "$body")"
    else
        printf '  FAIL %-18s %s  %s  %6d bytes (wanted "%s")\n' "$name" "$code" "$url" "$(stat -c %s "$body")" "$want"; bad=1
    fi
    rm -f "$body"
done <"$TARGETS"
[ "$bad" = 0 ] || { echo "a Broadsheet page failed its check; not measuring" >&2; exit 1; }

# ------------------------------------------------------------------ load
LOAD_MAX=${LOAD_MAX:-1.5} LOAD_WAIT=${LOAD_WAIT:-900}
waited=0
until awk -v max="$LOAD_MAX" '{exit !($1 < max)}' /proc/loadavg; do
    if ((waited >= LOAD_WAIT)); then
        log "WARNING: load average still $(cut -d' ' -f1-3 /proc/loadavg) after ${LOAD_WAIT}s; measuring anyway"
        break
    fi
    ((waited % 60)) || log "waiting for a quieter machine: load average $(cut -d' ' -f1-3 /proc/loadavg) (want < $LOAD_MAX)"
    sleep 10; waited=$((waited + 10))
done
bs_names=$(awk '{print $1}' "$TARGETS" | tr '\n' ' ')
before=$(ls "$RES_DIR"/*.jsonl 2>/dev/null | sort | tail -1 || true)
log "measuring: $WP_TARGETS $bs_names"
EXTRA_TARGETS=$TARGETS REF=post RES_DIR=$RES_DIR "$WPB_DIR/run.sh" $WP_TARGETS $bs_names
result=$(ls "$RES_DIR"/*.jsonl | sort | tail -1)
[ "$result" != "$before" ] || { echo "run.sh wrote no result" >&2; exit 1; }

# ------------------------------------------------------------------ report
stop_servers
if [ "${NO_REPORT:-0}" != 1 ]; then
    "$PY" "$ROOT/bench/pages_report.py" "$result" --results "$ROOT/bench/RESULTS.md" \
        --workers "$BS_WORKERS" --threads "$BS_THREADS"
    log "bench/RESULTS.md updated from $result"
fi
log "done"

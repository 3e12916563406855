#!/usr/bin/env bash
# Lighthouse (mobile) on every reader page type of the launch content, served by
# gunicorn with production settings: the table in docs/lighthouse.md.
#   tools/lighthouse.sh [port]      needs make setup, Node 20 and Debian's chromium
#   LH_IMAGES=1 tools/lighthouse.sh  the same on a copy of the database in which every
#                                    show, credited person and write-up has a generated
#                                    image (tools/generated_images.py)
# Lighthouse is pinned at 12.2.3 (13 needs Node 22) and installed under var/, not in
# the project's package.json: CI does not need it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-8097}
LH_DIR=var/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  npm i -E --prefix "$LH_DIR" --no-audit --no-fund --loglevel=error lighthouse@12.2.3
export DJANGO_DEBUG=false DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(head -c 48 /dev/urandom | base64)}"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SERVE_MEDIA=true
export DJANGO_SETTINGS_MODULE=reviews_site.settings
if [ "${LH_IMAGES:-}" = 1 ]; then
  rm -rf "$LH_DIR/media" "$LH_DIR/images.sqlite3"
  cp db.sqlite3 "$LH_DIR/images.sqlite3"
  export DATABASE_URL="sqlite:///$PWD/$LH_DIR/images.sqlite3" DJANGO_MEDIA_ROOT="$PWD/$LH_DIR/media"
  DJANGO_DEBUG=true .venv/bin/python -m tools.generated_images
fi
.venv/bin/python manage.py collectstatic --no-input -v 0
.venv/bin/gunicorn reviews_site.wsgi --workers 2 --bind "127.0.0.1:$PORT" \
  --control-socket "$LH_DIR/gunicorn.ctl" >"$LH_DIR/gunicorn.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 3
DJANGO_DEBUG=true .venv/bin/python - >"$LH_DIR/urls.tsv" <<'PYTHON'
import django

django.setup()
from tools.bench.pages import PAGE_TYPES, pick_urls

urls = pick_urls()
for name in PAGE_TYPES:
    if name not in ("feed", "sitemap"):  # not HTML pages
        print(f"{name}\t{urls[name]}")
PYTHON
printf '| page | address | performance | accessibility | best practices | SEO |\n|---|---|---:|---:|---:|---:|\n'
while IFS=$'\t' read -r name path; do
  report="$LH_DIR/${name// /-}.json"
  for attempt in 1 2 3; do  # Chromium's trace is sometimes lost (NO_NAVSTART): run again
    "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" --quiet \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" --form-factor=mobile \
      --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$report" </dev/null >/dev/null 2>&1 || true
    .venv/bin/python -c 'import json, sys; sys.exit(bool(json.load(open(sys.argv[1])).get("runtimeError")))' \
      "$report" 2>/dev/null && break
  done
  .venv/bin/python - "$name" "$path" "$report" <<'PYTHON'
import json
import sys

name, path, report = sys.argv[1:]
scores = json.load(open(report))["categories"]
row = [round(scores[key]["score"] * 100) for key in ("performance", "accessibility", "best-practices", "seo")]
print(f"| {name} | `{path}` | " + " | ".join(map(str, row)) + " |")
PYTHON
done <"$LH_DIR/urls.tsv"

#!/usr/bin/env bash
# Issue 10 item 13: backup → change → restore gives back the backed-up installation, uploaded
# files included, on the database given (first argument: an empty PostgreSQL database) or a
# new SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export GONGYE_VAR_DIR="$tmp/var" DATABASE_URL="${1:-sqlite:///$tmp/var/gongye.sqlite3}"
mkdir -p "$GONGYE_VAR_DIR"
py="$PWD/.venv/bin/python"
"$py" manage.py migrate --noinput -v 0
"$py" manage.py createcachetable
"$py" manage.py load_demo --quiet-accounts >/dev/null
"$py" manage.py shell -v 0 -c "exec(open('.ci/backup_restore.py').read()); before()"
"$py" manage.py backup "$tmp/backup.tar.gz"
"$py" manage.py shell -v 0 -c "exec(open('.ci/backup_restore.py').read()); change()"
if "$py" manage.py restore "$tmp/backup.tar.gz" 2>/dev/null; then
  echo "restore without --yes should refuse" >&2; exit 1
fi
"$py" manage.py restore --yes "$tmp/backup.tar.gz"
"$py" manage.py shell -v 0 -c "exec(open('.ci/backup_restore.py').read()); after()"
if "$py" manage.py help audit_verify >/dev/null 2>&1; then
  "$py" manage.py audit_verify
fi

#!/usr/bin/env bash
# Issue 9: a database made by `make run` before the apps were split migrates forward cleanly.
# The old code is the commit that landed before issue 9; it runs with this checkout's virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=2b87dbd
git rev-parse --verify --quiet "$BASE^{commit}" >/dev/null || {
  echo "migrate-forward: commit $BASE is not in this clone (a shallow clone?)" >&2
  exit 1
}
tmp="$(mktemp -d)"
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --quiet --detach "$tmp/old" "$BASE"
ln -s "$PWD/node_modules" "$tmp/old/node_modules"
mkdir -p "$tmp/var"
# the database: the first argument (an empty PostgreSQL database), else a new SQLite file
export GONGYE_VAR_DIR="$tmp/var" DATABASE_URL="${1:-sqlite:///$tmp/var/gongye.sqlite3}"
py="$PWD/.venv/bin/python"
check="exec(open('$PWD/.ci/migrate_forward.py').read())"
(
  cd "$tmp/old"
  "$py" manage.py migrate --noinput -v 0
  "$py" manage.py createcachetable
  "$py" manage.py load_demo --quiet-accounts >/dev/null
  "$py" manage.py shell -v 0 -c "$check; before()"
)
"$py" manage.py migrate --noinput -v 0
"$py" manage.py shell -v 0 -c "$check; after()"

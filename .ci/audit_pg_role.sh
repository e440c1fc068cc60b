#!/usr/bin/env bash
# The audit log on PostgreSQL as production runs it (README, "Production"): migrate as the
# owner, grant docs/postgresql_app_role.sql to an application role that owns nothing, then as
# that role append, try to rewrite (UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER, replica mode:
# all refused) and verify the chain (.ci/audit_pg_role.py).
set -euo pipefail
cd "$(dirname "$0")/.."
db="gongye_ci_audit_$$"
app="gongye_ci_app_$$"
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
cleanup() {
  pg -c "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1 || true
  pg -c "DROP ROLE IF EXISTS $app" postgres >/dev/null 2>&1 || true
}
trap cleanup EXIT
pg -c "CREATE DATABASE $db" postgres
pg -c "CREATE ROLE $app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" postgres
export GONGYE_VAR_DIR="${GONGYE_VAR_DIR:-$(mktemp -d)}"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" .venv/bin/python manage.py migrate -v0
pg -v app="$app" -v DBNAME="$db" -f docs/postgresql_app_role.sql "$db"
DATABASE_URL="postgres://$app@127.0.0.1:5432/$db" .venv/bin/python .ci/audit_pg_role.py

-- Production on PostgreSQL: the application runs as a role that does not own the audit tables.
-- Migrate as the owner (DATABASE_URL of the owner), then, as the owner:
--   psql -v app=gongye_app -f docs/postgresql_app_role.sql <database>
-- and run the web server and the worker with DATABASE_URL=postgres://gongye_app@…/<database>.
-- Run it again after each migration that adds tables (the grants are per table).
--
-- The app role keeps full use of the business tables, but on the audit log and its anchors
-- only SELECT and INSERT (no UPDATE, DELETE or TRUNCATE; not the owner, so it can neither
-- disable nor drop the append-only triggers, nor set session_replication_role), and on the
-- chain head only what an append needs (SELECT … FOR UPDATE and UPDATE of its one row).
GRANT CONNECT ON DATABASE :"DBNAME" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
REVOKE ALL ON audit_auditentry, audit_auditanchor, audit_auditchainhead FROM :"app";
GRANT SELECT, INSERT ON audit_auditentry, audit_auditanchor TO :"app";
GRANT SELECT, UPDATE ON audit_auditchainhead TO :"app";

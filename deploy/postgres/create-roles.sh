#!/bin/sh
# The warehouse's two PostgreSQL roles, created when PostgreSQL first initialises an empty data directory: the
# postgres image runs /docker-entrypoint-initdb.d/* once, as its bootstrap superuser (POSTGRES_USER), after it has
# created POSTGRES_DB.
#   DB_OWNER_USER (default etl_owner) owns POSTGRES_DB and its schema; the warehouse's Flyway migrates as it.
#   DB_APP_USER (default etl_app) is what the warehouse runs as; the migrations grant it what it needs.
# Neither is a superuser or may create roles or databases. The passwords come from DB_OWNER_PASSWORD and
# DB_APP_PASSWORD in the environment and reach psql through \getenv, never through a command line.
# docker-compose.yml mounts this file; deploy/kubernetes/postgres-init.yaml holds a copy (devstack's
# KubernetesManifestsTest checks that the two are the same). The image sources a script that is not executable,
# so this one sets no shell option the image's entrypoint does not set itself.
set -e
: "${DB_OWNER_PASSWORD:?DB_OWNER_PASSWORD must be set}"
: "${DB_APP_PASSWORD:?DB_APP_PASSWORD must be set}"
export DB_OWNER_USER="${DB_OWNER_USER:-etl_owner}" DB_APP_USER="${DB_APP_USER:-etl_app}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv owner DB_OWNER_USER
\getenv owner_password DB_OWNER_PASSWORD
\getenv app DB_APP_USER
\getenv app_password DB_APP_PASSWORD
\getenv db POSTGRES_DB
create role :"owner" login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'owner_password';
create role :"app" login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'app_password';
-- the owner of the database owns its schema public as well (PostgreSQL 15 and later)
alter database :"db" owner to :"owner";
SQL

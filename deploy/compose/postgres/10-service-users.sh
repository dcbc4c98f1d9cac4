#!/bin/sh
# docker-compose only: one database, one login role and one schema per service, each role owning only its
# schema (Flyway migrates into it). Passwords come from the postgres container's environment (dev-only values
# in docker-compose.yml). Runs once, on an empty data volume (docker-entrypoint-initdb.d).
set -eu

create_service_role() {
  role="$1"; password="$2"; schema="$3"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
       -v role="$role" -v password="$password" -v schema="$schema" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE SCHEMA :"schema" AUTHORIZATION :"role";
REVOKE ALL ON SCHEMA public FROM :"role";
ALTER ROLE :"role" SET search_path = :"schema";
SQL
}

create_service_role quote_svc   "$QUOTE_DB_PASSWORD"   quote
create_service_role webhook_svc "$WEBHOOK_DB_PASSWORD" webhook
create_service_role ygg_svc     "$YGG_DB_PASSWORD"     ygg

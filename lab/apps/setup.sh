#!/bin/sh
# The real-application lab's packages from Debian (installed only when missing): Django 3.2 with
# django-prometheus, FastAPI 0.92 / Starlette on uvicorn 0.17, the PostgreSQL drivers psycopg2
# and asyncpg, pymemcache, and the services PostgreSQL 15 (with contrib, for pg_stat_statements)
# and memcached. The lab runs its own PostgreSQL cluster and memcached on 127.0.0.1 under a
# temporary directory (lab/apps/services.mjs); it never starts the system services. The load grid
# (run.mjs) also needs gevent (gunicorn's gevent workers), wrk and locust.
set -e
missing=""
for c in gunicorn uvicorn nginx memcached wrk /usr/bin/locust /usr/lib/postgresql/15/bin/initdb; do
  command -v "$c" >/dev/null 2>&1 || missing="yes"
done
[ -e /usr/share/postgresql/15/extension/pg_stat_statements.control ] || missing="yes"
for m in gevent django psycopg2 asyncpg pymemcache fastapi starlette uvicorn django_prometheus prometheus_client; do
  /usr/bin/python3 -c "import $m" 2>/dev/null || missing="yes"
done
if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "lab/apps: installing python3-django, postgresql, memcached, python3-psycopg2, python3-asyncpg, python3-pymemcache, python3-fastapi, uvicorn, python3-django-prometheus and friends, nginx, wrk, locust"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    python3-django postgresql postgresql-contrib memcached python3-psycopg2 python3-asyncpg \
    python3-pymemcache python3-fastapi python3-starlette uvicorn python3-django-prometheus \
    python3-prometheus-client nginx gunicorn python3-gevent wrk python3-locust >/dev/null
fi

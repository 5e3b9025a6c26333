"""gunicorn configuration for Django under gevent workers: gunicorn -c gunicorn_gevent.py -k gevent.

psycopg2 waits for PostgreSQL inside libpq, where gevent cannot switch greenlets: one query would
stall every request of the worker. A wait callback makes psycopg2 wait on gevent's sockets
instead (what the psycogreen package does; Debian does not package it, so it is written here).
"""

import os

# Each greenlet is a "thread" to Django, so persistent connections would pile up, one per
# greenlet ever run: close each request's connection instead.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")


def _wait(connection, timeout=None):
    from gevent.socket import wait_read, wait_write
    from psycopg2 import OperationalError, extensions

    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            wait_read(connection.fileno(), timeout=timeout)
        elif state == extensions.POLL_WRITE:
            wait_write(connection.fileno(), timeout=timeout)
        else:
            raise OperationalError("unexpected psycopg2 poll state %r" % state)


def post_fork(server, worker):
    from psycopg2 import extensions

    extensions.set_wait_callback(_wait)

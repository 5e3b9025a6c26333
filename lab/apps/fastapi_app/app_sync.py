"""The shop's endpoints (see lab/apps/django_site/shop/views.py) in FastAPI with the synchronous
driver psycopg2: plain `def` endpoints, which Starlette runs in its thread pool (anyio's default
of 40 threads), each borrowing a connection from a pool of POOL_SIZE per process.

    uvicorn --app-dir lab/apps/fastapi_app app_sync:app --no-access-log
"""

import threading
from contextlib import contextmanager

import psycopg2
import psycopg2.pool
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pymemcache.client.base import PooledClient

import common
from instrument import Instrumented, metrics


class BlockingPool:
    """psycopg2's ThreadedConnectionPool raises PoolError when every connection is out; a web
    application's threads should wait for one instead, as Django's or SQLAlchemy's would."""

    def __init__(self, size):
        # minconn = maxconn: psycopg2's putconn closes every connection it gets back beyond
        # minconn, so a pool of (1, size) reopens connections under concurrency (the first grid,
        # data/realapp-2026-12-03, measured 2-3x the database CPU per request at 8 connections).
        self._pool = psycopg2.pool.ThreadedConnectionPool(size, size, **_dsn())
        self._free = threading.BoundedSemaphore(size)

    @contextmanager
    def cursor(self):
        """A cursor in a transaction: committed at the end, rolled back on an exception."""
        with self._free:
            connection = self._pool.getconn()
            try:
                with connection, connection.cursor() as cursor:
                    yield cursor
            finally:
                self._pool.putconn(connection, close=bool(connection.closed))

    def close(self):
        self._pool.closeall()


def _dsn():
    pg = dict(common.PG)
    return {
        "host": pg["host"],
        "port": pg["port"],
        "dbname": pg["database"],
        "user": pg["user"],
        "password": pg["password"],
    }


P = {"limit": "%s", "offset": "%s", "id": "%s", "quantity": "%s", "customer": "%s"}
db = None
cache = None


def start():
    global db, cache
    db = BlockingPool(common.POOL_SIZE)
    # No max_pool_size: pymemcache's pool raises ("Too many objects") rather than wait when it
    # is full; unbounded, it grows to the threads that use it at once (at most the 40).
    # no_delay: pymemcache sends `set` without waiting for the reply (default_noreply) and leaves
    # Nagle's algorithm on, so the next `get` on that socket waits for memcached's delayed ACK,
    # about 40 ms (seen in the first grid on detail-page misses). Django's backend asks for replies.
    cache = PooledClient((common.MEMCACHED_HOST, common.MEMCACHED_PORT), no_delay=True)


def stop():
    db.close()
    cache.close()


app = FastAPI(on_startup=[start], on_shutdown=[stop], openapi_url=None)
app.add_middleware(Instrumented)
app.add_api_route("/metrics", metrics, methods=["GET"])


@app.get("/products/", response_class=HTMLResponse)
def product_list(page: int = 1):
    page = max(1, page)
    with db.cursor() as cursor:
        cursor.execute(common.LIST_SQL.format(**P), (common.PAGE, (page - 1) * common.PAGE))
        columns = [c.name for c in cursor.description]
        products = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return common.render("product_list.html", products=products, page=page)


@app.get("/products/{product_id}/")
def product_detail(product_id: int):
    key = common.cache_key(product_id)
    page = cache.get(key)
    if page is None:
        with db.cursor() as cursor:
            cursor.execute(common.DETAIL_SQL.format(**P), (product_id,))
            row = cursor.fetchone()
            if row is None:
                return PlainTextResponse("no such product\n", status_code=404)
            product = dict(zip([c.name for c in cursor.description], row))
            cursor.execute(common.ORDERS_SQL.format(**P), (product_id,))
            columns = [c.name for c in cursor.description]
            orders = [dict(zip(columns, r)) for r in cursor.fetchall()]
        page = common.render("product_detail.html", product=product, orders=orders).encode()
        cache.set(key, page, expire=common.CACHE_SECONDS)
    return Response(page, media_type="text/html; charset=utf-8")


@app.post("/orders/")
def create_order(order: common.OrderIn):
    with db.cursor() as cursor:
        # The update takes the product's row lock first, as a real checkout would.
        cursor.execute(common.TAKE_STOCK_SQL.format(**P), (order.quantity, order.product_id))
        if cursor.fetchone() is None:
            return JSONResponse({"error": "no such product"}, status_code=404)
        cursor.execute(
            common.INSERT_ORDER_SQL.format(**P), (order.product_id, order.quantity, order.customer)
        )
        order_id = cursor.fetchone()[0]
    return {"id": order_id}


@app.get("/health", response_class=PlainTextResponse)
def health():
    return "ok\n"

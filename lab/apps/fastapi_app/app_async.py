"""The shop's endpoints (see lab/apps/django_site/shop/views.py) in FastAPI with the asynchronous
driver asyncpg: `async def` endpoints on the event loop, a pool of POOL_SIZE connections per
process, and memcached through the small asyncio client in amemcache.py.

    uvicorn --app-dir lab/apps/fastapi_app app_async:app --no-access-log
"""

import asyncpg
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

import amemcache
import common
from instrument import Instrumented, metrics

P = {"limit": "$1", "offset": "$2", "id": "$1"}
LIST_SQL = common.LIST_SQL.format(**P)
DETAIL_SQL = common.DETAIL_SQL.format(**P)
ORDERS_SQL = common.ORDERS_SQL.format(**P)
TAKE_STOCK_SQL = common.TAKE_STOCK_SQL.format(quantity="$1", id="$2")
INSERT_ORDER_SQL = common.INSERT_ORDER_SQL.format(id="$1", quantity="$2", customer="$3")
db = None
cache = None


async def start():
    global db, cache
    db = await asyncpg.create_pool(min_size=1, max_size=common.POOL_SIZE, **common.PG)
    cache = amemcache.Client(common.MEMCACHED_HOST, common.MEMCACHED_PORT, common.POOL_SIZE)


async def stop():
    await db.close()
    await cache.close()


app = FastAPI(on_startup=[start], on_shutdown=[stop], openapi_url=None)
app.add_middleware(Instrumented)
app.add_api_route("/metrics", metrics, methods=["GET"])


@app.get("/products/", response_class=HTMLResponse)
async def product_list(page: int = 1):
    page = max(1, page)
    products = await db.fetch(LIST_SQL, common.PAGE, (page - 1) * common.PAGE)
    return common.render("product_list.html", products=products, page=page)


@app.get("/products/{product_id}/")
async def product_detail(product_id: int):
    key = common.cache_key(product_id)
    page = await cache.get(key)
    if page is None:
        async with db.acquire() as connection:
            product = await connection.fetchrow(DETAIL_SQL, product_id)
            if product is None:
                return PlainTextResponse("no such product\n", status_code=404)
            orders = await connection.fetch(ORDERS_SQL, product_id)
        page = common.render("product_detail.html", product=product, orders=orders).encode()
        await cache.set(key, page, expire=common.CACHE_SECONDS)
    return Response(page, media_type="text/html; charset=utf-8")


@app.post("/orders/")
async def create_order(order: common.OrderIn):
    async with db.acquire() as connection, connection.transaction():
        # The update takes the product's row lock first, as a real checkout would.
        if await connection.fetchval(TAKE_STOCK_SQL, order.quantity, order.product_id) is None:
            return JSONResponse({"error": "no such product"}, status_code=404)
        order_id = await connection.fetchval(
            INSERT_ORDER_SQL, order.product_id, order.quantity, order.customer
        )
    return {"id": order_id}


@app.get("/health", response_class=PlainTextResponse)
async def health():
    return "ok\n"

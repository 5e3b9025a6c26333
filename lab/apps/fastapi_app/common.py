"""What the two FastAPI applications share: settings from the environment, the SQL (the same
queries the Django site's ORM makes, written by hand), the templates and the order's body.

PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD  the database
MEMCACHED                                       memcached as "host:port"
POOL_SIZE                                       database connections per process (default 10)
ACCESS_LOG                                      file for access lines (default: standard output)
PROMETHEUS_MULTIPROC_DIR                        if set, /metrics shows every worker process
LAB_TCP_NODELAY                                 "1": work around uvicorn 0.17's lost TCP_NODELAY
                                                with several workers (nodelay.py)
"""

import os

import nodelay  # noqa: F401 (patches uvicorn when LAB_TCP_NODELAY=1)

from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel

PG = {
    "host": os.environ.get("PGHOST", "127.0.0.1"),
    "port": int(os.environ.get("PGPORT", "5432")),
    "database": os.environ.get("PGDATABASE", "shop"),
    "user": os.environ.get("PGUSER", "lab"),
    "password": os.environ.get("PGPASSWORD", ""),
}
MEMCACHED_HOST, _, _port = os.environ.get("MEMCACHED", "127.0.0.1:11211").rpartition(":")
MEMCACHED_PORT = int(_port)
POOL_SIZE = int(os.environ.get("POOL_SIZE", "10"))
PAGE = 50
CACHE_SECONDS = 30

# The placeholder differs between the drivers: psycopg2 takes %s, asyncpg $1, $2, ...
LIST_SQL = """
SELECT p.id, p.title, p.price_cents, p.stock, c.name AS category, a.name AS author,
       count(o.id) AS order_count
FROM products p
JOIN categories c ON c.id = p.category_id
JOIN authors a ON a.id = p.author_id
LEFT JOIN orders o ON o.product_id = p.id
GROUP BY p.id, c.id, a.id
ORDER BY p.id DESC
LIMIT {limit} OFFSET {offset}
"""
DETAIL_SQL = """
SELECT p.id, p.title, p.description, p.price_cents, p.stock, c.name AS category, a.name AS author
FROM products p
JOIN categories c ON c.id = p.category_id
JOIN authors a ON a.id = p.author_id
WHERE p.id = {id}
"""
ORDERS_SQL = "SELECT quantity, customer, created_at FROM orders WHERE product_id = {id} ORDER BY created_at DESC LIMIT 5"
TAKE_STOCK_SQL = "UPDATE products SET stock = stock - {quantity} WHERE id = {id} RETURNING id"
INSERT_ORDER_SQL = "INSERT INTO orders (product_id, quantity, customer, created_at) VALUES ({id}, {quantity}, {customer}, now()) RETURNING id"

_templates = Environment(
    loader=FileSystemLoader(os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")),
    autoescape=True,
    keep_trailing_newline=True,  # as Django's templates do: the same bytes from both stacks
)


def render(name, **context):
    return _templates.get_template(name).render(**context)


def cache_key(product_id):
    return "lab:product:%d" % product_id


class OrderIn(BaseModel):
    product_id: int
    quantity: int = 1
    customer: str = "anonymous"

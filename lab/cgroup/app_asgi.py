"""The lab's synthetic application (lab/app.py) as an ASGI application, for uvicorn.

The same query string (cpu, io, bursts, mem, dist, seed) asks for the same work: the CPU bursts
run on the event loop (holding the GIL and blocking the loop, as synchronous code in an async
view does), the waits are `asyncio.sleep`, which frees the loop. The same headers go back
(X-Worker, X-Sent, X-Port, X-Cpu, X-Wall), so lab/latency.lua reads both applications alike.

With LAB_TCP_NODELAY=1 each connection gets TCP_NODELAY (lab/apps/fastapi_app/nodelay.py):
uvicorn 0.17 with several workers otherwise leaves Nagle's algorithm on (40 ms per keep-alive
request).
"""

import asyncio
import os
import random
import sys
import time
from urllib.parse import parse_qs

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # lab/: app.py
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "apps", "fastapi_app"))  # nodelay.py

import nodelay  # noqa: E402,F401  (installs itself when LAB_TCP_NODELAY=1)
from app import _number, _spin  # noqa: E402

_served = 0


async def app(scope, receive, send):
    global _served
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    wall0 = time.perf_counter()
    cpu0 = time.thread_time()
    query = parse_qs(scope.get("query_string", b"").decode())
    cpu = _number(query, "cpu", 0)
    io = _number(query, "io", 0)
    bursts = max(1, int(_number(query, "bursts", 1)))
    mem = int(_number(query, "mem", 0))
    dist = query.get("dist", ["fixed"])[0]
    _served += 1
    rng = random.Random(hash((int(_number(query, "seed", 1)), os.getpid(), _served)))
    draw = (lambda mean: rng.expovariate(1 / mean) if mean > 0 else 0.0) if dist == "exp" else (lambda mean: mean)
    held = bytearray(mem) if mem > 0 else None
    if held is not None:
        for i in range(0, mem, 4096):
            held[i] = 1  # touch every page
    for _ in range(bursts):
        _spin(draw(cpu / bursts))
        wait = draw(io / bursts)
        if wait > 0:
            await asyncio.sleep(wait)
    sent = dict(scope.get("headers", [])).get(b"x-sent", b"")
    client = scope.get("client") or ("", "")
    body = b"ok\n"
    headers = [
        (b"content-type", b"text/plain"),
        (b"content-length", str(len(body)).encode()),
        (b"x-worker", str(os.getpid()).encode()),
        (b"x-sent", sent),
        (b"x-port", str(client[1]).encode()),
        (b"x-cpu", b"%.6f" % (time.thread_time() - cpu0)),
        (b"x-wall", b"%.6f" % (time.perf_counter() - wall0)),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    del held

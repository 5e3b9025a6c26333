"""The overload lab's keep-alive clients: N clients in a closed loop, each thinking an exponential
time between a response and its next request, and keeping its HTTP/1.1 connection open between
requests, as browsers, HTTP client pools and load testers do.

    python3 keepalive.py CONFIG_JSON > attempts.jsonl

CONFIG_JSON holds: port, path (the request's path and query), seed, clients, thinkTimeSec,
durationSec (no request starts later), clientTimeoutSec. A client sends on its open connection
if the server has not closed it (uvicorn closes one idle for --timeout-keep-alive); else it opens
a new one. A 503 comes with `connection: close` and the client closes too. When a connection the
client reused turns out closed as the request was sent (no answer, the server's close crossing
it), the request is sent again on a new connection, as urllib3's pools do, and counted once.

Each request is one JSON line: client, request (the client's count), sentSec (since the start),
doneSec, reused (true when sent on a connection already open), worker (the answering worker's
process id, its X-Worker header, when the application answered), outcome ("ok", "shed" for 503,
"timeout", "closed", or "error" with the status), status, wallSec (the application's X-Wall).
Standard library only; talks to 127.0.0.1 only. Stops by itself after durationSec plus the
client timeout.
"""

import asyncio
import json
import random
import sys


async def exchange(cfg, conn, number):
    """Sends one request on conn = (reader, writer); returns (status, headers) or None if closed."""
    reader, writer = conn
    writer.write(
        f"GET {cfg['path']}&seed=k{number} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    )
    try:
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
    except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    try:
        await reader.readexactly(length)
    except asyncio.IncompleteReadError:
        return None
    return int(lines[0].split(" ")[1]), headers


async def client(cfg, t0, k, rng, out):
    loop = asyncio.get_running_loop()
    conn = None
    number = 0
    while True:
        await asyncio.sleep(rng.expovariate(1 / cfg["thinkTimeSec"]))
        sent = loop.time() - t0
        if sent >= cfg["durationSec"]:
            break
        number += 1
        reused = conn is not None and not conn[0].at_eof()
        if conn is not None and not reused:
            conn[1].close()
            conn = None
        record = {"client": k, "request": number, "sentSec": round(sent, 6), "reused": reused}

        async def send():
            nonlocal conn
            for again in (False, True):
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", cfg["port"])
                answer = await exchange(cfg, conn, f"{k}-{number}")
                if answer is not None:
                    return answer
                conn[1].close()
                conn = None
                if not reused or again:
                    return None
                record["reused"] = False  # the server's close crossed the request: a new connection
            return None

        try:
            answer = await asyncio.wait_for(send(), cfg["clientTimeoutSec"])
            outcome = "closed" if answer is None else None
        except asyncio.TimeoutError:
            answer, outcome = None, "timeout"
        if answer is not None:
            status, headers = answer
            record["status"] = status
            if "x-wall" in headers:
                record["wallSec"] = float(headers["x-wall"])
            if "x-worker" in headers:
                record["worker"] = int(headers["x-worker"])
            outcome = "ok" if status == 200 else "shed" if status == 503 else "error"
            if headers.get("connection", "").lower() == "close":
                conn[1].close()
                conn = None
        elif conn is not None:
            conn[1].close()
            conn = None
        record["outcome"] = outcome
        record["doneSec"] = round(loop.time() - t0, 6)
        out.write(json.dumps(record) + "\n")
    if conn is not None:
        conn[1].close()


async def main(cfg):
    loop = asyncio.get_running_loop()
    t0 = loop.time() + 0.2
    await asyncio.sleep(0.2)
    rngs = [random.Random(cfg["seed"] * 1000 + k) for k in range(cfg["clients"])]
    await asyncio.gather(*(client(cfg, t0, k, rngs[k], sys.stdout) for k in range(cfg["clients"])))


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))

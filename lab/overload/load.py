"""The overload lab's load generator: open-loop Poisson arrivals, one connection per request,
client timeouts and retries, every attempt recorded.

    python3 load.py CONFIG_JSON > attempts.jsonl

CONFIG_JSON holds: port, path (the request's path and query), phases ([{durationSec,
arrivalRatePerSec}], piecewise constant rates of new requests), seed, connectTimeoutSec (a
connect that takes longer is "refused": Linux drops a SYN that finds the accept queue full, and
the client's next SYN comes a second later), clientTimeoutSec (the whole attempt, connect to
last byte; past it the client closes the connection: "timeout"), maxRetries, retryDelaySec,
backoffMultiplier (the k-th retry waits retryDelaySec * backoffMultiplier ** (k - 1)), and
maxAttempts (a bound: arrivals past it are not sent).

Each attempt is one JSON line: request (its number), attempt (0 = first), sentSec (since the
start), connectSec, doneSec, outcome ("ok", "shed" for 503, "refused", "timeout", "closed" when
the server closed without a response, e.g. a worker killed by gunicorn's --timeout; "error" with
the status otherwise), status, and wallSec (the application's X-Wall header). The run stops by
itself: after the last phase, every attempt has its client timeout and no retry starts later
than the phases' end plus the longest back-off.
Standard library only; talks to 127.0.0.1 only.
"""

import asyncio
import json
import random
import sys


def arrivals(phases, seed):
    """Poisson arrival times, seconds from the start, phase by phase."""
    rng = random.Random(seed)
    times, start = [], 0.0
    for phase in phases:
        rate, end = phase["arrivalRatePerSec"], start + phase["durationSec"]
        t = start
        while rate > 0:
            t += rng.expovariate(rate)
            if t >= end:
                break
            times.append(t)
        start = end
    return times


async def attempt(cfg, t0, number, k):
    """One attempt; returns its record."""
    loop = asyncio.get_running_loop()
    sent = loop.time() - t0
    record = {"request": number, "attempt": k, "sentSec": round(sent, 6), "status": None}
    writer = None

    async def exchange():
        nonlocal writer
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", cfg["port"]), cfg["connectTimeoutSec"]
            )
        except (asyncio.TimeoutError, ConnectionRefusedError):
            return "refused"
        record["connectSec"] = round(loop.time() - t0, 6)
        request = f"GET {cfg['path']}&seed={number}-{k} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        writer.write(request.encode())
        try:
            await writer.drain()
            data = await reader.read()
        except (ConnectionResetError, BrokenPipeError):
            return "closed"
        if not data:
            return "closed"
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split(" ")[1])
        record["status"] = status
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "x-wall":
                record["wallSec"] = float(value)
        return "ok" if status == 200 else "shed" if status == 503 else "error"

    try:
        outcome = await asyncio.wait_for(exchange(), cfg["clientTimeoutSec"])
    except asyncio.TimeoutError:
        outcome = "timeout"
    finally:
        if writer is not None:
            writer.close()
    record["outcome"] = outcome
    record["doneSec"] = round(loop.time() - t0, 6)
    return record


async def request(cfg, t0, number, at, out):
    """A new request at `at` seconds, retried by the config's policy."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, t0 + at - loop.time()))
    for k in range(cfg["maxRetries"] + 1):
        record = await attempt(cfg, t0, number, k)
        out.write(json.dumps(record) + "\n")
        if record["outcome"] == "ok" or k == cfg["maxRetries"]:
            return
        await asyncio.sleep(cfg["retryDelaySec"] * cfg["backoffMultiplier"] ** k)


async def main(cfg):
    times = arrivals(cfg["phases"], cfg["seed"])[: cfg["maxAttempts"]]
    loop = asyncio.get_running_loop()
    t0 = loop.time() + 0.2
    await asyncio.gather(*(request(cfg, t0, i, at, sys.stdout) for i, at in enumerate(times)))


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))

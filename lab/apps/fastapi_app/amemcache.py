"""A small asyncio memcached client (get and set over the text protocol) for app_async.py.

pymemcache blocks: called from a coroutine it would stop the event loop for each round trip, and
calling it in a thread would put back the thread pool the async application avoids. Debian
packages no asyncio memcached client, so this one is written here. It keeps up to `size` open
connections; a coroutine that finds none free waits for one.
"""

import asyncio


class Client:
    def __init__(self, host, port, size=10):
        self._host = host
        self._port = port
        self._idle = []  # (reader, writer) pairs ready for a command
        self._slots = asyncio.Semaphore(size)

    async def _call(self, request, read_reply):
        async with self._slots:
            if self._idle:
                reader, writer = self._idle.pop()
            else:
                reader, writer = await asyncio.open_connection(self._host, self._port)
            try:
                writer.write(request)
                await writer.drain()
                reply = await read_reply(reader)
            except BaseException:
                # A connection left mid-reply cannot be reused: its next read would see this one.
                writer.close()
                raise
            self._idle.append((reader, writer))
            return reply

    async def get(self, key):
        """The value stored under `key` (bytes), or None."""

        async def read(reader):
            header = await reader.readline()
            if header == b"END\r\n":
                return None
            if not header.startswith(b"VALUE "):
                raise ConnectionError("memcached get: %r" % header)
            length = int(header.split()[3])
            value = await reader.readexactly(length + 2)  # the value and its \r\n
            if await reader.readline() != b"END\r\n":
                raise ConnectionError("memcached get: no END")
            return value[:-2]

        return await self._call(b"get " + key.encode() + b"\r\n", read)

    async def set(self, key, value, expire=0):
        """Stores `value` (bytes) under `key` for `expire` seconds (0: until evicted)."""

        async def read(reader):
            line = await reader.readline()
            if line != b"STORED\r\n":
                raise ConnectionError("memcached set: %r" % line)

        request = b"set %s 0 %d %d\r\n%s\r\n" % (key.encode(), expire, len(value), value)
        await self._call(request, read)

    async def close(self):
        while self._idle:
            _, writer = self._idle.pop()
            writer.close()

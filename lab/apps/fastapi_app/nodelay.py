"""Opt-in (LAB_TCP_NODELAY=1): TCP_NODELAY on every connection uvicorn's h11 protocol accepts.

uvicorn 0.17 binds the listening socket itself when it runs several workers (--workers N), with
the socket's protocol number left at 0.
Accepted sockets inherit that 0, and asyncio switches Nagle's algorithm off only on sockets that
say IPPROTO_TCP, so Nagle stays on: on a keep-alive connection the response's body waits for the
client's delayed ACK of its headers, about 40 ms on Linux, on every request after the first
(uvicorn issue #3149, unfixed in Debian's 0.17.6). One worker (uvicorn --workers 1) is unaffected,
and so is gunicorn with uvicorn's worker class: gunicorn sets TCP_NODELAY on its listening socket
and Linux passes it on to the accepted ones (measured: no 40 ms there).

The lab measures the servers as Debian ships them, so this is off unless asked for; with it on,
each new connection gets TCP_NODELAY, as asyncio would have done.
"""

import os
import socket


def install():
    from uvicorn.protocols.http.h11_impl import H11Protocol

    made = H11Protocol.connection_made

    def connection_made(self, transport):
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        made(self, transport)

    H11Protocol.connection_made = connection_made


if os.environ.get("LAB_TCP_NODELAY") == "1":
    install()

"""The HTTP layer of the scripted LLM server: a threading server that writes HttpResponses.

Streams go out with chunked transfer encoding, one SSE event per chunk, as the real services do;
a cut stream closes the socket without the terminating chunk, so clients see an incomplete body.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from a3s_core.testing.wire import HttpResponse

Dispatch = Callable[[str, str, dict[str, str], bytes], HttpResponse]
"""(method, path, lower-case headers, raw body) -> response."""


class ScriptHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its open connections, so stop() can close them."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], dispatch: Dispatch, stopping: threading.Event) -> None:
        self.dispatch = dispatch
        self.stopping = stopping
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn, a reverse DNS lookup that can stall offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def track(self, connection: socket.socket, open_: bool) -> None:
        """Remember (or forget) a client connection."""
        with self._lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """Shut down every open client connection (idle keep-alives included)."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ScriptHTTPServer

    def setup(self) -> None:
        super().setup()
        # Without TCP_NODELAY, Nagle plus delayed ACKs hold small writes (headers, SSE events) ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Silence the per-request log lines on stderr."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self._answer("POST")

    def do_GET(self) -> None:  # noqa: N802
        self._answer("GET")

    def _answer(self, method: str) -> None:
        raw = self._read_body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = self.server.dispatch(method, self.path.split("?", 1)[0], headers, raw)
        try:
            self._write(response)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _write(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.events is None:
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
            return
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for sent, event in enumerate(response.events):
            if response.cut_after is not None and sent >= response.cut_after:
                self.close_connection = True  # no terminating chunk: the body is cut
                return
            if sent and response.chunk_delay and self.server.stopping.wait(response.chunk_delay):
                self.close_connection = True
                return
            self.wfile.write(b"%x\r\n%b\r\n" % (len(event), event))
        self.wfile.write(b"0\r\n\r\n")

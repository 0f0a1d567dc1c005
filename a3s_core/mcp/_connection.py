"""One MCP server connection, owned by one long-lived asyncio task.

anyio cancel scopes belong to the task that opened them, so the transport and the ClientSession
are entered and left inside ``_own``; callers talk to it through a queue of requests whose
answers come back on futures.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from a3s_core.config.models import McpServerConfig
from a3s_core.mcp._logs import find_child_pid, log_size, stderr_tail
from a3s_core.mcp._streams import WatchedReadStream
from a3s_core.mcp.errors import McpError

if TYPE_CHECKING:
    import anyio
    import mcp_types
    from mcp import ClientSession

Job = Callable[["ClientSession"], Awaitable[Any]]


@dataclass
class _Request:
    job: Job
    future: asyncio.Future[Any]
    timeout: float
    scope: anyio.CancelScope | None = field(default=None)
    sent: bool = False
    """Set once the job starts talking to the server; an unsent request is safe to retry."""


class ConnectionLost(McpError):
    """The session ended before a queued request was sent; ``request`` may be retried elsewhere."""


class ServerConnection:
    """A started (or failed) MCP server; ``start`` again to reconnect after it died."""

    def __init__(self, config: McpServerConfig, log_path: Path, timeout: float) -> None:
        self.config = config
        self.log_path = log_path
        self.timeout = timeout
        self.error: str | None = None
        self.stderr_tail = ""
        self.pid: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._queue: asyncio.Queue[_Request | None] = asyncio.Queue()
        self._exited = asyncio.Event()
        self._watched: WatchedReadStream | None = None
        self._log_start = 0

    @property
    def alive(self) -> bool:
        """True while the owner task holds a live session."""
        if self._task is None or self._task.done() or self._exited.is_set():
            return False
        return self._watched is None or not self._watched.closed.is_set()

    async def start(self) -> list[mcp_types.Tool]:
        """Start the server, shake hands and list its tools.

        Raises:
            McpError: the command is missing, the handshake failed or timed out.
        """
        await self.close()
        self.error, self.stderr_tail, self.pid = None, "", None
        self._queue = asyncio.Queue()
        self._exited = asyncio.Event()
        self._watched = None
        ready: asyncio.Future[list[mcp_types.Tool]] = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._own(ready), name=f"mcp-{self.config.name}")
        try:
            return await ready
        except McpError as exc:
            self.error, self.stderr_tail = str(exc), exc.stderr_tail
            raise
        except asyncio.CancelledError:
            self._task.cancel()
            raise

    async def request(self, job: Job, timeout: float | None = None) -> Any:
        """Run ``job(session)`` inside the owner task and return its result.

        Raises:
            McpError: the server is not connected.
            TimeoutError: the job ran past ``timeout`` (default: the server's timeout).
        """
        if not self.alive:
            raise McpError(f"MCP server {self.config.name!r} is not connected", self.config.name)
        request = _Request(job, asyncio.get_running_loop().create_future(), timeout or self.timeout)
        self._queue.put_nowait(request)
        try:
            return await asyncio.shield(request.future)
        except asyncio.CancelledError:
            if request.scope is not None:
                request.scope.cancel()
            request.future.cancel()
            raise

    async def wait_exited(self) -> None:
        """Return once the server's session has ended (crash, close or failed start)."""
        await self._exited.wait()

    async def close(self) -> None:
        """Stop the server and wait for its owner task (bounded by the SDK's own shutdown limits)."""
        task, self._task = self._task, None
        if task is None or task.done():
            return
        self._queue.put_nowait(None)
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=10)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _own(self, ready: asyncio.Future[list[mcp_types.Tool]]) -> None:
        """The owner task: open transport and session, serve requests, record how it ended."""
        name = self.config.name
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_start = log_size(self.log_path)
        stopping = False
        try:
            with self.log_path.open("a", encoding="utf-8") as errlog:
                stopping = await self._session(errlog, ready)
        except BaseException as exc:  # noqa: BLE001 - every failure becomes this server's status
            if isinstance(exc, asyncio.CancelledError):
                stopping = True
            tail = stderr_tail(self.log_path, self._log_start)
            message = _describe_failure(self.config, exc, self.timeout, ready.done())
            if not ready.done():
                ready.set_exception(McpError(_with_tail(message, tail), name, tail))
            elif not stopping:
                self.error, self.stderr_tail = _with_tail(message, tail), tail
        else:
            if not stopping:
                tail = stderr_tail(self.log_path, self._log_start)
                self.error = _with_tail(f"MCP server {name!r} exited", tail)
                self.stderr_tail = tail
        finally:
            self._exited.set()
            self._fail_pending()

    async def _session(self, errlog: Any, ready: asyncio.Future[list[mcp_types.Tool]]) -> bool:
        """Connect, list tools, resolve ``ready`` and serve until closed; True on a requested stop."""
        import anyio
        from mcp import ClientSession

        _quiet_sdk_logging()
        async with _transport(self.config, errlog) as (read, write):
            self.pid = find_child_pid(self.log_path, os.getpid()) if self.config.command else None
            watched = self._watched = WatchedReadStream(read)
            async with ClientSession(watched, write) as session:
                with anyio.fail_after(self.timeout):
                    await session.initialize()
                    tools = await list_all_tools(session)
                ready.set_result(tools)
                return await self._serve(session, watched)

    async def _serve(self, session: ClientSession, watched: WatchedReadStream) -> bool:
        """Run queued jobs concurrently until a stop request (True) or the stream ends (False)."""
        import anyio

        stopped = False
        async with anyio.create_task_group() as group:
            stop = asyncio.ensure_future(self._queue.get())
            eof = asyncio.ensure_future(watched.closed.wait())
            try:
                while True:
                    await asyncio.wait({stop, eof}, return_when=asyncio.FIRST_COMPLETED)
                    if eof.done():
                        break
                    request = stop.result()
                    if request is None:
                        stopped = True
                        break
                    group.start_soon(_run_job, session, request)
                    stop = asyncio.ensure_future(self._queue.get())
            finally:
                if stop.done() and not stop.cancelled() and stop.result() is not None:
                    # Taken off the queue as the stream ended: put it back for _fail_pending.
                    self._queue.put_nowait(stop.result())
                stop.cancel()
                eof.cancel()
                group.cancel_scope.cancel()
        return stopped

    def _fail_pending(self) -> None:
        reason = self.error or f"MCP server {self.config.name!r} was closed"
        while not self._queue.empty():
            request = self._queue.get_nowait()
            if request is not None and not request.future.done():
                request.future.set_exception(ConnectionLost(reason, self.config.name, self.stderr_tail))


async def _run_job(session: ClientSession, request: _Request) -> None:
    import anyio

    if request.future.done():
        return
    with anyio.CancelScope() as scope:
        request.scope = scope
        request.sent = True
        try:
            with anyio.fail_after(request.timeout):
                result = await request.job(session)
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who maps it
            if not request.future.done():
                request.future.set_exception(exc)
            return
        if not request.future.done():
            request.future.set_result(result)
    if scope.cancelled_caught and not request.future.done():
        request.future.set_exception(McpError("the MCP server's session ended during the call"))


async def list_all_tools(session: ClientSession) -> list[mcp_types.Tool]:
    """Every tool the server offers, following pagination cursors."""
    import mcp_types

    tools: list[mcp_types.Tool] = []
    cursor: str | None = None
    while True:
        params = mcp_types.PaginatedRequestParams(cursor=cursor) if cursor else None
        page = await session.list_tools(params=params)
        tools.extend(page.tools)
        cursor = page.next_cursor
        if not cursor:
            return tools


def _transport(config: McpServerConfig, errlog: Any) -> contextlib.AbstractAsyncContextManager[Any]:
    if config.url:
        from mcp.client.streamable_http import streamable_http_client

        return streamable_http_client(config.url)
    from mcp import StdioServerParameters, stdio_client

    env = {**os.environ, **config.env}
    params = StdioServerParameters(command=config.command or "", args=list(config.args), env=env)
    return stdio_client(params, errlog=errlog)


def _quiet_sdk_logging() -> None:
    """Keep the SDK's log records off the terminal unless the application configured logging.

    Without a handler, Python's last-resort handler would print warnings over the TUI.
    """
    sdk_logger = logging.getLogger("mcp")
    if not sdk_logger.handlers:
        sdk_logger.addHandler(logging.NullHandler())


def _describe_failure(config: McpServerConfig, exc: BaseException, timeout: float, started: bool) -> str:
    name = config.name
    exc = _leaf(exc)
    if isinstance(exc, FileNotFoundError) and config.command:
        return f"MCP server {name!r}: command {config.command!r} not found (is it installed and on PATH?)"
    if isinstance(exc, PermissionError) and config.command:
        return f"MCP server {name!r}: command {config.command!r} is not executable"
    if isinstance(exc, TimeoutError) and not started:
        return f"MCP server {name!r} did not finish its handshake within {timeout:g}s"
    detail = str(exc) or type(exc).__name__
    if not started:
        return f"MCP server {name!r}: handshake failed: {detail}"
    return f"MCP server {name!r} failed: {detail}"


def _leaf(exc: BaseException) -> BaseException:
    # anyio task groups wrap errors in ExceptionGroups; the first leaf says what happened.
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _with_tail(message: str, tail: str) -> str:
    return f"{message}\nserver stderr (last lines):\n{tail}" if tail else message

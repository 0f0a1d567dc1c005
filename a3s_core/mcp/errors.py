"""The MCP layer's error."""

from __future__ import annotations

from a3s_core.errors import A3SError


class McpError(A3SError):
    """Raised when an MCP server cannot be started, does not answer its handshake in time, or is unknown.

    ``str(err)`` names the server and says what failed; a failed start includes the tail of the
    server's stderr log.
    """

    def __init__(self, message: str, server: str | None = None, stderr_tail: str = "") -> None:
        self.server = server
        self.stderr_tail = stderr_tail
        super().__init__(message)

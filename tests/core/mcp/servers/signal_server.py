"""A tiny stdio MCP server for tests: ``block`` announces on a FIFO that it started, then never returns.

Run: python signal_server.py
"""

from __future__ import annotations

import anyio
from mcp.server.mcpserver import MCPServer

server = MCPServer("signal")


@server.tool()
async def block(fifo: str) -> str:
    """Write "started" to the named pipe ``fifo``, then wait forever."""
    await anyio.to_thread.run_sync(_announce, fifo)
    await anyio.sleep_forever()
    return "unreachable"


def _announce(fifo: str) -> None:
    with open(fifo, "w", encoding="utf-8") as pipe:
        pipe.write("started\n")


if __name__ == "__main__":
    server.run()

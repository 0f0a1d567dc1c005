"""Real MCP servers for the MCP tests: mcp-server-time and mcp-server-git (PyPI), server-everything (npm).

Install them with ``pip install mcp mcp-server-time mcp-server-git`` and
``npm install --prefix tests/core/mcp/node``; tests needing one that is absent are skipped.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from a3s_core.config.models import McpServerConfig

NODE_DIR = Path(__file__).parent / "node"
EVERYTHING_JS = NODE_DIR / "node_modules" / "@modelcontextprotocol" / "server-everything" / "dist" / "index.js"


def _python_module_available(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def require_mcp_sdk() -> None:
    """Skip unless the ``mcp`` Python SDK is installed."""
    if not _python_module_available("mcp"):
        pytest.skip("the mcp Python SDK is not installed (pip install mcp)")


def time_config(name: str = "time") -> McpServerConfig:
    """mcp-server-time, run with this interpreter; skips when it is not installed."""
    require_mcp_sdk()
    if not _python_module_available("mcp_server_time"):
        pytest.skip("mcp-server-time is not installed (pip install mcp-server-time)")
    return McpServerConfig(name=name, command=sys.executable, args=["-m", "mcp_server_time"])


def git_config(repository: Path, name: str = "git") -> McpServerConfig:
    """mcp-server-git on ``repository``; skips when it is not installed."""
    require_mcp_sdk()
    if not _python_module_available("mcp_server_git"):
        pytest.skip("mcp-server-git is not installed (pip install mcp-server-git)")
    return McpServerConfig(
        name=name, command=sys.executable, args=["-m", "mcp_server_git", "--repository", str(repository)]
    )


def everything_config(name: str = "everything") -> McpServerConfig:
    """@modelcontextprotocol/server-everything over stdio; skips without node or the npm package."""
    require_mcp_sdk()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (server-everything needs node >= 18)")
    if not EVERYTHING_JS.is_file():
        pytest.skip(f"server-everything is not installed (npm install --prefix {NODE_DIR})")
    return McpServerConfig(name=name, command=node, args=[str(EVERYTHING_JS), "stdio"])

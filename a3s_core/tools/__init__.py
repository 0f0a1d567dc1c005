"""Built-in tools: read, write, edit, grep, glob, ls and bash.

Each is a plain object with the shape of :class:`a3s_core.protocols.Tool`; ``builtin_tools()``
returns fresh instances. Paths are checked against the workspace in :mod:`a3s_core.tools.paths`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from a3s_core.config.models import SearchConfig
    from a3s_core.protocols import Tool
    from a3s_core.tools.registry import ToolRegistry

__all__ = ["ToolRegistry", "builtin_tools"]


def builtin_tools(rg_path: str | None = None, search: SearchConfig | None = None) -> list[Tool]:
    """Fresh instances of the built-in tools.

    ``rg_path`` is passed to grep and glob: None finds ripgrep, "" forces the pure-Python search.
    ``search`` is the config's search {} block for web_search (None: the default engine).
    """
    from a3s_core.tools.bash import BashTool
    from a3s_core.tools.batch import BatchTool
    from a3s_core.tools.edit import EditTool
    from a3s_core.tools.git_worktree import GitWorktreeTool
    from a3s_core.tools.glob import GlobTool
    from a3s_core.tools.grep import GrepTool
    from a3s_core.tools.ls import LsTool
    from a3s_core.tools.patch import PatchTool
    from a3s_core.tools.web_fetch import WebFetchTool
    from a3s_core.tools.web_search import WebSearchTool
    from a3s_core.tools.read import ReadTool
    from a3s_core.tools.write import WriteTool

    return [
        ReadTool(),
        WriteTool(),
        EditTool(),
        PatchTool(),
        GrepTool(rg_path=rg_path),
        GlobTool(rg_path=rg_path),
        LsTool(),
        BashTool(),
        WebFetchTool(),
        WebSearchTool(search),
        GitWorktreeTool(),
        BatchTool(),
    ]


def __getattr__(name: str) -> object:
    if name == "ToolRegistry":
        from a3s_core.tools.registry import ToolRegistry

        return ToolRegistry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""ToolIndex ranking and the tool_search tool, over synthetic tools."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from a3s_core.errors import ToolArgumentError
from a3s_core.mcp import ToolIndex, ToolSearchTool
from a3s_core.mcp.tool_index import tokenize
from a3s_core.protocols import Lane, Tool
from a3s_core.tools.base import ToolContext, ToolResult


@dataclass
class FakeTool:
    name: str
    description: str
    input_schema: dict[str, Any]
    lane: Lane = "query"

    def permission_subject(self, args: dict[str, Any]) -> str:
        return ""

    async def run(self, args: dict[str, Any], ctx: ToolContext) -> ToolResult:
        return ToolResult(output=self.name)


BUILTINS = ["read", "write", "edit", "bash", "grep", "glob", "ls"]
SPECIFIC = {
    "mcp__github__createPullRequest": "Open a new pull request on a GitHub repository",
    "mcp__github__list_issues": "List issues of a GitHub repository, filtered by state and labels",
    "mcp__slack__post_message": "Post a message to a Slack channel",
    "mcp__postgres__run_query": "Run a read-only SQL query against the Postgres database",
    "mcp__time__convert_time": "Convert a time between two timezones",
    "mcp__weather__get-forecast": "Weather forecast for a city for the coming days",
}


def _tools(filler: int = 40) -> list[Tool]:
    tools: list[Tool] = [FakeTool(name, f"Builtin {name} tool", {}) for name in BUILTINS]
    tools += [FakeTool(name, about, {}) for name, about in SPECIFIC.items()]
    tools += [FakeTool(f"mcp__misc__widget_{i}", f"Manage widget number {i} in the inventory", {}) for i in range(filler)]
    return tools


def _names(tools: list[Tool]) -> list[str]:
    return [tool.name for tool in tools]


def test_tokenize_splits_snake_kebab_camel_case_and_drops_plurals() -> None:
    assert tokenize("mcp__github__createPullRequest") == ["mcp", "github", "create", "pull", "request"]
    assert tokenize("get-forecast list_issues HTTPServer") == ["forecast", "list", "issue", "http", "server"]


def test_a_small_tool_set_is_sent_whole() -> None:
    tools = _tools(filler=0)
    assert ToolIndex(threshold=30).select(tools, set(BUILTINS), "anything at all") == tools


def test_a_large_tool_set_keeps_every_builtin_and_only_the_top_k_others() -> None:
    tools = _tools()
    chosen = ToolIndex(threshold=30, top_k=5).select(tools, set(BUILTINS), "manage the inventory widget")
    assert set(BUILTINS) <= set(_names(chosen))
    assert len(chosen) == len(BUILTINS) + 5


def test_the_tool_matching_the_request_is_chosen() -> None:
    tools = _tools()
    chosen = _names(ToolIndex(top_k=3).select(tools, set(BUILTINS), "please open a pull request for my branch"))
    assert "mcp__github__createPullRequest" in chosen
    assert not any(name.startswith("mcp__misc__") for name in chosen)


def test_words_in_tool_names_outweigh_words_in_other_descriptions() -> None:
    tools = _tools()
    chosen = ToolIndex(top_k=1).select(tools, set(BUILTINS), "what's the weather forecast in Oslo")
    assert [name for name in _names(chosen) if name not in BUILTINS] == ["mcp__weather__get-forecast"]


def test_selection_keeps_the_original_order() -> None:
    tools = _tools()
    chosen = ToolIndex(top_k=4).select(tools, set(BUILTINS), "github issues and slack messages")
    positions = [_names(tools).index(name) for name in _names(chosen)]
    assert positions == sorted(positions)


def test_a_query_matching_nothing_sends_only_builtins() -> None:
    chosen = ToolIndex().select(_tools(), set(BUILTINS), "zzzz qqqq")
    assert _names(chosen) == BUILTINS


def test_pinned_tools_are_sent_whatever_the_query() -> None:
    index = ToolIndex(top_k=2)
    index.pin(["mcp__postgres__run_query"])
    chosen = _names(index.select(_tools(), set(BUILTINS), "zzzz"))
    assert "mcp__postgres__run_query" in chosen
    assert index.pinned == frozenset({"mcp__postgres__run_query"})


async def test_tool_search_lists_matches_and_pins_them_for_the_next_turn(tmp_path: Path) -> None:
    tools = _tools()
    index = ToolIndex(top_k=2)
    search = ToolSearchTool(index, lambda: tools)
    assert search.lane == "query"
    result = await search.run({"query": "sql database", "limit": 1}, ToolContext(workspace=tmp_path))
    assert result.output.startswith("- mcp__postgres__run_query: Run a read-only SQL query")
    assert result.metadata["tools"] == ["mcp__postgres__run_query"]
    assert "mcp__postgres__run_query" in _names(index.select(tools, set(BUILTINS), "hello"))


async def test_tool_search_says_so_when_nothing_matches(tmp_path: Path) -> None:
    index = ToolIndex()
    result = await ToolSearchTool(index, _tools).run({"query": "teleport"}, ToolContext(workspace=tmp_path))
    assert result.output == "No tools match 'teleport'."
    assert index.pinned == frozenset()


@pytest.mark.parametrize("args", [{}, {"query": "  "}, {"query": "x", "limit": 0}, {"query": "x", "limit": "3"}])
async def test_tool_search_rejects_bad_arguments(args: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(ToolArgumentError):
        await ToolSearchTool(ToolIndex(), _tools).run(args, ToolContext(workspace=tmp_path))

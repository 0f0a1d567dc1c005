from __future__ import annotations

import pytest

from a3s_core.protocols import Tool
from a3s_core.tools import ToolRegistry, builtin_tools
from a3s_core.tools.read import ReadTool


def test_builtin_tools_are_fresh_protocol_objects_in_the_right_lanes() -> None:
    tools = builtin_tools()
    assert all(isinstance(tool, Tool) for tool in tools)
    assert {tool.name: tool.lane for tool in tools} == {
        "read": "query",
        "write": "execute",
        "edit": "execute",
        "patch": "execute",
        "grep": "query",
        "glob": "query",
        "ls": "query",
        "bash": "execute",
        "web_fetch": "query",
        "web_search": "query",
        "git_worktree": "execute",
        "batch": "query",
    }
    assert builtin_tools()[0] is not tools[0]


def test_every_schema_property_is_described_and_required_ones_exist() -> None:
    for tool in builtin_tools():
        properties = tool.input_schema["properties"]
        assert all(spec.get("description") for spec in properties.values()), tool.name
        assert set(tool.input_schema.get("required", [])) <= set(properties), tool.name


def test_permission_subjects_are_the_path_command_or_pattern() -> None:
    subjects = {tool.name: tool for tool in builtin_tools()}
    assert subjects["read"].permission_subject({"file_path": "src/a.py"}) == "src/a.py"
    assert subjects["edit"].permission_subject({"file_path": "b.py", "old_string": "x"}) == "b.py"
    assert subjects["bash"].permission_subject({"command": "cargo test"}) == "cargo test"
    assert subjects["grep"].permission_subject({"pattern": "TODO", "path": "src"}) == "TODO"
    assert subjects["glob"].permission_subject({"pattern": "**/*.py"}) == "**/*.py"
    assert subjects["ls"].permission_subject({"path": "docs"}) == "docs"


def test_registry_lists_names_and_specs_in_registration_order() -> None:
    registry = ToolRegistry(builtin_tools())
    assert registry.names()[:8] == ["read", "write", "edit", "patch", "grep", "glob", "ls", "bash"]
    spec = registry.specs()[0]
    assert (spec.name, spec.input_schema["required"]) == ("read", ["file_path"])
    assert registry.get("bash") is not None and registry.get("nope") is None
    assert "grep" in registry and len(registry) == len(builtin_tools())


def test_registry_refuses_a_duplicate_name_unless_told_to_replace() -> None:
    registry = ToolRegistry([ReadTool()])
    with pytest.raises(ValueError, match="'read' is already registered"):
        registry.register(ReadTool())
    replacement = ReadTool()
    registry.register(replacement, replace=True)
    assert registry.get("read") is replacement

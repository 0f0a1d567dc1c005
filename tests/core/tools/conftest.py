"""Fixtures for the built-in tool tests: a workspace context and both search engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from a3s_core.tools._rg import find_rg
from a3s_core.tools.base import ToolContext


@pytest.fixture
def ctx(workspace: Path) -> ToolContext:
    return ToolContext(workspace=workspace.resolve())


@pytest.fixture(params=["rg", "python"])
def rg_path(request: pytest.FixtureRequest) -> str | None:
    """None finds the ripgrep binary (which must exist); "" forces the pure-Python engine."""
    if request.param == "rg":
        assert find_rg(None) is not None, "the ripgrep wheel's rg binary should be installed"
        return None
    return ""


TREE: dict[str, str | bytes] = {
    ".gitignore": "*.log\nbuild/\n!keep.log\n/only_root.txt\n",
    ".ignore": "secret_dir/\n",
    "app.py": "import os\nTODO: one\n",
    "keep.log": "TODO keep\n",
    "debug.log": "TODO debug\n",
    "only_root.txt": "TODO root\n",
    "build/out.py": "TODO built\n",
    "secret_dir/x.py": "TODO secret\n",
    ".hidden.py": "TODO hidden\n",
    ".config/c.py": "TODO config\n",
    "data.bin": b"TODO\x00binary",
    "dos.txt": b"TODO crlf\r\nsecond\r\n",
    "bom.txt": "\ufeffTODO bom\n",
    "docs/readme.md": "# TODO docs\n",
    "src/.gitignore": "generated_*.py\n!generated_keep.py\n",
    "src/main.py": "def main():\n    # TODO main\n    pass\n\n\n\nx = 1  # todo lower\n",
    "src/generated_a.py": "TODO gen\n",
    "src/generated_keep.py": "TODO genkeep\n",
    "src/only_root.txt": "TODO nested root\n",
    "src/deep/util.ts": "export const TODO = 1;\n",
}
"""A workspace (not a git repository) exercising nested ignore files, negation, hidden and binary files."""


@pytest.fixture
def tree(workspace: Path) -> Path:
    for name, content in TREE.items():
        path = workspace / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return workspace

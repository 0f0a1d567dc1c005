"""Structural guards: what each path may import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_LIBRARIES = {"textual", "rich", "prompt_toolkit"}
LLM_SDKS = {"anthropic", "openai"}


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_a3s_core_imports_no_ui_library_anywhere():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_level_modules(path) & UI_LIBRARIES)
        for path in (ROOT / "a3s_core").rglob("*.py")
        if imported_top_level_modules(path) & UI_LIBRARIES
    }
    assert offenders == {}


def test_a_one_shot_run_loads_neither_textual_nor_an_llm_sdk(tmp_path):
    """Runs the real one-shot path in a fresh interpreter and lists what it loaded."""
    from a3s_core.testing import Reply, ScriptedLLMServer, ToolCall

    workspace = tmp_path / "ws"
    workspace.mkdir()
    probe = (
        "import sys\n"
        "from a3s_cli.main import run\n"
        "try:\n    run()\n"
        "except SystemExit as exit:\n"
        "    loaded = sorted({m.split('.')[0] for m in sys.modules})\n"
        "    print('LOADED', ' '.join(loaded), file=sys.stderr)\n"
        "    raise\n"
    )
    with ScriptedLLMServer([Reply(tool_calls=[ToolCall("ls", {})]), Reply(text="# Title\n\nbody")]) as llm:
        config = tmp_path / "agent.hcl"
        config.write_text(
            f'default_model = "anthropic/m"\nproviders {{\n  name = "anthropic"\n  api_key = "k"\n'
            f'  base_url = "{llm.anthropic_base_url}"\n}}\n',
            encoding="utf-8",
        )
        done = subprocess.run(
            [sys.executable, "-c", probe, "-c", str(config), "list files"],
            cwd=workspace, capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.split("LOADED", 1)[1].split())
    assert "a3s_core" in loaded and "httpx2" in loaded  # the probe really ran the one-shot path
    assert not loaded & ({"textual", "prompt_toolkit"} | LLM_SDKS)


def test_importing_the_sdk_is_cheap_and_lazy():
    code = "import sys, a3s_core, a3s_code; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = set(done.stdout.split())
    assert "hcl2" not in loaded and "lark" not in loaded
    assert not loaded & (UI_LIBRARIES | LLM_SDKS)

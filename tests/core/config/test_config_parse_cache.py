"""An unchanged config file is not parsed again: the parse result is cached on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from a3s_core.config import load_config

REPO = Path(__file__).resolve().parents[3]

LOAD_AND_REPORT = """
import sys
from pathlib import Path
from a3s_core.config import load_config
loaded = load_config(Path(sys.argv[1]), env={}, cache_dir=Path(sys.argv[2]))
print(loaded.config.max_tool_rounds, 'hcl2' in sys.modules)
"""


def _run(config: Path, cache: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", LOAD_AND_REPORT, str(config), str(cache)],
        capture_output=True, text=True, cwd=REPO, check=True,
    )
    return out.stdout.split()


def test_a_second_load_of_an_unchanged_file_does_not_import_the_parser(tmp_path: Path) -> None:
    config, cache = tmp_path / "agent.hcl", tmp_path / "cache"
    config.write_text("max_tool_rounds = 7\n", encoding="utf-8")

    assert _run(config, cache) == ["7", "True"]
    assert _run(config, cache) == ["7", "False"]

    config.write_text("max_tool_rounds = 8\n", encoding="utf-8")
    assert _run(config, cache) == ["8", "True"]


def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    config, cache = tmp_path / "agent.hcl", tmp_path / "cache"
    config.write_text("max_tool_rounds = 7\n", encoding="utf-8")
    load_config(config, env={}, cache_dir=cache)
    for entry in cache.iterdir():
        entry.write_text("{not json", encoding="utf-8")

    assert load_config(config, env={}, cache_dir=cache).config.max_tool_rounds == 7


def test_environment_variables_are_read_afresh_when_the_parse_is_cached(tmp_path: Path) -> None:
    config, cache = tmp_path / "agent.hcl", tmp_path / "cache"
    config.write_text('sessions_dir = env("DIR")\n', encoding="utf-8")

    first = load_config(config, env={"DIR": "a"}, cache_dir=cache).config.sessions_dir
    second = load_config(config, env={"DIR": "b"}, cache_dir=cache).config.sessions_dir

    assert (first, second) == ("a", "b")


def test_a_file_that_spells_out_an_api_key_is_never_copied_to_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    literal = tmp_path / "literal.hcl"
    literal.write_text('providers {\n  name = "openai"\n  api_key = "sk-secret-123"\n}\n', encoding="utf-8")
    from_env = tmp_path / "env.hcl"
    from_env.write_text('providers {\n  name = "openai"\n  api_key = env("OPENAI_API_KEY")\n}\n', encoding="utf-8")

    load_config(literal, env={}, cache_dir=cache)
    assert not cache.exists() or not any(cache.iterdir())
    load_config(from_env, env={"OPENAI_API_KEY": "sk-from-env"}, cache_dir=cache)

    cached = [path.read_text(encoding="utf-8") for path in cache.iterdir()]
    assert len(cached) == 1 and "sk-" not in cached[0]
    assert (cache.stat().st_mode & 0o777) == 0o700

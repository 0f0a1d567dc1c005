"""The wheel's package list stays in step with the source tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_source_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("a3s_core", "a3s_cli", "a3s_code")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found | {"a3s_skills"} == set(config["packages"])
    assert config["package-dir"] == {"a3s_skills": "skills"}


def test_the_skills_folder_holds_markdown_skills_with_frontmatter():
    skills = sorted((ROOT / "skills").glob("*.md"))
    assert skills
    for skill in skills:
        text = skill.read_text(encoding="utf-8")
        assert text.startswith("---\n") and "\nname: " in text and "\ndescription: " in text

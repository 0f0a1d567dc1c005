"""Built-in skills shipped with a3s-code (Markdown files with YAML frontmatter)."""

from pathlib import Path

SKILLS_DIR = Path(__file__).resolve().parent

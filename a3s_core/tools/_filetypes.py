"""File types for grep's ``type`` argument, shared by the rg and pure-Python searches.

ripgrep knows hundreds of types; these are translated to globs (``--type-add``) so both searches
agree on exactly the same list.
"""

from __future__ import annotations

from a3s_core.errors import ToolArgumentError

TYPE_GLOBS: dict[str, tuple[str, ...]] = {
    "c": ("*.c", "*.h"),
    "cpp": ("*.cpp", "*.cc", "*.cxx", "*.hpp", "*.hh", "*.hxx", "*.h"),
    "cs": ("*.cs",),
    "css": ("*.css", "*.scss", "*.sass", "*.less"),
    "go": ("*.go",),
    "html": ("*.html", "*.htm"),
    "java": ("*.java",),
    "js": ("*.js", "*.jsx", "*.mjs", "*.cjs"),
    "json": ("*.json", "*.jsonl"),
    "kotlin": ("*.kt", "*.kts"),
    "lua": ("*.lua",),
    "md": ("*.md", "*.markdown", "*.mdx"),
    "php": ("*.php",),
    "py": ("*.py", "*.pyi"),
    "rb": ("*.rb", "Gemfile", "Rakefile"),
    "rust": ("*.rs",),
    "sh": ("*.sh", "*.bash", "*.zsh"),
    "sql": ("*.sql",),
    "swift": ("*.swift",),
    "toml": ("*.toml",),
    "ts": ("*.ts", "*.tsx", "*.mts", "*.cts"),
    "txt": ("*.txt",),
    "xml": ("*.xml",),
    "yaml": ("*.yaml", "*.yml"),
}
ALIASES = {"python": "py", "javascript": "js", "typescript": "ts", "rs": "rust", "markdown": "md", "yml": "yaml"}


def type_globs(name: str | None) -> tuple[str, ...]:
    """The file-name globs of type ``name`` (empty for None).

    Raises:
        ToolArgumentError: the type is unknown; the message lists the known ones.
    """
    if name is None:
        return ()
    key = ALIASES.get(name.lower(), name.lower())
    if key not in TYPE_GLOBS:
        known = ", ".join(sorted(TYPE_GLOBS))
        raise ToolArgumentError(f"type {name!r} is not known; use one of {known}, or a glob instead")
    return TYPE_GLOBS[key]

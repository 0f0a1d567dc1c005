"""Parse HCL text with python-hcl2 8 and turn its lark errors into plain ``ConfigError``s."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from a3s_core.config._oneline import expand_one_line_blocks
from a3s_core.config._source import mask
from a3s_core.errors import ConfigError

_VALUE_STARTS = {"DBLQUOTE", "INT_LITERAL", "FLOAT_LITERAL", "LSQB", "HEREDOC_TEMPLATE"}
_STRING_PARTS = {"STRING_CHARS", "INTERP_START"}
_SYMBOLS = {"$END": "the end of the file", "NL_OR_COMMENT": "the end of the line"}


def parse_hcl(text: str, path: Path | None) -> dict[str, Any]:
    """Return python-hcl2's dict for ``text``: plain values, blocks as lists of dicts.

    Raises:
        ConfigError: the text is not valid HCL; names the line and what is wrong.
    """
    import hcl2  # lazy: importing it and loading its parser costs about 0.2 s
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    expanded, origin = expand_one_line_blocks(text)
    options = hcl2.SerializationOptions(
        with_comments=False,
        explicit_blocks=False,
        strip_string_quotes=True,
        preserve_heredocs=False,
        preserve_scientific_notation=False,
    )
    try:
        return hcl2.loads(expanded, serialization_options=options)
    except UnexpectedCharacters as exc:
        line = _original_line(origin, exc.line)
        raise ConfigError(f"unexpected character {exc.char!r}", path, line) from None
    except UnexpectedToken as exc:
        line, message = _describe(expanded, exc.token, set(exc.expected), exc.line)
        raise ConfigError(message, path, _original_line(origin, line)) from None
    except UnexpectedInput as exc:
        raise ConfigError("unexpected end of the file", path, _original_line(origin, exc.line)) from None
    except Exception as exc:  # python-hcl2's transformer raises assorted types on odd input
        raise ConfigError(f"cannot read this file as HCL: {exc}", path) from None


def _original_line(origin: list[int], line: int | None) -> int | None:
    if line is None or line < 1:
        return None
    return origin[min(line, len(origin)) - 1]


def _describe(text: str, token: Any, expected: set[str], line: int) -> tuple[int, str]:
    """Return (line, message) for an unexpected token, in words a person would use."""
    kind, value = token.type, str(token.value)
    offset = getattr(token, "start_pos", None)
    offset = len(text) if offset is None or kind == "$END" else offset
    prev, prev_line = _previous_token(text, offset)
    if kind == "$END" and "RBRACE" in expected:
        opener = _unclosed_block(text)
        return opener or line, "this block is never closed: add '}'"
    if kind == "$END" and expected & _STRING_PARTS:
        return line, "this string is never closed: add '\"'"
    got = _SYMBOLS.get(kind) or repr(value.strip()[:1] if kind == "STRING_CHARS" else value.strip())
    if expected == {"LBRACE"}:
        return prev_line, f"expected '=' or '{{' after {prev}"
    if kind == "COMMA":
        return line, "unexpected ',': put each attribute on its own line"
    if kind == "RBRACE" and "RBRACE" not in expected and "$END" in expected:
        return line, "unexpected '}': no block is open here"
    if {"EQ", "LBRACE"} <= expected:
        return line, f"expected '=' or '{{' after {prev}, found {got}"
    if expected & _VALUE_STARTS:
        return line, f"expected a value after {prev}, found {got}"
    if "RSQB" in expected and "COMMA" in expected:
        return line, f"expected ',' or ']' in the list, found {got}"
    return line, f"unexpected {got} after {prev}"


def _previous_token(text: str, offset: int) -> tuple[str, int]:
    """The token before ``offset`` (a word, a symbol or the first word of a labelled line)."""
    before = text[:offset].rstrip()
    line = before.count("\n") + 1
    if not before:
        return "nothing (the start of the file)", 1
    if before.endswith('"'):
        first = re.match(r"\s*([\w-]+)", before[before.rfind("\n") + 1 :])
        if first:
            return repr(first.group(1)), line
    word = re.search(r"[\w.-]+$", before)
    return repr(word.group(0) if word else before[-1]), line


def _unclosed_block(text: str) -> int | None:
    """Line of the first ``{`` that is never closed, or None."""
    stack: list[int] = []
    for number, line in enumerate(mask(text).split("\n"), start=1):
        for c in line:
            if c == "{":
                stack.append(number)
            elif c == "}" and stack:
                stack.pop()
    return stack[0] if stack else None

"""Evaluate the expressions python-hcl2 leaves in strings: ``${env("NAME")}`` and ``$${``.

With ``strip_string_quotes`` python-hcl2 hands back ``api_key = env("X")`` as the string
``${env("X")}`` and ``"${env("HOME")}/x"`` as ``${env("HOME")}/x``; a bare word such as
``backend = file`` arrives as ``${file}``. Only ``env("NAME")`` is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from a3s_core.config._source import interpolation_end

_ENV_CALL = re.compile(r'^env\(\s*"([^"\\]*)"\s*\)$')
_BARE_WORD = re.compile(r"^[A-Za-z_][\w.-]*$")


class UnsetVariable(Exception):
    """An ``env("NAME")`` whose variable is not in the environment."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)


class BadExpression(Exception):
    """An interpolation other than ``env("NAME")``; the message is for the user."""


def evaluate(raw: str, env: Mapping[str, str]) -> str:
    """Return ``raw`` with every ``${env("NAME")}`` replaced and ``$${`` unescaped.

    Raises:
        UnsetVariable: a named variable is not set.
        BadExpression: an interpolation is not an ``env()`` call.
    """
    if "${" not in raw:
        return raw
    out: list[str] = []
    i = 0
    while (start := raw.find("${", i)) >= 0:
        if start > 0 and raw[start - 1] == "$":
            out.append(raw[i : start - 1] + "${")
            i = start + 2
            continue
        end = interpolation_end(raw, start + 2)
        out.append(raw[i:start])
        out.append(_evaluate_expression(raw[start + 2 : end - 1].strip(), raw, env))
        i = end
    out.append(raw[i:])
    return "".join(out)


def _evaluate_expression(expression: str, raw: str, env: Mapping[str, str]) -> str:
    match = _ENV_CALL.match(expression)
    if match is not None:
        name = match.group(1)
        if name not in env:
            raise UnsetVariable(name)
        return env[name]
    if raw == "${" + expression + "}" and _BARE_WORD.match(expression):
        raise BadExpression(f'{expression} is not a value; to write text, quote it: "{expression}"')
    raise BadExpression(f'unsupported expression {expression}; only env("NAME") is evaluated')

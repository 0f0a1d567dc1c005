"""Turn python-hcl2's dict into the typed dataclasses, checking types and noting unknown keys.

The dataclasses' type hints drive the conversion. Blocks arrive as lists of dicts (a repeated
block is a longer list); a single block is also accepted written as a map (``queue = { ... }``).
Strings from ``env()`` are accepted where a number or a boolean is expected.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from a3s_core.config._source import KeyLocator
from a3s_core.config._values import BadExpression, UnsetVariable, evaluate
from a3s_core.errors import ConfigError

KeyPath = tuple[tuple[str, int | None], ...]


class Builder:
    """Converts one parsed file; collects warnings as ``file:line: message`` strings."""

    def __init__(self, path: Path | None, text: str, env: Mapping[str, str]) -> None:
        self._path = path
        self._locator = KeyLocator(text)
        self._env = env
        self._deferred: list[ConfigError] | None = None
        self.warnings: list[str] = []

    def build(self, cls: type[Any], raw: dict[str, Any]) -> Any:
        """Return an instance of the dataclass ``cls`` built from ``raw``.

        Raises:
            ConfigError: a value has the wrong type or names an unset variable.
        """
        return self._dataclass(cls, raw, ())

    def _dataclass(self, cls: type[Any], raw: dict[str, Any], at: KeyPath) -> Any:
        fields = _fields_by_key(cls)
        hints = _hints(cls)
        self._refuse_label(raw, fields, at)
        values: dict[str, Any] = {}
        for key, value in raw.items():
            field = fields.get(key)
            if field is None:
                self._warn_unknown(key, sorted(fields), at)
                continue
            where = (*at, (key, None))
            deferred = field.metadata.get("deferred")
            if deferred is None:
                values[field.name] = self._convert(hints[field.name], value, where)
                continue
            self._deferred, outer = [], self._deferred
            try:
                values[field.name] = self._convert(hints[field.name], value, where)
                if self._deferred:
                    values[deferred] = self._deferred[0]
            finally:
                self._deferred = outer
        self._check(cls, values, at)
        return cls(**values)

    def _refuse_label(self, raw: dict[str, Any], fields: dict[str, Any], at: KeyPath) -> None:
        """``providers "anthropic" { ... }`` arrives as ``{"anthropic": {...}}``: say what to write."""
        if at and len(raw) == 1:
            ((label, body),) = raw.items()
            if isinstance(body, dict) and label not in fields:
                raise self._error(
                    at, f'{at[-1][0]} "{label}" {{ ... }}: this block takes no label; '
                    f'write name = "{label}" inside it'
                )

    def _check(self, cls: type[Any], values: dict[str, Any], at: KeyPath) -> None:
        for field in dataclasses.fields(cls):
            choices = field.metadata.get("choices")
            value = values.get(field.name)
            if choices and value is not None and value not in choices:
                allowed = ", ".join(json.dumps(c) for c in choices)
                where = (*at, (field.name, None))
                raise self._error(where, f"{_dotted(where)} must be one of {allowed}, got {_show(value)}")
            if field.metadata.get("required") and not value:
                raise self._error(at, f"{_dotted(at)} block needs {field.name} = \"...\"")

    def _convert(self, hint: Any, value: Any, at: KeyPath) -> Any:
        origin = typing.get_origin(hint)
        if origin is types.UnionType:
            if value is None:
                return None
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
            origin = typing.get_origin(hint)
        if dataclasses.is_dataclass(hint):
            return self._block(hint, value, at)
        if origin is list:
            return self._list(typing.get_args(hint)[0], value, at)
        if origin is dict:
            return self._map(typing.get_args(hint)[1], value, at)
        return self._scalar(hint, value, at)

    def _block(self, cls: type[Any], value: Any, at: KeyPath) -> Any:
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            if len(value) > 1:
                self._warn(at, f"{_dotted(at)} is given {len(value)} times; the last one is used")
            value = value[-1]
        if not isinstance(value, dict):
            raise self._error(at, f"{_dotted(at)} must be a block: {at[-1][0]} {{ ... }}")
        return self._dataclass(cls, value, at)

    def _list(self, item: Any, value: Any, at: KeyPath) -> list[Any]:
        if dataclasses.is_dataclass(item):
            blocks = [value] if isinstance(value, dict) else value
            if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
                raise self._error(at, f"{_dotted(at)} must be a block: {at[-1][0]} {{ ... }}")
            name = at[-1][0]
            return [self._dataclass(item, b, (*at[:-1], (name, i))) for i, b in enumerate(blocks)]
        if not isinstance(value, list):
            raise self._error(at, f'{_dotted(at)} must be a list like ["a", "b"], got {_show(value)}')
        return [self._convert(item, v, at) for v in value]

    def _map(self, item: Any, value: Any, at: KeyPath) -> dict[str, Any]:
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            value = {k: v for block in value for k, v in block.items()}
        if not isinstance(value, dict):
            raise self._error(at, f'{_dotted(at)} must be a map like {{ KEY = "value" }}')
        result = {}
        for key, raw in value.items():
            if item is str and isinstance(raw, (int, float)) and not isinstance(raw, bool):
                raw = str(raw)  # env = { PORT = 8080 }
            converted = self._convert(item, raw, (*at, (str(key), None)))
            if converted is not None:
                result[str(key)] = converted
        return result

    def _scalar(self, hint: Any, value: Any, at: KeyPath) -> Any:
        if isinstance(value, str):
            value = self._string(value, at)
            if value is None:
                return None
        converted = _coerce(hint, value)
        if converted is _INVALID:
            raise self._error(at, f"{_dotted(at)} must be {_KIND[hint]}, got {_show(value)}")
        return converted

    def _string(self, raw: str, at: KeyPath) -> str | None:
        try:
            return evaluate(raw, self._env)
        except UnsetVariable as unset:
            message = f"environment variable {unset.name} is not set (needed by {_dotted(at)})"
            error = self._error(at, message)
            if self._deferred is None:
                raise error from None
            self._deferred.append(error)
            return None
        except BadExpression as bad:
            raise self._error(at, f"{_dotted(at)}: {bad}") from None

    def _error(self, at: KeyPath, message: str) -> ConfigError:
        return ConfigError(message, self._path, self._locator.line_of(at))

    def _warn(self, at: KeyPath, message: str) -> None:
        line = self._locator.line_of(at)
        where = "" if self._path is None else f"{self._path}:{line}: " if line else f"{self._path}: "
        self.warnings.append(f"{where}{message}")

    def _warn_unknown(self, key: str, known: list[str], at: KeyPath) -> None:
        inside = f" in {_dotted(at)}" if at else ""
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        self._warn((*at, (key, None)), f"unknown key {key!r}{inside}{hint}; it is ignored")


_INVALID = object()
_KIND = {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}


def _coerce(hint: Any, value: Any) -> Any:
    """Return ``value`` as ``hint`` (str, int, float, bool) or ``_INVALID``."""
    if hint is str:
        return value if isinstance(value, str) else _INVALID
    if hint is bool:
        if isinstance(value, bool):
            return value
        return {"true": True, "false": False}.get(str(value).strip().lower(), _INVALID)
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, str):
        return _parse(hint, value)
    if hint is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) or (hint is float and isinstance(value, float)):
        return hint(value)
    return _INVALID


def _parse(kind: type, text: str) -> Any:
    try:
        return kind(text.strip())
    except ValueError:
        return _INVALID


def _show(value: Any) -> str:
    if value is None or isinstance(value, (str, int, float, bool)):
        return json.dumps(value)
    if isinstance(value, list):
        return "a list"
    return "a map" if isinstance(value, dict) else type(value).__name__


def _dotted(at: KeyPath) -> str:
    return ".".join(key for key, _ in at)


@functools.cache
def _fields_by_key(cls: type[Any]) -> dict[str, dataclasses.Field[Any]]:
    fields: dict[str, dataclasses.Field[Any]] = {}
    for field in dataclasses.fields(cls):
        if field.metadata.get("internal"):
            continue
        fields[field.name] = field
        for alias in field.metadata.get("aliases", ()):
            fields[alias] = field
    return fields


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)

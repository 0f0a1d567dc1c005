"""Reading tool arguments sent by a model: lenient about form ("10" for 10), strict about meaning."""

from __future__ import annotations

from typing import Any

from a3s_core.errors import ToolArgumentError

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}


def require_str(args: dict[str, Any], name: str, what: str, *, aliases: tuple[str, ...] = ()) -> str:
    """Return the non-empty string argument ``name`` (or one of its aliases).

    Raises:
        ToolArgumentError: the argument is missing, not a string, or empty.
    """
    for key in (name, *aliases):
        if key in args and args[key] is not None:
            value = args[key]
            if not isinstance(value, str):
                raise ToolArgumentError(f"{key} must be a string ({what}), got {type(value).__name__}")
            if not value:
                raise ToolArgumentError(f"{key} must not be empty: expected {what}")
            return value
    raise ToolArgumentError(f"{name} is required: {what}")


def require_text(args: dict[str, Any], name: str, what: str) -> str:
    """Return the string argument ``name``; unlike require_str, the empty string is allowed."""
    value = args.get(name)
    if value is None:
        raise ToolArgumentError(f"{name} is required: {what}")
    if not isinstance(value, str):
        raise ToolArgumentError(f"{name} must be a string ({what}), got {type(value).__name__}")
    return value


def optional_str(args: dict[str, Any], name: str, what: str) -> str | None:
    """Return the string argument ``name``, or None when it is absent or empty."""
    value = args.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ToolArgumentError(f"{name} must be a string ({what}), got {type(value).__name__}")
    return value


def optional_int(
    args: dict[str, Any], name: str, default: int | None, *, minimum: int, maximum: int | None = None
) -> int | None:
    """Return the integer argument ``name`` within [minimum, maximum], or ``default`` when absent."""
    value = args.get(name)
    if value is None or value == "":
        return default
    number = _to_number(name, value)
    if number != int(number):
        raise ToolArgumentError(f"{name} must be a whole number, got {value!r}")
    return int(_check_range(name, number, minimum, maximum))


def optional_float(
    args: dict[str, Any], name: str, default: float | None, *, minimum: float, maximum: float
) -> float | None:
    """Return the number argument ``name`` within (minimum, maximum], or ``default`` when absent."""
    value = args.get(name)
    if value is None or value == "":
        return default
    number = _to_number(name, value)
    if number <= minimum or number > maximum:
        raise ToolArgumentError(f"{name} must be greater than {minimum:g} and at most {maximum:g}, got {value!r}")
    return number


def optional_bool(args: dict[str, Any], name: str, default: bool) -> bool:
    """Return the boolean argument ``name``; accepts true/false and their common string forms."""
    value = args.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ToolArgumentError(f"{name} must be true or false, got {value!r}")


def optional_str_list(args: dict[str, Any], name: str, what: str) -> list[str]:
    """Return the list-of-strings argument ``name`` (a single string counts as a list of one)."""
    value = args.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item for item in value if item]
    raise ToolArgumentError(f"{name} must be a list of strings ({what}), got {value!r}")


def _to_number(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ToolArgumentError(f"{name} must be a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise ToolArgumentError(f"{name} must be a number, got {value!r}")


def _check_range(name: str, number: float, minimum: float, maximum: float | None) -> float:
    if number < minimum:
        raise ToolArgumentError(f"{name} must be at least {minimum:g}, got {number:g}")
    if maximum is not None and number > maximum:
        raise ToolArgumentError(f"{name} must be at most {maximum:g}, got {number:g}")
    return number

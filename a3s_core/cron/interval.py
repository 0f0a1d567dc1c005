"""Intervals as people type them: ``30s``, ``5m``, ``2h``, ``1d``, ``1h30m``, ``90`` (seconds)."""

from __future__ import annotations

import math
import re

MIN_INTERVAL = 1.0
"""The shortest interval accepted, in seconds."""

ACCEPTED_FORMS = "a number with a unit, like 30s, 5m, 2h, 1d or 1h30m (a bare number means seconds)"

_UNIT_SECONDS = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "d": 86400.0, "day": 86400.0, "days": 86400.0,
}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FORMAT_UNITS = (("d", 86400), ("h", 3600), ("m", 60))


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``30s``, ``5m``, ``2h``, ``1d``, ``1h30m`` or ``1.5h``.

    Units may also be spelled out (``5 min``, ``2 hours``); case and surrounding spaces are
    ignored. A bare number (``90``) means seconds.

    Raises:
        ValueError: the text is not an interval, is zero or negative, or is shorter than 1s;
            the message names the text and the accepted forms.
    """
    cleaned = text.strip().lower()
    seconds = _seconds(cleaned.removeprefix("-").lstrip())
    if seconds is None:
        raise ValueError(f"invalid interval {text!r}: use {ACCEPTED_FORMS}")
    if cleaned.startswith("-") or seconds <= 0:
        raise ValueError(f"interval {text!r} must be positive; use {ACCEPTED_FORMS}")
    if not math.isfinite(seconds):
        raise ValueError(f"interval {text!r} is too large; use {ACCEPTED_FORMS}")
    if seconds < MIN_INTERVAL:
        raise ValueError(f"interval {text!r} is too short: the minimum is 1s")
    return seconds


def has_unit_form(text: str) -> bool:
    """True when ``text`` is written as an interval with units (``5m``, ``1h30m``, ``2 hours``).

    Bare numbers are not: ``/loop 10 files to check`` keeps its number in the prompt. Zero and
    too-short values still count, so parse_interval can say what is wrong with them.
    """
    cleaned = text.strip().lower()
    return not _BARE_NUMBER.fullmatch(cleaned) and _seconds(cleaned) is not None


def _seconds(cleaned: str) -> float | None:
    """The seconds in lower-cased ``cleaned``, or None when it is not an interval."""
    if _BARE_NUMBER.fullmatch(cleaned):
        return float(cleaned)
    position, total = 0, 0.0
    for match in _PART.finditer(cleaned):
        unit = _UNIT_SECONDS.get(match.group(2))
        if match.start() != position or unit is None:
            return None
        total += float(match.group(1)) * unit
        position = match.end()
        while position < len(cleaned) and cleaned[position].isspace():
            position += 1
    return total if 0 < position == len(cleaned) else None


def format_interval(seconds: float) -> str:
    """The short form of an interval: 30 -> ``30s``, 300 -> ``5m``, 90 -> ``1m30s``, 86400 -> ``1d``.

    Fractions of a second are kept to one decimal (``1.5s``).
    """
    total = round(max(seconds, 0.0), 1)
    whole = int(total)
    fraction = round(total - whole, 1)
    parts: list[str] = []
    for unit, size in _FORMAT_UNITS:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count}{unit}")
    if whole or fraction or not parts:
        parts.append(f"{whole + fraction:g}s")
    return "".join(parts)

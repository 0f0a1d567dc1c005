"""The text after ``/loop``: ``[interval] <prompt>`` or ``<prompt> every <interval>``."""

from __future__ import annotations

import re

from a3s_core.cron.interval import has_unit_form, parse_interval
from a3s_core.cron.task import DEFAULT_INTERVAL

USAGE = "usage: /loop [interval] <prompt>  (e.g. /loop 5m check the build)"

_TRAILING_EVERY = re.compile(r"^(?P<prompt>.*)\bevery\s+(?P<interval>\S.*?)[.!]?\s*$", re.I | re.S)
_ONE_UNIT = {"minute": 60.0, "hour": 3600.0, "day": 86400.0}


def parse_loop_args(args: str) -> tuple[float, str]:
    """Split ``/loop`` arguments into (interval in seconds, prompt).

    Accepted forms, tried in this order:

    * ``5m check the build`` or ``every 5m check the build``: a leading interval with a unit;
    * ``check the build every 5m`` / ``... every 2 hours`` / ``... every hour``: a trailing one;
    * anything else is all prompt, run every DEFAULT_INTERVAL (10 minutes), so ``tell me every
      file`` and ``10 files to check`` stay whole.

    A bare number is never taken as the interval here (parse_interval reads it as seconds).

    Raises:
        ValueError: the prompt is empty (the message is the usage line), or an interval-shaped
            part is zero or shorter than 1s.
    """
    text = args.strip()
    parsed = _leading(text) or _trailing(text) or (DEFAULT_INTERVAL, text)
    interval, prompt = parsed
    if not prompt:
        raise ValueError(USAGE)
    return interval, prompt


def _leading(text: str) -> tuple[float, str] | None:
    words = text.split(None, 1)
    if words and words[0].lower() == "every":
        words = words[1].split(None, 1) if len(words) > 1 else []
    if not words or not has_unit_form(words[0]):
        return None
    return parse_interval(words[0]), words[1].strip() if len(words) > 1 else ""


def _trailing(text: str) -> tuple[float, str] | None:
    match = _TRAILING_EVERY.match(text)
    if match is None:
        return None
    spoken = match.group("interval").strip()
    prompt = match.group("prompt").strip()
    if spoken.lower() in _ONE_UNIT:
        return _ONE_UNIT[spoken.lower()], prompt
    if not has_unit_form(spoken):
        return None
    return parse_interval(spoken), prompt

"""Asks y / a / n on the terminal before a risky tool call (one-shot mode)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from a3s_core.events import ConfirmationDecision
from a3s_core.permissions.types import ConfirmationRequest

CHOICES = "[y]es / [a]lways this session / [n]o"


class TerminalConfirmationProvider:
    def __init__(self, before_ask: Callable[[], None] | None = None) -> None:
        self.before_ask = before_ask

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        if self.before_ask is not None:
            self.before_ask()
        sys.stderr.write(_describe(request))
        while True:
            sys.stderr.write(f"Allow? {CHOICES}: ")
            sys.stderr.flush()
            answer = (await asyncio.to_thread(sys.stdin.readline)).strip().lower()
            if answer in ("y", "yes"):
                return ConfirmationDecision(approved=True)
            if answer in ("a", "always"):
                return ConfirmationDecision(approved=True, always=True)
            if answer in ("n", "no", ""):
                reason = None if answer else "no answer"
                return ConfirmationDecision(approved=False, reason=reason)


def _describe(request: ConfirmationRequest) -> str:
    lines = [f"\n? {request.tool_name} {request.subject} needs your approval"]
    diff = request.preview.get("diff")
    if diff:
        lines.append(diff.rstrip())
    if request.rule:
        lines.append(f"(asked by rule: {request.rule})")
    return "\n".join(lines) + "\n"

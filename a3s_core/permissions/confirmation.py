"""ConfirmationProviders: who answers "may this tool call run?".

* :class:`EventConfirmationProvider` emits a ``confirmation_required`` AgentEvent carrying a
  Future and waits for the front end to resolve it (``event.approve()`` / ``event.deny()``).
* :class:`CallbackConfirmationProvider` asks a plain function (the SDK's ``on_confirm``).
* :class:`DenyAllConfirmationProvider` refuses, saying how to allow the call (no one to ask).
* :class:`AutoApproveConfirmationProvider` approves everything (``--yes``).
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from a3s_core.events import AgentEvent, ConfirmationDecision
from a3s_core.permissions.rules import exact_rule
from a3s_core.permissions.types import ConfirmationRequest
from a3s_core.protocols import Clock

Emit = Callable[[AgentEvent], Awaitable[None] | None]
ConfirmCallback = Callable[
    [ConfirmationRequest], bool | ConfirmationDecision | Awaitable[bool | ConfirmationDecision]
]
_PLACEHOLDER = re.compile(r"\{(tool|subject|rule)\}")
DEFAULT_DENY_MESSAGE = (
    "{tool} needs approval but no one can answer here; rerun with --yes or add an allow rule such as {rule}"
)


@dataclass
class ConfirmationPolicy:
    """How confirmation requests are handled."""

    enabled: bool = True
    """False approves every request without asking."""
    timeout: float | None = None
    """Seconds to wait for an answer (a request's own timeout wins); None waits forever."""
    timeout_action: Literal["deny", "allow"] = "deny"
    """What an unanswered request becomes."""


class _AsyncioClock:
    def now(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class EventConfirmationProvider:
    """Asks through the event stream and awaits the Future the front end resolves.

    Args:
        emit: called with the ``confirmation_required`` event; may be sync or async.
        policy: timeout and what happens when it passes.
        clock: whose ``sleep`` measures the timeout (tests pass a controllable one).
    """

    def __init__(self, emit: Emit, policy: ConfirmationPolicy | None = None, clock: Clock | None = None) -> None:
        self.emit = emit
        self.policy = policy or ConfirmationPolicy()
        self.clock: Clock = clock or _AsyncioClock()

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        """Emit the request and wait for an answer, or for the timeout."""
        if not self.policy.enabled:
            return ConfirmationDecision(approved=True, reason="confirmation disabled")
        future: asyncio.Future[ConfirmationDecision] = asyncio.get_running_loop().create_future()
        timeout = request.timeout if request.timeout is not None else self.policy.timeout
        metadata = dict(request.preview)
        if timeout is not None:  # front ends show a countdown
            metadata.update(timeout=timeout, timeout_action=self.policy.timeout_action)
        event = AgentEvent(
            "confirmation_required",
            text=request.subject,
            tool_id=request.tool_id,
            tool_name=request.tool_name,
            args=request.args,
            rule=request.rule,
            metadata=metadata,
            future=future,
        )
        try:
            emitted = self.emit(event)
            if inspect.isawaitable(emitted):
                await emitted
            return await self._wait(future, timeout)
        finally:
            if not future.done():
                future.cancel()

    async def _wait(
        self, future: asyncio.Future[ConfirmationDecision], timeout: float | None
    ) -> ConfirmationDecision:
        if timeout is None:
            return await future
        timer = asyncio.ensure_future(self.clock.sleep(timeout))
        waiters: set[asyncio.Future[Any]] = {future, timer}
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            timer.cancel()
        if future.done() and not future.cancelled():
            return future.result()
        approved = self.policy.timeout_action == "allow"
        return ConfirmationDecision(approved=approved, reason=f"no answer within {timeout:g} s")


class CallbackConfirmationProvider:
    """Wraps ``fn(request) -> bool | ConfirmationDecision`` (sync or async)."""

    def __init__(self, fn: ConfirmCallback) -> None:
        self.fn = fn

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        """Call the function and turn its answer into a decision.

        Raises:
            TypeError: the function returned something other than a bool or a decision.
        """
        answer = self.fn(request)
        if inspect.isawaitable(answer):
            answer = await answer
        if isinstance(answer, ConfirmationDecision):
            return answer
        if isinstance(answer, bool):
            return ConfirmationDecision(approved=answer)
        kind = type(answer).__name__
        raise TypeError(f"confirmation callback returned {kind}, expected bool or ConfirmationDecision")


class DenyAllConfirmationProvider:
    """Denies every request with a message saying how to allow it.

    ``message`` may use ``{tool}``, ``{subject}`` and ``{rule}`` (the exact allow rule); a message
    with none of them is prefixed with the rule, so the reader still learns what to allow.
    """

    def __init__(self, message: str = DEFAULT_DENY_MESSAGE) -> None:
        self.message = message

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        """Deny, explaining how to allow the call next time."""
        values = {
            "tool": request.tool_name,
            "subject": request.subject,
            "rule": exact_rule(request.tool_name, request.subject),
        }
        if _PLACEHOLDER.search(self.message) is None:
            return ConfirmationDecision(approved=False, reason=f"{values['rule']} {self.message}")
        reason = _PLACEHOLDER.sub(lambda match: values[match.group(1)], self.message)
        return ConfirmationDecision(approved=False, reason=reason)


class AutoApproveConfirmationProvider:
    """Approves every request (``--yes``)."""

    async def confirm(self, request: ConfirmationRequest) -> ConfirmationDecision:
        """Approve without asking."""
        return ConfirmationDecision(approved=True, reason="approved automatically (--yes)")

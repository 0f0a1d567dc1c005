from __future__ import annotations

import asyncio

import pytest

from a3s_core.events import AgentEvent, ConfirmationDecision
from a3s_core.permissions.confirmation import (
    AutoApproveConfirmationProvider,
    CallbackConfirmationProvider,
    ConfirmationPolicy,
    DenyAllConfirmationProvider,
    EventConfirmationProvider,
)
from a3s_core.permissions.types import ConfirmationRequest
from a3s_core.protocols import ConfirmationProvider


class ManualClock:
    """A clock whose sleeps end only when the test says time has passed."""

    def __init__(self) -> None:
        self.passed = asyncio.Event()

    def now(self) -> float:
        return 0.0

    async def sleep(self, seconds: float) -> None:
        await self.passed.wait()


def request(timeout: float | None = None) -> ConfirmationRequest:
    return ConfirmationRequest(
        tool_id="call_1",
        tool_name="bash",
        args={"command": "npm test"},
        subject="npm test",
        rule="bash(npm *)",
        preview={"command": "npm test"},
        timeout=timeout,
    )


async def next_event(queue: asyncio.Queue[AgentEvent]) -> AgentEvent:
    async with asyncio.timeout(5):
        return await queue.get()


def test_every_provider_is_a_confirmation_provider() -> None:
    providers = [
        EventConfirmationProvider(lambda event: None),
        CallbackConfirmationProvider(lambda req: True),
        DenyAllConfirmationProvider(),
        AutoApproveConfirmationProvider(),
    ]
    assert all(isinstance(provider, ConfirmationProvider) for provider in providers)


async def test_the_event_provider_emits_the_request_and_returns_the_approval() -> None:
    events: asyncio.Queue[AgentEvent] = asyncio.Queue()
    provider = EventConfirmationProvider(events.put_nowait)
    answer = asyncio.ensure_future(provider.confirm(request()))
    event = await next_event(events)
    assert event.event_type == "confirmation_required"
    assert (event.tool_id, event.tool_name, event.rule) == ("call_1", "bash", "bash(npm *)")
    assert event.args == {"command": "npm test"}
    assert event.metadata == {"command": "npm test"}
    event.approve(always=True)
    async with asyncio.timeout(5):
        decision = await answer
    assert decision == ConfirmationDecision(approved=True, always=True)


async def test_the_event_provider_returns_a_denial_with_its_reason() -> None:
    async def emit(event: AgentEvent) -> None:
        event.deny("not now")

    async with asyncio.timeout(5):
        decision = await EventConfirmationProvider(emit).confirm(request())
    assert (decision.approved, decision.reason) == (False, "not now")


async def test_an_unanswered_request_is_denied_when_the_timeout_passes() -> None:
    clock = ManualClock()
    events: asyncio.Queue[AgentEvent] = asyncio.Queue()
    provider = EventConfirmationProvider(events.put_nowait, ConfirmationPolicy(timeout=30), clock)
    answer = asyncio.ensure_future(provider.confirm(request()))
    event = await next_event(events)
    clock.passed.set()
    async with asyncio.timeout(5):
        decision = await answer
    assert (decision.approved, decision.reason) == (False, "no answer within 30 s")
    assert event.future is not None and event.future.cancelled()
    event.approve()  # a late answer is ignored, not an error


async def test_the_timeout_action_can_allow() -> None:
    clock = ManualClock()
    clock.passed.set()
    policy = ConfirmationPolicy(timeout=5, timeout_action="allow")
    async with asyncio.timeout(5):
        decision = await EventConfirmationProvider(lambda event: None, policy, clock).confirm(request())
    assert decision.approved
    assert decision.reason == "no answer within 5 s"


async def test_the_request_timeout_wins_over_the_policy_timeout() -> None:
    policy = ConfirmationPolicy(timeout=None)
    async with asyncio.timeout(5):
        decision = await EventConfirmationProvider(lambda event: None, policy).confirm(request(timeout=0.01))
    assert (decision.approved, decision.reason) == (False, "no answer within 0.01 s")


async def test_an_answer_before_the_timeout_is_used() -> None:
    clock = ManualClock()
    provider = EventConfirmationProvider(lambda event: event.approve(), ConfirmationPolicy(timeout=30), clock)
    async with asyncio.timeout(5):
        decision = await provider.confirm(request())
    assert decision.approved and decision.reason is None


async def test_a_disabled_policy_approves_without_emitting() -> None:
    emitted: list[AgentEvent] = []
    provider = EventConfirmationProvider(emitted.append, ConfirmationPolicy(enabled=False))
    assert (await provider.confirm(request())).approved
    assert emitted == []


async def test_cancelling_the_wait_cancels_the_future_the_front_end_holds() -> None:
    events: asyncio.Queue[AgentEvent] = asyncio.Queue()
    answer = asyncio.ensure_future(EventConfirmationProvider(events.put_nowait).confirm(request()))
    event = await next_event(events)
    answer.cancel()
    with pytest.raises(asyncio.CancelledError):
        async with asyncio.timeout(5):
            await answer
    assert event.future is not None and event.future.cancelled()


async def test_a_sync_callback_answering_true_approves() -> None:
    seen: list[str] = []

    def on_confirm(req: ConfirmationRequest) -> bool:
        seen.append(req.subject)
        return True

    decision = await CallbackConfirmationProvider(on_confirm).confirm(request())
    assert decision.approved and seen == ["npm test"]


async def test_an_async_callback_can_return_a_full_decision() -> None:
    async def on_confirm(req: ConfirmationRequest) -> ConfirmationDecision:
        return ConfirmationDecision(approved=False, reason=f"{req.tool_name} is off limits")

    decision = await CallbackConfirmationProvider(on_confirm).confirm(request())
    assert (decision.approved, decision.reason) == (False, "bash is off limits")


async def test_a_callback_returning_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="str"):
        await CallbackConfirmationProvider(lambda req: "yes").confirm(request())  # type: ignore[arg-type,return-value]


async def test_deny_all_says_which_rule_would_allow_the_call() -> None:
    decision = await DenyAllConfirmationProvider().confirm(request())
    assert not decision.approved
    assert decision.reason is not None
    assert "--yes" in decision.reason and "bash(npm test)" in decision.reason


async def test_deny_all_fills_placeholders_in_a_custom_message() -> None:
    decision = await DenyAllConfirmationProvider("{tool} blocked; allow {rule} in { allow = [...] }").confirm(request())
    assert decision.reason == "bash blocked; allow bash(npm test) in { allow = [...] }"


async def test_deny_all_prefixes_a_plain_message_with_the_rule() -> None:
    decision = await DenyAllConfirmationProvider("needs approval: rerun with --yes").confirm(request())
    assert decision.reason == "bash(npm test) needs approval: rerun with --yes"


async def test_auto_approve_approves_everything() -> None:
    assert (await AutoApproveConfirmationProvider().confirm(request())).approved

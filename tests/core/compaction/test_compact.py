"""compact() end to end against the scripted LLM server, and the automatic trigger."""

from __future__ import annotations

import asyncio

import httpx2
import pytest
from compaction_histories import one_long_turn, realistic_history

from a3s_core.compaction import DEFAULT_THRESHOLD, SUMMARY_MARKER, apply_compaction, compact, plan_compaction, should_compact
from a3s_core.messages import Message
from a3s_core.protocols import Provider
from a3s_core.providers import create_provider
from a3s_core.providers.anthropic_format import anthropic_body
from a3s_core.providers.events import ResponseComplete
from a3s_core.providers.openai_format import openai_body
from a3s_core.providers.request import ModelRequest
from a3s_core.testing import Reply, ScriptedLLMServer


def _provider(server: ScriptedLLMServer, protocol: str) -> Provider:
    base_url = server.anthropic_base_url if protocol == "anthropic" else server.openai_base_url
    return create_provider(protocol, "test-key", base_url)


async def _answer(provider: Provider, messages: list[Message]) -> str:
    request = ModelRequest(model="test-model", system="You are a coding agent.", messages=messages)
    async with asyncio.timeout(10):
        events = [event async for event in provider.stream(request)]
    final = events[-1]
    assert isinstance(final, ResponseComplete)
    return final.message.text


async def test_compact_summarises_through_a_real_provider_and_the_server_accepts_the_result(
    llm: ScriptedLLMServer, protocol: str
) -> None:
    llm.add(Reply("Added --verbose to src/cli.py; fixed a NameError in the tests."), Reply("Continuing."))
    provider = _provider(llm, protocol)
    try:
        outcome = await compact(realistic_history(), lambda prompt: _answer(provider, [Message.user(prompt)]))
        assert outcome is not None
        assert outcome.removed == 11 and len(outcome.history) == 10
        assert outcome.summary == "Added --verbose to src/cli.py; fixed a NameError in the tests."
        assert "Never touch migrations/." in outcome.pinned.instructions
        reply = await _answer(provider, [*outcome.history, Message.user("What is left?")])
    finally:
        await provider.aclose()
    assert reply == "Continuing."
    assert "[tool edit: src/cli.py]" in str(llm.requests[0].body)
    sent = str(llm.requests[1].body)
    assert SUMMARY_MARKER in sent
    assert ("sig-recent-2" in sent) == (protocol == "anthropic")  # signed thinking goes back to Anthropic only


@pytest.mark.parametrize("history", [realistic_history(), one_long_turn(8)], ids=["four-turns", "one-long-turn"])
async def test_the_server_accepts_compacted_histories_in_both_wire_formats(
    llm: ScriptedLLMServer, history: list[Message]
) -> None:
    plan = plan_compaction(history)
    assert plan is not None
    messages = apply_compaction(plan, "summary")
    if messages[-1].role == "assistant":
        messages.append(Message.user("go on"))
    request = ModelRequest(model="m", system="s", messages=messages)
    llm.add(Reply("a"), Reply("b"))
    headers = {"x-api-key": "k", "anthropic-version": "2023-06-01"}
    async with httpx2.AsyncClient(timeout=10) as client:
        anthropic = await client.post(f"{llm.anthropic_base_url}/v1/messages", json=anthropic_body(request), headers=headers)
        openai = await client.post(f"{llm.openai_base_url}/chat/completions", json=openai_body(request))
    assert (anthropic.status_code, openai.status_code) == (200, 200), (anthropic.text, openai.text)


async def test_the_server_refuses_a_history_cut_between_a_tool_call_and_its_result(llm: ScriptedLLMServer) -> None:
    broken = realistic_history()[:3] + realistic_history()[4:]  # drops the edit call, keeps its result
    request = ModelRequest(model="m", system="s", messages=broken)
    async with httpx2.AsyncClient(timeout=10) as client:
        response = await client.post(f"{llm.openai_base_url}/chat/completions", json=openai_body(request))
    assert response.status_code == 400


async def test_nothing_to_compact_never_calls_the_model() -> None:
    calls: list[str] = []

    async def summarize(prompt: str) -> str:
        calls.append(prompt)
        return "x"

    assert await compact([Message.user("hi"), Message("assistant", [])], summarize) is None
    assert calls == []


async def test_a_blank_summary_leaves_the_history_alone() -> None:
    async def summarize(prompt: str) -> str:
        return "  \n"

    assert await compact(realistic_history(), summarize) is None


def test_should_compact_fires_at_the_threshold_share_of_a_known_window():
    assert DEFAULT_THRESHOLD == 0.8
    assert should_compact(160_000, 200_000)
    assert not should_compact(159_999, 200_000)
    assert should_compact(150_000, 200_000, threshold=0.75)
    assert not should_compact(10**9, None)
    assert not should_compact(10, 0)

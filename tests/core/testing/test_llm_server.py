"""The scripted server's script, recording, stream cuts, concurrency and command line."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2
import pytest

from a3s_core.testing import Fault, Reply, ScriptedLLMServer, load_script
from a3s_core.testing.sse import parse_sse

if TYPE_CHECKING:
    from conftest import Caller

REPO = Path(__file__).resolve().parents[3]


def test_each_request_consumes_the_next_item_whatever_its_protocol(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("first"), Fault(500), Reply("third"))
    assert llm.remaining == 3
    assert call.openai(stream=False).json()["choices"][0]["message"]["content"] == "first"
    assert call.anthropic().status_code == 500
    assert call.anthropic(stream=False).json()["content"][0]["text"] == "third"
    assert llm.remaining == 0


def test_an_exhausted_script_answers_500_naming_the_request_count(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.extend([Reply("only")])
    call.anthropic()
    anthropic, openai = call.anthropic(), call.openai()
    assert anthropic.status_code == openai.status_code == 500
    expected = "scripted LLM server: script exhausted after 1 requests"
    assert anthropic.json()["error"] == {"type": "api_error", "message": expected}
    assert openai.json()["error"]["message"] == expected


def test_requests_are_recorded_in_order_with_lower_case_headers(llm: ScriptedLLMServer, call: Caller) -> None:
    llm.add(Reply("a"), Reply("b"))
    call.anthropic(system="be brief", headers={"X-Custom": "yes"})
    call.openai()
    llm.wait_for_requests(2)
    first, second = llm.requests
    assert (first.protocol, first.path) == ("anthropic", "/v1/messages")
    assert first.headers["x-custom"] == "yes" and first.headers["anthropic-version"] == "2023-06-01"
    assert first.body["system"] == "be brief"
    assert (second.protocol, second.path) == ("openai", "/v1/chat/completions")
    assert second.body["model"] == "gpt-test"


def test_waiting_for_requests_that_never_come_raises_timeout(llm: ScriptedLLMServer) -> None:
    with pytest.raises(TimeoutError, match="0 of 1"):
        llm.wait_for_requests(1, timeout=0.05)


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
def test_cut_after_closes_the_stream_mid_way(llm: ScriptedLLMServer, call: Caller, protocol: str) -> None:
    llm.add(Reply("abcdefghijklmnop", cut_after=3))
    url = llm.anthropic_base_url + "/v1/messages" if protocol == "anthropic" else llm.openai_base_url + "/chat/completions"
    body = {"model": "m", "max_tokens": 10, "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    received = bytearray()
    with pytest.raises(httpx2.RemoteProtocolError):
        with call.client.stream("POST", url, json=body, headers={"anthropic-version": "2023-06-01"}) as response:
            assert response.status_code == 200
            for piece in response.iter_bytes():
                received += piece
    assert len(parse_sse(bytes(received))) == 3


def test_a_slow_stream_does_not_block_other_requests(llm: ScriptedLLMServer) -> None:
    llm.add(Reply("slow", chunk_size=1, chunk_delay=30), Reply("fast"))
    url = llm.anthropic_base_url + "/v1/messages"
    body = {"model": "m", "max_tokens": 10, "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    headers = {"anthropic-version": "2023-06-01"}
    with httpx2.Client(timeout=5) as slow, httpx2.Client(timeout=5) as fast:
        with slow.stream("POST", url, json=body, headers=headers) as stream:
            assert next(stream.iter_lines()) == "event: message_start"
            done = parse_sse(fast.post(url, json=body, headers=headers).content)
            assert done[-1][0] == "message_stop"
            llm.stop()  # interrupts the slow stream's delay


def test_an_unknown_path_gets_404(call: Caller) -> None:
    response = call.client.post(call.server.base_url + "/v1/completions", json={})
    assert response.status_code == 404 and "Invalid URL" in response.json()["error"]["message"]


def test_load_script_reads_replies_faults_and_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "script.json"
    items = [{"text": "hi", "tool_calls": [{"name": "ls", "input": {"path": "."}}]}, {"fault": 429, "retry_after": 1}]
    path.write_text(json.dumps(items), encoding="utf-8")
    script = load_script(path)
    reply, fault = script.take(), script.take()
    assert isinstance(reply, Reply) and reply.tool_calls[0].input == {"path": "."}
    assert fault == Fault(429, retry_after=1)
    path.write_text(json.dumps([{"txt": "typo"}]), encoding="utf-8")
    with pytest.raises(ValueError, match="txt"):
        load_script(path)


async def test_the_command_line_serves_a_repeating_script_until_killed(tmp_path: Path) -> None:
    path = tmp_path / "script.json"
    path.write_text(json.dumps({"script": [{"text": "tick"}, {"text": "tock"}], "repeat": True}), encoding="utf-8")
    env = os.environ | {"PYTHONPATH": str(REPO)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "a3s_core.testing.llm_server", "--script", str(path), "--port", "0",
        stdout=asyncio.subprocess.PIPE, env=env, cwd=tmp_path,
    )
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode()  # type: ignore[union-attr]
        assert line.startswith("listening on http://127.0.0.1:")
        url = line.split()[-1] + "/v1/chat/completions"
        body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        async with httpx2.AsyncClient(timeout=5) as client:
            texts = [(await client.post(url, json=body)).json()["choices"][0]["message"]["content"] for _ in range(3)]
        assert texts == ["tick", "tock", "tick"]
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 10) == 0

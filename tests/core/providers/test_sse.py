from __future__ import annotations

from collections.abc import AsyncIterator

from a3s_core.providers.sse import SSEEvent, SSEParser, aiter_sse


async def _lines(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def _parse(*lines: str) -> list[SSEEvent]:
    return [event async for event in aiter_sse(_lines(*lines))]


async def test_named_events_are_dispatched_on_a_blank_line() -> None:
    events = await _parse("event: ping", 'data: {"type": "ping"}', "", "data: x", "")
    assert events == [SSEEvent("ping", '{"type": "ping"}'), SSEEvent("message", "x")]


async def test_multi_line_data_is_joined_with_newlines() -> None:
    assert await _parse("data: first", "data: second", "") == [SSEEvent("message", "first\nsecond")]


async def test_comments_ids_and_unknown_fields_are_ignored() -> None:
    events = await _parse(": keep-alive", "id: 7", "retry: 100", "data: payload", "")
    assert events == [SSEEvent("message", "payload")]


async def test_a_blank_line_without_data_dispatches_nothing_and_resets_the_name() -> None:
    assert await _parse("event: lonely", "", "data: d", "") == [SSEEvent("message", "d")]


async def test_only_one_space_after_the_colon_is_stripped_and_no_space_is_fine() -> None:
    assert await _parse("data:  two", "data:none", "") == [SSEEvent("message", " two\nnone")]


async def test_carriage_returns_are_tolerated() -> None:
    assert await _parse("event: e\r", "data: d\r", "\r") == [SSEEvent("e", "d")]


async def test_pending_data_is_dispatched_when_the_stream_ends_without_a_blank_line() -> None:
    assert await _parse("data: [DONE]") == [SSEEvent("message", "[DONE]")]


def test_the_parser_can_be_fed_line_by_line() -> None:
    parser = SSEParser()
    assert parser.feed("event: message_stop") is None
    assert parser.feed('data: {"type": "message_stop"}') is None
    assert parser.feed("") == SSEEvent("message_stop", '{"type": "message_stop"}')

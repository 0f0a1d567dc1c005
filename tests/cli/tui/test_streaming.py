"""The streamed message stays a small live widget; helper logic without an app."""

from __future__ import annotations

from a3s_cli.tui.app import A3SApp
from a3s_cli.tui.history import PromptHistory
from a3s_cli.tui.markdown_split import safe_split
from a3s_cli.tui.widgets.assistant_message import AssistantMessage, FrozenMarkdown
from tests.cli.tui.conftest import SIZE


def test_safe_split_never_cuts_inside_a_code_fence_or_a_list_item():
    text = "para one\n\n```\ncode\n\nmore code\n```\n\n- item\n\n  continued\n\nnext para"
    cut = safe_split(text)
    assert text[cut:] == "next para"
    assert safe_split("```\na\n\nb\n") == 0


def test_history_skips_repeats_and_survives_a_broken_line(tmp_path):
    path = tmp_path / "h.txt"
    history = PromptHistory(path)
    history.add("one")
    history.add("one")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    assert PromptHistory(path).entries == ["one"]


async def test_a_long_answer_is_frozen_into_statics_while_it_streams(session_factory):
    paragraphs = [f"Paragraph {n} with some words to make it longer than a line.\n\n" for n in range(60)]
    app = A3SApp(session_factory())
    async with app.run_test(size=SIZE) as pilot:
        message = AssistantMessage()
        await app.transcript.add(message)
        for paragraph in paragraphs:
            await message.write(paragraph)
            await message.flush()
            assert len(message._live_text) < 500  # the live widget only ever holds the tail
        frozen_while_streaming = len(message.query(FrozenMarkdown))
        await message.finish()
        await pilot.pause()
        assert frozen_while_streaming > 3 and not message.query("Markdown")
        assert message.source == "".join(paragraphs)

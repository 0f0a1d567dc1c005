"""apply_compaction: summary in place of the middle, and the history stays sendable."""

from __future__ import annotations

import random

import pytest
from compaction_histories import call, one_long_turn, random_history, realistic_history, result, said, wire_problems

from a3s_core.compaction import (
    ACK_TEXT,
    SUMMARY_MARKER,
    CompactionPlan,
    PinnedFacts,
    apply_compaction,
    history_problems,
    plan_compaction,
)
from a3s_core.messages import Message, TextBlock, ThinkingBlock


def test_the_compacted_history_keeps_head_and_tail_and_carries_summary_and_pinned_facts():
    history = realistic_history()
    plan = plan_compaction(history)
    assert plan is not None
    compacted = apply_compaction(plan, "We added --verbose and fixed a NameError.")
    first, ack, *tail = compacted
    assert first.content[0] == history[0].content[0] and len(first.content) == 2
    summary = first.content[1]
    assert isinstance(summary, TextBlock)
    assert summary.text.startswith(f"{SUMMARY_MARKER}\nWe added --verbose and fixed a NameError.\n\n## Pinned facts")
    for fact in ("src/cli.py", "tests/test_cli.py", "update the docs", "Always run the tests before committing.",
                 "Never touch migrations/."):
        assert fact in summary.text
    assert "- [ ] add the flag" not in summary.text and "write tests\n" not in summary.text
    assert ack == Message("assistant", [TextBlock(ACK_TEXT)])
    assert tail == history[12:]
    assert history[0].content == [TextBlock("Add a --verbose flag to the CLI. Always run the tests before committing.")]
    assert wire_problems(compacted) == []


def test_thinking_signatures_in_the_tail_are_kept_verbatim():
    compacted = apply_compaction(plan_compaction(realistic_history()), "s")  # type: ignore[arg-type]
    thinking = [b for m in compacted for b in m.content if isinstance(b, ThinkingBlock)]
    assert [(b.signature, b.redacted_data) for b in thinking] == [
        ("sig-recent-1", None), (None, "opaque-redacted"), ("sig-recent-2", None)
    ]


def _plan(head: list[Message], tail: list[Message]) -> CompactionPlan:
    return CompactionPlan(head, [said("dropped")], tail, PinnedFacts())


@pytest.mark.parametrize(
    "head, tail",
    [
        pytest.param([Message.user("go")], [Message.user("next"), said("ok")], id="user-head-user-tail"),
        pytest.param([Message.user("go")], [call("a", "bash", command="ls"), result("a", "x")], id="user-head-assistant-tail"),
        pytest.param([Message.user("go"), said("hi")], [Message.user("next")], id="assistant-head-user-tail"),
        pytest.param([Message.user("go"), said("hi")], [call("a", "bash", command="ls"), result("a", "x")],
                     id="assistant-head-assistant-tail"),
        pytest.param([Message.user("go")], [], id="user-head-no-tail"),
        pytest.param([Message.user("go"), said("hi")], [], id="assistant-head-no-tail"),
    ],
)
def test_roles_alternate_whatever_the_head_ends_and_the_tail_starts_with(head: list[Message], tail: list[Message]):
    compacted = apply_compaction(_plan(head, tail), "summary")
    assert wire_problems(compacted) == []
    assert sum(SUMMARY_MARKER in m.text for m in compacted) == 1
    assert compacted[len(compacted) - len(tail):] == tail


def test_one_long_turn_compacts_into_a_valid_history_that_ends_mid_turn():
    history = one_long_turn(rounds=8)
    plan = plan_compaction(history)
    assert plan is not None
    compacted = apply_compaction(plan, "Rounds 0-5 ran; cases 1, 3, 5 fail.")
    assert [m.role for m in compacted] == ["user", "assistant", "user", "assistant", "user"]
    assert compacted[1:] == history[-4:]
    assert wire_problems(compacted) == []


def test_compacting_twice_replaces_the_first_summary_and_keeps_its_pinned_facts():
    history = realistic_history()
    once = apply_compaction(plan_compaction(history), "first summary")  # type: ignore[arg-type]
    once += [Message.user("Also add --quiet."), call("q1", "edit", file_path="src/quiet.py"), result("q1", "ok"),
             said("Added."), Message.user("Ship it."), said("Shipped.")]
    plan = plan_compaction(once)
    assert plan is not None
    assert plan.head == [history[0]]  # the old summary went to the middle
    assert "first summary" in plan.middle[0].text
    assert plan.pinned.files_touched == ["src/cli.py", "tests/test_cli.py", "README.md"]  # quiet.py: in the tail
    assert "Never touch migrations/." in plan.pinned.instructions
    twice = apply_compaction(plan, "second summary")
    summaries = [b.text for m in twice for b in m.content if isinstance(b, TextBlock) and SUMMARY_MARKER in b.text]
    assert len(summaries) == 1 and "second summary" in summaries[0] and "first summary" not in summaries[0]
    assert wire_problems(twice) == []


def test_every_plan_of_random_histories_applies_to_a_sendable_history():
    rng = random.Random(20240611)
    compacted_count = 0
    for _ in range(300):
        history = random_history(rng)
        assert history_problems(history) == [], history
        for keep in (0, 1, 2):
            plan = plan_compaction(history, keep_recent_turns=keep)
            if plan is None:
                continue
            compacted_count += 1
            assert plan.head + plan.middle + plan.tail == history
            compacted = apply_compaction(plan, "summary")
            assert wire_problems(compacted) == [], (keep, history)
    assert compacted_count > 200


def test_the_validator_finds_broken_histories():
    assert history_problems([said("hi")]) == ["the history does not start with a user message"]
    assert history_problems([Message.user("a"), Message.user("b")]) == ["messages 0 and 1 are both user messages"]
    orphan = [Message.user("a"), call("t", "bash", command="ls"), Message.user("b")]
    assert history_problems(orphan) == ["message 1 calls t without results in the next message"]
    stray = [Message.user("a"), said("x"), result("t", "out")]
    assert history_problems(stray) == ["message 2 answers t, which the message before did not call"]
    assert history_problems([Message.user("a"), Message("assistant", [])]) == ["message 1 is empty"]

"""Where plan_compaction cuts a history."""

from __future__ import annotations

from compaction_histories import call, one_long_turn, realistic_history, result, said

from a3s_core.compaction import is_turn_start, plan_compaction
from a3s_core.messages import Message


def test_the_plan_keeps_the_first_message_and_the_last_two_turns_verbatim():
    history = realistic_history()
    plan = plan_compaction(history)
    assert plan is not None
    assert plan.head == [history[0]] and plan.head[0] is history[0]
    assert plan.tail == history[12:]
    assert plan.tail[0].text == "Now update the README."
    assert plan.head + plan.middle + plan.tail == history


def test_the_tail_starts_at_a_turn_start_and_the_middle_after_the_first_message():
    history = realistic_history()
    for keep in (1, 2, 3):
        plan = plan_compaction(history, keep_recent_turns=keep)
        assert plan is not None
        assert is_turn_start(plan.tail[0])
        assert sum(is_turn_start(m) for m in plan.tail) == keep
        assert plan.middle[0].role == "assistant"


def test_a_user_message_that_only_answers_tool_calls_is_not_a_turn_start():
    assert not is_turn_start(result("t1", "ok"))
    assert not is_turn_start(said("hello"))
    assert is_turn_start(Message.user("go on"))


def test_a_short_history_has_nothing_to_compact():
    assert plan_compaction([]) is None
    assert plan_compaction([Message.user("hi")]) is None
    assert plan_compaction([Message.user("hi"), said("hello")]) is None
    three_turns = [Message.user("a"), said("1"), Message.user("b"), said("2"), Message.user("c"), said("3")]
    assert plan_compaction(three_turns) is None  # the middle would be one message


def test_min_middle_sets_how_much_is_worth_summarising():
    history = [*realistic_history()[:17], said("Committed.")]  # a last turn of one message
    assert plan_compaction(history, min_middle=11) is not None
    assert plan_compaction(history, min_middle=12) is None


def test_keeping_no_recent_turns_summarises_everything_after_the_first_message():
    history = realistic_history()
    plan = plan_compaction(history, keep_recent_turns=0)
    assert plan is not None
    assert plan.tail == [] and plan.middle == history[1:]


def test_one_long_turn_is_split_between_tool_rounds():
    history = one_long_turn(rounds=8)
    plan = plan_compaction(history, keep_recent_turns=2)
    assert plan is not None
    assert plan.head == [history[0]]
    assert plan.tail == history[-4:]  # the last two complete tool rounds
    assert plan.tail[0].role == "assistant" and plan.middle[-1].tool_results
    assert plan.pinned.current_request == ""  # the prompt is in the head already


def test_a_long_last_turn_after_short_ones_pins_its_prompt_verbatim():
    history = [Message.user("first"), said("ok"), *one_long_turn(rounds=5)]
    plan = plan_compaction(history, keep_recent_turns=1)
    assert plan is not None
    assert plan.tail == history[-2:]
    assert plan.pinned.current_request == "Fix every failing test. Do not edit the fixtures."


def test_earlier_turns_are_never_split_between_tool_rounds():
    history = [
        Message.user("a"), said("1"),
        Message.user("b"), call("x1", "bash", command="ls"), result("x1", "f"), said("2"),
        Message.user("c"), said("3"),
    ]
    assert plan_compaction(history, keep_recent_turns=2) is None  # "b" is not the last turn


def test_a_turn_with_a_single_tool_round_is_not_split():
    history = [Message.user("do it"), call("x1", "bash", command="make"), result("x1", "done"), said("ok")]
    assert plan_compaction(history) is None

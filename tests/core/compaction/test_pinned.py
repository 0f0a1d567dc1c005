"""Pinned facts: files touched, open plan items and standing instructions, extracted without an LLM."""

from __future__ import annotations

from compaction_histories import call, realistic_history, result, said

from a3s_core.compaction import PinnedFacts, extract_pinned, plan_compaction
from a3s_core.compaction.pinned import instructions_in, parse_pinned
from a3s_core.messages import Message, ToolResultBlock


def test_the_realistic_plan_pins_files_open_items_and_instructions():
    plan = plan_compaction(realistic_history())
    assert plan is not None
    assert plan.pinned.files_touched == ["src/cli.py", "tests/test_cli.py"]
    assert plan.pinned.plan_items == ["update the docs"]
    assert plan.pinned.instructions == ["Always run the tests before committing.", "Never touch migrations/."]


def test_files_touched_come_from_changing_tools_in_first_touched_order_without_duplicates():
    history = [
        call("a", "read", file_path="notes.txt"),
        call("b", "write", file_path="b.py", content="x"),
        call("c", "edit", path="a.py", old_string="x", new_string="y"),
        call("d", "edit", file_path="b.py", old_string="x", new_string="y"),
        call("e", "bash", command="rm c.py"),
        call("f", "patch", patch="*** Begin Patch\n*** Update File: d.py\n@@\n*** Add File: e.py\n+x\n*** End Patch"),
        call("g", "patch", diff="--- a/f.py\n+++ b/f.py\n@@ -1 +1 @@\n-a\n+b\n"),
    ]
    assert extract_pinned(history).files_touched == ["b.py", "a.py", "d.py", "e.py", "f.py"]


def test_a_plan_item_checked_off_later_is_not_open_even_when_checked_in_the_kept_tail():
    middle = [said("- [ ] one\n* [ ] two\n- [ ] three\n- [x] done already"), said("- [X] one")]
    tail = [said("- [x] three")]
    assert extract_pinned(middle, later=tail).plan_items == ["two"]
    assert extract_pinned([said("- [x] two"), said("- [ ] two")]).plan_items == ["two"]  # reopened


def test_only_the_users_own_text_gives_standing_instructions():
    history = [
        Message.user("From now on use tabs.\nPlease make sure the build is green! Thanks."),
        said("I will never give up."),
        Message("user", [ToolResultBlock("t", "You must not run as root")]),
        Message.user("DON'T push to main. You MUST sign commits; do not squash."),
        Message.user("from now on use tabs."),
    ]
    assert extract_pinned(history).instructions == [
        "From now on use tabs.",
        "Please make sure the build is green!",
        "DON'T push to main.",
        "You MUST sign commits; do not squash.",
        "from now on use tabs.",
    ]


def test_instructions_are_shortened_to_300_characters_and_only_the_latest_20_are_kept():
    long = "Always " + "x" * 400
    assert len(instructions_in(long)[0]) == 300
    history = [Message.user(f"Never do thing {i}.") for i in range(25)]
    kept = extract_pinned(history).instructions
    assert len(kept) == 20 and kept[0] == "Never do thing 5." and kept[-1] == "Never do thing 24."


def test_render_lists_only_what_is_there():
    assert PinnedFacts().render() == ""
    text = PinnedFacts(files_touched=["a.py"], instructions=["Never touch migrations/."]).render()
    assert text.startswith("## Pinned facts")
    assert "- a.py" in text and "- Never touch migrations/." in text
    assert "plan items" not in text.lower()


def test_rendered_facts_read_back_as_the_same_facts():
    facts = PinnedFacts(["a.py", "b/c.py"], ["write tests"], ["Always run the tests."], "Fix it.\n- all of it")
    assert parse_pinned("[Summary]\nsome text\n\n" + facts.render()) == facts


def test_tool_results_and_images_give_no_facts():
    history = [call("x", "bash", command="echo hi"), result("x", "- [ ] not a plan\nNever mind")]
    assert extract_pinned(history) == PinnedFacts()

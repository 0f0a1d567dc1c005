"""The text helpers: masking, one-line block rewriting and key-line lookup."""

from __future__ import annotations

from a3s_core.config._oneline import expand_one_line_blocks
from a3s_core.config._source import KeyLocator, mask


def test_mask_blanks_strings_comments_and_heredocs_but_keeps_length_and_newlines() -> None:
    text = 'a = "x { y" # }\nb = <<EOT\n{\nEOT\nc = "${env("A")}" /* [ */\n'

    masked = mask(text)

    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert "{" not in masked and "[" not in masked and "}" not in masked


def test_a_one_line_block_with_two_attributes_becomes_a_multi_line_block() -> None:
    text, origin = expand_one_line_blocks("x {\n  google { enabled = true, weight = 1.5 } # note\n}\n")

    assert text.split("\n") == [
        "x {", "  google {", "    enabled = true", "    weight = 1.5", "  } # note", "}", ""
    ]
    assert origin == [1, 2, 2, 2, 2, 3, 4]


def test_commas_inside_strings_lists_maps_and_calls_are_left_alone() -> None:
    line = 'x { a = "1, 2", b = [1, 2], c = {p = 1, q = 2}, d = f(1, 2) }'
    text, _ = expand_one_line_blocks(line)

    assert text.split("\n")[1:5] == ['  a = "1, 2"', "  b = [1, 2]", "  c = {p = 1, q = 2}", "  d = f(1, 2)"]
    assert expand_one_line_blocks('y { a = "1, 2" }')[0] == 'y { a = "1, 2" }'
    assert expand_one_line_blocks("z = { a = 1, b = 2 }")[0] == "z = { a = 1, b = 2 }"


def test_the_locator_finds_keys_in_the_right_repeated_block() -> None:
    text = 'p {\n  name = "a"\n}\np {\n  # name here is a comment\n  name = "b"\n}\nname = "top"\n'
    locator = KeyLocator(text)

    assert locator.line_of([("p", 1), ("name", None)]) == 6
    assert locator.line_of([("p", 0), ("name", None)]) == 2
    assert locator.line_of([("name", None)]) == 8
    assert locator.line_of([("p", 1), ("missing", None)]) == 4
    assert locator.line_of([("missing", None)]) is None

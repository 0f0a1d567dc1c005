from __future__ import annotations

import json

import pytest

from a3s_core.sessions import SessionRecord, make_title, new_session_id, validate_session_id
from tests.core.sessions.records import record


def test_a_record_round_trips_every_block_type_through_json():
    original = record()
    restored = SessionRecord.from_dict(json.loads(json.dumps(original.to_dict())))
    assert restored == original
    assert restored.history[1].content[0].signature == "sig-abc=="
    assert restored.history[1].content[4].raw_arguments == '{"command": "ls'
    assert restored.history[2].content[0].images[0].media_type == "image/jpeg"
    assert restored.extra == {"cron": [{"every": "5m", "prompt": "check CI"}], "pinned": ["uses uv"]}


def test_to_dict_holds_only_the_documented_keys_so_no_config_or_key_slips_in():
    data = record().to_dict()
    assert set(data) == {
        "version", "session_id", "workspace", "model", "title", "created_at",
        "updated_at", "turns", "usage", "history", "extra",
    }  # fmt: skip
    assert data["version"] == 1
    assert set(data["usage"]) == {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"}


def test_a_record_from_a_newer_format_version_is_refused_with_a_clear_error():
    data = record().to_dict() | {"version": 2}
    with pytest.raises(ValueError, match="version 2 is newer.*upgrade a3s-code"):
        SessionRecord.from_dict(data)


@pytest.mark.parametrize("broken", [{"version": 1}, [], {"version": "1"}, {"version": None}])
def test_data_that_is_not_a_record_is_refused_with_value_error(broken):
    with pytest.raises(ValueError):
        SessionRecord.from_dict(broken)


def test_make_title_folds_the_first_prompt_to_one_line_of_at_most_80_characters():
    assert make_title("  fix\n the   bug\t") == "fix the bug"
    long = make_title("word " * 40)
    assert len(long) == 80 and long.endswith("…") and "\n" not in long


def test_new_session_ids_are_valid_file_names_and_distinct():
    ids = {new_session_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(validate_session_id(i) == i for i in ids)


@pytest.mark.parametrize(
    "bad", ["", "../etc", "a/b", "a\\b", "a b", "x" * 129, ".", "..", "sessions.index", "é", "a\x00"]
)
def test_ids_that_could_escape_the_directory_or_collide_are_refused(bad):
    with pytest.raises(ValueError, match="invalid session id"):
        validate_session_id(bad)

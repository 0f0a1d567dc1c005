"""Behaviour both stores share (the `store` fixture is a FileSessionStore and a MemorySessionStore)."""

from __future__ import annotations

import pytest

from a3s_core.errors import A3SError
from a3s_core.messages import Message
from a3s_core.protocols import SessionStore
from a3s_core.sessions import SessionNotFound, SessionSummary
from tests.core.sessions.records import record


def test_the_store_satisfies_the_session_store_protocol(store):
    assert isinstance(store, SessionStore)


def test_a_saved_session_loads_back_equal_with_every_block_type(store):
    store.save(record("abc"))
    assert store.load("abc") == record("abc")


def test_saving_again_replaces_the_previous_version(store):
    first = record("abc")
    store.save(first)
    first.history.append(Message.user("and the tests"))
    first.turns = 3
    store.save(first)
    loaded = store.load("abc")
    assert loaded.turns == 3 and loaded.history[-1].text == "and the tests"
    assert [s.session_id for s in store.list()] == ["abc"]


def test_changing_a_record_after_saving_it_does_not_change_the_saved_one(store):
    saved = record("abc")
    store.save(saved)
    saved.history.clear()
    saved.extra["pinned"].append("later")
    loaded = store.load("abc")
    assert len(loaded.history) == 3 and loaded.extra["pinned"] == ["uses uv"]


def test_list_is_newest_first_and_filters_by_workspace(store):
    store.save(record("old", "/ws/a", updated_at=100.0, title="first"))
    store.save(record("new", "/ws/a", updated_at=300.0))
    store.save(record("other", "/ws/b", updated_at=200.0))
    assert [s.session_id for s in store.list()] == ["new", "other", "old"]
    assert [s.session_id for s in store.list("/ws/a")] == ["new", "old"]
    assert [s.session_id for s in store.list("/ws/a/")] == ["new", "old"]
    assert store.list("/ws/none") == []
    assert store.list()[-1] == SessionSummary("old", "/ws/a", "anthropic/claude-sonnet-4", "first", 100.0, 2)


def test_latest_is_the_newest_session_of_that_workspace_or_none(store):
    assert store.latest("/ws/a") is None
    store.save(record("a1", "/ws/a", updated_at=100.0))
    store.save(record("b1", "/ws/b", updated_at=500.0))
    store.save(record("a2", "/ws/a", updated_at=200.0))
    latest = store.latest("/ws/a")
    assert latest is not None and latest.session_id == "a2"


def test_delete_removes_a_session_and_says_whether_there_was_one(store):
    store.save(record("gone"))
    store.save(record("kept"))
    assert store.delete("gone") is True
    assert store.delete("gone") is False
    assert [s.session_id for s in store.list()] == ["kept"]
    with pytest.raises(SessionNotFound):
        store.load("gone")


def test_loading_an_unknown_id_says_which_ids_exist(store):
    store.save(record("known-1"))
    with pytest.raises(SessionNotFound) as caught:
        store.load("nope")
    assert isinstance(caught.value, A3SError) and isinstance(caught.value, KeyError)
    assert caught.value.session_id == "nope"
    assert "'nope'" in str(caught.value) and "known-1" in str(caught.value)
    assert "list()" in str(caught.value)


@pytest.mark.parametrize("bad", ["../escape", "a/b", "", "x" * 200])
def test_every_method_refuses_an_id_that_is_not_a_safe_file_name(store, bad):
    with pytest.raises(ValueError, match="invalid session id"):
        store.save(record(bad))
    with pytest.raises(ValueError, match="invalid session id"):
        store.load(bad)
    with pytest.raises(ValueError, match="invalid session id"):
        store.delete(bad)
    assert store.list() == []

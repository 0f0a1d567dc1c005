"""What only the on-disk store does: permissions, atomic saves, corrupt files, the index."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from a3s_core.sessions import FileSessionStore, SessionFileError, default_sessions_dir
from tests.core.sessions.records import record
from tests.core.sessions.saver import MESSAGES

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    """A directory of its own: tmp_path also holds the isolated HOME."""
    directory = tmp_path / "sessions"
    directory.mkdir()
    return directory


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_directory_is_created_on_first_save_and_everything_in_it_is_private(directory):
    store = FileSessionStore(directory / "deep" / "sessions")
    assert store.list() == [] and not store.directory.exists()
    store.save(record("s1"))
    assert mode(store.directory) == 0o700
    assert sorted(p.name for p in store.directory.iterdir()) == ["s1.json", "sessions.index.json"]
    assert all(mode(p) == 0o600 for p in store.directory.iterdir())


def test_the_session_file_holds_the_record_as_json_named_by_its_id(directory):
    store = FileSessionStore(directory)
    store.save(record("s1"))
    assert json.loads((directory / "s1.json").read_text(encoding="utf-8")) == record("s1").to_dict()


def test_a_corrupt_session_file_is_named_by_load_and_skipped_by_list(directory):
    store = FileSessionStore(directory)
    store.save(record("good"))
    store.save(record("bad"))
    (directory / "bad.json").write_text('{"version": 1, "session_', encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        store.load("bad")
    assert caught.value.path == directory / "bad.json" and str(directory / "bad.json") in str(caught.value)
    assert [s.session_id for s in store.list()] == ["good"]


def test_a_session_saved_by_a_newer_a3s_code_is_reported_and_skipped(directory):
    store = FileSessionStore(directory)
    store.save(record("future"))
    (directory / "future.json").write_text(json.dumps(record("future").to_dict() | {"version": 9}))
    with pytest.raises(SessionFileError, match="newer.*upgrade"):
        store.load("future")
    assert store.list() == []


@pytest.mark.parametrize("damage", ["delete", "garbage", "wrong shape"])
def test_a_missing_or_corrupt_index_is_rebuilt_from_the_files(directory, damage):
    store = FileSessionStore(directory)
    store.save(record("a", updated_at=1.0))
    store.save(record("b", updated_at=2.0))
    index = directory / "sessions.index.json"
    if damage == "delete":
        index.unlink()
    else:
        index.write_text("{not json" if damage == "garbage" else '{"version": 1, "sessions": []}')
    assert [s.session_id for s in store.list()] == ["b", "a"]
    assert set(json.loads(index.read_text(encoding="utf-8"))["sessions"]) == {"a", "b"}


def test_list_sees_saves_and_deletes_made_by_another_store_on_the_same_directory(directory):
    ours, theirs = FileSessionStore(directory), FileSessionStore(directory)
    ours.save(record("a", updated_at=1.0))
    index_before = (directory / "sessions.index.json").read_text(encoding="utf-8")
    theirs.save(record("b", updated_at=2.0, title="theirs"))
    theirs.save(record("a", updated_at=3.0, title="a again"))
    (directory / "sessions.index.json").write_text(index_before)  # their index update was lost
    assert [(s.session_id, s.title) for s in ours.list()] == [("a", "a again"), ("b", "theirs")]
    (directory / "b.json").unlink()
    assert [s.session_id for s in ours.list()] == ["a"]


def test_list_answers_from_the_index_without_rereading_unchanged_files(directory):
    store = FileSessionStore(directory)
    store.save(record("s1", title="from the index"))
    path = directory / "s1.json"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("from the index", "from the file!")
    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert [s.title for s in store.list()] == ["from the index"]
    assert store.load("s1").title == "from the file!"


def test_a_stray_temp_file_from_a_killed_save_changes_nothing(directory):
    store = FileSessionStore(directory)
    store.save(record("s1", title="whole"))
    (directory / ".s1.json.k3j4.tmp").write_text('{"version": 1, "sess', encoding="utf-8")
    assert store.load("s1").title == "whole"
    assert [s.title for s in store.list()] == ["whole"]


def test_a_copied_session_file_loads_under_its_new_name(directory):
    store = FileSessionStore(directory)
    store.save(record("original"))
    (directory / "fork.json").write_bytes((directory / "original.json").read_bytes())
    assert store.load("fork").session_id == "fork"
    assert sorted(s.session_id for s in store.list()) == ["fork", "original"]


def test_a_record_that_is_not_json_serialisable_fails_without_touching_the_saved_version(directory):
    store = FileSessionStore(directory)
    store.save(record("s1", title="kept"))
    broken = record("s1", title="broken")
    broken.extra["oops"] = object()
    with pytest.raises(TypeError):
        store.save(broken)
    assert store.load("s1").title == "kept"
    assert sorted(p.name for p in directory.iterdir()) == ["s1.json", "sessions.index.json"]


def kill_while_a_temp_file_is_being_written(child: subprocess.Popen[str], directory: Path) -> None:
    """Spin (bounded, no sleep) until the saver has a temp file with data in it, then SIGKILL it."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and child.poll() is None:
        with os.scandir(directory) as entries:
            if any(e.name.endswith(".tmp") and e.stat().st_size > 0 for e in entries):
                break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=5)


def test_a_save_killed_mid_write_leaves_the_last_complete_version_or_a_newer_one(directory):
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("saver.py")), str(directory)],
            stdout=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        assert child.stdout is not None
        last_done = -1
        while last_done < 1:
            line = child.stdout.readline()
            assert line, "the saver stopped before it was killed"
            last_done = int(line)
        kill_while_a_temp_file_is_being_written(child, directory)
        child.stdout.close()
        loaded = FileSessionStore(directory).load("big")
        n = loaded.extra["n"]
        assert n >= last_done
        assert len(loaded.history) == MESSAGES and all(m.text.startswith(f"v{n} ") for m in loaded.history)
        assert [s.session_id for s in FileSessionStore(directory).list()] == ["big"]


def test_the_default_directory_is_sessions_under_the_user_data_dir():
    from platformdirs import user_data_dir

    assert default_sessions_dir() == Path(user_data_dir("a3s-code")) / "sessions"
    assert FileSessionStore().directory == default_sessions_dir()

"""Every tool and LLM call of a session runs as a lane task: order, parallelism, control, workers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from a3s_core import Agent, SessionOptions, load_config
from a3s_core.testing import ManualClock, Reply, ScriptedLLMServer, ToolCall
from tests.conftest import write_config
from tests.support.tools import BarrierTool, FlakyTool


def make_session(tmp_path: Path, llm: ScriptedLLMServer, workspace: Path, extra: str = "", clock=None, **options):
    config = load_config(write_config(tmp_path / "agent.hcl", llm, "anthropic", extra)).config
    return Agent(config, clock=clock or ManualClock()).session(workspace, SessionOptions(**options))


async def collect(stream) -> list:
    return [event async for event in stream]


async def test_read_only_calls_in_one_response_run_in_parallel(tmp_path, llm, workspace):
    barrier = BarrierTool(parties=3)
    llm.add(Reply(tool_calls=[ToolCall("barrier", {"id": str(i)}) for i in range(3)]), Reply(text="done"))
    session = make_session(tmp_path, llm, workspace, tools=[barrier])

    result = await asyncio.wait_for(session.send("go"), 10)

    assert result.text == "done" and barrier.peak == 3
    assert session.queue_stats()["lanes"]["query"]["completed"] == 3


async def test_changing_calls_run_one_at_a_time_in_the_models_order(tmp_path, llm, workspace):
    calls = [ToolCall("bash", {"command": f"echo {i} >> order.log"}) for i in range(1, 6)]
    llm.add(Reply(tool_calls=calls), Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace, permissive=True)

    await session.send("append")

    assert (workspace / "order.log").read_text(encoding="utf-8") == "1\n2\n3\n4\n5\n"
    assert session.queue_stats()["lanes"]["execute"]["completed"] == 5


async def test_results_return_to_the_model_in_the_models_order(tmp_path, llm, workspace):
    (workspace / "a.txt").write_text("A\n", encoding="utf-8")
    calls = [
        ToolCall("read", {"file_path": "a.txt"}, id="toolu_1"),
        ToolCall("bash", {"command": "echo written > b.txt"}, id="toolu_2"),
        ToolCall("read", {"file_path": "b.txt"}, id="toolu_3"),
        ToolCall("ls", {}, id="toolu_4"),
    ]
    llm.add(Reply(tool_calls=calls), Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace, permissive=True)

    await session.send("mix")

    results = llm.requests[1].body["messages"][-1]["content"]
    assert [r["tool_use_id"] for r in results] == ["toolu_1", "toolu_2", "toolu_3", "toolu_4"]
    assert "written" in str(results[2])  # the read after the bash saw its effect


async def test_llm_calls_run_in_the_generate_lane(tmp_path, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("ls", {})]), Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace)

    await session.send("look")

    lanes = session.queue_stats()["lanes"]
    assert lanes["generate"]["completed"] == 2 and lanes["query"]["completed"] == 1


async def test_cancel_goes_through_the_control_lane_and_kills_a_running_command(tmp_path, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo started; sleep 30; touch finished"})]))
    session = make_session(tmp_path, llm, workspace, permissive=True)

    async def run() -> None:
        async for event in session.stream("run"):
            if event.event_type == "tool_output_delta":
                assert await session.cancel() is True

    await asyncio.wait_for(run(), 10)

    assert not (workspace / "finished").exists()
    stats = session.queue_stats()["lanes"]
    assert stats["control"]["completed"] == 1 and stats["execute"]["cancelled"] == 1
    assert await session.cancel() is False


async def test_pause_holds_queued_work_until_resume(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)
    (workspace / "f.txt").write_text("x\n", encoding="utf-8")

    await session.pause()
    pending = asyncio.ensure_future(session.submit("query", {"path": "f.txt"}))
    for _ in range(100):  # let the submission reach the scheduler
        if session.queue_stats()["lanes"]["query"]["queued"]:
            break
        await asyncio.sleep(0)
    assert session.queue_stats()["lanes"]["query"]["queued"] == 1
    assert not pending.done()
    await session.resume()

    assert "x" in (await asyncio.wait_for(pending, 5)).output


async def test_direct_submissions_pick_the_tool_from_the_arguments(tmp_path, llm, workspace):
    (workspace / "src").mkdir()
    (workspace / "src" / "main.py").write_text("# TODO: ship\n", encoding="utf-8")
    session = make_session(tmp_path, llm, workspace, permissive=True)

    ran = await session.submit("execute", {"command": "echo from-bash"})
    read = await session.submit("query", {"path": "src/main.py"})
    listed = await session.submit("query", {"path": "src"})
    globbed = await session.submit("query", {"pattern": "**/*.py"})
    grepped = await session.submit("query", {"pattern": "TODO"})
    explicit = await session.submit("query", {"pattern": "ship", "output_mode": "content"}, tool="grep")

    assert "from-bash" in ran.output
    assert "1\t# TODO: ship" in read.output
    assert "main.py" in listed.output and "TODO" not in listed.output
    assert globbed.output.strip() == "src/main.py"
    assert grepped.output.strip() == "src/main.py"
    assert "# TODO: ship" in explicit.output


async def test_submissions_obey_the_permission_policy(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)  # default policy: bash asks; send-style has nobody to ask

    result = await session.submit("execute", {"command": "touch nope"})

    assert result.is_error and "bash(touch nope)" in result.output
    assert not (workspace / "nope").exists()


async def test_a_query_batch_runs_in_parallel_and_returns_results_in_order(tmp_path, llm, workspace):
    barrier = BarrierTool(parties=4)
    session = make_session(tmp_path, llm, workspace, tools=[barrier])

    results = await asyncio.wait_for(session.submit_batch("query", [{"id": str(i)} for i in range(4)], tool="barrier"), 10)

    assert [r.output for r in results] == [f"passed {i}" for i in range(4)]


async def test_bad_submissions_say_what_is_wrong(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)

    with pytest.raises(ValueError, match="unknown lane"):
        await session.submit("fast", {"command": "ls"})
    with pytest.raises(ValueError, match="bash runs in the execute lane"):
        await session.submit("query", {"command": "ls"}, tool="bash")
    with pytest.raises(ValueError, match="pass tool="):
        await session.submit("execute", {"colour": "red"})


async def test_failing_tasks_are_retried_then_dead_lettered_with_events(tmp_path, llm, workspace):
    extra = 'queue {\n  enable_dlq = true\n  retry_policy {\n    strategy = "fixed"\n    max_retries = 2\n    initial_delay_ms = 100\n  }\n}\n'
    clock = ManualClock()
    flaky = FlakyTool(failures=10)
    llm.add(Reply(tool_calls=[ToolCall("flaky", {})]), Reply(text="gave up"))
    session = make_session(tmp_path, llm, workspace, extra, clock=clock, tools=[flaky])

    async def run() -> list:
        events = []
        stream = session.stream("try")
        next_event = asyncio.ensure_future(stream.__anext__())
        while True:
            done, _ = await asyncio.wait({next_event}, timeout=0)
            if not done:
                await clock.advance_and_settle(0.1)
                continue
            event = next_event.result()
            events.append(event)
            if event.event_type == "end":
                return events
            next_event = asyncio.ensure_future(stream.__anext__())

    events = await asyncio.wait_for(run(), 10)

    kinds = [e.event_type for e in events]
    assert kinds.count("task_retry") == 2 and kinds.count("dead_letter") == 1
    assert flaky.attempts == 3
    letters = session.dead_letters()
    assert len(letters) == 1 and letters[0]["name"] == "flaky" and "transient failure 3" in letters[0]["error"]
    assert "transient failure 3" in str(llm.requests[1].body["messages"][-1])
    assert session.queue_stats()["lanes"]["query"]["retried"] == 2


async def test_queue_pressure_is_reported_on_the_event_stream(tmp_path, llm, workspace):
    extra = "queue {\n  query_max_concurrency = 1\n  pressure_threshold = 1\n}\n"
    llm.add(Reply(tool_calls=[ToolCall("ls", {}) for _ in range(4)]), Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace, extra)

    kinds = [e.event_type for e in await collect(session.stream("list"))]

    assert "queue_pressure" in kinds and "queue_pressure_relieved" in kinds


async def test_an_external_worker_runs_execute_tasks_and_the_model_sees_its_result(tmp_path, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "cargo test"})]), Reply(text="tests pass"))
    session = make_session(tmp_path, llm, workspace, permissive=True)
    session.set_lane_handler("execute", mode="external", timeout_ms=5000)
    events = []

    async def worker() -> None:
        while not session.pending_external_tasks():
            await asyncio.sleep(0)
        task = session.pending_external_tasks()[0]
        assert (task.lane, task.command_type, task.payload) == ("execute", "bash", {"command": "cargo test"})
        assert task.session_id == session.session_id and task.timeout_ms == 5000
        assert session.complete_external_task(task.task_id, {"success": True, "result": {"output": "12 passed", "exit_code": 0}})

    async def turn() -> None:
        events.extend(await collect(session.stream("run the tests")))

    await asyncio.wait_for(asyncio.gather(turn(), worker()), 10)

    kinds = [e.event_type for e in events]
    assert kinds.index("external_task_pending") < kinds.index("external_task_completed")
    assert "12 passed" in str(llm.requests[1].body["messages"][-1])
    assert not (workspace / "target").exists()


async def test_an_external_task_nobody_completes_times_out_as_an_error_the_model_sees(tmp_path, llm, workspace):
    clock = ManualClock()
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "make"})]), Reply(text="no worker"))
    session = make_session(tmp_path, llm, workspace, clock=clock, permissive=True)
    session.set_lane_handler("execute", mode="external", timeout_ms=2000)

    async def expire() -> None:
        while not session.pending_external_tasks():
            await asyncio.sleep(0)
        await clock.advance_and_settle(2.0)

    result, _ = await asyncio.wait_for(asyncio.gather(session.send("build"), expire()), 10)

    assert result.text == "no worker"
    assert "within 2 s" in str(llm.requests[1].body["messages"][-1])
    assert session.pending_external_tasks() == []


async def test_hybrid_mode_runs_locally_and_tells_observers(tmp_path, llm, workspace):
    llm.add(Reply(tool_calls=[ToolCall("bash", {"command": "echo local > here.txt"})]), Reply(text="ok"))
    session = make_session(tmp_path, llm, workspace, permissive=True)
    session.set_lane_handler("execute", mode="hybrid")
    seen = []
    session.subscribe(lambda event: seen.append(event))

    await session.send("go")

    assert (workspace / "here.txt").exists()
    pending = [e for e in seen if e.event_type == "external_task_pending"]
    assert pending and pending[0].metadata["mode"] == "hybrid"
    assert any(e.event_type == "external_task_completed" for e in seen)


def test_only_worker_lanes_can_be_handed_to_workers(tmp_path, llm, workspace):
    session = make_session(tmp_path, llm, workspace)
    with pytest.raises(ValueError, match="generate lane always runs internally"):
        session.set_lane_handler("generate", mode="external")
    with pytest.raises(ValueError, match="unknown handler mode"):
        session.set_lane_handler("execute", mode="remote")

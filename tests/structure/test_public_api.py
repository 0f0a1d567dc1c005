"""The public surface: sorted __all__, every name importable, a3s_code mirrors a3s_core."""

from __future__ import annotations

import a3s_code
import a3s_core


def test_all_is_sorted_and_every_name_resolves():
    for module in (a3s_core, a3s_code):
        assert list(module.__all__) == sorted(module.__all__)
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{module.__name__}.{name}"


def test_the_sdk_re_exports_the_core_types_it_shares():
    shared = set(a3s_core.__all__) - {"Agent", "AgentSession", "LaneScheduler", "SchedulerConfig", "load_config"}
    for name in shared:
        assert getattr(a3s_code, name) is getattr(a3s_core, name), name


def test_the_sdk_agent_is_the_blocking_facade_over_the_async_agent():
    assert a3s_code.Agent is not a3s_core.Agent
    assert hasattr(a3s_code.Agent, "session") and hasattr(a3s_code.Session, "stream")

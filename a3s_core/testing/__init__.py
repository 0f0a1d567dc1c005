"""Test support: a scripted LLM server speaking the Anthropic and OpenAI wire protocols on 127.0.0.1."""

from a3s_core.testing.clock import ManualClock
from a3s_core.testing.llm_server import ScriptedLLMServer
from a3s_core.testing.script import Fault, Reply, Script, ToolCall, load_script
from a3s_core.testing.wire import RecordedRequest

__all__ = [
    "Fault",
    "ManualClock",
    "RecordedRequest",
    "Reply",
    "Script",
    "ScriptedLLMServer",
    "ToolCall",
    "load_script",
]

from __future__ import annotations

import subprocess
import sys

import httpx2
import pytest

from a3s_core.protocols import Provider
from a3s_core.providers import AnthropicProvider, OpenAIProvider, RetryPolicy, create_provider, make_client


def test_anthropic_speaks_messages_and_every_other_name_speaks_chat_completions() -> None:
    anthropic = create_provider("anthropic", "k", None)
    assert isinstance(anthropic, AnthropicProvider)
    assert anthropic.url == "https://api.anthropic.com/v1/messages"
    for name in ("openai", "ollama", "vllm", "deepseek", "openrouter"):
        provider = create_provider(name, None, "http://127.0.0.1:11434/v1")
        assert isinstance(provider, OpenAIProvider)
        assert provider.name == name
    assert create_provider("openai", "k", None).url == "https://api.openai.com/v1/chat/completions"


def test_the_kind_can_be_overridden_for_an_anthropic_compatible_proxy() -> None:
    provider = create_provider("corp-gateway", "k", "https://gw.example", kind="anthropic")
    assert isinstance(provider, AnthropicProvider)
    assert provider.url == "https://gw.example/v1/messages"
    with pytest.raises(ValueError, match="unknown provider kind 'gemini'"):
        create_provider("x", "k", None, kind="gemini")


async def test_providers_share_the_client_they_are_given_and_do_not_close_it() -> None:
    client = make_client(timeout=5.0)
    retry = RetryPolicy(max_retries=0)
    first = create_provider("anthropic", "k", None, client=client, retry=retry)
    second = create_provider("ollama", None, "http://127.0.0.1:1/v1", client=client)
    await first.aclose()
    await second.aclose()
    assert not client.is_closed
    assert first.retry is retry
    await client.aclose()


def test_providers_satisfy_the_provider_protocol() -> None:
    assert isinstance(create_provider("anthropic", "k", None), Provider)
    assert isinstance(create_provider("vllm", None, "http://h/v1"), Provider)


def test_the_client_has_a_short_connect_and_a_generous_read_timeout() -> None:
    client = make_client()
    assert client.timeout.connect is not None and client.timeout.connect <= 30
    assert client.timeout.read is not None and client.timeout.read >= 300
    assert isinstance(client, httpx2.AsyncClient)


def test_importing_the_providers_loads_no_vendor_sdk() -> None:
    code = "import sys, a3s_core.providers; print(sorted({'anthropic', 'openai'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30)
    assert out.stdout.strip() == "[]"

"""LLM providers: the Anthropic Messages and OpenAI Chat Completions protocols over httpx2.

Submodules import lazily-cheap things only (httpx2 and the standard library).
"""

from a3s_core.providers.anthropic import AnthropicProvider
from a3s_core.providers.factory import create_provider
from a3s_core.providers.http import make_client
from a3s_core.providers.openai import OpenAIProvider
from a3s_core.providers.retry import RetryPolicy

__all__ = ["AnthropicProvider", "OpenAIProvider", "RetryPolicy", "create_provider", "make_client"]

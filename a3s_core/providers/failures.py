"""Turning HTTP answers and transport errors into retryable failures or ProviderErrors."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from a3s_core.errors import (
    AuthenticationError,
    BadRequestError,
    ModelNotFoundError,
    ProviderConnectionError,
    ProviderError,
    RateLimitError,
    ServerError,
)

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 529})
_MODEL_MISSING = re.compile(
    r"model.{0,80}(not[ _]found|does not exist|doesn't exist|not exist|unknown|not available)"
    r"|(unknown|invalid|unsupported) model|model_not_found",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class CallContext:
    """Who was called, for error messages: provider name, display name, URL, model, key source."""

    provider: str
    display: str
    base_url: str
    model: str
    key_env: str


class RetryableFailure(Exception):
    """A failure worth retrying; ``final`` is what to raise when no retry is left."""

    def __init__(self, reason: str, final: ProviderError, retry_after: float | None = None) -> None:
        self.reason = reason
        self.final = final
        self.retry_after = retry_after
        super().__init__(reason)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait: ``retry-after-ms`` or numeric ``retry-after``."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue  # an HTTP-date; rare from LLM APIs, fall back to our own backoff
        if seconds >= 0:
            return seconds
    return None


def error_message(raw: bytes | str) -> str:
    """The server's own error message from an Anthropic, OpenAI or Ollama-style error body."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        data: Any = json.loads(text)
    except ValueError:
        return text.strip()[:500] or "(empty body)"
    err = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(err, dict):
        message = err.get("message") or err.get("detail") or json.dumps(err)
        return str(message)
    return str(err)


def status_failure(
    status: int, raw: bytes, headers: Mapping[str, str], ctx: CallContext
) -> RetryableFailure | ProviderError:
    """Classify an HTTP error answer."""
    message = error_message(raw)
    where = f"{ctx.display} returned {status}: {message}"
    if status in (401, 403):
        return AuthenticationError(
            f"{ctx.display} rejected the API key ({status}): check providers.api_key / {ctx.key_env}"
            f" ({message})",
            status,
            ctx.provider,
        )
    if status == 404 or (status in (400, 422) and _MODEL_MISSING.search(message)):
        return model_not_found(ctx, message, status)
    if status in RETRYABLE_STATUSES:
        final_cls = RateLimitError if status == 429 else ServerError
        return RetryableFailure(
            f"HTTP {status}: {message}", final_cls(where, status, ctx.provider), parse_retry_after(headers)
        )
    if status in (400, 413, 422):
        return BadRequestError(where, status, ctx.provider)
    if status >= 500:
        return ServerError(where, status, ctx.provider)
    return ProviderError(where, status, ctx.provider)


def model_not_found(ctx: CallContext, message: str, status: int | None = None) -> ModelNotFoundError:
    """The error for a model the server does not know."""
    return ModelNotFoundError(
        f"model {ctx.model!r} not found at {ctx.base_url}; check default_model / -m ({message})",
        status,
        ctx.provider,
    )


def connection_failure(exc: Exception, ctx: CallContext) -> RetryableFailure:
    """A transport error: connection refused, reset, timed out or closed mid-body."""
    detail = str(exc) or type(exc).__name__
    final = ProviderConnectionError(
        f"could not reach {ctx.display} at {ctx.base_url}: {detail}", None, ctx.provider
    )
    return RetryableFailure(f"connection error: {detail}", final)


def stream_cut(ctx: CallContext, detail: str = "the server closed the stream before it ended") -> RetryableFailure:
    """The stream ended (or broke) before its final event."""
    final = ProviderConnectionError(f"{ctx.display} stream cut: {detail}", None, ctx.provider)
    return RetryableFailure(f"stream cut: {detail}", final)


def missing_key(ctx: CallContext) -> AuthenticationError:
    """The error for a provider that needs a key and has none."""
    return AuthenticationError(
        f"no API key for {ctx.display}: set {ctx.key_env} or providers.api_key in the config",
        None,
        ctx.provider,
    )


_ERROR_TYPE_STATUS = {
    "overloaded_error": 529,
    "api_error": 500,
    "server_error": 500,
    "rate_limit_error": 429,
    "rate_limit_exceeded": 429,
    "invalid_request_error": 400,
    "request_too_large": 413,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
}


def stream_error(payload: Any, ctx: CallContext) -> RetryableFailure | ProviderError:
    """Classify an error the server sent inside a stream (Anthropic ``event: error``, or an
    OpenAI-compatible chunk carrying ``{"error": ...}``)."""
    err = payload.get("error", payload) if isinstance(payload, dict) else payload
    kind = ""
    if isinstance(err, dict):
        kind = str(err.get("type") or err.get("code") or "")
    status = _ERROR_TYPE_STATUS.get(kind, 500)
    return status_failure(status, json.dumps(payload).encode(), {}, ctx)


_DISPLAY_NAMES = {"anthropic": "Anthropic", "openai": "OpenAI"}


def call_context(provider: str, base_url: str, model: str) -> CallContext:
    """The CallContext of one call to ``provider`` (its key env var is NAME_API_KEY)."""
    display = _DISPLAY_NAMES.get(provider, provider)
    key_env = f"{provider.upper().replace('-', '_')}_API_KEY"
    return CallContext(provider, display, base_url, model, key_env)

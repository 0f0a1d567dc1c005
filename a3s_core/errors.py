"""One exception tree for a3s_core.

    A3SError
     ├── ConfigError            a config file cannot be read, parsed or validated
     ├── ProviderError          an LLM call failed (after the provider's own retries)
     │    ├── AuthenticationError   401/403: the key is missing, wrong or lacks access
     │    ├── ModelNotFoundError    the provider does not know the model
     │    ├── RateLimitError        429 still returned after the last retry
     │    ├── ServerError           5xx / 529 still returned after the last retry
     │    ├── ProviderConnectionError  the server could not be reached or the stream was cut
     │    └── BadRequestError       the provider rejected the request (400)
     ├── CircuitOpenError       the session stopped calling the LLM after repeated failures
     ├── ToolError              a tool could not do what was asked; becomes an error result
     │    └── ToolArgumentError     the arguments were missing, of the wrong type or malformed
     ├── ToolDenied             a permission rule or a person refused a tool call
     ├── LimitsExceeded         max_tool_rounds (or another budget) ran out
     ├── Cancelled              the turn was interrupted
     ├── TaskTimeout            a lane task ran past its timeout (a3s_core.lanes; also a TimeoutError)
     ├── ExternalTaskTimeout    no worker completed an external task in time (a3s_core.agent.external)
     ├── SessionNotFound        no saved session has the id (a3s_core.sessions; also a KeyError)
     └── SessionFileError       a saved session file is corrupt or too new (a3s_core.sessions)

Tool failures never escape the agent loop: ToolError/ToolDenied become tool results the model reads.
"""

from __future__ import annotations

from pathlib import Path


class A3SError(Exception):
    """Base of every error a3s_core raises on purpose."""


class ConfigError(A3SError):
    """Raised when a config file cannot be read, parsed or validated.

    ``str(err)`` is a complete message for the user: file, line (when known) and what to do.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.detail = message
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class ProviderError(A3SError):
    """Raised when an LLM call fails after the provider's retries. ``retryable`` says if it may pass."""

    retryable = False

    def __init__(self, message: str, status: int | None = None, provider: str | None = None) -> None:
        self.status = status
        self.provider = provider
        super().__init__(message)


class AuthenticationError(ProviderError):
    """Raised on 401/403: the API key is missing, invalid or not allowed to use the model."""


class ModelNotFoundError(ProviderError):
    """Raised when the provider answers that the requested model does not exist."""


class BadRequestError(ProviderError):
    """Raised when the provider rejects the request as malformed (400)."""


class RateLimitError(ProviderError):
    """Raised when 429 persists after the last retry."""

    retryable = True


class ServerError(ProviderError):
    """Raised when 5xx/529 persists after the last retry."""

    retryable = True


class ProviderConnectionError(ProviderError):
    """Raised when the server cannot be reached or the stream is cut, after the last retry."""

    retryable = True


class CircuitOpenError(A3SError):
    """Raised when the session refuses to call the LLM after consecutive failures."""


class ToolError(A3SError):
    """Raised by a tool that cannot do what was asked. The message is what the model reads."""


class ToolArgumentError(ToolError):
    """Raised when a tool's arguments are missing, of the wrong type or malformed."""


class ToolDenied(A3SError):
    """Raised when a permission rule or a person refuses a tool call; carries the reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class LimitsExceeded(A3SError):
    """Raised when max_tool_rounds or another budget runs out."""


class Cancelled(A3SError):
    """Raised when a turn is interrupted by the user or a control task."""

"""The dead-letter queue: tasks that failed for good, kept for inspection."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any


@dataclass
class DeadLetter:
    """A task that failed after its last retry."""

    task_id: str
    lane: str
    name: str
    payload: dict[str, Any]
    error: str
    """``"ExceptionType: message"`` of the last failure."""
    attempts: int
    failed_at: float
    """Clock seconds of the last failure."""


class DeadLetterQueue:
    """A bounded list of dead letters; the oldest are dropped first."""

    def __init__(self, capacity: int) -> None:
        self._letters: deque[DeadLetter] = deque(maxlen=max(capacity, 0))

    def add(self, letter: DeadLetter) -> None:
        self._letters.append(letter)

    def items(self) -> list[DeadLetter]:
        """Oldest first."""
        return list(self._letters)

    def __len__(self) -> int:
        return len(self._letters)


def describe_error(error: BaseException) -> str:
    """``"ValueError: bad input"``, or just the type name when the message is empty."""
    message = str(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__

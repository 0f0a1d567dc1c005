"""Child process for the crash test: saves ever-newer versions of one big session until killed.

Usage: python saver.py DIRECTORY. Prints each version number after its save returns.
"""

from __future__ import annotations

import sys
import time

from a3s_core.messages import Message, Usage
from a3s_core.sessions import FileSessionStore, SessionRecord

MESSAGES = 400
FILLER = "x" * 5000  # ~2 MB per version, so a save takes long enough to be killed inside


def version(n: int) -> SessionRecord:
    history = [Message.user(f"v{n} {i} {FILLER}") for i in range(MESSAGES)]
    return SessionRecord("big", "/ws", "p/m", history, Usage(n), 0.0, float(n), extra={"n": n})


def main() -> None:
    store = FileSessionStore(sys.argv[1])
    deadline = time.monotonic() + 10  # never outlive a test that failed to kill us
    n = 0
    while time.monotonic() < deadline:
        store.save(version(n))
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main()

"""Drive a real terminal program in tmux, as a person would: type keys, read the screen.

tmux has no "screen changed" notification to await, but `pipe-pane` copies every byte the program
writes into a FIFO: a blocking read on it (bounded by select) wakes us exactly when the screen may
have changed, and then `capture-pane` gives the rendered text.
"""

from __future__ import annotations

import os
import select
import shlex
import subprocess
import time
import uuid
from pathlib import Path


class TmuxTerminal:
    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], fifo_dir: Path, size: tuple[int, int] = (110, 32)) -> None:
        self.name = f"a3s-{uuid.uuid4().hex[:8]}"
        self.fifo = fifo_dir / f"{self.name}.fifo"
        os.mkfifo(self.fifo)
        shell = " ".join(shlex.quote(part) for part in command)
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        width, height = size
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), "-c", str(cwd), *env_args, shell)
        self._tmux("set-option", "-t", self.name, "remain-on-exit", "on")
        self._reader = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
        self._tmux("pipe-pane", "-t", self.name, "-o", f"cat > {shlex.quote(str(self.fifo))}")

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Block until ``text`` is on the screen; raise AssertionError with the screen if it never is."""
        return self._wait(lambda screen: text in screen, f"{text!r} never appeared", timeout)

    def wait_gone(self, text: str, timeout: float = 15.0) -> str:
        """Block until ``text`` has left the screen."""
        return self._wait(lambda screen: text not in screen, f"{text!r} never went away", timeout)

    def _wait(self, done, failure: str, timeout: float) -> str:  # noqa: ANN001
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if done(screen):
                return screen
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{failure}; the screen shows:\n{screen}")
            ready, _, _ = select.select([self._reader], [], [], min(remaining, 1.0))
            if ready:
                try:
                    os.read(self._reader, 65536)
                except BlockingIOError:
                    pass

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def exited(self) -> bool:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").stdout.strip() == "1"

    def close(self) -> None:
        self._tmux("kill-session", "-t", self.name, check=False)
        os.close(self._reader)

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check, timeout=10)

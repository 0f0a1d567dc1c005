"""`a3s-code --plain`: a line REPL with the app's commands, history and y/a/n confirmations.

On a terminal it uses prompt-toolkit (history, slash completion); with no terminal it reads one
prompt per line from stdin, so `printf 'hi\\n/cost\\n' | a3s-code` works in scripts.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from a3s_cli.exit_codes import EXIT_OK
from a3s_cli.render import TerminalRenderer
from a3s_cli.tui.history import PromptHistory
from a3s_core.agent.session import AgentSession
from a3s_core.errors import A3SError
from a3s_core.events import AgentEvent
from a3s_core.protocols import ConfirmationProvider

PROMPT = "› "


async def run_plain(session: AgentSession, history_path: Path | None, confirmation: ConfirmationProvider) -> int:
    """Read prompts until EOF or /exit; each runs as a turn of ``session``."""
    history = PromptHistory(history_path)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    session.start()  # scheduled /loop tasks of a resumed session
    session.subscribe(ScheduledTurnPrinter())
    lines = _terminal_lines(session, history) if interactive else _piped_lines()
    if interactive:
        print(f"a3s-code {session.model} in {session.workspace} — /help for commands, Ctrl+D to quit")
    async for line in lines:
        history.add(line)
        if await _turn(session, line, confirmation, interactive):
            break
    return EXIT_OK


async def _turn(session: AgentSession, line: str, confirmation: ConfirmationProvider, interactive: bool) -> bool:
    """Run one line; True when the user asked to leave."""
    renderer = TerminalRenderer(sys.stdout, sys.stderr, out_is_tty=sys.stdout.isatty(), err_is_tty=sys.stderr.isatty())
    loop = asyncio.get_running_loop()
    if interactive:  # Ctrl+C interrupts the turn (through the control lane), not the REPL
        loop.add_signal_handler(signal.SIGINT, lambda: asyncio.ensure_future(session.cancel()))
    leave = False
    try:
        async for event in session.stream(line, confirmation=confirmation):
            if event.event_type == "command_result":
                renderer.finish()
                print(event.text, file=sys.stderr if event.is_error else sys.stdout)
                leave = event.metadata.get("action") == "exit"
            else:
                renderer.handle(event)
    except A3SError as exc:
        print(f"a3s-code: {exc}", file=sys.stderr)
    finally:
        renderer.finish()
        if interactive:
            loop.remove_signal_handler(signal.SIGINT)
    return leave


class ScheduledTurnPrinter:
    """Prints the turns the scheduler starts (/loop); the REPL's own turns print themselves."""

    def __init__(self) -> None:
        self.turn: int | None = None
        self.renderer: TerminalRenderer | None = None

    def __call__(self, event: AgentEvent) -> None:
        if event.event_type == "turn_start" and event.metadata.get("scheduled"):
            self.turn = event.turn
            self.renderer = TerminalRenderer(sys.stdout, sys.stderr, out_is_tty=sys.stdout.isatty(),
                                             err_is_tty=sys.stderr.isatty())
        if self.renderer is None or event.turn not in (0, self.turn):
            return
        self.renderer.handle(event)
        if event.event_type == "end":
            self.renderer.finish()
            self.renderer, self.turn = None, None


async def _piped_lines() -> AsyncIterator[str]:
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        if line.strip():
            yield line.rstrip("\n")


async def _terminal_lines(session: AgentSession, history: PromptHistory) -> AsyncIterator[str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.history import InMemoryHistory

    class SlashCompleter(Completer):
        def get_completions(self, document, complete_event) -> Iterable[Completion]:  # noqa: ANN001
            text = document.text_before_cursor
            if not text.startswith("/") or " " in text:
                return
            for command in session.list_commands():
                name = "/" + command["name"]
                if name.startswith(text):
                    yield Completion(name, start_position=-len(text), display_meta=command["description"])

    past = InMemoryHistory()
    for entry in history.entries:
        past.append_string(entry)
    from prompt_toolkit.patch_stdout import patch_stdout

    prompt = PromptSession(history=past, completer=SlashCompleter(), complete_while_typing=True)
    interrupted = False
    while True:
        try:
            with patch_stdout(raw=True):  # scheduled turns may print while the prompt waits
                line = await prompt.prompt_async(PROMPT)
        except EOFError:
            return
        except KeyboardInterrupt:
            if interrupted:
                return
            interrupted = True
            print("(Ctrl+C again or Ctrl+D to quit)", file=sys.stderr)
            continue
        interrupted = False
        if line.strip():
            yield line

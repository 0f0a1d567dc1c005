"""`a3s-code "prompt"`: run one turn, render its events, exit with a status code."""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from a3s_cli.exit_codes import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from a3s_cli.session_setup import SessionRequest, open_session
from a3s_core.errors import ConfigError
from a3s_core.events import AgentEvent
from a3s_core.messages import ImageBlock
from a3s_core.protocols import ConfirmationProvider


@dataclass
class OneShotRequest:
    prompt: str
    session: SessionRequest = field(default_factory=SessionRequest)
    yes: bool = False
    output_format: str = "text"
    verbose: bool = False
    images: list[Path] = field(default_factory=list)


def run_oneshot(request: OneShotRequest) -> int:
    """Run the turn and return the process exit code."""
    try:
        return asyncio.run(_run(request))
    except KeyboardInterrupt:
        print("\na3s-code: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


async def _run(request: OneShotRequest) -> int:
    try:
        images = [load_image(path) for path in request.images]
        opened = open_session(request.session)
    except ConfigError as exc:
        print(f"a3s-code: {exc}", file=sys.stderr)
        return EXIT_USAGE
    agent, session = opened.agent, opened.session
    renderer = _renderer(request)
    failed = False
    try:
        confirmation = _confirmation(request, renderer)
        async for event in session.stream(request.prompt, images, confirmation=confirmation):
            failed = failed or event.event_type == "error" or (event.event_type == "command_result" and event.is_error)
            if event.event_type == "command_result" and request.output_format == "text":
                print(event.text, file=sys.stderr if event.is_error else sys.stdout)
                continue
            renderer.handle(event)
    finally:
        renderer.finish()
        await session.aclose()
        await agent.aclose()
    return EXIT_FAILED if failed else EXIT_OK


def load_image(path: Path) -> ImageBlock:
    """Read an image file for the prompt.

    Raises:
        ConfigError: the file cannot be read or is not a PNG, JPEG, GIF or WebP image.
    """
    from a3s_core.tools._media import image_type

    try:
        data = path.expanduser().read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read image {path}: {exc.strerror or exc}") from None
    media_type = image_type(data)
    if media_type is None:
        raise ConfigError(f"{path} is not a PNG, JPEG, GIF or WebP image")
    return ImageBlock(media_type, base64.b64encode(data).decode("ascii"))


def _renderer(request: OneShotRequest):
    if request.output_format == "stream-json":
        from a3s_cli.render import JsonLinesRenderer

        return JsonLinesRenderer(sys.stdout)
    if request.output_format == "json":
        return JsonResultRenderer(sys.stdout)
    from a3s_cli.render import TerminalRenderer

    return TerminalRenderer(
        sys.stdout, sys.stderr, out_is_tty=sys.stdout.isatty(), err_is_tty=sys.stderr.isatty(), verbose=request.verbose
    )


def _confirmation(request: OneShotRequest, renderer: object) -> ConfirmationProvider:
    return terminal_confirmation(request.yes, getattr(renderer, "pause", None))


def terminal_confirmation(yes: bool, before_ask: Callable[[], None] | None = None) -> ConfirmationProvider:
    """--yes approves; a terminal asks y/a/n; otherwise an ask is refused with how to allow it."""
    from a3s_core.permissions import confirmation as c

    if yes:
        return c.AutoApproveConfirmationProvider()
    if sys.stdin.isatty() and sys.stderr.isatty():
        from a3s_cli.terminal_confirm import TerminalConfirmationProvider

        return TerminalConfirmationProvider(before_ask=before_ask)
    return c.DenyAllConfirmationProvider(
        "{tool} needs approval, but there is no terminal to ask on: rerun with --yes, "
        'or allow it in the config: permissions { allow = ["{rule}"] }'
    )


class JsonResultRenderer:
    """`--output-format json`: one JSON object with the final result, printed at the end."""

    def __init__(self, out) -> None:
        self.out = out
        self.result: dict[str, object] = {"type": "result", "result": "", "is_error": False, "tool_calls": 0}
        self.errors: list[str] = []

    def handle(self, event: AgentEvent) -> None:
        if event.event_type in ("turn_end", "command_result"):
            self.result["result"] = event.text
            if event.is_error:
                self.errors.append(event.text)
            self.result["tool_calls"] = event.metadata.get("tool_calls", 0)
            self.result["stop_reason"] = event.metadata.get("stop_reason", "")
        elif event.event_type == "error":
            self.errors.append(event.text)
        elif event.event_type == "end":
            self.result["usage"] = event.usage or {}

    def finish(self) -> None:
        if self.errors:
            self.result["is_error"] = True
            self.result["error"] = "; ".join(self.errors)
        self.out.write(json.dumps(self.result) + "\n")
        self.out.flush()

"""One assistant message: a live Markdown tail while it streams, light renderables for the rest."""

from __future__ import annotations

import asyncio

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.geometry import Size
from textual.containers import Vertical
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownStream

from a3s_cli.tui.markdown_split import safe_split

FREEZE_CHARS = 400
"""Once the live tail holds this much, its finished blocks move into a Static."""
FLUSH_SECONDS = 1 / 12
"""Deltas are gathered and appended at most this often: a list or table re-renders per append."""


class AssistantMessage(Vertical):
    """Streams Markdown through Textual's MarkdownStream into a live widget that stays small.

    Laying out a Markdown widget costs time per block it holds (400 blocks: seconds and hundreds
    of MB), and every append relays the whole widget out. So finished blocks are frozen, a few at
    a time, into Statics holding rich Markdown; only the unfinished tail is a live widget, and
    when the message ends the tail is frozen too.
    """

    DEFAULT_CSS = """
    AssistantMessage { height: auto; margin: 0 0 1 0; padding: 0 1; }
    AssistantMessage > Markdown { margin: 0; padding: 0; background: transparent; }
    AssistantMessage > .final { height: auto; }
    """

    def __init__(self, text: str = "", *, finished: bool = False) -> None:
        super().__init__()
        self.source = text
        self.finished = finished
        self._live_text = "" if finished else text
        self._live: Markdown | None = None
        self._stream: MarkdownStream | None = None
        self._pending = ""
        self._flush_scheduled = False
        self._lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        if self.finished:
            yield _frozen(self.source)
        else:
            self._live = Markdown(self._live_text)
            yield self._live

    def on_mount(self) -> None:
        if self._live is not None:
            self._stream = Markdown.get_stream(self._live)

    async def write(self, fragment: str) -> None:
        """Append a fragment; fragments are gathered and drawn together a few dozen times a second."""
        if self.finished or not fragment:
            return
        self.source += fragment
        self._pending += fragment
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.set_timer(FLUSH_SECONDS, self.flush)

    async def flush(self) -> None:
        async with self._lock:
            self._flush_scheduled = False
            fragment, self._pending = self._pending, ""
            if not fragment or self._stream is None:
                return
            self._live_text += fragment
            if len(self._live_text) >= FREEZE_CHARS:
                cut = safe_split(self._live_text)
                if cut:
                    await self._freeze(cut)
                    return
            await self._stream.write(fragment)

    async def _freeze(self, cut: int) -> None:
        """Move the live tail's first ``cut`` characters into a Static; the rest stays live."""
        assert self._live is not None and self._stream is not None
        done, rest = self._live_text[:cut], self._live_text[cut:]
        await self._stream.stop()
        await self.mount(_frozen(done), before=self._live)
        self._live_text = rest
        await self._live.update(rest)
        self._stream = Markdown.get_stream(self._live)

    async def finish(self) -> None:
        """Stop streaming and freeze what is still live."""
        if self.finished:
            return
        await self.flush()
        self.finished = True
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None
        if self._live is not None:
            if self._live_text.strip():
                await self.mount(_frozen(self._live_text), before=self._live)
            await self._live.remove()
            self._live = None
        if not self.source.strip():
            await self.remove()


class FrozenMarkdown(Static):
    """Finished Markdown: rendered by rich, its height measured once per width."""

    def __init__(self, source: str) -> None:
        super().__init__(RichMarkdown(source), classes="final")
        self._heights: dict[int, int] = {}

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Every relayout of the transcript asks each child its height; rich re-renders to answer.
        if width not in self._heights:
            self._heights[width] = super().get_content_height(container, viewport, width)
        return self._heights[width]


def _frozen(source: str) -> Static:
    return FrozenMarkdown(source.strip("\n"))

"""One assistant message: a live Markdown widget while it streams, a light renderable once done."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownStream


class AssistantMessage(Vertical):
    """Streams Markdown through Textual's MarkdownStream, then turns into a Static.

    A finished message as a tree of Markdown block widgets costs seconds and hundreds of MB to lay
    out once a session holds a few hundred blocks; a Static holding rich Markdown costs a fraction.
    """

    DEFAULT_CSS = """
    AssistantMessage { height: auto; margin: 0 0 1 0; padding: 0 1; }
    AssistantMessage > Markdown { margin: 0; padding: 0; background: transparent; }
    AssistantMessage > Static { height: auto; }
    """

    def __init__(self, text: str = "", *, finished: bool = False) -> None:
        super().__init__()
        self.source = text
        self.finished = finished
        self._stream: MarkdownStream | None = None

    def compose(self) -> ComposeResult:
        if self.finished:
            yield Static(RichMarkdown(self.source), classes="final")
        else:
            yield Markdown(self.source)

    def on_mount(self) -> None:
        if not self.finished:
            self._stream = Markdown.get_stream(self.query_one(Markdown))

    async def write(self, fragment: str) -> None:
        """Append a fragment; the stream batches fragments that arrive faster than it draws."""
        if self.finished or not fragment:
            return
        self.source += fragment
        if self._stream is not None:
            await self._stream.write(fragment)

    async def finish(self) -> None:
        """Stop streaming and swap the live widget for a Static holding rich Markdown."""
        if self.finished:
            return
        self.finished = True
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None
        live = self.query(Markdown)
        await live.remove()
        if self.source.strip():
            await self.mount(Static(RichMarkdown(self.source), classes="final"))
        else:
            await self.remove()

"""Turning a fetched body into text the model can read: HTML to Markdown, JSON pretty-printed.

bs4 and markdownify are imported only when an HTML page is converted.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Literal
from urllib.parse import urljoin

from a3s_core.tools._media import human_size

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

Format = Literal["markdown", "text", "html"]

STRIPPED_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "svg", "iframe", "form")
"""Page furniture that only costs the model tokens."""

_TEXT_TYPES = ("application/xml", "application/javascript", "application/x-javascript", "application/xhtml+xml")
_BLANK_RUNS = re.compile(r"\n{3,}")
_LANGUAGE_CLASS = re.compile(r"(?:language|lang)-([\w+#-]+)")


def media_type(content_type: str) -> str:
    """``"text/html; charset=utf-8"`` -> ``"text/html"``."""
    return content_type.split(";", 1)[0].strip().lower()


def charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, or None."""
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def decode(body: bytes, content_type: str) -> str:
    """Decode with the header's charset, falling back to UTF-8; undecodable bytes become U+FFFD."""
    encoding = charset(content_type) or "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def kind_of(content_type: str, body: bytes) -> Literal["html", "json", "text", "binary"]:
    """Classify a response by its media type, sniffing the body when the server sent none."""
    kind = media_type(content_type)
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    if kind == "application/json" or kind.endswith("+json"):
        return "json"
    if kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith("+xml"):
        return "text"
    if kind in ("", "application/octet-stream") and _looks_like_text(body):
        head = body[:512].lstrip().lower()
        return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
    return "binary"


def _looks_like_text(body: bytes) -> bool:
    sample = body[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 4  # a character cut at the sample's end
    return True


def describe_binary(content_type: str, size: int, url: str, complete: bool) -> str:
    """One line saying what the binary body is instead of showing it."""
    shown = media_type(content_type) or "unknown type"
    amount = human_size(size) if complete else f"at least {human_size(size)}"
    return f"Binary content ({shown}, {amount}) at {url}: not shown"


def render(body: bytes, content_type: str, fmt: Format, url: str) -> str:
    """The text shown for a textual body in the requested format."""
    kind = kind_of(content_type, body)
    text = decode(body, content_type)
    if kind == "json":
        return pretty_json(text)
    if kind != "html" or fmt == "html":
        return text
    # Without a charset header, let the parser read the page's own <meta charset>.
    soup = _parse(text if charset(content_type) else body)
    if fmt == "text":
        return _collapse(soup.get_text("\n"))
    return html_to_markdown(soup, url)


def pretty_json(text: str) -> str:
    """Indent JSON for reading; text that is not valid JSON is returned unchanged."""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def _parse(html: str | bytes) -> BeautifulSoup:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(STRIPPED_TAGS):
        tag.decompose()
    return soup


def html_to_markdown(soup: BeautifulSoup, url: str) -> str:
    """Markdown of a parsed page: title as a heading, links made absolute, fenced code blocks."""
    from markdownify import MarkdownConverter

    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.head is not None:
        soup.head.decompose()
    for link in soup.find_all("a", href=True):
        link["href"] = urljoin(url, str(link["href"]))
    for image in soup.find_all("img", src=True):
        image["src"] = urljoin(url, str(image["src"]))
    converter = MarkdownConverter(heading_style="ATX", bullets="-", code_language_callback=_code_language)
    markdown = _collapse(converter.convert_soup(soup))
    if title and not markdown.startswith(f"# {title}"):
        markdown = f"# {title}\n\n{markdown}"
    return markdown


def _code_language(element: object) -> str | None:
    # markdownify passes the <pre>; the language is usually a class on it or on its <code>.
    for node in (element, getattr(element, "code", None)):
        classes = getattr(node, "get", lambda *_: None)("class") or []
        for name in classes:
            match = _LANGUAGE_CLASS.match(name)
            if match:
                return match.group(1)
    return None


def _collapse(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()

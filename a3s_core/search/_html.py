"""What the HTML-scraping engines share: a browser-like GET/POST and tolerant parsing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from a3s_core.search.types import SearchEngineError

if TYPE_CHECKING:
    import httpx2
    from bs4 import BeautifulSoup, Tag

BROWSER_HEADERS = {
    "User-Agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    ),
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.8",
}


async def fetch_page(
    client: httpx2.AsyncClient,
    engine: str,
    url: str,
    *,
    params: dict[str, Any] | None = None,
    data: dict[str, str] | None = None,
) -> str:
    """GET (or POST ``data`` to) a result page and return its HTML.

    Raises:
        SearchEngineError: any answer but 200, naming the engine and the status.
    """
    method = "POST" if data is not None else "GET"
    response = await client.request(method, url, params=params, data=data, headers=BROWSER_HEADERS)
    if response.status_code != 200:
        reason = response.reason_phrase or "error"
        raise SearchEngineError(f"{engine} answered HTTP {response.status_code} {reason}")
    return response.text


def parse(html: str) -> BeautifulSoup:
    """Parse with the standard library's parser (no lxml needed), which tolerates broken markup."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def text_of(node: Tag | None) -> str:
    """The node's text with whitespace collapsed; "" for None."""
    return " ".join(node.get_text().split()) if node is not None else ""


def query_param(url: str, name: str) -> str | None:
    """The first value of query parameter ``name`` in ``url``, or None."""
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL."""
    return urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).netloc)

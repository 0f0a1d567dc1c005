"""Bing's results page, scraped (https://www.bing.com/search?q=...)."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from a3s_core.search import _html
from a3s_core.search.types import SearchHit

if TYPE_CHECKING:
    import httpx2

DEFAULT_BASE_URL = "https://www.bing.com/search"


class BingEngine:
    """Scrapes Bing's web results (``li.b_algo``)."""

    name = "bing"

    def __init__(self, base_url: str = DEFAULT_BASE_URL) -> None:
        """``base_url`` is the search page to GET (tests point it at a local server)."""
        self.base_url = base_url

    async def search(self, query: str, limit: int, client: httpx2.AsyncClient) -> list[SearchHit]:
        """GET the results page and parse it."""
        params = {"q": query, "count": str(min(max(limit, 10), 50)), "setlang": "en"}
        html = await _html.fetch_page(client, "Bing", self.base_url, params=params)
        return parse_results(html)[:limit]


def parse_results(html: str) -> list[SearchHit]:
    """The organic results of a Bing page, in page order."""
    soup = _html.parse(html)
    hits: list[SearchHit] = []
    for block in soup.select("li.b_algo"):
        link = block.select_one("h2 a[href]")
        if link is None:
            continue
        url = _target(str(link["href"]))
        if not _html.is_web_url(url):
            continue
        snippet_node = block.select_one(".b_caption p, p.b_lineclamp2, p.b_lineclamp3, p")
        hits.append(SearchHit(title=_html.text_of(link), url=url, snippet=_html.text_of(snippet_node)))
    return hits


def _target(href: str) -> str:
    # Bing sometimes wraps results as /ck/a?...&u=a1<base64url of the real URL>.
    if "/ck/a" not in href:
        return href
    encoded = _html.query_param(href, "u") or ""
    if not encoded.startswith("a1"):
        return href
    payload = encoded[2:]
    try:
        return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return href

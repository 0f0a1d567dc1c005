"""Google's results page, scraped (https://www.google.com/search?q=...).

Google serves scrapers a JavaScript-free page whose markup changes often, so parsing keys on what
is stable: each result title is an ``<h3>`` inside a link, often through ``/url?q=<target>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from a3s_core.search import _html
from a3s_core.search.types import SearchEngineError, SearchHit

if TYPE_CHECKING:
    import httpx2
    from bs4 import Tag

DEFAULT_BASE_URL = "https://www.google.com/search"
_SNIPPET_SELECTORS = ".VwiC3b, [data-sncf], .BNeawe.s3v9rd, .st, .IsZvec"


class GoogleEngine:
    """Scrapes Google's web results."""

    name = "google"

    def __init__(self, base_url: str = DEFAULT_BASE_URL) -> None:
        """``base_url`` is the search page to GET (tests point it at a local server)."""
        self.base_url = base_url

    async def search(self, query: str, limit: int, client: httpx2.AsyncClient) -> list[SearchHit]:
        """GET the results page and parse it."""
        params = {"q": query, "num": str(min(max(limit, 10), 50)), "hl": "en"}
        html = await _html.fetch_page(client, "Google", self.base_url, params=params)
        hits = parse_results(html, self.base_url)
        if not hits and ("/sorry/" in html or "unusual traffic" in html):
            raise SearchEngineError("Google answered with its unusual-traffic check instead of results")
        return hits[:limit]


def parse_results(html: str, base_url: str) -> list[SearchHit]:
    """The organic results of a Google page, in page order, each URL once."""
    soup = _html.parse(html)
    google_host = urlsplit(base_url).netloc
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for heading in soup.find_all("h3"):
        link = heading.find_parent("a", href=True)
        if link is None:
            continue
        url = _target(urljoin(base_url, str(link["href"])))
        if not _html.is_web_url(url) or urlsplit(url).netloc == google_host or url in seen:
            continue
        seen.add(url)
        hits.append(SearchHit(title=_html.text_of(heading), url=url, snippet=_snippet(link)))
    return hits


def _target(href: str) -> str:
    if urlsplit(href).path == "/url":
        return _html.query_param(href, "q") or _html.query_param(href, "url") or href
    return href


def _snippet(link: Tag) -> str:
    block = link.find_parent("div", class_="g") or _ancestor(link, 3)
    if block is None:
        return ""
    found = block.select_one(_SNIPPET_SELECTORS)
    if found is not None:
        return _html.text_of(found)
    rest = _html.text_of(block).replace(_html.text_of(link), "", 1)
    return rest.strip()[:300]


def _ancestor(node: Tag, levels: int) -> Tag | None:
    current: Tag | None = node
    for _ in range(levels):
        if current is None:
            return None
        current = current.parent
    return current

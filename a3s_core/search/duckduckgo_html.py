"""DuckDuckGo's JavaScript-free results page, scraped (POST https://html.duckduckgo.com/html/)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from a3s_core.search import _html
from a3s_core.search.types import SearchEngineError, SearchHit

if TYPE_CHECKING:
    import httpx2

DEFAULT_BASE_URL = "https://html.duckduckgo.com/html/"
_BOT_CHECK_MARKERS = ("anomaly-modal", "challenge-form")


class DuckDuckGoHtmlEngine:
    """Scrapes html.duckduckgo.com; no API key, no JavaScript."""

    name = "duckduckgo_html"

    def __init__(self, base_url: str = DEFAULT_BASE_URL) -> None:
        """``base_url`` is the results page to POST to (tests point it at a local server)."""
        self.base_url = base_url

    async def search(self, query: str, limit: int, client: httpx2.AsyncClient) -> list[SearchHit]:
        """POST the query and parse the result blocks, skipping ads."""
        html = await _html.fetch_page(client, "DuckDuckGo", self.base_url, data={"q": query, "b": ""})
        hits = parse_results(html, self.base_url)
        if not hits and any(marker in html for marker in _BOT_CHECK_MARKERS):
            raise SearchEngineError("DuckDuckGo answered with a bot check (CAPTCHA) instead of results")
        return hits[:limit]


def parse_results(html: str, base_url: str) -> list[SearchHit]:
    """The organic results of a DuckDuckGo HTML page, in page order."""
    soup = _html.parse(html)
    hits: list[SearchHit] = []
    for block in soup.select("div.result, div.web-result"):
        classes: list[str] = list(block.get("class") or [])
        if "result--ad" in classes or block.find_parent("div", class_="result") is not None:
            continue
        link = block.select_one("a.result__a")
        if link is None or not link.get("href"):
            continue
        url = _target(urljoin(base_url, str(link["href"])))
        if not _html.is_web_url(url):
            continue
        snippet = _html.text_of(block.select_one(".result__snippet"))
        hits.append(SearchHit(title=_html.text_of(link), url=url, snippet=snippet))
    return hits


def _target(href: str) -> str:
    # Result links go through DuckDuckGo's redirector: //duckduckgo.com/l/?uddg=<the real URL>.
    return _html.query_param(href, "uddg") or href

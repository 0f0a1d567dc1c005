"""web_search: engines scraping result pages served on 127.0.0.1, merging, failures, config."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from a3s_core.config.loader import load_config
from a3s_core.config.models import SearchConfig, SearchEngineConfig
from a3s_core.errors import ConfigError, ToolError
from a3s_core.search import SearchHit, normalise_url
from a3s_core.search.bing import BingEngine
from a3s_core.search.ddgs_engine import DdgsEngine
from a3s_core.search.duckduckgo_html import DuckDuckGoHtmlEngine
from a3s_core.search.google import GoogleEngine
from a3s_core.tools.web_search import WebSearchTool
from tests.core.tools.web_search_pages import bing_page, duckduckgo_page, google_page
from tests.core.tools.web_server import Reply, WebServer, web_server

GOOGLE_RESULTS = [
    ("Widgets explained", "https://widgets.example/guide", "All about <b>widgets</b>."),
    ("Shared page", "https://Example.com/shared/?utm_source=google#top", "Found by both."),
    ("Widget history", "https://history.example/widgets", "Since 1901."),
]
BING_RESULTS = [
    ("Bing's best widget", "https://bing-only.example/", "Bing liked this."),
    ("Shared page (bing)", "https://example.com/shared", "Also found by bing."),
]


@pytest.fixture
def server() -> Iterator[WebServer]:
    with web_server() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx2.AsyncClient]:
    async with httpx2.AsyncClient(follow_redirects=True, timeout=5) as shared:
        yield shared


def weighted(**weights: float) -> SearchConfig:
    return SearchConfig(timeout=5, engine={name: SearchEngineConfig(weight=w) for name, w in weights.items()})


async def search(tool: WebSearchTool, ctx: Any, query: str = "widgets", **args: Any):
    try:
        return await asyncio.wait_for(tool.run({"query": query, **args}, ctx), 10)
    finally:
        await tool.aclose()


async def test_google_results_are_read_from_h3_titles_and_url_redirect_links(server, client):
    server.route("/search", Reply(google_page(GOOGLE_RESULTS)))
    hits = await GoogleEngine(base_url=server.url("/search")).search("widgets", 10, client)
    assert [hit.url for hit in hits] == [url for _, url, _ in GOOGLE_RESULTS]
    assert hits[0] == SearchHit("Widgets explained", "https://widgets.example/guide", "All about widgets.")
    assert server.requests[0].query["q"] == ["widgets"]


async def test_bing_results_skip_ads_and_unwrap_click_tracking_links(server, client):
    server.route("/search", Reply(bing_page(BING_RESULTS, wrap_first=True)))
    hits = await BingEngine(base_url=server.url("/search")).search("widgets", 10, client)
    assert [(hit.title, hit.url, hit.snippet) for hit in hits] == BING_RESULTS


async def test_duckduckgo_html_posts_the_query_and_decodes_its_redirect_links(server, client):
    server.route("/html/", Reply(duckduckgo_page(GOOGLE_RESULTS[:2])))
    hits = await DuckDuckGoHtmlEngine(base_url=server.url("/html/")).search("blue widgets", 10, client)
    assert [hit.url for hit in hits] == [GOOGLE_RESULTS[0][1], GOOGLE_RESULTS[1][1]]
    assert hits[1].snippet == "Found by both."
    assert (server.requests[0].method, server.requests[0].form["q"]) == ("POST", ["blue widgets"])


async def test_a_duckduckgo_bot_check_page_is_an_engine_error(server, ctx):
    server.route("/html/", Reply('<html><body><div class="anomaly-modal">Are you a robot?</div></body></html>'))
    tool = WebSearchTool(engines={"duckduckgo_html": DuckDuckGoHtmlEngine(base_url=server.url("/html/"))})
    with pytest.raises(ToolError, match="duckduckgo_html: DuckDuckGo answered with a bot check"):
        await search(tool, ctx)


def test_urls_of_the_same_page_normalise_to_the_same_key():
    same = [
        "https://Example.COM/shared/?utm_source=x&utm_medium=y#top",
        "HTTPS://example.com/shared",
        "https://example.com:443/shared/",
    ]
    assert {normalise_url(url) for url in same} == {"https://example.com/shared"}
    assert normalise_url("https://example.com/p?id=1&utm_x=2") == "https://example.com/p?id=1"
    assert normalise_url("https://example.com/p?id=1") != normalise_url("https://example.com/p?id=2")


async def test_two_engines_are_merged_deduplicated_and_ranked_by_weighted_reciprocal_rank(server, ctx):
    server.route("/google", Reply(google_page(GOOGLE_RESULTS)))
    server.route("/bing", Reply(bing_page(BING_RESULTS)))
    engines = {"google": GoogleEngine(base_url=server.url("/google")), "bing": BingEngine(base_url=server.url("/bing"))}
    result = await search(WebSearchTool(weighted(google=1.5, bing=1.0), engines), ctx)
    urls = [hit["url"] for hit in result.metadata["results"]]
    # shared: 1.5/12 + 1/12; widgets: 1.5/11; history: 1.5/13 beats bing-only's 1/11
    assert urls == [
        "https://Example.com/shared/?utm_source=google#top",
        "https://widgets.example/guide",
        "https://history.example/widgets",
        "https://bing-only.example/",
    ]
    assert result.metadata["results"][0]["engines"] == ["google", "bing"]
    assert result.output.startswith(
        "1. Shared page — https://Example.com/shared/?utm_source=google#top\n   Found by both.\n"
        "2. Widgets explained — https://widgets.example/guide\n"
    )
    assert result.output.endswith("\n\nEngines: google, bing")
    assert result.metadata["engines"] == ["google", "bing"] and result.metadata["failures"] == {}


async def test_the_heavier_engine_wins_when_weights_are_swapped(server, ctx):
    server.route("/google", Reply(google_page(GOOGLE_RESULTS)))
    server.route("/bing", Reply(bing_page(BING_RESULTS)))
    engines = {"google": GoogleEngine(base_url=server.url("/google")), "bing": BingEngine(base_url=server.url("/bing"))}
    result = await search(WebSearchTool(weighted(google=1.0, bing=3.0), engines), ctx)
    # shared: 3/12 + 1/12; bing-only: 3/11; google's first: 1/11. The heavier engine's URL form is kept.
    assert [hit["url"] for hit in result.metadata["results"]] == [
        "https://example.com/shared", "https://bing-only.example/",
        "https://widgets.example/guide", "https://history.example/widgets",
    ]


async def test_max_results_caps_the_merged_list(server, ctx):
    server.route("/google", Reply(google_page(GOOGLE_RESULTS)))
    tool = WebSearchTool(engines={"google": GoogleEngine(base_url=server.url("/google"))})
    result = await search(tool, ctx, max_results=2)
    assert len(result.metadata["results"]) == 2 and "3. " not in result.output


async def test_one_engine_failing_leaves_the_others_answering_and_is_named_in_the_footer(server, ctx):
    server.route("/google", Reply("oops", status=500, content_type="text/plain"))
    server.route("/bing", Reply(bing_page(BING_RESULTS)))
    engines = {"google": GoogleEngine(base_url=server.url("/google")), "bing": BingEngine(base_url=server.url("/bing"))}
    result = await search(WebSearchTool(weighted(google=1.5, bing=1.0), engines), ctx)
    assert result.output.startswith("1. Bing's best widget — https://bing-only.example/")
    assert result.output.endswith("Engines: bing\nEngine google failed: Google answered HTTP 500 Internal Server Error")
    assert result.metadata["failures"] == {"google": "Google answered HTTP 500 Internal Server Error"}


async def test_every_engine_failing_is_an_error_listing_each_failure(server, ctx):
    server.route("/google", Reply("no", status=503, content_type="text/plain"))
    server.route("/bing", Reply("no", status=429, content_type="text/plain"))
    engines = {"google": GoogleEngine(base_url=server.url("/google")), "bing": BingEngine(base_url=server.url("/bing"))}
    with pytest.raises(ToolError) as caught:
        await search(WebSearchTool(engines=engines), ctx)
    message = str(caught.value)
    assert "every engine failed" in message
    assert "- google: Google answered HTTP 503" in message and "- bing: Bing answered HTTP 429" in message


class StuckEngine:
    """An engine whose search never finishes on its own."""

    name = "stuck"

    async def search(self, query: str, limit: int, client: httpx2.AsyncClient) -> list[SearchHit]:
        await asyncio.Event().wait()
        return []


async def test_an_engine_slower_than_the_timeout_counts_as_failed(server, ctx):
    server.route("/bing", Reply(bing_page(BING_RESULTS)))
    engines = {"stuck": StuckEngine(), "bing": BingEngine(base_url=server.url("/bing"))}
    result = await search(WebSearchTool(SearchConfig(timeout=0.1), engines), ctx)
    assert result.metadata["failures"] == {"stuck": "timed out after 0.1 s"}
    assert len(result.metadata["results"]) == 2


class FakeDDGS:
    """A stand-in for ddgs.DDGS (third-party): records calls, answers ddgs-shaped dicts."""

    def __init__(self, rows: list[dict[str, Any]] | None = None, error: Exception | None = None) -> None:
        self.rows = rows or []
        self.error = error
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def text(self, query: str, **kwargs: Any) -> list[dict[str, Any]]:
        self.calls.append((query, kwargs))
        if self.error is not None:
            raise self.error
        return self.rows


async def test_the_ddgs_engine_maps_ddgs_results_to_hits(client):
    fake = FakeDDGS([
        {"title": "Widgets", "href": "https://widgets.example/", "body": "All about widgets."},
        {"title": "No link", "href": "", "body": "dropped"},
        {"title": "More", "href": "https://more.example/", "body": None},
    ])
    hits = await DdgsEngine(fake).search("widgets", 5, client)
    assert hits == [
        SearchHit("Widgets", "https://widgets.example/", "All about widgets."),
        SearchHit("More", "https://more.example/", ""),
    ]
    query, kwargs = fake.calls[0]
    assert query == "widgets" and kwargs["max_results"] == 5 and kwargs["backend"] == "auto"


async def test_a_ddgs_failure_becomes_the_engines_failure_and_no_results_is_empty(ctx):
    class RatelimitException(Exception):
        pass

    failing = WebSearchTool(engines={"duckduckgo": DdgsEngine(FakeDDGS(error=RatelimitException("202 Ratelimit")))})
    with pytest.raises(ToolError, match="duckduckgo: ddgs: RatelimitException: 202 Ratelimit"):
        await search(failing, ctx)
    empty = WebSearchTool(engines={"duckduckgo": DdgsEngine(FakeDDGS(error=Exception("No results found.")))})
    result = await search(empty, ctx, query="zzqx")
    assert result.output.startswith('No results for "zzqx".') and result.metadata["results"] == []


def test_the_seed_search_block_maps_to_google_and_bing_with_their_weights(tmp_path: Path):
    config_file = tmp_path / "agent.hcl"
    config_file.write_text(
        "search {\n  timeout = 30\n  engine {\n"
        "    google { enabled = true, weight = 1.5 }\n    bing   { enabled = true, weight = 1.0 }\n  }\n}\n",
        encoding="utf-8",
    )
    tool = WebSearchTool(load_config(config_file, env={}, home=tmp_path).config.search)
    assert {name: type(engine) for name, engine in tool.engines.items()} == {"google": GoogleEngine, "bing": BingEngine}
    assert tool.weights == {"google": 1.5, "bing": 1.0}
    assert tool.config.timeout == 30


def test_no_configured_engine_means_duckduckgo_through_ddgs():
    tool = WebSearchTool()
    assert list(tool.engines) == ["duckduckgo"] and isinstance(tool.engines["duckduckgo"], DdgsEngine)


def test_disabled_engines_are_left_out():
    config = SearchConfig(engine={"google": SearchEngineConfig(enabled=False), "duckduckgo_html": SearchEngineConfig()})
    assert list(WebSearchTool(config).engines) == ["duckduckgo_html"]


async def test_all_engines_disabled_is_an_error_saying_search_is_off(ctx):
    tool = WebSearchTool(SearchConfig(engine={"bing": SearchEngineConfig(enabled=False)}))
    with pytest.raises(ToolError, match="web search is turned off"):
        await search(tool, ctx)


def test_an_unknown_engine_name_is_a_config_error_listing_the_known_ones():
    with pytest.raises(ConfigError) as caught:
        WebSearchTool(SearchConfig(engine={"altavista": SearchEngineConfig()}))
    assert "unknown engine 'altavista'" in str(caught.value)
    assert "known engines: bing, duckduckgo, duckduckgo_html, google" in str(caught.value)


def test_web_search_is_a_read_only_query_tool_whose_subject_is_the_query():
    tool = WebSearchTool(engines={})
    assert tool.lane == "query" and tool.name == "web_search"
    assert tool.permission_subject({"query": "python asyncio"}) == "python asyncio"

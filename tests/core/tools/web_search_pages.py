"""Result pages shaped like the ones Google, Bing and DuckDuckGo serve, trimmed to what matters."""

from __future__ import annotations

import base64
from urllib.parse import quote


def google_page(results: list[tuple[str, str, str]]) -> str:
    """Google's JavaScript-free markup: ``div.g`` blocks, titles in ``<h3>`` under ``/url?q=`` links."""
    blocks = "\n".join(
        f'<div class="g"><div class="tF2Cxc"><div class="yuRUbf">'
        f'<a href="/url?q={quote(url, safe="")}&amp;sa=U&amp;ved=2ahUKE"><br><h3 class="LC20lb">{title}</h3>'
        f'<div class="TbwUpd"><cite>{url}</cite></div></a></div>'
        f'<div class="VwiC3b yXK7lf">{snippet}</div></div></div>'
        for title, url, snippet in results
    )
    return (
        '<!doctype html><html><head><title>q - Google Search</title></head><body>'
        '<div id="searchform"><a href="/search?q=q&amp;tbm=isch"><h3>Images</h3></a></div>'
        f'<div id="search"><div id="rso">{blocks}</div></div>'
        '<footer><a href="/preferences">Settings</a></footer></body></html>'
    )


def bing_page(results: list[tuple[str, str, str]], wrap_first: bool = False) -> str:
    """Bing's ``ol#b_results`` of ``li.b_algo``; ``wrap_first`` hides the first URL behind /ck/a."""
    items = []
    for index, (title, url, snippet) in enumerate(results):
        href = url
        if wrap_first and index == 0:
            encoded = base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")
            href = f"https://www.bing.com/ck/a?!&amp;&amp;p=abc&amp;u=a1{encoded}&amp;ntb=1"
        items.append(
            f'<li class="b_algo" data-id=""><div class="b_tpcn"><a class="tilk" href="{href}">site</a></div>'
            f'<h2><a href="{href}" h="ID=SERP,5067.1">{title}</a></h2>'
            f'<div class="b_caption"><p class="b_lineclamp2">{snippet}</p></div></li>'
        )
    ad = '<li class="b_ad"><h2><a href="https://ads.example/">Sponsored</a></h2></li>'
    return (
        '<!DOCTYPE html><html><head><title>q - Search</title></head><body>'
        f'<ol id="b_results">{ad}{"".join(items)}</ol></body></html>'
    )


def duckduckgo_page(results: list[tuple[str, str, str]], ad: bool = True) -> str:
    """html.duckduckgo.com: ``div.result`` blocks, links through ``//duckduckgo.com/l/?uddg=``."""
    blocks = []
    if ad:
        blocks.append(
            '<div class="result results_links result--ad"><h2 class="result__title">'
            '<a class="result__a" href="https://duckduckgo.com/y.js?ad=1">Buy widgets</a></h2></div>'
        )
    for title, url, snippet in results:
        link = f"//duckduckgo.com/l/?uddg={quote(url, safe='')}&amp;rut=abc123"
        blocks.append(
            '<div class="result results_links results_links_deep web-result">'
            '<div class="links_main links_deep result__body">'
            f'<h2 class="result__title"><a rel="nofollow" class="result__a" href="{link}">{title}</a></h2>'
            f'<a class="result__snippet" href="{link}">{snippet}</a></div></div>'
        )
    return f'<html><body><div id="links" class="results">{"".join(blocks)}</div></body></html>'

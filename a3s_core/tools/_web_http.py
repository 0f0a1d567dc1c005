"""One GET for web_fetch: redirects followed, the body read up to a cap, failures as ToolErrors."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx2

from a3s_core.errors import ToolArgumentError, ToolError
from a3s_core.tools import _web_content

MAX_REDIRECTS = 5
ERROR_BODY_CHARS = 500
"""How much of a 4xx/5xx page is quoted in the error."""

USER_AGENT = "Mozilla/5.0 (compatible; a3s-code web_fetch; +https://github.com/A3S-Lab/Code)"
_DNS_HINTS = ("name or service not known", "nodename nor servname", "temporary failure in name resolution",
              "getaddrinfo", "no address associated")


@dataclass
class Fetched:
    """A response whose body was read, possibly only up to the cap."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    complete: bool
    """False when reading stopped at the size cap."""
    declared_size: int | None
    """The Content-Length header, when the server sent one."""


def check_url(url: str) -> str:
    """Return ``url`` stripped, or refuse anything but an absolute http(s) URL.

    Raises:
        ToolArgumentError: another scheme (file:, ftp:, data:...), no scheme, or no host.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"the {scheme}: scheme" if scheme else "a URL without http:// or https://"
        raise ToolArgumentError(
            f"web_fetch only fetches http:// and https:// URLs, not {shown} ({url}); "
            "use read for local files"
        )
    if not parts.hostname:
        raise ToolArgumentError(f"url has no host: {url}; expected e.g. https://example.com/page")
    return url


async def fetch(client: httpx2.AsyncClient, url: str, timeout: float, max_bytes: int) -> Fetched:
    """GET ``url`` following at most MAX_REDIRECTS redirects, reading at most ``max_bytes``.

    Raises:
        ToolError: unreachable host, timeout, too many redirects, or an HTTP 4xx/5xx answer.
    """
    try:
        async with asyncio.timeout(timeout):
            fetched = await _get(client, url, timeout, max_bytes)
    except TimeoutError:
        raise _timed_out(url, timeout) from None
    except httpx2.TimeoutException:
        raise _timed_out(url, timeout) from None
    except httpx2.TooManyRedirects as exc:
        last = str(exc.request.url)
        raise ToolError(
            f"Too many redirects fetching {url}: gave up after {MAX_REDIRECTS} (last was {last}); "
            "the page may redirect in a loop; try the final address directly"
        ) from None
    except httpx2.ConnectError as exc:
        raise _unreachable(url, exc) from None
    except httpx2.HTTPError as exc:
        raise ToolError(f"Fetching {url} failed: {type(exc).__name__}: {exc or 'no detail'}") from None
    if fetched.status >= 400:
        raise _status_error(fetched)
    return fetched


async def _get(client: httpx2.AsyncClient, url: str, timeout: float, max_bytes: int) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/*;q=0.9,*/*;q=0.8"}
    async with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        chunks: list[bytes] = []
        size = 0
        complete = True
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                complete = False
                break
        body = b"".join(chunks)[:max_bytes]
        length = response.headers.get("content-length", "")
        return Fetched(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=body,
            complete=complete,
            declared_size=int(length) if length.isdigit() else None,
        )


def _timed_out(url: str, timeout: float) -> ToolError:
    return ToolError(
        f"Timed out after {timeout:g} s fetching {url}; the server is slow or not answering. "
        "Try again later or fetch another URL"
    )


def _unreachable(url: str, exc: httpx2.ConnectError) -> ToolError:
    host = urlsplit(url).netloc
    cause = _root_os_error(exc)
    detail = str(cause or exc) or type(exc).__name__
    if isinstance(cause, socket.gaierror) or any(hint in detail.lower() for hint in _DNS_HINTS):
        return ToolError(f"Could not resolve host {host} ({detail}); check the spelling of the URL {url}")
    if isinstance(cause, ConnectionRefusedError) or "refused" in detail.lower():
        return ToolError(f"Connection refused by {host}: nothing is listening there; check the URL {url}")
    return ToolError(f"Could not connect to {host} ({detail}); check the URL {url} and the network")


def _root_os_error(exc: BaseException) -> OSError | None:
    """The OSError under httpx's wrapper (anyio says only "All connection attempts failed")."""
    seen: BaseException | None = exc
    found: OSError | None = None
    while seen is not None:
        if isinstance(seen, OSError):
            found = seen
        for group_member in getattr(seen, "exceptions", ()):
            if isinstance(group_member, OSError):
                found = group_member
        seen = seen.__cause__ or seen.__context__
    return found


def _status_error(fetched: Fetched) -> ToolError:
    from http import HTTPStatus

    try:
        reason = HTTPStatus(fetched.status).phrase
    except ValueError:
        reason = "Unknown status"
    text = _web_content.render(fetched.body, fetched.content_type, "text", fetched.final_url)
    start = " ".join(text.split())[:ERROR_BODY_CHARS]
    advice = "the page does not exist; check the URL" if fetched.status in (404, 410) else (
        "the server failed; try again later" if fetched.status >= 500 else "the server refused the request"
    )
    quoted = f"\nThe response began: {start}" if start else ""
    return ToolError(f"HTTP {fetched.status} {reason} from {fetched.final_url}: {advice}.{quoted}")

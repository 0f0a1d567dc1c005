"""Merging several engines' results: de-duplicated by normalised URL, ranked by weighted RRF."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from a3s_core.search.types import SearchHit

RRF_K = 10
"""Reciprocal-rank constant. The usual 60 flattens ranks so much that an engine's weight would
outrank everything; with ~8 hits per engine, 10 lets a first place beat a heavier engine's seventh."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING_PARAMS = ("utm_",)


@dataclass
class RankedHit:
    """A merged result: the best-placed engine's title and snippet, and every engine that found it."""

    title: str
    url: str
    snippet: str
    score: float = 0.0
    engines: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready copy for tool metadata."""
        return {"title": self.title, "url": self.url, "snippet": self.snippet,
                "score": round(self.score, 6), "engines": list(self.engines)}


def normalise_url(url: str) -> str:
    """The key that two URLs of the same page share.

    Scheme and host are lower-cased; a default port, the fragment, a trailing slash and utm_*
    parameters are dropped.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PARAMS)]
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), urlencode(query), ""))


def merge(results: dict[str, list[SearchHit]], weights: dict[str, float], limit: int) -> list[RankedHit]:
    """Merge each engine's ranked hits into at most ``limit`` results, best first.

    A hit at 1-based rank r from an engine of weight w scores w / (RRF_K + r); a page found by
    several engines adds up their scores. Ties keep the order in which pages were first seen,
    heavier engines first.
    """
    order = sorted(results, key=lambda name: -weights.get(name, 1.0))
    merged: dict[str, RankedHit] = {}
    for name in order:
        seen_here: set[str] = set()
        for rank, hit in enumerate(results[name], start=1):
            key = normalise_url(hit.url)
            if not hit.url or key in seen_here:
                continue
            seen_here.add(key)
            entry = merged.setdefault(key, RankedHit(hit.title, hit.url, hit.snippet))
            entry.score += weights.get(name, 1.0) / (RRF_K + rank)
            entry.engines.append(name)
            entry.title = entry.title or hit.title
            entry.snippet = entry.snippet or hit.snippet
    ranked = sorted(merged.values(), key=lambda entry: -entry.score)  # stable: ties keep first-seen order
    return ranked[:limit]

"""A scripted LLM server on 127.0.0.1 speaking the Anthropic Messages and OpenAI Chat Completions APIs.

Each request consumes the next script item whatever its protocol: a Reply is answered (streamed when
the request says ``"stream": true``) in that request's protocol, a Fault answers with its status and
the protocol's error body. Also a command line::

    python -m a3s_core.testing.llm_server --script script.json [--port 0]
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from a3s_core.testing import anthropic_wire, openai_wire
from a3s_core.testing.httpd import ScriptHTTPServer
from a3s_core.testing.script import Fault, Reply, Script, ScriptItem, load_script
from a3s_core.testing.validation import anthropic_auth, openai_auth, validate_anthropic, validate_openai
from a3s_core.testing.wire import HttpResponse, RecordedRequest, WireError, retry_after_value


@dataclass(frozen=True)
class _Protocol:
    name: str
    auth: Callable[[dict[str, str], str | None], WireError | None]
    validate: Callable[[Any, dict[str, str]], WireError | None]
    error: Callable[[WireError, str | None], HttpResponse]
    reply: Callable[[Reply, dict[str, Any]], HttpResponse]
    unknown_model: Callable[[str], WireError]


_ANTHROPIC = _Protocol(
    "anthropic",
    anthropic_auth,
    validate_anthropic,
    lambda e, retry: anthropic_wire.error_response(e.status, e.message, retry),
    anthropic_wire.reply_response,
    lambda model: WireError(404, f"model: {model}"),
)
_OPENAI = _Protocol(
    "openai",
    openai_auth,
    lambda body, _headers: validate_openai(body),
    lambda e, retry: openai_wire.error_response(e.status, e.message, retry, code=e.kind, param=e.param),
    openai_wire.reply_response,
    lambda model: WireError(
        404, f"The model `{model}` does not exist or you do not have access to it.", "model_not_found"
    ),
)
_ROUTES = {"/v1/messages": _ANTHROPIC, "/v1/chat/completions": _OPENAI}


class ScriptedLLMServer:
    """Serves a script of replies and faults over real HTTP, in a background thread.

    Use as a context manager (or start()/stop()); point clients at ``anthropic_base_url`` (they POST
    ``/v1/messages``) or ``openai_base_url`` (they POST ``/chat/completions``).
    """

    def __init__(
        self,
        script: Sequence[ScriptItem] | Script = (),
        *,
        api_key: str | None = None,
        known_models: set[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._script = script if isinstance(script, Script) else Script(list(script))
        self._api_key = api_key
        self._known_models = known_models
        self._address = (host, port)
        self.requests: list[RecordedRequest] = []
        """Every request received on an API route, in order."""
        self._arrived = threading.Condition()
        self._stopping = threading.Event()
        self._httpd: ScriptHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind the port and start serving in a daemon thread."""
        if self._httpd is None:
            self._stopping.clear()
            self._httpd = ScriptHTTPServer(self._address, self._dispatch, self._stopping)
            # A short poll interval keeps stop() quick: shutdown() waits for the loop to notice.
            serve = lambda httpd=self._httpd: httpd.serve_forever(poll_interval=0.02)  # noqa: E731
            self._thread = threading.Thread(target=serve, name="scripted-llm", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``.

        Raises:
            RuntimeError: the server is not started.
        """
        if self._httpd is None:
            raise RuntimeError("the scripted LLM server is not started")
        return f"http://{self._httpd.server_name}:{self._httpd.server_port}"

    @property
    def anthropic_base_url(self) -> str:
        """Where Anthropic clients point: they POST ``{this}/v1/messages``."""
        return self.base_url

    @property
    def openai_base_url(self) -> str:
        """Where OpenAI clients point: they POST ``{this}/chat/completions``."""
        return self.base_url + "/v1"

    def add(self, *items: ScriptItem) -> None:
        """Append items to the script (also while running)."""
        self._script.add(*items)

    def extend(self, items: Iterable[ScriptItem]) -> None:
        """Append items to the script (also while running)."""
        self._script.add(*items)

    @property
    def remaining(self) -> int:
        """Script items not yet consumed."""
        return self._script.remaining

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> None:
        """Block until at least ``n`` requests arrived.

        Raises:
            TimeoutError: fewer than ``n`` arrived within ``timeout`` seconds.
        """
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.requests) >= n, timeout):
                raise TimeoutError(f"scripted LLM server: {len(self.requests)} of {n} requests arrived")

    def _dispatch(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> HttpResponse:
        protocol = _ROUTES.get(path)
        if protocol is None or method != "POST":
            shaped = _ANTHROPIC if "anthropic-version" in headers else _OPENAI
            return shaped.error(WireError(404, f"Invalid URL ({method} {path})", "unknown_url"), None)
        body = _parse(raw)
        with self._arrived:
            self.requests.append(RecordedRequest(path, headers, body, protocol.name))
            self._arrived.notify_all()
        refusal = protocol.auth(headers, self._api_key) or protocol.validate(body, headers)
        if refusal is None and self._known_models is not None and body["model"] not in self._known_models:
            refusal = protocol.unknown_model(str(body["model"]))
        if refusal is not None:
            return protocol.error(refusal, None)
        item = self._script.take()
        if item is None:
            message = f"scripted LLM server: script exhausted after {self._script.consumed} requests"
            return protocol.error(WireError(500, message), None)
        if isinstance(item, Fault):
            retry = None if item.retry_after is None else retry_after_value(item.retry_after)
            return protocol.error(WireError(item.status, item.message), retry)
        return protocol.reply(item, body)


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a JSON script until killed; prints ``listening on http://127.0.0.1:PORT`` first."""
    parser = argparse.ArgumentParser(prog="python -m a3s_core.testing.llm_server", description=__doc__.split("\n")[0])
    parser.add_argument("--script", type=Path, required=True, help="JSON list of replies/faults, or {script, repeat}")
    parser.add_argument("--port", type=int, default=0, help="0 lets the OS choose")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-key", default=None, help="require this key (x-api-key / Bearer)")
    parser.add_argument("--model", dest="models", action="append", help="a known model (repeatable)")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    models = set(args.models) if args.models else None
    with ScriptedLLMServer(load_script(args.script), api_key=args.api_key, known_models=models,
                           host=args.host, port=args.port) as server:
        print(f"listening on {server.base_url}", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""TUI responsiveness: `python bench/tui.py [--tokens 20000] [--rate 2000]`.

Headless Textual app over a real session and the scripted LLM server, run in its own process
(in a thread it would wait for the GIL behind the app and stream several times slower). Measures

* time to first paint: from importing the app module to the first drawn screen;
* keystroke latency while an answer of ``--tokens`` tokens streams at ``--rate`` tokens/s:
  p50/p95 of the time from a key press reaching the app to its character being in the prompt
  (one key every 20 ms for the whole stream), and the same with nothing streaming as a baseline;
* how long the app takes to settle once the stream ends (the message becomes a Static).

Prints the figures against the targets (first paint <= 0.5 s, p95 <= 50 ms) and their ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from a3s_core import Agent, SessionOptions, load_config  # noqa: E402

FIRST_PAINT_TARGET_S = 0.5
KEY_P95_TARGET_MS = 50.0
CHARS_PER_TOKEN = 4
KEY_INTERVAL_S = 0.02


def answer_text(tokens: int) -> str:
    """Markdown with headings, paragraphs, lists, a table and code: about ``tokens`` tokens."""
    section = ("## Section {n}\n\nThis paragraph explains **step {n}** of the change, with `code` "
               "and a [link](https://example.com).\n\n- first item of {n}\n- second item of {n}\n"
               "- third item\n\n| key | value |\n|-----|-------|\n| a{n} | 1 |\n| b{n} | 2 |\n\n"
               "```python\ndef f{n}(x):\n    return x * {n}\n```\n\n")
    parts: list[str] = []
    size, n = 0, 0
    while size < tokens * CHARS_PER_TOKEN:
        piece = section.format(n=n)
        parts.append(piece)
        size += len(piece)
        n += 1
    return "".join(parts)[: tokens * CHARS_PER_TOKEN]


async def key_latency(app, pilot, char: str) -> float:
    from textual import events

    before = app.prompt.text.count(char)
    started = time.perf_counter()
    app._driver.send_message(events.Key(char, char))
    while app.prompt.text.count(char) == before:
        await asyncio.sleep(0.0005)
    return (time.perf_counter() - started) * 1000


async def measure(session, tokens: int) -> dict[str, float]:
    started = time.perf_counter()
    from a3s_cli.tui.app import A3SApp

    app = A3SApp(session)
    result: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        result["first_paint_s"] = time.perf_counter() - started
        idle = [await key_latency(app, pilot, "x") for _ in range(30)]
        app.prompt.clear()
        stream_start = time.perf_counter()
        app.start_turn("write a long answer")
        busy: list[float] = []
        while app.busy:
            busy.append(await key_latency(app, pilot, "y"))
            await asyncio.sleep(KEY_INTERVAL_S)
        result["stream_s"] = time.perf_counter() - stream_start
        result["keys"] = len(busy)
        result["idle_p50"], result["idle_p95"] = _p50_p95(idle)
        result["busy_p50"], result["busy_p95"] = _p50_p95(busy)
        result["busy_max"] = max(busy)
    return result


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=20_000)
    parser.add_argument("--rate", type=int, default=2_000, help="tokens per second")
    args = parser.parse_args()
    chunk_tokens = 5
    delay = chunk_tokens / args.rate
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        script = root / "script.json"
        reply = {"text": answer_text(args.tokens), "chunk_size": chunk_tokens * CHARS_PER_TOKEN, "chunk_delay": delay}
        script.write_text(json.dumps([reply]), encoding="utf-8")
        server = subprocess.Popen([sys.executable, "-m", "a3s_core.testing", "--script", str(script)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            base_url = server.stdout.readline().split()[-1]
            config = root / "agent.hcl"
            config.write_text('default_model = "anthropic/claude-test"\nproviders {\n  name = "anthropic"\n'
                              f'  api_key = "k"\n  base_url = "{base_url}"\n}}\n', encoding="utf-8")
            session = Agent(load_config(config).config).session(root, SessionOptions())
            r = asyncio.run(measure(session, args.tokens))
        finally:
            server.terminate()
            server.wait(5)
    print(f"stream: {args.tokens} tokens at {args.rate}/s took {r['stream_s']:.2f} s "
          f"(ideal {args.tokens / args.rate:.2f} s); {r['keys']:.0f} keys pressed meanwhile")
    print(f"first paint:      {r['first_paint_s'] * 1000:7.0f} ms  target {FIRST_PAINT_TARGET_S * 1000:.0f} ms"
          f"  ratio {r['first_paint_s'] / FIRST_PAINT_TARGET_S:.2f}")
    print(f"key, idle:        p50 {r['idle_p50']:6.1f} ms  p95 {r['idle_p95']:6.1f} ms")
    print(f"key, streaming:   p50 {r['busy_p50']:6.1f} ms  p95 {r['busy_p95']:6.1f} ms  max {r['busy_max']:.1f} ms"
          f"  target p95 {KEY_P95_TARGET_MS:.0f} ms  ratio {r['busy_p95'] / KEY_P95_TARGET_MS:.2f}")


if __name__ == "__main__":
    main()

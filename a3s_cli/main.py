"""The `a3s-code` command: a one-shot answer when given a prompt.

argparse rather than Typer: Typer 0.29 builds pydantic TypeAdapters on every run, which measured
~100 ms of a ~350 ms one-shot answer (docs/adr/0005-argparse-cli.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from a3s_cli.exit_codes import EXIT_USAGE
from a3s_core.version import VERSION

OUTPUT_FORMATS = ("text", "json", "stream-json")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="a3s-code",
        description="a3s-code: an AI coding agent. Give a prompt to get one answer and exit.",
        epilog="Exit codes: 0 done, 1 the turn failed, 2 bad usage or config, 130 interrupted.",
    )
    parser.add_argument("prompt", nargs="?", help="what to do; '-' reads it from stdin")
    parser.add_argument("-c", "--config", type=Path, help="config file (HCL)")
    parser.add_argument("-m", "--model", help="provider/model to use, e.g. openai/gpt-4o")
    parser.add_argument("-w", "--workspace", type=Path, default=Path("."), help="directory the agent works in")
    parser.add_argument("-y", "--yes", action="store_true", help="approve every call that would be asked about")
    parser.add_argument("--output-format", choices=OUTPUT_FORMATS, default="text", help="text (default), json or stream-json")
    parser.add_argument("-i", "--image", type=Path, action="append", default=[], help="attach an image (PNG, JPEG, GIF, WebP); repeatable")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the model's reasoning")
    parser.add_argument("--version", action="version", version=f"a3s-code {VERSION}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run; returns the process exit code."""
    args = build_parser().parse_args(argv)
    text = _read_prompt(args.prompt)
    if text is None:
        print('a3s-code: no prompt given. Usage: a3s-code "explain this repo" (or pipe the prompt on stdin)', file=sys.stderr)
        return EXIT_USAGE
    from a3s_cli.oneshot import OneShotRequest, run_oneshot

    return run_oneshot(
        OneShotRequest(
            prompt=text,
            config=args.config,
            model=args.model,
            workspace=args.workspace,
            yes=args.yes,
            output_format=args.output_format,
            verbose=args.verbose,
            images=args.image,
        )
    )


def _read_prompt(prompt: str | None) -> str | None:
    if prompt == "-" or (prompt is None and not sys.stdin.isatty()):
        text = sys.stdin.read().strip()
    else:
        text = (prompt or "").strip()
    return text or None


def run() -> None:
    sys.exit(main())

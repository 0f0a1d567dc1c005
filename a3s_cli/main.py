"""The `a3s-code` command: the full-screen app, a plain REPL, or one answer for a prompt.

argparse rather than Typer: Typer 0.29 builds pydantic TypeAdapters on every run, which measured
~100 ms of a ~350 ms one-shot answer (docs/adr/0005-argparse-cli.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from a3s_cli.exit_codes import EXIT_USAGE
from a3s_cli.session_setup import SessionRequest
from a3s_core.version import VERSION

OUTPUT_FORMATS = ("text", "json", "stream-json")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="a3s-code",
        description="a3s-code: an AI coding agent. With no prompt it opens the full-screen app "
        "(a line REPL with --plain or without a terminal); with a prompt it answers once and exits.",
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
    parser.add_argument("--plain", action="store_true", help="a line REPL instead of the full-screen app")
    resume = parser.add_mutually_exclusive_group()
    resume.add_argument("--continue", dest="continue_last", action="store_true", help="resume this workspace's last session")
    resume.add_argument("--resume", metavar="ID", help="resume the saved session ID")
    parser.add_argument("--version", action="version", version=f"a3s-code {VERSION}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run; returns the process exit code."""
    args = build_parser().parse_args(argv)
    setup = SessionRequest(args.config, args.model, args.workspace, args.continue_last, args.resume)
    if args.prompt is None and not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from a3s_cli.interactive import run_interactive

        return run_interactive(setup, plain=False, yes=args.yes)
    if args.prompt is None:
        from a3s_cli.interactive import run_interactive

        return run_interactive(setup, plain=True, yes=args.yes)
    text = sys.stdin.read().strip() if args.prompt == "-" else args.prompt.strip()
    if not text:
        print('a3s-code: the prompt is empty. Usage: a3s-code "explain this repo"', file=sys.stderr)
        return EXIT_USAGE
    from a3s_cli.oneshot import OneShotRequest, run_oneshot

    return run_oneshot(
        OneShotRequest(
            prompt=text,
            session=setup,
            yes=args.yes,
            output_format=args.output_format,
            verbose=args.verbose,
            images=args.image,
        )
    )


def run() -> None:
    sys.exit(main())

"""`a3s-code` with no prompt: the full-screen app, or the plain REPL."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from a3s_cli.exit_codes import EXIT_INTERRUPTED, EXIT_USAGE
from a3s_cli.session_setup import SessionRequest, open_session
from a3s_core.errors import ConfigError


def history_path() -> Path:
    """Where typed prompts persist across runs (shared by the app and the REPL)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("a3s-code")) / "prompt-history.jsonl"


def run_interactive(setup: SessionRequest, *, plain: bool, yes: bool) -> int:
    try:
        opened = open_session(setup)
    except ConfigError as exc:
        print(f"a3s-code: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not plain:
        from a3s_cli.tui.app import A3SApp

        result = A3SApp(opened.session, history_path=history_path(), resumed=opened.resumed).run()
        return result if isinstance(result, int) else 0
    from a3s_cli.oneshot import terminal_confirmation
    from a3s_cli.plain import run_plain

    async def main() -> int:
        try:
            return await run_plain(opened.session, history_path(), terminal_confirmation(yes))
        finally:
            await opened.agent.aclose()

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED

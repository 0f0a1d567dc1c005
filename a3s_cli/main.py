"""The `a3s-code` command: a one-shot answer when given a prompt."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from a3s_cli.exit_codes import EXIT_USAGE

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    stream_json = "stream-json"


def _version(value: bool) -> None:
    if value:
        from a3s_core.version import VERSION

        typer.echo(f"a3s-code {VERSION}")
        raise typer.Exit()


@app.command()
def main(
    prompt: Annotated[Optional[str], typer.Argument(help="What to do; '-' reads it from stdin.")] = None,
    config: Annotated[Optional[Path], typer.Option("-c", "--config", help="Config file (HCL).")] = None,
    model: Annotated[Optional[str], typer.Option("-m", "--model", help="provider/model to use.")] = None,
    workspace: Annotated[Path, typer.Option("-w", "--workspace", help="Directory the agent works in.")] = Path("."),
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Approve every call that would be asked about.")] = False,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", help="text, json or stream-json.")] = OutputFormat.text,
    image: Annotated[Optional[list[Path]], typer.Option("-i", "--image", help="Attach an image (PNG, JPEG, GIF, WebP); repeatable.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the model's reasoning.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    """a3s-code: an AI coding agent. Give a prompt to get one answer and exit."""
    text = _read_prompt(prompt)
    from a3s_cli.oneshot import OneShotRequest, run_oneshot

    request = OneShotRequest(
        prompt=text,
        config=config,
        model=model,
        workspace=workspace,
        yes=yes,
        output_format=output_format.value,
        verbose=verbose,
        images=list(image or []),
    )
    raise typer.Exit(run_oneshot(request))


def _read_prompt(prompt: str | None) -> str:
    if prompt == "-" or (prompt is None and not sys.stdin.isatty()):
        text = sys.stdin.read().strip()
    else:
        text = (prompt or "").strip()
    if not text:
        typer.echo(
            "a3s-code: no prompt given. Usage: a3s-code \"explain this repo\" (or pipe the prompt on stdin)",
            err=True,
        )
        raise typer.Exit(EXIT_USAGE)
    return text


def run() -> None:
    app()

"""Opening the session a command-line run works in: config, model, and --continue / --resume."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from a3s_core.agent.agent import Agent
from a3s_core.agent.options import SessionOptions
from a3s_core.agent.session import AgentSession
from a3s_core.errors import A3SError, ConfigError


@dataclass
class SessionRequest:
    config: Path | None = None
    model: str | None = None
    workspace: Path = Path(".")
    continue_last: bool = False
    resume_id: str | None = None


@dataclass
class OpenedSession:
    agent: Agent
    session: AgentSession
    resumed: bool


def open_session(request: SessionRequest) -> OpenedSession:
    """Load the config and open (or resume) a session that saves itself as it goes.

    Raises:
        ConfigError: the config is broken, the model unknown, or the session to resume missing.
    """
    from a3s_core.config import load_config

    loaded = load_config(request.config)
    for warning in loaded.warnings:
        print(f"a3s-code: warning: {warning}", file=sys.stderr)
    agent = Agent(loaded.config)
    options = SessionOptions(model=request.model, auto_save=True)
    resume_id = request.resume_id
    if request.continue_last and resume_id is None:
        resume_id = agent.latest_session_id(request.workspace, options)
        if resume_id is None:
            print("a3s-code: no saved session for this workspace; starting a new one", file=sys.stderr)
    if resume_id is None:
        return OpenedSession(agent, agent.session(request.workspace, options), resumed=False)
    try:
        return OpenedSession(agent, agent.resume_session(resume_id, options), resumed=True)
    except A3SError as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"{exc} (a3s-code --continue resumes this workspace's last session)") from None

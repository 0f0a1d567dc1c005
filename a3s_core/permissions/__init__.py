"""Permissions (who may run what) and confirmation (asking a person when a rule says ask)."""

from a3s_core.permissions.confirmation import (
    AutoApproveConfirmationProvider,
    CallbackConfirmationProvider,
    ConfirmationPolicy,
    DenyAllConfirmationProvider,
    EventConfirmationProvider,
)
from a3s_core.permissions.policy import DEFAULT_PATH_TOOLS, DEFAULT_READ_ONLY_TOOLS, PermissionPolicy
from a3s_core.permissions.rules import PermissionRule, exact_rule, parse_rule
from a3s_core.permissions.types import ConfirmationRequest, PermissionDecision

__all__ = [
    "DEFAULT_PATH_TOOLS",
    "DEFAULT_READ_ONLY_TOOLS",
    "AutoApproveConfirmationProvider",
    "CallbackConfirmationProvider",
    "ConfirmationPolicy",
    "ConfirmationRequest",
    "DenyAllConfirmationProvider",
    "EventConfirmationProvider",
    "PermissionDecision",
    "PermissionPolicy",
    "PermissionRule",
    "exact_rule",
    "parse_rule",
]

"""How the class tools refuse: one line naming what is wrong and the rule it broke."""

from __future__ import annotations

from minichain.errors import MinichainError, ValidationError


class ClassSettingsError(ValidationError):
    """A class setting out of range: a port, a user name, the number of students."""


class HubError(MinichainError):
    """The hub cannot be started, reached or stopped: a missing proxy, a port in use, a time-out."""

"""The password for a SPARQL server: from the environment or a prompt, never from an argument."""

from __future__ import annotations

import getpass
import os
import sys

from hgr_kg.errors import HgrKgError

PASSWORD_ENV = "HGR_KG_PASSWORD"


def password(user: str | None) -> str | None:
    """The password for ``user``: from $HGR_KG_PASSWORD, else a prompt that does not echo."""
    if user is None:
        return None
    if os.environ.get(PASSWORD_ENV) is not None:
        return os.environ[PASSWORD_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"password for {user}: ")
    raise HgrKgError(f"--user {user}: set {PASSWORD_ENV} (passwords are never taken as arguments)")

"""How the command line ends when something goes wrong: one or two lines that say what happened and what
to do, never a traceback, and an exit code a script can act on (the README lists them).

Every command runs under ``CalmGroup``: errors it knows become their lines and codes; anything else is a
bug or an unexpected state, told in one line with how to see the traceback (``WARTA_DEBUG=1``).
"""

from __future__ import annotations

import os
from typing import Any

import click
import requests

# The exit codes, documented in the README ("Command line").
REFUSED = 1  # the server or the input refused the request, or a job failed
USAGE = 2  # click's own: an option or argument the command does not take
UNREACHABLE = 3  # no server answered at --server
MODEL = 4  # a model could not be loaded
UNEXPECTED = 5  # anything else (WARTA_DEBUG=1 shows the traceback)


class Failed(click.ClickException):
    """A failure told as lines of its own, with its exit code."""

    def __init__(self, message: str, exit_code: int = REFUSED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class CalmGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except requests.ConnectionError as error:
            raise Failed(
                f"cannot reach a Warta server ({_host(error)}).\nStart one with `warta up`, or point "
                "--server (WARTA_SERVER_URL) at one that runs.",
                UNREACHABLE,
            ) from None
        except Exception as error:
            if os.environ.get("WARTA_DEBUG"):
                raise
            raise _told(error) from None


def _told(error: Exception) -> Failed:
    """Warta's own failures (they carry a ``code``) as their message; anything else as a bug."""
    code = getattr(error, "code", None)
    if code == "model_unavailable":
        return Failed(str(error), MODEL)
    if isinstance(code, str):
        return Failed(f"{code}: {error}")
    first_line = (str(error).splitlines() or [""])[0][:300]
    return Failed(f"unexpected {type(error).__name__}: {first_line}\nRun again with WARTA_DEBUG=1 to see the "
                  "traceback, and report it.", UNEXPECTED)  # fmt: skip


def _host(error: requests.ConnectionError) -> str:
    request = error.request
    url = getattr(request, "url", None) if request is not None else None
    return f"nothing answers at {url}" if url else "the connection failed"

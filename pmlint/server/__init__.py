"""`pmlint server`: the Language Server. `engine_bridge` is its one way into the engine,
`features` turns findings into what the editor shows, `app` speaks LSP (pygls) over stdio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def run(today: Callable[[], dt.date]) -> None:
    """Serve over stdin and stdout until the editor says exit."""
    from pmlint.server.app import build

    build(today).start_io()

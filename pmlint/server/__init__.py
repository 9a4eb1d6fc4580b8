"""`pmlint server`: the Language Server. `engine_bridge` is its one way into the engine,
`features` turns findings into what the editor shows, `app` speaks LSP (pygls) over stdio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def run(today: Callable[[], dt.date]) -> None:
    """Serve over stdin and stdout until the editor says exit."""
    import logging
    import os

    from pmlint.server.app import build

    if os.environ.get("PMLINT_SERVER_LOG"):  # a file for the server's own log (its stdout is the protocol)
        logging.basicConfig(filename=os.environ["PMLINT_SERVER_LOG"], level=logging.INFO)
    build(today).start_io()

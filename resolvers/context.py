"""Per-request context handed to every resolver."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from resolvers.loaders import Loaders
from resolvers.viewer import ANONYMOUS, Viewer


@dataclass
class Context:
    viewer: Viewer = ANONYMOUS
    client_ip: str = ""
    request_id: str = ""
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None
    response: Any = None
    connection_params: dict | None = None
    # When the token of a websocket connection expires; the connection ends then (server/websocket.py).
    expires_at: dt.datetime | None = None
    # The scan-to-print code a print page's anonymous websocket was opened with (server/websocket.py).
    print_code: str | None = None

    def renew_loaders(self) -> None:
        """Over a websocket one context serves the whole connection: each event is resolved with fresh
        DataLoaders, so none is served rows cached for an earlier event."""
        self.loaders = Loaders()

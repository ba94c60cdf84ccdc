"""Per-request context handed to every resolver."""

from __future__ import annotations

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

"""Type stubs for the native module (Rust, PyO3)."""

from typing import List

SCHEMA_VERSION: int
FRONTLINE_VERSION: str

class NativeSession:
    """A frontline session; calls take turns, snapshots run in parallel."""

    def __init__(self) -> None: ...
    def call(self, request: str) -> str:
        """Runs one JSON request; returns the JSON answer. Releases the GIL."""
    def call_shared(self, request: str) -> str:
        """Runs a read-only request on a copy sharing the named objects; in parallel."""
    def snapshot(self) -> "NativeSession":
        """A session sharing the named objects built so far."""

def operations() -> List[str]: ...

"""The one error type ingestion raises for a file it cannot take, with a Dutch reason."""


class IngestError(Exception):
    """A file that cannot be ingested; ``str()`` is one line naming the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

"""Worker process for :class:`ingest.limits.FileReader`: reads files sent on stdin.

Protocol: length-prefixed pickles. Request ``{"path", "limits"}``; replies
``("pages", n)`` (PDF page count, so the parent can set the time budget), then
``("ok", LoadedDocument)`` or ``("error", dutch_reason)``. Only the trusted parent process
writes to stdin, so unpickling its requests is safe.
"""

from __future__ import annotations

import pickle
import resource
import struct
import sys
from pathlib import Path


def _limit_memory(mb: int) -> None:
    if mb <= 0:
        return
    limit = mb * 1024 * 1024
    for res in (resource.RLIMIT_DATA, resource.RLIMIT_AS):
        soft, hard = resource.getrlimit(res)
        cap = limit if res == resource.RLIMIT_DATA else limit * 4  # AS also maps libraries
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(res, (cap, hard))


def main() -> None:
    from ingest.limits import FileLimits, explain, read_file, send

    _limit_memory(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = stdin.read(8)
        if len(head) < 8:
            return
        request = pickle.loads(stdin.read(struct.unpack("!Q", head)[0]))
        limits = FileLimits(**request["limits"])
        try:
            doc = read_file(
                Path(request["path"]),
                limits,
                on_pages=lambda n: send(stdout, ("pages", n)),
                on_progress=lambda page, pages, msg="": send(
                    stdout, ("progress", (page, pages, str(msg)))
                ),
            )
            reply = ("ok", doc)
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a Dutch reason
            reply = ("error", explain(exc, limits))
        try:
            send(stdout, reply)
        except MemoryError:
            send(stdout, ("error", explain(MemoryError(), limits)))


if __name__ == "__main__":
    main()

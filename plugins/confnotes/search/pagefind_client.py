"""A streaming client of Pagefind's `--service` protocol.

The pagefind package's own client reads one answer every 0.1 s, which made indexing 5,000
notes take nine minutes.  This client sends every request at once from a thread and reads the
answers as fast as the service writes them.  The protocol: each message is base64-encoded JSON
followed by a comma; answers carry the request's `message_id`.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

WRITE_TIMEOUT = 30.0  # seconds Pagefind may take to finish its files after answering


class PagefindError(RuntimeError):
    """The Pagefind service refused a request or stopped."""


def run_requests(first: dict[str, Any], then: Iterable[dict[str, Any]],
                 last: dict[str, Any]) -> None:
    """Create an index (`first`), stream `then` into it, and finish with `last` (WriteFiles).

    `then` and `last` receive the new index's id in their `index_id` field.
    """
    executable = get_executable()
    if executable is None:
        raise PagefindError("the pagefind binary is not installed (pip install 'pagefind[bin]')")
    with subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE) as process:
        answers = _Answers(process)
        answers.send([first])
        index_id = answers.wait(1)[0]["index_id"]
        requests = [{**payload, "index_id": index_id} for payload in then]
        writer = threading.Thread(target=answers.send, args=(requests,), daemon=True)
        writer.start()
        answers.wait(len(requests))
        writer.join()
        answers.send([{**last, "index_id": index_id}])
        answers.wait(1)
        _wait_until_written(Path(last["output_path"]), process.pid)
        process.stdin.close()  # type: ignore[union-attr]


def _wait_until_written(bundle: Path, pid: int | None = None,
                        timeout: float = WRITE_TIMEOUT) -> None:
    """Wait until Pagefind has finished every file of the bundle.

    Pagefind answers WriteFiles while some writes are still in flight (they are not flushed);
    a service stopped at that moment leaves files empty or cut short (at 128 KiB, say).  A file
    is finished once it is not empty and Pagefind no longer holds it open (seen in /proc where
    there is one); the bundle is finished when that holds twice in a row.
    """
    deadline = time.monotonic() + timeout
    settled = 0
    while settled < 2:  # twice in a row: no write was starting in between
        busy = (any(path.is_file() and path.stat().st_size == 0 for path in bundle.rglob("*"))
                or _holds_open(pid, bundle))
        settled = 0 if busy else settled + 1
        if time.monotonic() > deadline:
            raise PagefindError(f"Pagefind did not finish writing {bundle} within {timeout:.0f} s")
        time.sleep(0.01)


def _holds_open(pid: int | None, folder: Path) -> bool:
    """Whether process `pid` has a file under `folder` open (False where /proc is missing)."""
    descriptors = Path(f"/proc/{pid}/fd")
    if pid is None or not descriptors.is_dir():
        return False
    prefix = f"{folder.resolve()}/"
    for descriptor in descriptors.iterdir():
        try:
            if os.readlink(descriptor).startswith(prefix):
                return True
        except OSError:
            continue  # closed while we looked
    return False


class _Answers:
    """Numbers requests, writes them, and reads the service's answers."""

    def __init__(self, process: subprocess.Popen) -> None:
        self._process = process
        self._next_id = 0
        self._buffer = b""

    def send(self, payloads: list[dict[str, Any]]) -> None:
        """Write requests (message ids are given in order)."""
        stdin = self._process.stdin
        assert stdin is not None
        for payload in payloads:
            self._next_id += 1
            message = {"message_id": self._next_id, "payload": payload}
            stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        stdin.flush()

    def wait(self, count: int) -> list[dict[str, Any]]:
        """Read `count` answers; raise PagefindError on an error answer."""
        answers = []
        while len(answers) < count:
            answer = self._read_one()
            payload = answer.get("payload", {})
            if payload.get("type") == "Error":
                raise PagefindError(f"Pagefind: {payload.get('message')}")
            answers.append(payload)
        return answers

    def _read_one(self) -> dict[str, Any]:
        """One comma-terminated answer from the service's output."""
        stdout = self._process.stdout
        assert stdout is not None
        while b"," not in self._buffer:
            chunk = stdout.read1(1 << 16)
            if not chunk:
                raise PagefindError("the Pagefind service stopped before answering")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b",")
        return json.loads(base64.b64decode(message))

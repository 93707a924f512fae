"""Killing a build at a chosen moment of its write phase, for tests of what a killed build leaves."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import generator.build.delta
import generator.build.run
import generator.build.staging
import generator.build.swap
from generator.cli import main

#: ``os`` functions through which a build changes the file system.
_MUTATIONS = ("replace", "rename", "link", "unlink", "mkdir", "rmdir", "symlink", "write")


def run_killed(root: Path, kill_at: int | None) -> tuple[bool, int]:
    """Build ``root`` in a forked child killed before its ``kill_at``-th change; (killed, changes counted)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        os.close(read)
        try:
            count = _count_changes_from_publish(kill_at)
            main(["--root", str(root), "-q", "build", "--no-ingest"])
            os.write(write, str(count[0]).encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read) as said:
        counted = said.read()
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return killed, int(counted or 0)


def _count_changes_from_publish(kill_at: int | None) -> list[int]:
    """Patch ``os`` so that, once publishing starts, the ``kill_at``-th change kills the process."""
    count = [0]
    writing = [False]

    def counted(name, real):
        def change(*args, **kwargs):
            if writing[0]:
                count[0] += 1
                if count[0] == kill_at:
                    if name == "write" and len(args[1]) > 1:
                        real(args[0], args[1][: len(args[1]) // 2])  # die with half a file written
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return change

    for name in _MUTATIONS:
        setattr(os, name, counted(name, getattr(os, name)))
    exchange = generator.build.swap.exchange
    generator.build.swap.exchange = counted("exchange", exchange)
    publish = generator.build.staging.publish_streamed

    def start_writing(*args, **kwargs):
        writing[0] = True
        return publish(*args, **kwargs)

    generator.build.run.publish_streamed = start_writing
    generator.build.delta.publish_streamed = start_writing  # builds that change a few stories publish too
    return count

"""Where rendering runs: forked processes on this machine, or the workers of a Dask cluster.

An executor runs ``work(shared, chunk)`` for every chunk and yields the results
in chunk order. ``shared`` is what every chunk reads (the site model); each
executor gets it to a worker once, never once per chunk:

- ``LocalForks`` (``--executor local``, the default): forked processes inherit it
  (``forks.map_in_forks``);
- ``DaskCluster`` (``--executor dask://HOST:PORT``, or ``dask-local`` for a
  LocalCluster started for the build; ``dask_cluster``): pickled once, sent once
  to every worker, unpickled once per worker and kept there until the map ends
  (``dask_worker``).

Only rendering takes an executor; loading, fingerprinting and writing stay on
this machine. ``distributed`` is imported only when a Dask executor is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self, TypeVar
from urllib.parse import urlsplit

from ..core.errors import ConfigError
from ..core.forks import available_cores

Shared = TypeVar("Shared")
Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

SPECS = "local, dask-local or dask://HOST:PORT"


class Executor(Protocol):
    """Runs chunks of work somewhere; a context manager that stops what it started on exit."""

    def start(self) -> None:
        """Get ready to map, in the background where that takes long: called once a build knows it will render."""
        ...

    def map(self, work: Callable[[Shared, Chunk], Result], shared: Shared, chunks: Sequence[Chunk]) -> Iterator[Result]:
        """``work(shared, chunk)`` for every chunk, results in chunk order."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None: ...


def parse_executor(spec: str) -> Executor:
    """``--executor``'s value -> an executor, nothing started yet; a ConfigError names a bad value."""
    if spec == "local":
        return LocalForks(available_cores())
    # A build on this machine alone never loads the Dask side.
    from .dask_cluster import DaskCluster

    if spec == "dask-local":
        return DaskCluster(spec)
    if spec.startswith("dask://"):
        return DaskCluster(spec, scheduler_address(spec))
    raise ConfigError([f"--executor {spec}: unknown executor; use {SPECS}"])


def scheduler_address(spec: str) -> str:
    """``dask://HOST:PORT`` -> the scheduler's ``tcp://HOST:PORT``."""
    parts = urlsplit(spec)
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = None
    if not parts.hostname or port is None or parts.username or parts.password or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigError([f"--executor {spec}: expected dask://HOST:PORT, the address of a Dask scheduler (e.g. dask://10.0.0.5:8786)"])
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"tcp://{host}:{port}"


# -- this machine -----------------------------------------------------------


@dataclass(frozen=True)
class LocalForks:
    """Chunks run by ``jobs`` forked processes of this machine; one job runs them in this process."""

    jobs: int

    def start(self) -> None:
        pass

    def map(self, work: Callable[[Shared, Chunk], Result], shared: Shared, chunks: Sequence[Chunk]) -> Iterator[Result]:
        # Multiprocessing: not for a build that finds nothing changed.
        from ..core.forks import map_in_forks

        return map_in_forks(work, shared, chunks, self.jobs)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        pass


#: No processes to start: the work is too small to pay for them.
IN_THIS_PROCESS = LocalForks(1)

"""Where rendering runs: forked processes on this machine, or the workers of a Dask cluster.

An executor runs ``work(shared, chunk)`` for every chunk and yields the results
in chunk order. ``shared`` is what every chunk reads (the site model); each
executor gets it to a worker once, never once per chunk:

- ``LocalForks`` (``--executor local``, the default): forked processes inherit it
  (``forks.map_in_forks``);
- ``DaskCluster`` (``--executor dask://HOST:PORT``, or ``dask-local`` for a
  LocalCluster started for the build): pickled once, sent once to every worker,
  unpickled once per worker and kept there until the map ends.

Only rendering takes an executor; loading, fingerprinting and writing stay on
this machine. ``distributed`` is imported only when a Dask executor is chosen.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import hashlib
import importlib.util
import io
import pickle
import sys
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar
from urllib.parse import urlsplit

from .. import __version__
from ..core.errors import ConfigError, NewsgenError
from ..core.forks import available_cores

if TYPE_CHECKING:
    from concurrent.futures import Future

Shared = TypeVar("Shared")
Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

#: How long to wait for a scheduler to answer, and for it to have a worker.
CONNECT_TIMEOUT = 10.0
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
        from ..core.forks import (
            map_in_forks,  # multiprocessing: not for a build that finds nothing changed
        )

        return map_in_forks(work, shared, chunks, self.jobs)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        pass


#: No processes to start: the work is too small to pay for them.
IN_THIS_PROCESS = LocalForks(1)


# -- a Dask cluster ---------------------------------------------------------


class DaskCluster:
    """Chunks run on the workers of a Dask scheduler at ``address``, or of a LocalCluster started for the build.

    Entering checks that ``distributed`` is installed and that a scheduler answers at
    ``address``, so a wrong address fails before the build loads anything. The client
    connects on the first map. A LocalCluster starts when ``start`` is called, in a
    thread, so that its workers start while the build loads articles; a build that
    finds nothing changed never starts one.
    """

    def __init__(self, spec: str, address: str | None = None, *, workers: int | None = None, connect_timeout: float | None = None):
        #: The option as given, for messages.
        self.spec = spec
        #: ``tcp://HOST:PORT`` of the scheduler; None: start a LocalCluster on 127.0.0.1.
        self.address = address
        #: Workers of the LocalCluster (default: one per core).
        self.workers = workers
        #: Seconds to wait for the scheduler to answer, and for it to have a worker.
        self.connect_timeout = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
        self._client: Any = None
        self._cluster: Any = None
        #: (LocalCluster, Client) while they start.
        self._starting: Future[tuple[Any, Any]] | None = None

    def __enter__(self) -> Self:
        # Found, not imported: importing takes half a second, which ``start`` spends in its thread.
        if importlib.util.find_spec("distributed") is None:
            _import_distributed(self.spec)  # the error that names the option
        if self.address is not None:
            self._probe(self.address)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect; a LocalCluster's worker processes are stopped (once started, if they were starting)."""
        if self._starting is not None and self._client is None:
            with contextlib.suppress(Exception):  # a failed start has nothing to stop
                self._cluster, self._client = self._starting.result()
        client, cluster, self._client, self._cluster, self._starting = self._client, self._cluster, None, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def start(self) -> None:
        if self.address is None and self._starting is None and self._client is None:
            self._starting = _in_background(self._start_local)

    @property
    def client(self) -> Any:
        """The ``distributed.Client``, connected (or its LocalCluster started) on first use."""
        if self._client is None and self.address is not None:
            self._client = self._connect(self.address)
        elif self._client is None:
            self.start()
            assert self._starting is not None
            try:
                self._cluster, self._client = self._starting.result()
            except Exception as exc:  # noqa: BLE001 - Dask says what went wrong; name the option with it
                raise NewsgenError(f"--executor {self.spec}: the local Dask cluster did not start ({type(exc).__name__}: {exc})") from exc
        return self._client

    def map(self, work: Callable[[Shared, Chunk], Result], shared: Shared, chunks: Sequence[Chunk]) -> Iterator[Result]:
        client = self.client
        # Scattered as bytes: the worker keeps the bytes (which it may spill to disk) and
        # unpickles them once into its own cache, where the value may hold what cannot be
        # pickled again (compiled templates).
        [payload] = client.scatter([dumps(shared)], broadcast=True, hash=False)
        parcel = Parcel(payload.key, code_identity())
        pending = deque(
            client.submit(_run_shipped, work, parcel, payload, chunk, key=f"newsgen-chunk-{number}-{payload.key}")
            for number, chunk in enumerate(chunks)
        )
        try:
            while pending:
                # Popped, the future is dropped and the worker frees the result.
                yield pending.popleft().result()
        finally:
            # After an error, or when the caller stopped reading; a lost connection must
            # not hide the error that ended the map.
            with contextlib.suppress(OSError, TimeoutError):
                client.cancel([*pending, payload])
                client.run(_forget, parcel.key)

    def _probe(self, address: str) -> None:
        """Fail within the timeout unless a Dask scheduler answers at ``address``.

        A scheduler speaks first (its handshake) on a new connection. Waiting for that
        here matters: ``distributed.Client`` would wait for it forever.
        """
        import socket

        host, port = urlsplit(address).hostname, urlsplit(address).port
        try:
            with socket.create_connection((host, port), timeout=self.connect_timeout) as connection:
                answered = connection.recv(1)
        except OSError as exc:
            reason = "no answer" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
            raise NewsgenError(f"--executor {self.spec}: cannot reach the Dask scheduler at {address} within {self.connect_timeout:g} s ({reason}); is `dask scheduler` running there?") from None
        if not answered:
            raise NewsgenError(f"--executor {self.spec}: {address} closed the connection; is it a Dask scheduler?")

    def _connect(self, address: str) -> Any:
        distributed = _import_distributed(self.spec)
        self._probe(address)
        try:
            client = distributed.Client(address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise NewsgenError(f"--executor {self.spec}: cannot reach the Dask scheduler at {address} within {self.connect_timeout:g} s ({exc}); is `dask scheduler` running there?") from None
        try:
            client.wait_for_workers(1, timeout=self.connect_timeout)
        except (OSError, TimeoutError):
            client.close()
            raise NewsgenError(f"--executor {self.spec}: the Dask scheduler at {address} has no worker (waited {self.connect_timeout:g} s); start `dask worker {address}`") from None
        return client

    def _start_local(self) -> tuple[Any, Any]:
        import logging


        distributed = _import_distributed(self.spec)
        # Rendering is pure Python: one thread per worker process, or they would share one GIL.
        # Everything listens on 127.0.0.1 only. No dashboard; the scheduler's HTTP server
        # (health routes) gets any free port instead of trying 8787 first.
        cluster = distributed.LocalCluster(
            n_workers=self.workers or available_cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            # A failing chunk reaches the build as its exception; the workers' logs would
            # print it again as a traceback per chunk.
            silence_logs=logging.CRITICAL,
            # Jinja2, Markdown and Babel imported while the workers start, not by their first chunk.
            preload=["generator.render.pages"],
        )
        # Results come straight from the workers, not through the scheduler: all are on this machine.
        return cluster, distributed.Client(cluster, set_as_default=False, direct_to_workers=True)


def _in_background(function: Callable[[], Result]) -> Future[Result]:
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsgen-executor")
    try:
        return pool.submit(function)
    finally:
        pool.shutdown(wait=False)


def _import_distributed(spec: str) -> Any:
    try:
        import distributed
    except ImportError:
        raise ConfigError([f"--executor {spec}: the 'distributed' package is not installed; pip install 'newsgen[dask]'"]) from None
    return distributed


# -- on a worker ------------------------------------------------------------


@dataclass(frozen=True)
class Parcel:
    """What a chunk's task says about the shared value it comes with."""

    #: The scattered payload's key: names the value in a worker's cache.
    key: str
    #: ``code_identity()`` of the machine that sent it.
    code: str


#: On a worker: key -> shared value of the maps running now (one, unless builds share the cluster).
_RECEIVED: OrderedDict[str, Any] = OrderedDict()
_RECEIVED_LOCK = threading.Lock()
#: Values kept at most, should a map end without ``_forget`` (its driver was killed).
_KEEP = 2


#: One chunk at a time per worker process, however many threads the worker has: rendering is
#: pure Python (threads would only take turns on the GIL), and the renderer keeps per-process
#: state that is not thread-safe (one Markdown converter, reset between bodies).
_WORK_LOCK = threading.Lock()


def _run_shipped(work: Callable[[Any, Any], Any], parcel: Parcel, payload: bytes, chunk: Any) -> Any:
    shared = _receive(parcel, payload)
    with _WORK_LOCK:
        return work(shared, chunk)


def _receive(parcel: Parcel, payload: bytes) -> Any:
    """The shared value of ``parcel``, unpickled by this worker's first chunk of the map."""
    with _RECEIVED_LOCK:
        if parcel.key not in _RECEIVED:
            if parcel.code != code_identity():
                raise NewsgenError(
                    f"Dask worker {_worker_address()} runs other code than the machine that started the build "
                    f"(newsgen {__version__}, Python {sys.version.split()[0]} here): install the same newsgen, Python and "
                    f"{', '.join(RENDERING_LIBRARIES)} on every worker"
                )
            _RECEIVED[parcel.key] = _unpickle_frozen(payload)
            while len(_RECEIVED) > _KEEP:
                _RECEIVED.popitem(last=False)
        return _RECEIVED[parcel.key]


def _unpickle_frozen(payload: bytes) -> Any:
    """The value in ``payload``, its objects kept out of the cycle collector's walks.

    As the forked renderers' model is (assemble.py, ``_collector_paused``): rendering
    allocates enough to start a full collection every few pages, and walking the model's
    hundreds of thousands of objects each time doubled a worker's time per page.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        value = pickle.loads(payload)
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    return value


def _forget(key: str) -> None:
    with _RECEIVED_LOCK:
        _RECEIVED.pop(key, None)
        # Cycles in a forgotten value can be collected again (the others' values are walked again too).
        gc.unfreeze()


def _worker_address() -> str:
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:  # not in a worker (tests)
        return "(none)"


#: Libraries whose version can change the bytes of a page.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "markdown", "babel", "nh3")


@lru_cache(maxsize=1)
def code_identity() -> str:
    """newsgen's version, its modules' contents, Python's and the rendering libraries' versions.

    The same on machines that render alike. By content, unlike ``manifest.code_digest``:
    file times differ between machines.
    """
    import platform
    from importlib import metadata

    package = Path(__file__).resolve().parent.parent
    versions = [__version__, platform.python_version(), *(metadata.version(name) for name in RENDERING_LIBRARIES)]
    sha = hashlib.sha256(repr(versions).encode())
    for path in sorted(package.rglob("*.py")):
        sha.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


# -- pickling ---------------------------------------------------------------


def dumps(value: Any) -> bytes:
    """``value`` pickled for a worker, read-only mappings (``MappingProxyType``) included.

    Pickle is fine here: the bytes live for one build, between processes running
    the same code (checked with ``code_identity``); nothing is stored on disk.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[MappingProxyType] = _reduce_mapping_proxy
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_mapping_proxy(proxy: MappingProxyType) -> tuple[Callable[[dict], MappingProxyType], tuple[dict]]:
    return _read_only, (dict(proxy),)


def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)

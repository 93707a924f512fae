"""``--executor dask-local`` and ``dask://HOST:PORT``: rendering on the workers of a Dask cluster.

Separate from ``executors`` because only this side knows Dask: connecting to a
scheduler (or starting a LocalCluster in the background), scattering the model
and collecting the chunks' results. ``distributed`` is imported only here, and
only once a Dask executor is entered; what runs on the workers is ``dask_worker``.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from ..core.errors import ConfigError, NewsgenError
from ..core.forks import available_cores
from .dask_worker import Parcel, code_identity, dumps, forget, run_shipped

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .executors import Chunk, Result, Shared

#: How long to wait for a scheduler to answer, and for it to have a worker.
CONNECT_TIMEOUT = 10.0


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
            client.submit(run_shipped, work, parcel, payload, chunk, key=f"newsgen-chunk-{number}-{payload.key}")
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
                client.run(forget, parcel.key)

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

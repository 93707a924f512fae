"""What a Dask worker does with a map's shared value: receive it once, check the code, keep it.

Separate from ``dask_cluster`` because this runs in the workers' processes
(imported there by the tasks that name its functions), and because the value's
trip is its own concern: pickled on the builder (``dumps``), refused by a worker
whose code differs (``code_identity``), unpickled once per worker and kept until
the map ends.
"""

from __future__ import annotations

import copyreg
import gc
import hashlib
import io
import pickle
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import __version__
from ..core.errors import NewsgenError


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
#: Values kept at most, should a map end without ``forget`` (its driver was killed).
_KEEP = 2


#: One chunk at a time per worker process, however many threads the worker has: rendering is
#: pure Python (threads would only take turns on the GIL), and the renderer keeps per-process
#: state that is not thread-safe (one Markdown converter, reset between bodies).
_WORK_LOCK = threading.Lock()


def run_shipped(work: Callable[[Any, Any], Any], parcel: Parcel, payload: bytes, chunk: Any) -> Any:
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


def forget(key: str) -> None:
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

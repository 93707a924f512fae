"""generator/render/dask_worker.py: what a Dask worker does with what it receives."""

import pickle
from types import MappingProxyType

import pytest

from generator.core.errors import NewsgenError
from generator.render import dask_worker
from generator.render.dask_worker import Parcel, code_identity, dumps


def test_pickled_model_keeps_read_only_mappings():
    shared = {"a": MappingProxyType({"x": (1, 2)}), "b": [MappingProxyType({})]}
    copy = pickle.loads(dumps(shared))
    assert isinstance(copy["a"], MappingProxyType) and copy["a"] == {"x": (1, 2)}
    assert isinstance(copy["b"][0], MappingProxyType)


def test_worker_unpickles_a_payload_once_and_forgets_it():
    parcel = Parcel("payload-1", code_identity())
    first = dask_worker._receive(parcel, dumps({"model": [1, 2, 3]}))
    assert dask_worker._receive(parcel, b"not read again") is first
    dask_worker.forget(parcel.key)
    assert parcel.key not in dask_worker._RECEIVED


def test_worker_keeps_few_payloads_when_maps_are_not_ended():
    for number in range(5):
        dask_worker._receive(Parcel(f"unended-{number}", code_identity()), dumps(number))
    assert list(dask_worker._RECEIVED) == [f"unended-{number}" for number in range(5 - dask_worker._KEEP, 5)]
    for key in list(dask_worker._RECEIVED):
        dask_worker.forget(key)


def test_worker_running_other_code_refuses_the_payload():
    with pytest.raises(NewsgenError, match="install the same newsgen, Python and jinja2, .* on every worker"):
        dask_worker._receive(Parcel("payload-2", "another version"), dumps(None))
    assert "payload-2" not in dask_worker._RECEIVED


def test_code_identity_is_by_content():
    assert code_identity() == code_identity.__wrapped__()
    assert len(code_identity()) == 64

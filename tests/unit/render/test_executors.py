"""Executors: choosing one from ``--executor``, and what a Dask worker does with what it receives."""

import os
import pickle
import sys
from types import MappingProxyType

import pytest

from generator.render import executors
from generator.core.errors import ConfigError, NewsgenError
from generator.core.forks import available_cores
from generator.render.executors import (
    DaskCluster,
    LocalForks,
    Parcel,
    code_identity,
    dumps,
    parse_executor,
    scheduler_address,
)


def _square_with_pid(offset, numbers):
    return [(n * n + offset, os.getpid()) for n in numbers]


def test_local_is_forked_processes_one_per_core():
    assert parse_executor("local") == LocalForks(available_cores())


def test_local_forks_map_in_chunk_order():
    with LocalForks(2) as forks:
        results = list(forks.map(_square_with_pid, 1, [[n] for n in range(6)]))
    assert [value for part in results for value, _ in part] == [n * n + 1 for n in range(6)]


@pytest.mark.parametrize(("spec", "address"), [
    ("dask://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
    ("dask://scheduler.newsroom.internal:8786/", "tcp://scheduler.newsroom.internal:8786"),
    ("dask://[::1]:8786", "tcp://[::1]:8786"),
])
def test_dask_url_names_the_scheduler(spec, address):
    assert scheduler_address(spec) == address
    executor = parse_executor(spec)
    assert isinstance(executor, DaskCluster) and executor.address == address and executor.spec == spec


def test_dask_local_starts_its_own_cluster():
    executor = parse_executor("dask-local")
    assert isinstance(executor, DaskCluster) and executor.address is None


@pytest.mark.parametrize("spec", [
    "", "forks", "dask", "dask-local:4", "dask://", "dask://host", "dask://host:port", "dask://host:99999",
    "dask://host:8786/path", "dask://user@host:8786", "dask://host:8786?x=1", "dask:host:8786", "tcp://host:8786",
])
def test_bad_executor_is_a_config_error_naming_the_option(spec):
    with pytest.raises(ConfigError) as raised:
        parse_executor(spec)
    assert str(raised.value).startswith(f"--executor {spec}: ")


def test_missing_distributed_names_the_option_and_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    for spec in ("dask-local", "dask://10.0.0.5:8786"):
        with pytest.raises(ConfigError) as raised:
            with parse_executor(spec):
                pass
        assert str(raised.value) == f"--executor {spec}: the 'distributed' package is not installed; pip install 'newsgen[dask]'"


def test_pickled_model_keeps_read_only_mappings():
    shared = {"a": MappingProxyType({"x": (1, 2)}), "b": [MappingProxyType({})]}
    copy = pickle.loads(dumps(shared))
    assert isinstance(copy["a"], MappingProxyType) and copy["a"] == {"x": (1, 2)}
    assert isinstance(copy["b"][0], MappingProxyType)


def test_worker_unpickles_a_payload_once_and_forgets_it():
    parcel = Parcel("payload-1", code_identity())
    first = executors._receive(parcel, dumps({"model": [1, 2, 3]}))
    assert executors._receive(parcel, b"not read again") is first
    executors._forget(parcel.key)
    assert parcel.key not in executors._RECEIVED


def test_worker_keeps_few_payloads_when_maps_are_not_ended():
    for number in range(5):
        executors._receive(Parcel(f"unended-{number}", code_identity()), dumps(number))
    assert list(executors._RECEIVED) == [f"unended-{number}" for number in range(5 - executors._KEEP, 5)]
    for key in list(executors._RECEIVED):
        executors._forget(key)


def test_worker_running_other_code_refuses_the_payload():
    with pytest.raises(NewsgenError, match="install the same newsgen, Python and jinja2, .* on every worker"):
        executors._receive(Parcel("payload-2", "another version"), dumps(None))
    assert "payload-2" not in executors._RECEIVED


def test_code_identity_is_by_content():
    assert code_identity() == code_identity.__wrapped__()
    assert len(code_identity()) == 64

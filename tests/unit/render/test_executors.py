"""Executors: choosing one from ``--executor``, forked processes, and entering a Dask executor."""

import os
import sys

import pytest

from generator.core.errors import ConfigError
from generator.core.forks import available_cores
from generator.render.dask_cluster import DaskCluster
from generator.render.executors import LocalForks, parse_executor, scheduler_address


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

import os

from generator.core.forks import map_in_forks


def _square_with_pid(offset, numbers):
    return [(n * n + offset, os.getpid()) for n in numbers]


def test_chunks_come_back_in_order_from_other_processes():
    chunks = [[n, n + 1] for n in range(0, 20, 2)]
    results = list(map_in_forks(_square_with_pid, 1, chunks, jobs=2))
    assert [value for part in results for value, _ in part] == [n * n + 1 for n in range(20)]
    assert os.getpid() not in {pid for part in results for _, pid in part}


def test_one_job_works_in_this_process():
    results = list(map_in_forks(_square_with_pid, 0, [[3], [4]], jobs=1))
    assert results == [[(9, os.getpid())], [(16, os.getpid())]]

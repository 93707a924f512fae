"""Build and check outcomes in .newsgen-cache/state.json, and what they mean for deploy."""

import json

from generator.build.state import (
    STATE_FILE,
    deploy_blockers,
    load_state,
    record_build,
    record_build_start,
    record_check,
)


def test_a_failed_build_blocks_deploy_until_a_build_succeeds(tmp_path):
    record_build(tmp_path, ok=False)
    assert deploy_blockers(load_state(tmp_path)) == ["the last build failed: fix it and run `newsgen build` again"]
    record_build(tmp_path, ok=True)
    assert deploy_blockers(load_state(tmp_path)) == []


def test_a_failed_check_blocks_only_the_build_it_checked(tmp_path):
    record_build(tmp_path, ok=True)
    record_check(tmp_path, ok=False, errors=2, warnings=1)
    assert len(deploy_blockers(load_state(tmp_path))) == 1
    record_build(tmp_path, ok=True)
    assert deploy_blockers(load_state(tmp_path)) == []


def test_state_file_has_a_schema_version_and_another_version_reads_as_no_record(tmp_path):
    record_build(tmp_path, ok=False)
    data = json.loads((tmp_path / STATE_FILE).read_text())
    assert data["schema"] == 1 and data["build"] == {"status": "failed", "number": 1}
    (tmp_path / STATE_FILE).write_text(json.dumps({**data, "schema": 99}))
    assert deploy_blockers(load_state(tmp_path)) == []
    (tmp_path / STATE_FILE).write_text("not json")
    assert load_state(tmp_path).build is None


def test_a_build_that_started_and_never_ended_blocks_deploy(tmp_path):
    record_build(tmp_path, ok=True)
    record_build_start(tmp_path)
    assert deploy_blockers(load_state(tmp_path)) == [
        "the last build did not finish (it was stopped or is still running): run `newsgen build` again"
    ]


def test_a_build_is_counted_once_from_start_to_end(tmp_path):
    record_build(tmp_path, ok=True)
    record_check(tmp_path, ok=False, errors=1, warnings=0)
    record_build_start(tmp_path)
    record_build(tmp_path, ok=True)
    state = load_state(tmp_path)
    assert state.build.number == 2 and state.build.status == "ok"
    assert deploy_blockers(state) == []  # the failed check was of build 1

"""Odd arguments at the boundary, answered the same on SQLite and PostgreSQL: town names
(blank, too long, control characters), implausible years, lone surrogates in questions,
and database URLs that cannot work — each a Chinese line naming the fix, exit 1, nothing
stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import report_text, townreport


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    return cli_env  # each test runs on SQLite and on PostgreSQL (conftest's db_url)


def test_bad_towns_and_years_are_refused_the_same_on_both_databases(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "r.txt"
    path.write_text(report_text("辛口镇", "西青区", 2022), encoding="utf-8")
    cases = [
        (["--town", "镇" * 70], "乡镇名称过长"),
        (["--town", "  "], "乡镇名称是空的"),
        (["--town", "辛口\x07镇"], "控制字符"),
        (["--year", "99999999999"], "不在合理范围"),
        (["--year", "-5"], "不在合理范围"),
    ]
    if "postgresql" in env["TOWNREPORT_DATABASE_URL"]:  # the two that failed there only
        cases = [cases[0], cases[3]]
    for extra, reason in cases:
        run = townreport("ingest", str(path), *extra, env=env)
        assert run.code == 1 and reason in run.err and "Traceback" not in run.err, (extra, run.err)
    listed = townreport("reports", "--json", env=env)
    assert json.loads(listed.out or "[]") == []  # nothing stored
    assert townreport("ingest", str(path), env=env).code == 0
    shown = townreport("show", "辛口", "99999999999", env=env)
    assert shown.code == 1 and "不在合理范围" in shown.err and "Traceback" not in shown.err


def test_a_lone_surrogate_in_a_batch_question_does_not_stop_the_batch(tmp_path: Path) -> None:
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    path = tmp_path / "r.txt"
    path.write_text(report_text("辛口镇", "西青区", 2022), encoding="utf-8")
    assert townreport("ingest", str(path), env=env).code == 0
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": 1, "question": "\\ud800辛口镇审查合同多少份"}\n'
        '{"id": 2, "question": "辛口镇开展普法宣传活动多少场"}\n',
        encoding="utf-8",
    )
    run = townreport("ask", "--batch", str(batch), "--json", env=env)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert [json.loads(line)["id"] for line in run.out.splitlines()] == [1, 2]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("nonsense", "地址应写成 sqlite:///"),
        ("mysql://user@localhost/db", "pip install mysqlclient"),
        ("sqlite:////proc/no/such/place.db", "请检查路径是否存在"),
    ],
)
def test_bad_database_urls_are_answered_in_chinese(tmp_path: Path, url: str, reason: str) -> None:
    run = townreport("--db", url, "reports", env={"TOWNREPORT_DATA_DIR": str(tmp_path)})
    assert run.code == 1 and reason in run.err and "Traceback" not in run.err, run.err

"""Standard indicators: the taxonomy file, the mapping, storage (migration 0008 backfills old
databases) and the year comparison through the installed command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from corpus.figures.extract import extract
from corpus.figures.indicators import classify, indicators, names
from corpus.storage.database import migrations_config
from corpus.storage.store import open_store

ISSUE_INDICATORS = (
    "合同审查份数",
    "规范性文件合法性审查",
    "重大行政决策",
    "行政复议案件",
    "行政诉讼案件",
    "行政机关负责人出庭应诉率",
    "行政执法案件数",
    "罚没金额",
    "学法次数",
    "法治培训次数",
    "普法活动场次",
    "矛盾纠纷调解件数",
    "矛盾纠纷调解成功率",
    "信访接待批次",
    "信访接待人次",
    "法律顾问人数",
    "法律明白人人数",
    "政务服务办件量",
)


def townreport() -> list[str]:
    script = Path(sys.executable).with_name("townreport")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def test_the_taxonomy_holds_the_indicators_reports_keep_reporting() -> None:
    assert set(ISSUE_INDICATORS) <= set(names())
    assert all(i.units and i.rules for i in indicators())


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("法律顾问与公职律师共审查合同份数284份。", "合同审查份数"),
        ("全年审核各类合同76份。", "合同审查份数"),
        ("对行政规范性文件4件进行合法性审查。", "规范性文件合法性审查"),
        ("办理行政复议案件1件。", "行政复议案件"),
        ("镇政府作为被告的行政诉讼案件2起。", "行政诉讼案件"),
        ("行政机关负责人出庭应诉率100%。", "行政机关负责人出庭应诉率"),
        ("立案查处违法建设案件17起。", "行政执法案件数"),
        ("收缴罚没款12.6万元。", "罚没金额"),
        ("乡政府常务会议会前学法10次。", "学法次数"),
        ("开展“送法下乡”活动42场。", "普法活动场次"),
        ("共调解矛盾纠纷215件，调解成功率97.2%。", "矛盾纠纷调解件数"),
        ("接待来访群众97批次215人次。", "信访接待批次"),
        ("聘请3名法律顾问。", "法律顾问人数"),
        ("培育法律明白人228名。", "法律明白人人数"),
        ("便民服务中心全年办件量达1.6万件。", "政务服务办件量"),
    ],
)
def test_each_figure_maps_to_one_indicator(sentence: str, indicator: str) -> None:
    assert extract(sentence)[0].indicator == indicator


def test_the_label_as_written_is_kept_beside_the_indicator() -> None:
    f = extract("镇“矛调”中心共计接待来访群众97批次215人次。")
    assert [(x.label, x.indicator) for x in f] == [
        ("接待来访群众", "信访接待批次"),
        ("接待来访群众", "信访接待人次"),
    ]


def test_a_figure_no_indicator_fits_has_none() -> None:
    assert classify("注册信易贷", "家") == ""
    assert classify("审查合同", "万元") == ""  # the unit must fit too


def test_old_databases_are_backfilled(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    from corpus.ingest import bundled_dir, expand, ingest_paths

    assert all(r.ok for r in ingest_paths(store, expand([bundled_dir()]), settings))
    cfg = migrations_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")  # as a database stored before the indicator existed
    with store.engine.connect() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(figures)"))]
    assert "indicator" not in columns
    store.engine.dispose()
    upgraded = open_store(url)  # migrates to head, filling the new column
    figures = upgraded.figures("辛口镇", 2022)
    contracts = next(p.figure for p in figures if p.figure.value == 284)
    assert contracts.indicator == "合同审查份数"
    assert sum(1 for p in figures if p.figure.indicator) >= 5
    upgraded.engine.dispose()


def test_compare_pairs_every_indicator_both_years_share(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
        "TOWNREPORT_DATA_DIR": str(tmp_path),
    }
    cmd = [*townreport(), "figures", "辛口镇", "2021", "--compare", "2022"]
    result = subprocess.run([*cmd, "--json"], env=env, capture_output=True, text=True, check=True)
    changes = json.loads(result.stdout)["changes"]
    before = {c["indicator"] for c in changes if c["before"] is not None and c["indicator"]}
    after = {c["indicator"] for c in changes if c["after"] is not None and c["indicator"]}
    paired = {c["indicator"] for c in changes if c["paired"] and c["indicator"]}
    assert before & after and paired == before & after
    contracts = next(c for c in changes if c["indicator"] == "合同审查份数")
    assert (contracts["before"], contracts["after"], contracts["change"]) == (245, 284, 39)
    seen_one_sided = False
    for c in changes:  # paired rows first, one-sided rows after them
        seen_one_sided |= not c["paired"]
        assert not (seen_one_sided and c["paired"])
    shown = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    assert "【主要举措和成效】" in shown and "【只有一年有的数字】" in shown
    assert shown.index("合同审查份数") < shown.index("【只有一年有的数字】")


def test_pairs_are_grouped_by_mandated_part_then_one_sided() -> None:
    from corpus.figures.extract import PlacedFigure
    from corpus.figures.series import match

    def placed(sentence: str, section: str) -> PlacedFigure:
        return PlacedFigure(extract(sentence)[0], section, 0, 0)

    achievements, plans = "一、主要举措和成效 › （一）依法决策", "三、下一年度工作安排"
    before = [
        placed("力争全年开展普法活动不少于20场。", plans),
        placed("全年审核合同76份。", achievements),
        placed("注册信易贷88家。", achievements),
    ]
    after = [
        placed("力争全年开展普法宣传活动30场。", plans),
        placed("审查各类合同124份。", achievements),
    ]
    changes = match(before, after)
    assert [(c.indicator, c.part, c.paired) for c in changes] == [
        ("合同审查份数", "achievements", True),
        ("普法活动场次", "plans", True),
        ("", "achievements", False),
    ]
    assert changes[0].delta == 48 and changes[1].delta == 10


def test_refresh_indicators_after_the_taxonomy_changed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    env = {**os.environ, "TOWNREPORT_DATABASE_URL": url, "TOWNREPORT_DATA_DIR": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*townreport(), *args], env=env, capture_output=True, text=True)

    assert run("figures", "辛口镇", "2022").returncode == 0  # loads the bundled reports
    store = open_store(url)
    with store.engine.begin() as conn:  # as if indicators.txt had said something else
        conn.execute(text("UPDATE figures SET indicator = '旧指标'"))
    store.engine.dispose()
    result = run("figures", "--refresh-indicators")
    assert result.returncode == 0 and "标准指标有变化" in result.stdout
    rows = json.loads(run("figures", "辛口镇", "2022", "--json").stdout)
    assert "旧指标" not in {r["indicator"] for r in rows}
    assert any(r["indicator"] == "合同审查份数" and r["value"] == 284 for r in rows)
    bad = run("figures", "辛口镇", "--refresh-indicators")
    assert bad.returncode != 0 and "单独使用" in bad.stderr

"""Places through the installed command: identification on the dev set and on our own texts in
every real form, one place per identity, one way to name it, and removing what is stored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.evaluate import load_jsonl
from tests.conftest import SEEDS
from tests.places_texts import BODY as REPORT_BODY
from tests.places_texts import FORMS, NOTE, opening
from tests.samples import write_pdf

DEV = Path(__file__).parent / "data" / "places_dev.jsonl"
SCRIPT = Path(sys.executable).parent / "townreport"


@pytest.fixture
def townreport(tmp_path: Path, db_url: str):  # type: ignore[no-untyped-def]
    """Run the installed console command in a subprocess against the test database."""
    env = {
        **os.environ,
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": db_url,
    }
    command = (
        [str(SCRIPT)]
        if SCRIPT.exists()
        else [sys.executable, "-c", "from bot.cli import main; main()"]
    )

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, input=stdin, timeout=300
        )

    return run


def _rows(out: str) -> dict[str, dict[str, object]]:
    return {Path(str(r["path"])).name: r for r in map(json.loads, out.splitlines())}


def test_dev_set_all_twenty_right(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 20 openings of places_dev.jsonl, scored as its README says: place, level, county,
    province, year and code all right."""
    folder = tmp_path / "dev"
    folder.mkdir()
    gold = {f"{d['id']}.txt": d for d in load_jsonl(DEV)}
    for name, item in gold.items():
        (folder / name).write_text(str(item["text"]), encoding="utf-8")
    result = townreport("ingest", str(folder), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    rows = _rows(result.stdout)
    wrong = {
        name: (row, item)
        for name, item in gold.items()
        if (row := rows[name])
        and (row["town"], row["level"], row["county"], row["province"], row["year"], row["code"])
        != (
            item["place"],
            item["level"],
            item["county"],
            item["province"],
            item["year"],
            item["code"],
        )
    }
    assert not wrong
    assert all(r["error"] is None for r in rows.values())


def test_every_form_of_our_own_texts(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "forms"
    folder.mkdir()
    for name, (text, _) in FORMS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "gb18030.txt").write_bytes(FORMS["traditional.txt"][0].encode("gb18030"))
    write_pdf(FORMS["signed.txt"][0].splitlines(), folder / "printed.pdf")
    result = townreport("ingest", str(folder), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    rows = _rows(result.stdout)
    also = [("gb18030.txt", FORMS["traditional.txt"]), ("printed.pdf", FORMS["signed.txt"])]
    for name, (_, expected) in [*FORMS.items(), *also]:
        row = rows[name]
        got = (row["town"], row["level"], row["county"], row["province"], row["year"], row["code"])
        assert got == expected, name
    # traditional: the simplified name is stored, the title is kept as written
    assert rows["traditional.txt"]["title"].startswith("餘杭區仁和街道")
    assert rows["office.txt"]["city"] == "广州市"
    assert rows["district.txt"]["place"] == "北京市 › 平谷区"


def test_note_is_refused_or_stored_with_a_warning(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    refused = townreport("ingest", str(note))
    assert refused.returncode == 1
    assert "短讯" in refused.stderr and "--allow-short" in refused.stderr
    kept = townreport("ingest", str(note), "--allow-short", "--json")
    assert kept.returncode == 0, kept.stderr
    row = json.loads(kept.stdout)
    assert row["status"] == "added" and "字" in row["warning"]


def test_same_named_towns_of_two_counties_are_two_places(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for county in ("顺义区", "铜山区"):
        path = tmp_path / f"{county}.txt"
        path.write_text(
            f"{county}马坡镇2023年度法治政府建设情况报告\n" + opening("马坡镇", 2023) + REPORT_BODY,
            encoding="utf-8",
        )
        assert townreport("ingest", str(path)).returncode == 0
    listed = json.loads(townreport("reports", "--json").stdout)
    mapo = {r["code"]: r for r in listed if r["name"] == "马坡镇"}
    assert set(mapo) == {"110113009", "320312104"}
    assert {r["town"] for r in mapo.values()} == {"顺义区马坡镇", "铜山区马坡镇"}
    assert mapo["320312104"]["path"] == ["江苏省", "徐州市", "铜山区", "马坡镇"]
    # the bare name is ambiguous: the error names both and how to pick
    shown = townreport("show", "马坡镇", "2023")
    assert shown.returncode == 1
    assert "顺义区马坡镇" in shown.stderr and "铜山区马坡镇" in shown.stderr
    assert "区县" in shown.stderr
    for name in ("铜山区马坡镇", "铜山马坡", "铜山区马坡镇人民政府"):
        one = townreport("show", name, "2023", "--json")
        assert one.returncode == 0, (name, one.stderr)
        assert json.loads(one.stdout)["place"]["code"] == "320312104"
    asked = townreport("ask", "顺义区马坡镇2023年法律顾问审查了多少份合同？", "--json")
    answers = json.loads(asked.stdout)["answers"]
    assert answers and {a["town"] for a in answers} == {"顺义区马坡镇"}
    vague = json.loads(townreport("ask", "马坡镇2023年法律顾问审查了多少份合同？", "--json").stdout)
    assert not vague["answers"] and "顺义区马坡镇" in vague["hint"]
    # a --town that fits both stored places stores nothing and says how to pick
    note = tmp_path / "more.txt"
    note.write_text(opening("马坡镇", 2024) + REPORT_BODY, encoding="utf-8")
    picked = townreport("ingest", str(note), "--town", "马坡镇", "--year", "2024")
    assert picked.returncode == 1 and "铜山区马坡镇" in picked.stderr
    assert townreport("ingest", str(note), "--town", "铜山马坡", "--year", "2024").returncode == 0
    listed = json.loads(townreport("reports", "--json").stdout)
    assert [r["year"] for r in listed if r["code"] == "320312104"] == [2023, 2024]


def test_short_name_ingest_joins_the_stored_town(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert townreport("reports").returncode == 0  # the bundled reports, 辛口镇 among them
    note = tmp_path / "notitle.txt"
    note.write_text("一、工作情况\n全年开展普法宣传5次，调解纠纷12起。\n", encoding="utf-8")
    added = townreport("ingest", str(note), "--town", "辛口", "--year", "2023", "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["town"] == "辛口镇"
    listed = json.loads(townreport("reports", "--json").stdout)
    assert sorted({(r["town"], r["code"]) for r in listed})[-1] == ("辛口镇", "120111102")
    assert not any(r["town"] == "辛口" for r in listed)
    assert [r["year"] for r in listed if r["town"] == "辛口镇"] == [2021, 2022, 2023]
    for name in ("辛口", "辛口镇", "西青区辛口镇", "西青辛口", "辛口鎮", "天津市西青区辛口镇"):
        shown = townreport("show", name, "2023", "--json")
        assert shown.returncode == 0, (name, shown.stderr)
        assert json.loads(shown.stdout)["town"] == "辛口镇"


def test_jie_and_jiedao_forms_name_one_place(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "jie.txt"
    path.write_text(FORMS["jie.txt"][0], encoding="utf-8")
    assert townreport("ingest", str(path)).returncode == 0
    for name in ("华林街", "华林街道", "华林街道办事处", "荔湾区华林街道", "華林街道"):
        shown = townreport("show", name, "2023", "--json")
        assert shown.returncode == 0, (name, shown.stderr)
        assert json.loads(shown.stdout)["place"]["code"] == "440103003"


def test_remove_with_versions_dry_run_and_confirmation(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert townreport("reports").returncode == 0  # the five bundled reports
    first = tmp_path / "v1.txt"
    first.write_text(FORMS["office.txt"][0], encoding="utf-8")
    second = tmp_path / "v2.txt"
    second.write_text(FORMS["office.txt"][0] + "补充：全年新增调解员3名。\n", encoding="utf-8")
    for path in (first, second):
        assert townreport("ingest", str(path)).returncode == 0
    dry = townreport("remove", "南华西街", "2022", "--dry-run")
    assert dry.returncode == 0 and "2 个版本" in dry.stderr and "未删除" in dry.stderr
    declined = townreport("remove", "南华西街道", "2022", stdin="n\n")
    assert declined.returncode == 1 and "已取消" in declined.stderr
    assert len(json.loads(townreport("reports", "--json", "--all").stdout)) == 7
    asked = json.loads(townreport("ask", "南华西街道2022年新增调解员几名？", "--json").stdout)
    assert asked["answers"]
    done = townreport("remove", "海珠区南华西街道", "2022", stdin="y\n")
    assert done.returncode == 0 and "已删除" in done.stderr
    left = json.loads(townreport("reports", "--json", "--all").stdout)
    assert len(left) == 5 and not any(r["name"] == "南华西街道" for r in left)
    gone = townreport("remove", "南华西街道", "2022", "--yes")
    assert gone.returncode == 1 and "未找到" in gone.stderr
    # the full-text index forgot the removed passages: the question now finds nothing there
    asked = json.loads(townreport("ask", "新增调解员几名？", "--json").stdout)
    assert not any(a["town"] == "南华西街道" for a in asked["answers"])
    yes = townreport("remove", "张家窝", "2020", "--yes")
    assert yes.returncode == 0
    assert len(json.loads(townreport("reports", "--json").stdout)) == 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_doc_and_wps_read_through_libreoffice(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.samples import write_docx

    text, expected = FORMS["signed.txt"]
    docx = write_docx(text.splitlines(), tmp_path / "report.docx")
    out = tmp_path / "old"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(out),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (out / "report.doc").rename(out / "马坡.doc")
    shutil.copy(out / "马坡.doc", out / "马坡.wps")
    result = townreport("ingest", str(out), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    for row in _rows(result.stdout).values():
        assert (row["town"], row["county"], row["year"], row["code"]) == (
            expected[0],
            expected[2],
            expected[4],
            expected[5],
        )


def test_doc_without_libreoffice_says_how_to_convert(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from corpus.ingest import expand
    from corpus.reading.files import read_file

    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (tmp_path / "b.wps").write_bytes(b"\xd0\xcf\x11\xe0 wps")
    assert [p.name for p in expand([tmp_path])] == ["a.doc", "b.wps"]  # not skipped silently
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    for name in ("a.doc", "b.wps"):
        with pytest.raises(Exception) as err:
            read_file(tmp_path / name, 10_000_000)
        assert (
            "LibreOffice" in str(err.value)
            and "另存为" in str(err.value)
            and ".docx" in str(err.value)
        )


def test_bundled_reports_keep_towns_counties_years(townreport) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(townreport("reports", "--json").stdout)
    assert sorted((r["town"], r["county"], r["year"], r["code"]) for r in listed) == [
        ("八里台镇", "津南区", 2024, "120112107"),
        ("张家窝镇", "西青区", 2020, "120111103"),
        ("杨柳青镇", "西青区", 2023, "120111101"),
        ("辛口镇", "西青区", 2021, "120111102"),
        ("辛口镇", "西青区", 2022, "120111102"),
    ]
    assert len(SEEDS) == 5

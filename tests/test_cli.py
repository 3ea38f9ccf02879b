import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.conftest import SEEDS
from tests.samples import UNSEEN_EXPECTED, UNSEEN_REPORTS, write_scanned_pdf


@pytest.fixture
def run(tmp_path: Path, db_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    env = {"TOWNREPORT_DATA_DIR": str(tmp_path / "data"), "TOWNREPORT_DATABASE_URL": db_url}

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def test_reports_json_lists_the_bundled_corpus_on_first_use(run) -> None:  # type: ignore[no-untyped-def]
    result = run("reports", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert sorted((r["town"], r["year"]) for r in rows) == [
        ("八里台镇", 2024),
        ("张家窝镇", 2020),
        ("杨柳青镇", 2023),
        ("辛口镇", 2021),
        ("辛口镇", 2022),
    ]
    assert "自动导入内置的 5 份报告" in result.stderr
    again = run("reports", "--json")
    assert again.stderr == ""


def test_show_prints_the_outline(run) -> None:  # type: ignore[no-untyped-def]
    out = run("show", "辛口镇", "2021").stdout.splitlines()
    assert out[1] == "一、履行推进法治建设第一责任人情况"
    assert out[2] == "  （一）加强组织领导，全面压实法治建设责任"
    assert all(len(line) < 80 for line in out)


def test_show_unknown_year_fails_in_chinese(run) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "辛口镇", "2023")
    assert result.exit_code == 1
    assert "未找到辛口镇2023年的报告。已有：2021、2022" in result.stderr


def test_dry_run_json_writes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in UNSEEN_REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run("ingest", str(folder), "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    got = {Path(r["path"]).name: (r["town"], r["county"], r["year"]) for r in rows}
    assert got == UNSEEN_EXPECTED
    assert set(rows[0]) >= {
        "path",
        "town",
        "county",
        "year",
        "title",
        "sections",
        "passages",
        "error",
    }
    listed = json.loads(run("reports", "--json").stdout)
    assert all(r["town"] not in {"良渚街道", "大瑶镇", "大妙乡"} for r in listed)


def test_folder_with_bad_files_stores_the_good_ones(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEEDS[2], folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    write_scanned_pdf(folder / "scan.pdf")
    result = run("ingest", str(folder), "--json")
    assert result.exit_code == 1
    rows = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["good.txt"]["town"] == "杨柳青镇" and rows["good.txt"]["error"] is None
    for bad in ("empty.txt", "binary.txt", "scan.pdf"):
        assert rows[bad]["error"] and rows[bad]["town"] is None
    assert "失败 3" in result.stderr
    listed = json.loads(run("reports", "--json").stdout)
    assert [(r["town"], r["year"]) for r in listed] == [("杨柳青镇", 2023)]


def test_ingest_overrides_and_missing_metadata(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notitle.txt"
    path.write_text("一、工作情况\n全年开展普法宣传5次。\n", encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 1
    assert "--town" in result.stdout + result.stderr
    ok = run("ingest", str(path), "--town", "试点镇", "--year", "2022")
    assert ok.exit_code == 0, ok.stderr
    assert "试点镇 2022年" in ok.stdout


def test_ingest_missing_file(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ingest", "/nonexistent/report.txt")
    assert result.exit_code == 1
    assert "文件不存在" in result.stdout + result.stderr


def test_ask_prints_a_cited_answer(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ask", "辛口镇2021年法律顾问审查了多少份合同？")
    assert result.exit_code == 0
    assert "245份" in result.stdout
    assert "辛口镇 2021年《西青区辛口镇2021年度法治政府建设情况报告》" in result.stdout
    assert "3.充分发挥法律顾问作用" in result.stdout


def test_ask_json_and_not_found(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        run("ask", "八里台镇2024年受理了多少件行政复议案件", "--json", "-k", "2").stdout
    )
    assert data["question"] == "八里台镇2024年受理了多少件行政复议案件"
    assert len(data["answers"]) <= 2
    first = data["answers"][0]
    assert set(first) == {"town", "year", "title", "section", "text", "snippet", "score"}
    assert "18件" in first["text"]
    empty = json.loads(run("ask", "北京今天天气怎么样", "--json").stdout)
    assert empty["answers"] == [] and "未找到" in empty["hint"]


def test_ask_batch_keeps_ids_and_order(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    batch = tmp_path / "q.jsonl"
    lines = [
        {"id": "b", "question": "信易贷累计注册了多少家"},
        {"id": 7, "question": "hello"},
        {"id": "a", "question": "张家窝镇现在有多少台执法记录仪"},
    ]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    result = run("ask", "--batch", str(batch), "--json")
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["b", 7, "a"]
    assert "88家" in rows[0]["answers"][0]["text"]
    assert rows[1]["answers"] == []
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = run("ask", "--batch", str(bad))
    assert result.exit_code == 1 and "第 1 行" in result.stderr


def test_ask_needs_a_question(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ask")
    assert result.exit_code == 1 and "请给出一个问题" in result.stderr


def test_figures_table_json_and_compare(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("figures", "辛口镇", "2022", "--json").stdout)
    assert {
        "label",
        "value",
        "unit",
        "qualifier",
        "span",
        "section",
        "sentence",
        "indicator",
    } == set(rows[0])
    assert any(r["value"] == 284 and r["unit"] == "份" for r in rows)
    text = run("figures", "辛口镇", "2021", "--compare", "2022").stdout
    assert "245份" in text and "284份" in text and "+39" in text
    fragment = tmp_path / "f.txt"
    fragment.write_text("协助解决农民工工资纠纷 120 起，涉及金额 1170 余万元。", encoding="utf-8")
    items = json.loads(run("figures", "--file", str(fragment), "--json").stdout)
    assert [(i["value"], i["unit"], i["qualifier"]) for i in items] == [
        (120, "起", ""),
        (1170, "万元", "余"),
    ]
    missing = run("figures", "辛口镇", "2030")
    assert missing.exit_code == 1 and "已有：2021、2022" in missing.stderr


def test_draft_writes_docx_and_markdown(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "d.docx"
    result = run("draft", "辛口镇", "2023", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 5000 and "待填写" in result.stderr
    md = run("draft", "辛口镇", "2030", "--format", "md")
    assert md.stdout.startswith("# 辛口镇2030年度法治政府建设情况报告")
    assert "没有辛口镇2029年的报告" in md.stderr


def test_draft_format_follows_the_file_name(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    md = tmp_path / "草稿.md"
    assert run("draft", "辛口镇", "2023", "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# 辛口镇2023年度法治政府建设情况报告")
    clash = run("draft", "辛口镇", "2023", "--format", "docx", "-o", str(tmp_path / "x.md"))
    assert clash.exit_code == 1 and "扩展名不一致" in clash.stderr
    assert not (tmp_path / "x.md").exists()


def test_draft_failures_leave_no_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("draft", "不存在", "2023", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "辛口镇（2021、2022）" in result.stderr
    result = run("draft", "辛口镇", "2023", "--template", "nope", "-o", str(tmp_path / "y.docx"))
    assert result.exit_code == 1 and "没有名为“nope”的模板" in result.stderr
    result = run("draft", "辛口镇", "2023", "-o", str(tmp_path / "missing" / "z.docx"))
    assert result.exit_code == 1 and "无法写入" in result.stderr
    assert list(tmp_path.glob("*.docx")) == [] and not (tmp_path / "missing").exists()


def test_template_commands(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "short.md.j2"
    good.write_text(
        "# {{ title }}\n{% for p in plans %}- {{ p.label }}\n{% endfor %}", encoding="utf-8"
    )
    assert "模板有效" in run("template", "validate", str(good)).stdout
    assert "第 1 版" in run("template", "set", "short", str(good), "-m", "精简").stdout
    assert "short" in run("template", "list").stdout
    preview = run("template", "preview", "short", "辛口镇", "2023").stdout
    assert preview.startswith("# 辛口镇2023年度") and "政务公开" in preview
    bad = tmp_path / "bad.md.j2"
    bad.write_text("一\n{% if town %}\n{{ town }}\n", encoding="utf-8")
    result = run("template", "set", "short", str(bad))
    assert result.exit_code == 1 and "行：" in result.stderr and "endif" in result.stderr
    versions = run("template", "history", "short").stdout.splitlines()[2:]
    assert [v.split()[0] for v in versions] == ["1"]
    # edit: an invalid edit is kept on disk, not stored
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/title/titel/' \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    result = run("template", "edit", "short")
    assert result.exit_code == 1 and "另存为" in result.stderr and "titel" in result.stderr
    kept = list((tmp_path / "data" / "unsaved-templates").glob("short-*.md.j2"))
    assert kept and "titel" in kept[0].read_text(encoding="utf-8")
    editor.write_text("#!/bin/sh\necho '{{ town }}' >> \"$1\"\n", encoding="utf-8")
    assert "第 2 版" in run("template", "edit", "short", "-m", "加一行").stdout
    assert "+{{ town }}" in run("template", "diff", "short", "1", "2").stdout
    assert "第 3 版" in run("template", "revert", "short", "1").stdout
    assert run("template", "show", "short").stdout == good.read_text(encoding="utf-8")

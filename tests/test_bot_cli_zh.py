"""The installed command speaks Chinese even where Click would speak English: help pages,
usage errors, and template errors (with the line)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.fakebot import townreport_command

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Error:", "Try '", "Missing")
ENGLISH += ("Invalid value", "[default:", "TEXT", "INTEGER", "Traceback", "Show the version")


def townreport(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOWNREPORT_")}
    env["TOWNREPORT_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [townreport_command(), *args], env=env, capture_output=True, text=True, timeout=300
    )


def english(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["ask", "--help"], ["show", "-h"], ["template", "--help"], ["bot", "--help"]],
)
def test_help_is_chinese_and_shows_examples(tmp_path: Path, args: list[str]) -> None:
    result = townreport(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：townreport") and "选项：" in result.stdout
    assert "例子：" in result.stdout and "显示本说明并退出。" in result.stdout
    assert english(result.stdout) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["show", "辛口"], "错误：缺少参数 年度。"),
        (["ask", "问题", "-k", "x"], "错误：选项 -k 的值不对：“x”不是 1 到 50 之间的整数。"),
        (
            ["draft", "辛口镇", "2023", "--format", "html"],
            "“html”不是可选的值（可选：md、docx、pdf）",
        ),
        (["ask", "--tow", "辛口"], "错误：没有选项 --tow。是不是想用 --town？"),
        (["shw"], "错误：没有命令 shw。是不是想用 show？"),
        (["show", "辛口", "2021", "多余"], "错误：多余的参数：多余"),
        (["ingest", "a.txt", "--town"], "错误：选项 --town 后面需要一个值。"),
    ],
)
def test_usage_errors_are_chinese(tmp_path: Path, args: list[str], said: str) -> None:
    result = townreport(tmp_path, *args)
    assert result.returncode == 2
    assert said in result.stderr, result.stderr
    assert english(result.stderr) == [], result.stderr
    if args[0] != "ingest":
        assert "例如：townreport" in result.stderr and "--help 查看说明" in result.stderr
    assert not (tmp_path / "data").exists()  # nothing was done


def test_a_template_with_an_unknown_filter_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("# 标题\n{{ town | nosuchfilter }}\n", encoding="utf-8")
    result = townreport(tmp_path, "template", "validate", str(bad))
    assert result.returncode == 1
    assert "错误：模板有误：第 2 行：没有名为 nosuchfilter 的过滤器" in result.stderr
    assert english(result.stderr) == [] and "jinja2" not in result.stderr

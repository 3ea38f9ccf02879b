"""Outcomes as data: the library's strings name no command-line option or command and its
errors carry no Chinese sentence; the installed command still says the Chinese fix."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile import report_text, townreport

CLI_WORDS = re.compile(
    r"(?<![\w-])--(?:town|year|db|allow-short|format|file|compare|json|batch|dry-run|all|"
    r"no-prompts|template|refresh-indicators|webhook-url|rate-limit)\b"
    r"|townreport\s+(?:ingest|ask|show|draft|figures|reports|template|check|bot|places)"
    r"|template\s+(?:edit|set|revert|reset|show|history|diff|validate|preview)\b"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
LIBRARY = sorted(p for d in ("corpus", "drafting") for p in (ROOT / d).rglob("*.py"))


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant in ``path`` but docstrings (f-strings' literal parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def _params() -> list[object]:
    return [pytest.param(path, id=path.relative_to(ROOT).as_posix()) for path in LIBRARY]


@pytest.mark.parametrize("path", _params())
def test_library_strings_name_no_cli_option_or_command(path: Path) -> None:
    found = [(n, s) for n, s in _code_strings(path) if CLI_WORDS.search(s)]
    assert not found, found


def _raised_sentences(path: Path) -> list[tuple[int, str]]:
    """Chinese text in what a ``raise`` builds (its arguments), the sentence a person reads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for inner in ast.walk(node.exc):
                text = inner.value if isinstance(inner, ast.Constant) else None
                if isinstance(text, str) and CJK.search(text):
                    out.append((node.lineno, text))
    return out


@pytest.mark.parametrize("path", _params())
def test_library_errors_are_raised_with_fields_not_sentences(path: Path) -> None:
    found = _raised_sentences(path)
    assert not found, found


def test_the_scanners_find_what_they_look_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstrings may say --town."""\n'
        'def f():\n    raise ValueError(f"请用 --town 指定{1}")\n',
        encoding="utf-8",
    )
    assert [s for _, s in _code_strings(sample) if CLI_WORDS.search(s)] == ["请用 --town 指定"]
    assert _raised_sentences(sample) == [(3, "请用 --town 指定")]


# -- the installed command, in a subprocess ------------------------------------------------


def _ingest(env: dict[str, str], path: Path) -> None:
    done = townreport("ingest", str(path), env=env)
    assert done.code == 0, done.err


def test_a_missing_report_names_what_exists_and_how_to_import(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "辛口镇2022.txt"
    report.write_text(report_text("辛口镇", "西青区", 2022), encoding="utf-8")
    _ingest(cli_env, report)
    done = townreport("show", "辛口镇", "2030", env=cli_env)
    assert done.code == 1
    assert "错误：未找到辛口镇2030年的报告。已有：2022。用 townreport ingest 导入。" in done.err


def test_an_empty_database_says_how_to_import(cli_env: dict[str, str]) -> None:
    done = townreport("show", "辛口镇", "2023", env=cli_env)
    assert done.code == 1
    assert "错误：数据库中还没有任何报告。用 townreport ingest 导入。" in done.err
    asked = townreport("ask", "辛口镇2023年审查了多少份合同", env=cli_env)
    assert asked.code == 0 and "数据库中还没有报告。用 townreport ingest 导入。" in asked.out


def test_a_file_with_no_town_names_the_option(cli_env: dict[str, str], tmp_path: Path) -> None:
    text = report_text("辛口镇", "西青区", 2023).replace("西青区", "").replace("辛口镇", "我镇")
    path = tmp_path / "无名.txt"
    path.write_text(text, encoding="utf-8")
    done = townreport("ingest", str(path), env=cli_env)
    assert done.code == 1
    assert "无法从标题、正文或落款中识别乡镇名称，请用 --town 指定。" in done.err


def test_an_ambiguous_place_lists_the_places(cli_env: dict[str, str], tmp_path: Path) -> None:
    for county in ("武清区", "邵武市"):
        path = tmp_path / f"{county}和平镇.txt"
        path.write_text(report_text("和平镇", county, 2023), encoding="utf-8")
        _ingest(cli_env, path)
    done = townreport("show", "和平镇", "2023", env=cli_env)
    assert done.code == 1
    assert "“和平镇”对应多个已导入的地方：" in done.err and "请写明所属区县" in done.err
    assert "武清区和平镇" in done.err and "邵武市和平镇" in done.err


def test_a_bad_template_line_is_named(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "bad.md.j2"
    path.write_text("第一行\n第二行\n{% for x in plans %}\n{{ x }\n", encoding="utf-8")
    done = townreport("template", "set", "mine", str(path), env=cli_env)
    assert done.code == 1
    assert "错误：模板有误：第 4 行：" in done.err
    assert "Template" not in done.err  # the words, never the error's fields

"""Hostile templates through the installed ``townreport template``: loops over literals,
memory-growing strings and huge format widths are refused quickly, in a bounded process,
with a Chinese message; a template that fails for one place is never saved, and a saved one
that fails for a place added later drafts it from the built-in template with a warning."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile import townreport

from bot import terminal
from corpus.ingest import bundled_dir

SEEDS = sorted(bundled_dir().glob("*.txt"))
MAX_MB = 500
HOSTILE = {
    "nested string loops": "{% for i in 'x'*1000000 %}{% for j in 'x'*1000000 %}{% endfor %}{% endfor %}",
    "nested list loops": "{% for i in ['a']*1000000 %}{% for j in ['b']*1000000 %}{% endfor %}{% endfor %}",
    "dict items": "{% for i in range(1000000) %}{% for k, v in {'a': 1, 'b': 2}.items() %}{% endfor %}{% endfor %}",
    "ljust": "{{ 'a'.ljust(10**9) }}",
    "format width": "{{ '%01000000000d'|format(1) }}",
    "percent width": "{{ '%01000000000d' % 1 }}",
    "str.format width": "{{ '{:>1000000000}'.format(1) }}",
    "center": "{{ 'a'|center(10**9) }}",
    "lipsum": "{{ lipsum(200000) }}",
    "concat doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}"
    ),
    "plus doubling": (
        "{% set ns = namespace(s=['x']) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s|length }}"
    ),
    "replace growth": "{{ ('x'*1000000).replace('x', 'yyyy'*1000) }}",
    "join of repeats": "{{ (['x'*1000000]*1000)|join }}",
    "string of repeats": "{{ (['x'*1000000]*1000)|string|length }}",
    "recursive loop": "{% for i in [1] recursive %}{{ loop(['x'*1000000]) }}{% endfor %}",
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    assert townreport("ingest", str(SEEDS[1]), env=environment).code == 0
    return environment


THROUGH_THE_COMMAND = (
    "nested string loops",
    "ljust",
    "format width",
    "lipsum",
    "concat doubling",
    "string of repeats",
)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_hostile_template_is_refused_by_the_bounded_render(name: str) -> None:
    from drafting.sandbox import TemplateProblem, render

    start = time.monotonic()
    with pytest.raises(TemplateProblem) as refused:
        render(HOSTILE[name], {"town": "辛口镇"})
    assert terminal.error(refused.value).startswith("模板有误") and time.monotonic() - start < 20
    # memory is measured through the command below: this process's children include others


def test_hostile_templates_are_refused_quickly_and_within_memory(
    tmp_path: Path, env: dict[str, str]
) -> None:
    slow = []
    for name in THROUGH_THE_COMMAND:
        text = HOSTILE[name]
        path = tmp_path / f"{name.replace(' ', '_')}.md.j2"
        path.write_text(text, encoding="utf-8")
        run = townreport("template", "set", "evil", str(path), env=env, timeout=90)
        assert run.code == 1, (name, run.out, run.err)
        assert "模板有误" in run.err and "Traceback" not in run.err, (name, run.err)
        assert run.peak_mb < MAX_MB, (name, run.peak_mb)
        if run.seconds > 20:
            slow.append((name, run.seconds))
    assert not slow
    listing = townreport("template", "list", env=env)
    assert "evil" not in listing.out  # nothing was saved


def test_a_template_failing_for_one_place_is_not_saved(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "first.md.j2"
    path.write_text("# {{ title }}\n{{ intro_figures[0].label }}\n", encoding="utf-8")
    run = townreport("template", "set", "first", str(path), env=env)
    assert run.code == 1 and "试渲染失败" in run.err, run.err
    assert "空白框架" in run.err or "的报告" in run.err


def test_a_saved_template_failing_for_a_new_place_falls_back_to_the_builtin(
    tmp_path: Path, env: dict[str, str]
) -> None:
    builtin = townreport("template", "show", "default", env=env).out
    text = "{% if town == '杨柳青镇' %}{{ 1 // 0 }}{% endif %}" + builtin
    path = tmp_path / "picky.md.j2"
    path.write_text(text, encoding="utf-8")
    assert townreport("template", "set", "default", str(path), env=env).code == 0
    yangliuqing = next(p for p in SEEDS if "杨柳青镇" in p.read_text(encoding="utf-8")[:200])
    assert townreport("ingest", str(yangliuqing), env=env).code == 0
    year = int(next(w for w in ("2023", "2022", "2021") if w in yangliuqing.read_text()[:200]))
    run = townreport("draft", "杨柳青镇", str(year + 1), "-o", str(tmp_path / "d.md"), env=env)
    assert run.code == 0, run.err
    assert "已改用内置模板" in run.err and "ZeroDivisionError" in run.err
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("#")
    other = townreport("draft", "辛口镇", "2023", "-o", str(tmp_path / "x.md"), env=env)
    assert other.code == 0 and "已改用内置模板" not in other.err

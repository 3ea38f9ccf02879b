"""Questions as people ask them (issue 18), through the installed ``townreport ask`` command,
over the bundled reports, tests/data/forms and the report texts of tests/data/questions (all
written for this project)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.evaluate import load_jsonl
from tests.conftest import ROOT

EXE = Path(sys.executable).parent / "townreport"
TUNING = ROOT / "tests" / "data" / "qa_questions.jsonl"


@pytest.fixture(scope="module")
def townreport(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("questions")
    env = {
        **os.environ,
        "TOWNREPORT_DATA_DIR": str(tmp / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp}/q.db",
        "TOWNREPORT_TODAY": "2026-12-01",
    }
    exe = str(EXE if EXE.exists() else shutil.which("townreport"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=300)

    assert run("reports").returncode == 0  # the bundled reports come in on first use
    for folder in ("forms", "questions"):
        assert run("ingest", str(ROOT / "tests" / "data" / folder)).returncode == 0
    return run


def ask(run, question: str, *extra: str) -> dict:  # type: ignore[no-untyped-def]
    done = run("ask", question, "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_tuning_set_scores_through_the_command(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = load_jsonl(TUNING)
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), "utf-8")
    done = townreport("ask", "--batch", str(batch), "--json", "-k", "3")
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    first, abstained, answerable, unanswerable = 0, 0, 0, 0
    for item in items:
        hits = answers[item["id"]]["answers"]
        if not item["town"]:
            unanswerable += 1
            abstained += not hits
            continue
        answerable += 1
        top = hits[0] if hits else None
        text = "".join(top["text"].split()) if top else ""
        first += bool(
            top
            and (top["town"], top["year"]) == (item["town"], item["year"])
            and all("".join(a.split()) in text for a in item["answer"])
        )
    assert answerable >= 60
    assert first / answerable >= 0.95
    assert abstained == unanswerable


def asked(run, tmp: Path, questions: list[str]) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Many questions in one ``ask --batch --json`` run (one process start)."""
    batch = tmp / "asked.jsonl"
    lines = [json.dumps({"id": q, "question": q}, ensure_ascii=False) for q in questions]
    batch.write_text("\n".join(lines), "utf-8")
    done = run("ask", "--batch", str(batch), "--json")
    assert done.returncode == 0, done.stderr
    return {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}


def test_the_issue_examples(townreport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    which = {
        "“和事佬”调解室是哪个镇设立的": "枫桥镇",
        "有个街道搞了个商圈法律服务队，是哪里的": "太原街街道",
        "以小笼议事会为抓手的是哪个镇": "南翔镇",
        "商圈法律服务队是哪个街道组建的": "太原街街道",
    }
    sections = [
        "八里台镇2024年有哪些不足",
        "辛口22年有啥短板",
        "辛口镇2022年下一年度安排",
        "辛口镇2023年有什么打算",
        "八里台镇2024年第一责任人履职情况",
    ]
    answered = {
        "八里台镇2024年罚了多少钱": "10250元",
        "枫桥镇2023年执法人员培训了多少学时": "32學時",
        "楓橋鎮2023年配了多少辆执法车": "6輛",
        "青石街道2023年请了几个律师": "3名法律顾问",
        "南翔镇服务人员从什么角色变成什么角色": "由管理者向服务者转变",
        "西青区各镇2021年审查了多少份合同": "245份",
    }
    unrelated = ["今天天气怎么样", "你好", "哪个镇建了足球场", "大興鎮2022年罚了多少钱"]
    out = asked(townreport, tmp_path, [*which, *sections, *answered, *unrelated])
    for question, place in which.items():
        assert out[question]["place"] == place, question
    for question in sections:
        assert out[question]["whole_section"] and len(out[question]["answers"]) == 1, question
    for question, fact in answered.items():
        assert fact in "".join(out[question]["answers"][0]["text"].split()), question
    for question in unrelated:
        assert out[question]["answers"] == [] and out[question]["hint"], question
    assert "未找到大兴镇" in out["大興鎮2022年罚了多少钱"]["hint"]


def test_what_people_read(townreport) -> None:  # type: ignore[no-untyped-def]
    out = townreport("ask", "“和事佬”调解室是哪个镇设立的").stdout
    assert out.splitlines()[1] == "答：枫桥镇（见2023年报告）" and "楓橋" in out
    out = townreport("ask", "太原街街道2024年有哪些不足").stdout
    assert "太原街街道2024年报告“二、存在的不足和原因”全文（按原文顺序）" in out
    assert out.index("商圈新业态纠纷增多") < out.index("普法宣传形式较为单一")
    assert "请用一句话提问" not in out
    out = townreport("ask", "嘉定南翔镇去年罚了多少钱").stdout
    assert "去年 = 2025年" in out and "27.6万元" in out
    out = townreport("ask", "辛口镇去年有什么不足").stdout
    assert "去年 = 2025年" in out and "未找到辛口镇2025年的报告" in out and "2021、2022" in out


def test_filters_are_filters(townreport) -> None:  # type: ignore[no-untyped-def]
    answer = ask(townreport, "辛口镇2022年审查了多少份合同", "--year", "2021")
    assert {a["year"] for a in answer["answers"]} == {2021}
    answer = ask(townreport, "审查了多少份合同", "--town", "西青辛口")
    assert {a["town"] for a in answer["answers"]} == {"辛口镇"}

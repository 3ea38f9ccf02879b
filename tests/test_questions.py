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

from corpus.evaluate import load_jsonl
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


def test_which_place_question_leads_with_the_place(townreport) -> None:  # type: ignore[no-untyped-def]
    for question, place in [
        ("“和事佬”调解室是哪个镇设立的", "枫桥镇"),
        ("有个街道搞了个商圈法律服务队，是哪里的", "太原街街道"),
        ("以小笼议事会为抓手的是哪个镇", "南翔镇"),
    ]:
        out = townreport("ask", question).stdout
        assert f"答：{place}" in out.splitlines()[1], out
        assert "未找到" not in out


def test_whole_section_in_order_and_cited(townreport) -> None:  # type: ignore[no-untyped-def]
    for question in ["八里台镇2024年有哪些不足", "辛口22年有啥短板", "辛口镇2022年下一年度安排"]:
        answer = ask(townreport, question)
        assert answer["whole_section"] and len(answer["answers"]) == 1, question
    text = ask(townreport, "太原街街道2024年有哪些不足")["answers"][0]["text"]
    assert text.index("商圈新业态纠纷增多") < text.index("普法宣传形式较为单一")
    out = townreport("ask", "八里台镇2024年有哪些不足").stdout
    assert "请用一句话提问" not in out and "八里台镇 2024年《" in out


def test_relative_years_are_said_and_honest(townreport) -> None:  # type: ignore[no-untyped-def]
    out = townreport("ask", "嘉定南翔镇去年罚了多少钱").stdout
    assert "去年 = 2025年" in out and "27.6万元" in out
    out = townreport("ask", "辛口镇去年有什么不足").stdout
    assert "去年 = 2025年" in out and "未找到辛口镇2025年的报告" in out and "2021、2022" in out


def test_filters_are_filters(townreport) -> None:  # type: ignore[no-untyped-def]
    answer = ask(townreport, "辛口镇2022年审查了多少份合同", "--year", "2021")
    assert {a["year"] for a in answer["answers"]} == {2021}
    answer = ask(townreport, "审查了多少份合同", "--town", "西青辛口")
    assert {a["town"] for a in answer["answers"]} == {"辛口镇"}


def test_unknown_or_unrelated_get_not_found(townreport) -> None:  # type: ignore[no-untyped-def]
    out = townreport("ask", "大興鎮2022年罚了多少钱").stdout
    assert "未找到大兴镇" in out
    for question in ["今天天气怎么样", "你好", "哪个镇建了足球场"]:
        assert ask(townreport, question)["answers"] == [], question


def test_county_scopes_and_interrogatives_are_not_places(townreport) -> None:  # type: ignore[no-untyped-def]
    answer = ask(townreport, "西青区各镇2021年审查了多少份合同")
    assert answer["answers"][0]["town"] == "辛口镇"
    for question in ["商圈法律服务队是哪个街道组建的", "哪个镇推行了“一窗通办”"]:
        assert "未找到哪" not in townreport("ask", question).stdout

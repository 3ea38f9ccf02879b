"""Hostile and unlucky files through the installed ``townreport ingest``: each bad file is
its own Chinese error line, the good files are stored, nothing is half-stored, and every
refusal is quick and small (a zip bomb in well under a second of parsing)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile import (
    TOWNREPORT,
    billion_laughs,
    broken_xml,
    encrypted_pdf,
    paragraph_flood,
    report_folder,
    report_text,
    townreport,
    zip_bomb,
)

from corpus.storage.store import open_store

MAX_MB = 500


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    return cli_env  # each test runs on SQLite and on PostgreSQL (conftest's db_url)


def stored(env: dict[str, str], every: bool = False) -> list[dict[str, object]]:
    run = townreport("reports", "--json", *(["--all"] if every else []), env=env)
    assert run.code == 0, run.err
    return json.loads(run.out)


def error_lines(err: str) -> dict[str, str]:
    return {line.split("：", 2)[1]: line for line in err.splitlines() if line.startswith("失败：")}


def test_each_hostile_docx_and_pdf_is_refused_quickly_and_the_good_file_is_stored(
    tmp_path: Path,
) -> None:
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    folder = tmp_path / "in"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text(report_text("辛口镇", "西青区", 2022), encoding="utf-8")
    bad = {
        "bomb.docx": (zip_bomb(folder / "bomb.docx", 300), "压缩炸弹"),
        "laughs.docx": (billion_laughs(folder / "laughs.docx"), "XML 实体"),
        "flood.docx": (paragraph_flood(folder / "flood.docx"), "356000 个段落"),
        "broken.docx": (broken_xml(folder / "broken.docx"), "Word 文件已损坏"),
        "locked.pdf": (encrypted_pdf(folder / "locked.pdf"), "PDF 文件已加密"),
    }
    assert (folder / "bomb.docx").stat().st_size < 1_000_000  # 300 MB inside
    run = townreport("ingest", str(folder), env=env, timeout=120)
    assert run.code == 1, run.err
    lines = error_lines(run.err)
    for path, reason in bad.values():
        assert reason in lines[str(path)], lines
    assert "Traceback" not in run.err and "Error" not in run.err.replace("错误", "")
    assert "共 6 个文件：已导入 1；失败 5。" in run.err
    assert run.peak_mb < MAX_MB and run.seconds < 60, (run.peak_mb, run.seconds)
    reports = stored(env, every=True)
    assert [(r["town"], r["year"]) for r in reports] == [("辛口镇", 2022)]


def test_a_bomb_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    """Timed inside one process, so that interpreter start-up does not count."""
    from corpus.ingest import prepare_file
    from corpus.settings import Settings

    bomb = zip_bomb(tmp_path / "bomb.docx", 500)
    settings = Settings.from_env({"TOWNREPORT_DATA_DIR": str(tmp_path)})
    start = time.monotonic()
    result = prepare_file(bomb, settings, "辛口镇", 2022)
    assert time.monotonic() - start < 0.5
    assert getattr(result, "status", "") == "error" and "压缩炸弹" in (result.error or "")  # type: ignore[union-attr]


def test_a_broken_docx_in_a_folder_of_200_fails_alone(tmp_path: Path) -> None:
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    folder = tmp_path / "folder"
    report_folder(folder, 199)
    broken = broken_xml(folder / "100_broken.docx")
    run = townreport("ingest", str(folder), env=env, timeout=300)
    assert run.code == 1
    assert "共 200 个文件：已导入 199；失败 1。" in run.err, run.err[-500:]
    assert list(error_lines(run.err)) == [str(broken)]
    assert "Traceback" not in run.err and "pickle" not in run.err
    assert len(stored(env)) == 199
    assert run.peak_mb < MAX_MB


def test_nul_bytes_are_stored_without_them_on_both_databases(
    tmp_path: Path, env: dict[str, str]
) -> None:
    text = report_text("辛口镇", "西青区", 2022)
    path = tmp_path / "nul.txt"
    cut = len(text) // 2
    data = (text[:cut] + "依法\x00行政" + text[cut:]).encode("utf-8")
    path.write_bytes(b" " * 4096 + data)  # the NUL past the first 4 KB, in the text itself
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 5000)
    run = townreport("ingest", str(path), str(binary), env=env)
    assert run.code == 1 and "Traceback" not in run.err
    assert "二进制内容" in error_lines(run.err)[str(binary)]
    assert "已导入 1；失败 1" in run.err
    store = open_store(env["TOWNREPORT_DATABASE_URL"])
    text = "".join(p.text for p in store.load("辛口镇", 2022)[1].passages)
    assert "依法行政" in text and "\x00" not in text


def test_a_large_text_is_refused_past_the_limit_and_read_in_time_below_it(
    tmp_path: Path,
) -> None:
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    one = report_text("辛口镇", "西青区", 2022)
    body = one.split("\n", 2)[2]
    big = tmp_path / "big.txt"
    big.write_text(one + body * (19_000_000 // len(body.encode())), encoding="utf-8")  # 19 MB
    run = townreport("ingest", str(big), env=env)
    assert run.code == 1 and "文字过多" in run.err and run.seconds < 30
    assert run.peak_mb < MAX_MB


def test_pool_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    folder = tmp_path / "many"
    report_folder(folder, 400)
    main = subprocess.Popen(
        [TOWNREPORT, "ingest", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    deadline = time.monotonic() + 60
    while not children and time.monotonic() < deadline and main.poll() is None:
        time.sleep(0.2)
        children = _children(main.pid)
    if not children:
        main.wait()
        pytest.skip("该机器只有一个处理器或导入太快，没有启动工作进程")
    main.send_signal(signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"

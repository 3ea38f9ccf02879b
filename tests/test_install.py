"""`pip install .` (not editable) gives a working command that finds its bundled data."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_lists_the_bundled_reports(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    target = tmp_path / "site"
    wheel = next(wheels.glob("townreport-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": "",
    }
    code = "import sys; from bot.cli import main; sys.argv[0] = 'townreport'; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "reports", "--json"],
        cwd=tmp_path,  # not the source tree
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sorted((r["town"], r["year"]) for r in rows) == [
        ("八里台镇", 2024),
        ("张家窝镇", 2020),
        ("杨柳青镇", 2023),
        ("辛口镇", 2021),
        ("辛口镇", 2022),
    ]
    installed = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert "corpus/dict/terms.txt" in installed
    assert "corpus/storage/migrations/versions/0001_reports.py" in installed

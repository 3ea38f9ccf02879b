"""/compare for a county (a chart photo, the table below), /compare for one town's two years
(unchanged), a report sent with the caption /check, and a ranking question — the real
Application against the fake Bot API."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from matplotlib import image

from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.settings import Settings
from corpus.storage.store import Store
from tests.district_texts import flawed_report, write_county
from tests.fakebot import FakeBotAPI
from tests.test_bot_chat import USER, running, to


@pytest.fixture
async def api(store: Store, settings: Settings, tmp_path: Path) -> AsyncIterator[FakeBotAPI]:
    files = [*write_county(tmp_path / "in"), *expand([bundled_dir()])]
    assert all(r.ok for r in ingest_paths(store, files, settings))
    async for fake in running(store, settings):
        yield fake


async def test_county_compare_sends_a_chart_and_the_table(api: FakeBotAPI) -> None:
    api.send_text(USER, "/compare 象山县 2023 合同审查")
    (photo,) = await api.wait_for(to(USER, "sendPhoto"), timeout=120)
    pixels = image.imread(io.BytesIO(photo.document or b""), format="png")
    assert pixels.shape[1] >= 700 and pixels[..., :3].std() > 0.05
    assert "象山县2023年各地数字对比" in photo.text
    (table,) = await api.wait_for(lambda s: to(USER)(s) and "象山县合计" in s.text, timeout=60)
    assert "石浦镇" in table.text and "151份" in table.text and "623份" in table.text
    api.send_text(USER, "/compare 象山县 2023 天气")
    (wrong,) = await api.wait_for(lambda s: to(USER)(s) and "天气" in s.text, timeout=60)
    assert "没有名为“天气”的标准指标" in wrong.text and "合同审查份数" in wrong.text
    assert "corpus/" not in wrong.text


async def test_town_compare_still_compares_two_years(api: FakeBotAPI) -> None:
    api.send_text(USER, "/compare 辛口镇 2021 2022")
    (reply,) = await api.wait_for(to(USER), timeout=60)
    assert "辛口镇 2021年 → 2022年" in reply.text and "245份 → 284份" in reply.text
    assert not any(s.method == "sendPhoto" for s in api.sent)


async def test_check_upload(api: FakeBotAPI) -> None:
    api.send_document(USER, "石浦镇2023草稿.txt", flawed_report().encode(), caption="/check")
    (reply,) = await api.wait_for(lambda s: to(USER)(s) and "检查《" in s.text, timeout=60)
    assert "缺少法定部分“存在的不足和原因”" in reply.text
    assert "____" in reply.text and "应为2023年" in reply.text and "改法" in reply.text
    assert "已导入" not in reply.text  # a check stores nothing


async def test_ranking_question_in_chat(api: FakeBotAPI) -> None:
    api.send_text(USER, "象山县哪个镇2023年审查合同最多")
    (reply,) = await api.wait_for(to(USER), timeout=60)
    first = reply.text.splitlines()[1]
    assert first == "1. 石浦镇：151份", reply.text
    assert "法律顾问共审查合同份数151份" in reply.text

from corpus.errors import ReportNotFoundError, towns_listing


def test_a_few_towns_are_all_listed() -> None:
    available = {"辛口镇": (2021, 2022), "杨柳青镇": (2023,)}
    assert towns_listing(available) == "杨柳青镇（2023）；辛口镇（2021、2022）"
    message = str(ReportNotFoundError("不存在镇", 2023, available))
    assert message == (
        "未找到不存在镇2023年的报告。已有：杨柳青镇（2023）；辛口镇（2021、2022）。"
        "用 townreport ingest 导入。"
    )


def test_thousands_of_towns_show_the_closest_and_the_count() -> None:
    available = {f"第{i}号镇": (2020 + i % 5,) for i in range(1200)}
    available["辛口镇"] = (2021, 2022)
    message = str(ReportNotFoundError("辛口乡", None, available))
    assert "辛口镇（2021、2022）" in message
    assert "共1201个乡镇" in message
    assert len(message) < 300

import pytest

from corpus import outline


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("一、2022年法治政府建设主要举措和成效", "achievements"),
        ("二、存在的不足和原因", "problems"),
        ("三、存在的薄弱环节", "problems"),
        ("三、党政主要负责人履行推进法治建设第一责任人职责情况", "duty"),
        ("四、2023年推进法治政府建设的主要安排", "plans"),
        ("七、下一步工作计划", "plans"),
        ("五、今后的努力方向", "plans"),
        ("四、存在问题及下一步打算", "plans"),  # names two parts; plans decide
    ],
)
def test_kind_of_a_heading(heading: str, kind: str) -> None:
    assert outline.kind(heading) == kind


def test_a_heading_can_name_several_parts() -> None:
    assert outline.kinds("四、存在问题及下一步打算") == {"problems", "plans"}
    assert outline.kinds("一、主要举措和成效") == set()
    assert outline.ORDER == ("achievements", "problems", "duty", "plans")

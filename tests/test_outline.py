import pytest

from corpus.reading import outline


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


@pytest.mark.parametrize(
    ("path", "part"),
    [
        ((), "achievements"),
        (("一、主要举措和成效", "（二）弘扬法治精神"), "achievements"),
        (("三、党政主要负责人推进法治建设第一责任人职责的情况",), "duty"),
        (("四、存在问题及下一步打算", "（一）存在的问题", "1.学法不深"), "problems"),
        (("四、存在问题及下一步打算", "（二）下一步打算"), "plans"),
        (("四、存在问题及下一步打算",), "plans"),
        (("一、主要举措和成效", "（五）主要负责人履行推进法治建设职责"), "duty"),
        (("一、主要举措和成效", "（三）完善工作计划"), "achievements"),
        (("二、法治宣传", "1.组织党政主要负责人述法"), "achievements"),
    ],
)
def test_part_of_a_section(path: tuple[str, ...], part: str) -> None:
    assert outline.part(path) == part


def test_part_before_the_first_heading_follows_the_text() -> None:
    assert outline.part((), "镇党委书记履行第一责任人职责，带头学法6次。") == "duty"
    assert outline.part((), "全年审查合同284份。") == "achievements"
    assert outline.split_path("一、主要举措 › （一）学法") == ("一、主要举措", "（一）学法")
    assert outline.split_path("") == ()

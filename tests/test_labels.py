"""Labels that name what is counted, built from the clause (sentences written for these tests)."""

import pytest

from corpus.figures.extract import extract


def labels(text: str) -> list[tuple[str, float, str]]:
    return [(f.label, f.value, f.unit) for f in extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb-object or noun phrase before the number
        ("全年主动公开政府信息128条。", [("公开政府信息", 128, "条")]),
        ("行政机关负责人出庭应诉率达100%。", [("行政机关负责人出庭应诉率", 100, "%")]),
        ("全年召开镇长办公会14次。", [("召开镇长办公会", 14, "次")]),
        # particles are dropped as whole words: 行为 keeps its 为
        ("治理露天烧烤行为12起。", [("治理露天烧烤行为", 12, "起")]),
        ("考核权重提升至12%。", [("考核权重", 12, "%")]),
        ("行政复议和行政应诉案件共4件。", [("行政复议和行政应诉案件", 4, "件")]),
        ("涉及金额3.6亿元。", [("涉及金额", 3.6, "亿元")]),
        # the counted noun after the unit
        ("聘请3名法律顾问。", [("法律顾问", 3, "名")]),
        ("在全镇19个村居建成法治宣传栏。", [("村居", 19, "个")]),
        ("组织全镇干部参加不少于40学时的法治培训。", [("法治培训", 40, "学时")]),
        ("镇党委先后5次召开党委会专题研究法治工作。", [("召开党委会", 5, "次")]),
        # no book-title fragments, enumerations or stray quotes
        ("制定《镇合同管理办法》《镇重大行政决策程序规定》等制度7项。", [("制度", 7, "项")]),
        ("组织“宪法宣传周”“民法典宣传月”等主题宣讲活动28场次。", [("主题宣讲活动", 28, "场次")]),
        ("开展安全生产、生态环境等领域执法检查312家次。", [("执法检查", 312, "家次")]),
        ("镇“矛调”中心共计接待来访群众97批次。", [("接待来访群众", 97, "批次")]),
        # the actor doing it is not what is counted
        ("综合行政执法队立案查处违法建设案件17起。", [("立案查处违法建设案件", 17, "起")]),
        ("12345热线受理群众诉求416件。", [("受理群众诉求", 416, "件")]),
        ("镇政府作为被告的行政诉讼案件2起。", [("行政诉讼案件", 2, "起")]),
        ("组织“第一议题”学习12次。", [("组织“第一议题”学习", 12, "次")]),
        ("将全镇划分为“一核多元”208个网格。", [("网格", 208, "个")]),
        ("实现2名以上在职在编人员具备执法资格。", [("在职在编人员", 2, "名")]),
        ("信息被市报、省台等区、市级新闻媒体采用32篇。", [("新闻媒体采用", 32, "篇")]),
        ("及时跟进处理投诉案件50余件。", [("及时跟进处理投诉案件", 50, "件")]),
        ("今年来开展送法进校园活动5场次。", [("开展送法进校园活动", 5, "场次")]),
        ("为辖区内12家企业提供法治体检服务。", [("企业", 12, "家")]),
        ("为青石乡配备法律顾问1名。", [("配备法律顾问", 1, "名")]),
        # a bare verb takes its object from the clause before
        ("及时主动公开执法信息，全年公开39条。", [("公开执法信息", 39, "条")]),
    ],
)
def test_labels_name_what_is_counted(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert labels(text) == expected


def test_figures_in_one_clause_each_get_their_own_label() -> None:
    assert labels("全年审核合同76份、规范性文件4件、重大行政决策2项。") == [
        ("审核合同", 76, "份"),
        ("规范性文件", 4, "件"),
        ("重大行政决策", 2, "项"),
    ]


def test_counts_joined_by_a_comma_share_the_label() -> None:
    assert labels("优化法律服务事项8类、18项。") == [
        ("优化法律服务事项", 8, "类"),
        ("优化法律服务事项", 18, "项"),
    ]


def test_a_total_is_named_as_a_total() -> None:
    assert labels("非常满意评价802条，满意评价163条，合计965条。")[-1] == ("合计", 965, "条")


def test_a_count_alone_in_its_clause_takes_the_clause_before() -> None:
    assert labels("开展送法进村活动，共计42场。") == [("开展送法进村活动", 42, "场")]

"""Report texts written for these tests in the forms real reports take (no third-party text):
each with the place and year it is about, as the division table names them."""

from __future__ import annotations

BODY = (
    "一、主要举措和成效\n"
    "（一）健全依法决策机制。全年集体研究重大事项9次，法律顾问审查合同31份。\n"
    "（二）规范行政执法。开展执法案卷评查2次，整改问题14个。\n"
    "二、存在的不足\n"
    "一是基层执法力量仍显薄弱。二是群众学法用法的氛围还需加强。\n"
    "三、下一步工作打算\n"
    "继续推进依法行政，完善合法性审查机制。\n"
)


def opening(who: str, year: int) -> str:
    return f"{year}年，{who}在上级党委、政府的领导下，扎实推进法治政府建设各项工作。现将情况报告如下：\n"


# name → (text, expected: place, level, county, province, year, code)
FORMS: dict[str, tuple[str, tuple[object, ...]]] = {
    # a county's government in front, 办事处 behind, 关于…的报告
    "office.txt": (
        "海珠区人民政府南华西街道办事处关于2022年度法治政府建设情况的报告\n"
        + opening("南华西街道", 2022)
        + BODY
        + "海珠区人民政府南华西街道办事处\n2023年1月16日\n",
        ("南华西街道", "街道", "海珠区", "广东省", 2022, "440105008"),
    ),
    # ××街 for the table's ××街道, spaces around the year, county only in the signature
    "jie.txt": (
        "华林街 2023 年法治政府建设情况报告\n"
        + opening("华林街党工委、办事处", 2023)
        + BODY
        + "荔湾区华林街道办事处\n2024年1月8日\n",
        ("华林街道", "街道", "荔湾区", "广东省", 2023, "440103003"),
    ),
    # traditional characters throughout
    "traditional.txt": (
        "餘杭區仁和街道2021年度法治政府建設情況報告\n"
        "2021年，仁和街道在區委、區政府的領導下，紮實推進依法行政。現將有關情況報告如下：\n"
        "一、主要舉措和成效\n全年審查合同28份，開展普法講座7場。\n"
        "二、存在的不足\n執法隊伍的專業能力有待提升。\n"
        "仁和街道辦事處\n2022年1月12日\n",
        ("仁和街道", "街道", "余杭区", "浙江省", 2021, "330110009"),
    ),
    # no place in the title: the signature names it; signed in February = the year before
    "signed.txt": (
        "法治政府建设工作报告\n"
        "今年以来，我镇坚持把法治建设摆在突出位置，各项工作稳步推进。\n"
        + BODY
        + "中共马坡镇委员会\n顺义区马坡镇人民政府\n2024年2月6日\n",
        ("马坡镇", "镇", "顺义区", "北京市", 2023, "110113009"),
    ),
    # page furniture before the title
    "furniture.txt": (
        "首页 > 信息公开 > 法定主动公开内容 > 法治政府建设\n"
        "索引号：000000000/2023-00041\n发布机构：良渚街道办事处\n发布日期：2024-01-22\n"
        "良渚街道2023年度法治政府建设工作报告\n" + opening("良渚街道", 2023) + BODY,
        ("良渚街道", "街道", "余杭区", "浙江省", 2023, "330110013"),
    ),
    # district- and county-level reports, the year before the name too
    "district.txt": (
        "平谷区2021年度法治政府建设情况报告\n" + opening("平谷区", 2021) + BODY,
        ("平谷区", "区", "平谷区", "北京市", 2021, "110117"),
    ),
    "year_first.txt": (
        "2020年蓟州区法治政府建设情况报告\n" + opening("蓟州区", 2020) + BODY,
        ("蓟州区", "区", "蓟州区", "天津市", 2020, "120119"),
    ),
    "county.txt": (
        "长丰县人民政府关于2022年法治政府建设情况的报告\n"
        "中共长丰县委 长丰县人民政府\n" + opening("长丰县", 2022) + BODY,
        ("长丰县", "县", "长丰县", "安徽省", 2022, "340121"),
    ),
    # a name the table no longer holds (merged): the text's own form, no code
    "merged.txt": (
        "旧城子镇2019年法治政府建设情况报告\n"
        + opening("旧城子镇", 2019)
        + BODY
        + "旧城子镇人民政府\n2020年1月10日\n",
        ("旧城子镇", "镇", None, None, 2019, None),
    ),
    # a red header with the county, a title without it, a name the table lacks: the county
    # comes from the header line that writes it right before the name
    "red_header.txt": (
        "成都市青羊区青松街道办事处文件\n"
        "青松街办〔2025〕3号\n"
        "青松街道办事处关于2024年度法治政府建设情况的报告\n"
        "区委全面依法治区委员会办公室：\n"
        + opening("青松街道", 2024)
        + BODY
        + "青松街道办事处\n2025年1月20日\n",
        ("青松街道", "街道", "青羊区", "四川省", 2024, None),
    ),
    # same name in another county: the county in the text decides
    "same_name.txt": (
        "铜山区马坡镇2023年度法治政府建设情况报告\n" + opening("马坡镇", 2023) + BODY,
        ("马坡镇", "镇", "铜山区", "江苏省", 2023, "320312104"),
    ),
    # the body names it as an organisation only; "2024年以来" opening
    "body_org.txt": (
        "法治政府建设年度报告\n"
        "2024年以来，大堰镇党委、镇政府认真落实奉化区委区政府部署，依法行政水平不断提升。\n" + BODY,
        ("大堰镇", "镇", "奉化区", "浙江省", 2024, "330213104"),
    ),
}

NOTE = "渔沟镇2023年法治政府建设情况\n全年审查合同20份。\n"

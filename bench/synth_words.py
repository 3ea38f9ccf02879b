"""Word material for the synthetic corpus (bench/synth.py): names of villages, people, firms
and projects built from syllables; register-preserving phrase variants; sentence templates
with slots for the facts that differ from town to town; wording that depends on the year."""

from __future__ import annotations

import os
import random
import re
from functools import lru_cache

# characters real village, community and company names are made of (common in 冀/鲁/豫/川)
NAME_CHARS = (
    "安白柏宝北贝碧滨泊昌常朝辰城崇春翠大道德东董杜恩丰凤福富甘高葛官广桂郭海韩汉杭"
    "禾合和河红宏洪后虎华怀槐黄惠吉佳家嘉建江金锦晋景靖久居君康口兰老李立莲良林柳龙"
    "卢鲁禄马茂梅孟苗民明南宁牛盘彭平坡浦齐前乔青清庆秋泉仁荣瑞三桑沙山尚邵胜石寿书"
    "树双水顺松苏太泰汤唐桃天田铁通桐童屯万王旺韦文吴五武西喜仙贤祥孝新兴杏徐许宣学"
    "杨姚耀野义银英永于余渔玉元袁源远岳云枣泽张章赵镇郑中钟周朱竹庄卓紫邹"
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏宇浩凯建国志永海春雪梅德林文亮辉斌峰晨旭东光荣立新保卫振兴庆丰俊彬博琳颖婷佳欣宏伦"
VILLAGE_TAILS = (
    "庄",
    "家庄",
    "营",
    "屯",
    "堡",
    "店",
    "河",
    "沟",
    "坨",
    "洼",
    "寨",
    "坊",
    "集",
    "桥",
    "岗",
    "湾",
    "",
    "",
)
COMMUNITY_TAILS = ("园", "苑", "里", "花园", "家园", "新村", "东里", "西里", "北区", "南区")
FIRM_TAILS = ("律师事务所",)
INDUSTRY = (
    "机械制造",
    "食品",
    "农业科技",
    "纺织",
    "建材",
    "物流",
    "新材料",
    "电子科技",
    "生物科技",
    "农产品加工",
)

# words a report may write either way without changing what it says
VARIANTS = (
    ("进一步", "持续", "不断"),
    ("深入开展", "扎实开展", "广泛开展", "积极开展"),
    ("切实", "着力", "全力"),
    ("加强", "强化"),
    ("完善", "健全"),
    ("推动", "推进"),
    ("有效", "切实有效"),
    ("认真", "严格"),
    ("积极", "主动"),
    ("群众", "居民群众", "人民群众"),
    ("宣传活动", "宣传教育活动", "普法活动"),
    ("不断提升", "持续提升", "稳步提升", "有效提升"),
    ("取得明显成效", "取得积极成效", "成效明显", "取得了一定成效"),
    ("工作人员", "干部职工"),
    ("坚持", "始终坚持"),
    ("落到实处", "落地见效"),
    ("重要内容", "重点内容"),
    ("组织开展", "开展"),
    ("为契机", "为抓手"),
)
_VARIANT_OF = {w: g for g in VARIANTS for w in g}
_VARIANT_RE = re.compile("|".join(sorted(_VARIANT_OF, key=len, reverse=True)))

THEMES = (
    "宪法进万家",
    "民法典宣传月",
    "国家安全教育日",
    "法律进乡村",
    "扫黑除恶",
    "禁毒宣传",
    "反电信诈骗",
    "安全生产月",
    "防范非法集资",
    "消费者权益保护",
    "未成年人保护",
    "妇女权益保障",
    "农村土地承包",
    "生态环境保护",
    "食品安全",
    "根治欠薪",
    "反家庭暴力",
    "老年人防诈骗",
    "信访条例",
    "行政复议法",
    "乡村振兴促进法",
    "森林防火",
    "秸秆禁烧",
    "文明祭扫",
    "防汛抗旱",
    "燃气安全",
    "电动自行车安全",
    "预防校园欺凌",
    "退役军人保障",
    "农民工工资支付",
)
DISPUTES = (
    "土地承包",
    "邻里",
    "婚姻家庭",
    "宅基地",
    "劳资",
    "物业",
    "交通事故",
    "征地拆迁",
    "合同",
    "相邻权",
)
TOPICS = (
    "行政执法“三项制度”",
    "重大行政决策程序",
    "合法性审查",
    "规范性文件备案审查",
    "行政复议与应诉",
    "公共法律服务体系建设",
    "矛盾纠纷多元化解",
    "综合行政执法改革",
    "“八五”普法",
    "法治乡村建设",
    "营商环境优化",
    "政务公开",
    "基层治理",
    "网格化管理",
    "安全生产执法",
    "农村集体“三资”管理",
    "违法建设整治",
    "信访积案化解",
    "村务监督",
    "生态环境执法",
)
UNITS_OF = {
    "份": (5, 400),
    "件": (3, 300),
    "起": (2, 200),
    "次": (2, 60),
    "场": (2, 80),
    "人次": (50, 20000),
    "名": (3, 300),
    "个": (2, 60),
    "万元": (1, 900),
}

# slot sentences by part: {T} town, {lvl} 镇/乡/街道, {v} a village, {n}/{m}/{k} numbers
TEMPLATES: dict[str, tuple[str, ...]] = {
    "achievements": (
        "在{v}开展“{theme}”主题宣传活动{k}场，发放宣传资料{n}份，接受群众咨询{m}人次。",
        "依托{v}新时代文明实践站，组织“{theme}”法治讲座{k}次，覆盖{m}人次。",
        "全年共受理矛盾纠纷{n}件，调解成功{m}件，其中{v}{dispute}纠纷{k}起均依法妥善化解。",
        "聘请{firm}{lawyer}律师担任常年法律顾问，全年审查合同{n}份，出具法律意见书{k}份。",
        "{lvl}综合行政执法大队全年办理行政处罚案件{n}件，罚没款{x}万元，执法记录仪使用率达到100%。",
        "围绕{topic}，制定印发《{T}关于{topic_plain}的实施方案》，明确责任分工和完成时限。",
        "对{v}、{v2}等{k}个村（社区）开展“民主法治示范村”创建，{v}被评为{level}级民主法治示范村。",
        "推进{project}项目，依法完成合同审查和风险评估，全程接受审计监督。",
        "组织{k}名执法人员参加{topic}专题培训，考试合格率达到{pct}%。",
        "指导{company}等{k}家企业开展合规体检，帮助企业解决涉法问题{n}个。",
        "在{v}设立公共法律服务工作室，律师每周坐班，全年提供法律咨询{n}人次。",
        "“法律明白人”{n}名、人民调解员{m}名覆盖全{lvl}{k}个村（社区）。",
        "办理“12345”热线工单{n}件，按时办结率{pct}%，群众满意率{pct2}%。",
        "全年召开{lvl}党委会专题研究法治建设{k}次，审议{topic}等议题{m}项。",
        "开展{topic}专项检查{k}次，发现并整改问题{n}个，{v}等村的整改已全部完成。",
        "发生行政复议案件{k}件、行政应诉案件{m}件，{lvl}主要负责人出庭应诉{k2}次。",
    ),
    "problems": (
        "部分村（社区）干部对{topic}理解不深，{v}等村运用法治方式化解矛盾的能力还有待提高。",
        "执法人员数量与执法任务不相匹配，全{lvl}持证执法人员仅{k}名，{topic}工作力量不足。",
        "法治宣传形式较为单一，{theme}等主题宣传的覆盖面和针对性还需增强。",
        "{topic}制度执行还不够严格，个别科室对合法性审查的认识还不到位。",
        "基层法治人才相对匮乏，{v}等偏远村法律服务资源仍然不足。",
        "主要原因是思想认识还不够到位，对{topic}的重要性认识不足，学习的系统性还不强。",
    ),
    "duty": (
        "{lvl}党委书记{person}认真履行推进法治建设第一责任人职责，全年主持召开专题会议{k}次，研究{topic}等重大事项{m}项。",
        "{head}{person2}带头讲授“{theme}”专题法治课，{lvl}机关干部{n}人参加。",
        "将法治建设纳入年度考核，考核结果与干部评先评优挂钩，对{k}个村（社区）开展法治建设专项督查。",
        "党政主要负责人带头落实领导干部学法制度，全年集中学法{k}次，旁听庭审{k2}次。",
    ),
    "plans": (
        "{next}年，将以{topic}为重点，进一步完善工作机制，推动法治政府建设再上新台阶。",
        "持续深化“{theme}”等主题宣传，计划在{v}等村打造法治文化阵地{k}处。",
        "加强执法队伍建设，计划组织执法人员培训不少于{k}次，提升{topic}能力。",
        "深化{topic}，力争{next}年矛盾纠纷调解成功率保持在{pct}%以上。",
        "推进{project}等重点项目依法决策，落实合法性审查全覆盖。",
    ),
}

LEVEL_WORDS = {
    # (report wording for a 镇) → (乡, 街道)
    "依法治镇": ("依法治乡", "依法治街"),
    "镇党委": ("乡党委", "街道党工委"),
    "镇政府": ("乡政府", "街道办事处"),
    "镇人大": ("乡人大", "街道人大工委"),
    "我镇": ("我乡", "我街道"),
    "全镇": ("全乡", "全街"),
    "本镇": ("本乡", "本街道"),
    "镇域": ("乡域", "街域"),
    "镇村": ("乡村", "街居"),
    "镇级": ("乡级", "街道级"),
    "镇长": ("乡长", "街道办事处主任"),
}
_LEVEL_RE = re.compile("|".join(LEVEL_WORDS))

# wording that only fits some years: (pattern, first year it fits, what to write before)
BY_YEAR = (
    ("二十届二中、三中全会", 2024, "历次全会"),
    ("二十届三中全会", 2024, "历次全会"),
    ("二十届", 2022, "十九届"),
    ("二十大", 2022, "十九大"),
    ("习近平法治思想", 2020, "习近平总书记关于全面依法治国的重要论述"),
    ("民法典", 2020, "宪法"),
    ("八五", 2021, "七五"),
    ("主题教育", 2023, "专题学习"),
    ("十四五", 2021, "十三五"),
)


# wording that fits only a span of years: a sentence holding it is left out elsewhere
ONLY_IN = (
    ("疫情", 2020, 2022),
    ("新冠", 2020, 2022),
    ("十四五", 2021, 2025),
    ("十三五", 2016, 2020),
)


def fits(text: str, year: int) -> bool:
    return not any(p in text and not first <= year <= last for p, first, last in ONLY_IN)


def vary(text: str, rng: random.Random, rate: float = 0.35) -> str:
    """Some of the words that have register-preserving alternatives replaced by one."""
    return _VARIANT_RE.sub(
        lambda m: rng.choice(_VARIANT_OF[m.group()]) if rng.random() < rate else m.group(), text
    )


def for_level(text: str, level: str) -> str:
    """Wording written for a 镇 adapted to a 乡 or a 街道."""
    if level == "镇":
        return text
    i = 1 if level == "街道" else 0
    return _LEVEL_RE.sub(lambda m: LEVEL_WORDS[m.group()][i], text)


def for_year(text: str, year: int) -> str:
    for pattern, first, before in BY_YEAR:
        if year < first and pattern in text:
            text = text.replace(pattern, before)
    return text


def stem(rng: random.Random, length: int = 2) -> str:
    return "".join(rng.choice(NAME_CHARS) for _ in range(length))


@lru_cache(maxsize=1)
def place_words() -> tuple[str, ...]:
    """jieba's place names (tag ns) of 2–3 characters that township names use, naming no
    division of the table: what many real villages are called, and words the index knows."""
    import jieba

    from corpus.places.gazetteer import TOWNSHIP, gazetteer

    g = gazetteer()
    chars = {c for d in g.by_code.values() if d.rank == TOWNSHIP for c in d.name}
    out = []
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, tag = [*line.split(), "", ""][:3]
            if (
                tag == "ns"
                and 2 <= len(word) <= 3
                and word[-1] not in "县区市省州乡镇村街道路国洲"
                and all(c in chars for c in word)
                and not g.lookup(word)
            ):
                out.append(word)
    return tuple(sorted(out))


def village_names(rng: random.Random, count: int, street: bool) -> list[str]:
    names: set[str] = set()
    known = place_words()
    while len(names) < count:
        if street and rng.random() < 0.8:
            names.add(stem(rng) + rng.choice(COMMUNITY_TAILS) + "社区")
        elif rng.random() < 0.5:
            names.add(rng.choice(known) + "村")
        elif rng.random() < 0.5:
            names.add(rng.choice(SURNAMES) + rng.choice(VILLAGE_TAILS) + "村")
        else:
            names.add(stem(rng, rng.choice((1, 2, 2))) + rng.choice(VILLAGE_TAILS) + "村")
    return sorted(names)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def firm(rng: random.Random, county_short: str) -> str:
    return f"{rng.choice((county_short, ''))}{stem(rng)}{rng.choice(FIRM_TAILS)}"


def company(rng: random.Random, county_short: str) -> str:
    return f"{county_short}{stem(rng)}{rng.choice(INDUSTRY)}有限公司"


def project(rng: random.Random, village: str) -> str:
    kinds = (
        "人居环境整治",
        "污水管网改造",
        "道路提升",
        "高标准农田建设",
        "老旧小区改造",
        "集体经济产业园",
        "文化广场",
        "养老服务中心",
        "党群服务中心改造",
    )
    return f"{village.removesuffix('村').removesuffix('社区')}{rng.choice(kinds)}"

"""The words that name what a figure counts, built from its clause.

Before the number: the verb-object or noun phrase ending at it ("召开镇长办公会14次" →
召开镇长办公会), without leading time and scope words or trailing particles, cut on word
boundaries ("治理露天烧烤行为12起" keeps 行为). After the unit: the counted noun when the
number stands between a verb and its object ("聘请3名法律顾问" → 法律顾问).
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.search.segment import cut, word_tags
from corpus.vocab import alternation, dict_sections, numeral_chars

MAX_LABEL = 16
MAX_POST = 10
WINDOW = 28
CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
_HEADING_NUM = numeral_chars(1, 10, colloquial=False)  # 一…十, as in 一、（二）三是
LIST_MARKER = re.compile(
    rf"^(?:[（(][{_HEADING_NUM}\d]{{1,3}}[)）]|[{_HEADING_NUM}\d]{{1,2}}[、.．](?!\d)"
    rf"|其?[{_HEADING_NUM}]是)"
)
COUNTED_BEFORE = re.compile(rf"[{numeral_chars(1, 10)}\d]+[\u4e00-\u9fff]{{1,2}}$")
TRAIL_PHRASE = re.compile(r"等(?:各项|相关)?(?:工作|情况|事项|活动)?$")
QUOTES = "“”‘’\"'"


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    """The words dropped at either end of a label (``dict/label_words.txt``)."""
    return {k: frozenset(v) for k, v in dict_sections("label_words.txt").items()}


@lru_cache(maxsize=1)
def _time_words() -> re.Pattern[str]:
    """Time words opening a clause (``[时间]``, and a year with ``[年后]``: 2023年度)."""
    words = dict_sections("label_words.txt")
    after_year = alternation(words["年后"])
    return re.compile(rf"^(?:(?:19|20)\d{{2}}年(?:{after_year})?|{alternation(words['时间'])})+")


@lru_cache(maxsize=1)
def _verb_start() -> re.Pattern[str]:
    return re.compile(f"^(?:{alternation(dict_sections('label_words.txt')['动词开头'])})")


def words(section: str) -> frozenset[str]:
    """The words of one section of ``dict/label_words.txt``."""
    return _words()[section]


def lead_words() -> frozenset[str]:
    return _words()["开头"]


@lru_cache(maxsize=1)
def trail_words() -> frozenset[str]:
    return _words()["结尾"] | _words()["限定"]


def qualifiers() -> tuple[str, ...]:
    """The words before a number that make it a bound or an estimate: 不少于, 近, 约…"""
    return dict_sections("label_words.txt")["限定"]


def tagged(text: str) -> list[tuple[str, str]]:
    """Words with their tags, as jieba.posseg gives them without HMM, but from the shared
    tokenizer's cut (several times faster than a posseg cut)."""
    tags = word_tags()
    out = []
    for word in cut(text):
        if not word.strip():
            continue
        tag = tags.get(word) or ("m" if word[0].isdigit() else "x")
        out.append((word, tag))
    return out


def clause_start(sentence: str, number_start: int, previous_end: int) -> int:
    """Where the clause holding the number begins: after the last clause mark, or after the
    previous figure of the same clause ("…3902件次、接待群众咨询7011人次")."""
    start = max((m.end() for m in CLAUSE_END.finditer(sentence, 0, number_start)), default=0)
    if previous_end > start:
        start = previous_end + (sentence[previous_end : previous_end + 1] in "、和及与，")
    return start


def previous_clause(sentence: str, start: int) -> str:
    """The clause before the one starting at ``start`` ("开展普法宣传活动，共计12场")."""
    head = sentence[:start].rstrip("，,；;：: ")
    begin = max((m.end() for m in CLAUSE_END.finditer(head)), default=0)
    return head[begin:]


def pre_label(text: str) -> tuple[str, bool]:
    """The label from the words before a number, and whether they end in a verb (or 等)."""
    text = _time_words().sub("", LIST_MARKER.sub("", text.strip(" 、")))
    text = _drop_fragments(text)
    # "…《方案》等4个制度文件", "划分为“两大类型”208个网格": the counted noun follows
    enumeration = text.endswith(("等", "”", "》"))
    text = TRAIL_PHRASE.sub("", text)
    window = len(text) > WINDOW  # only the words near the number can be in the label
    tokens = tagged(text[-WINDOW:])
    if window and len(tokens) > 1:
        tokens.pop(0)  # may be half a word
    lead = lead_words()
    # "…《方案》等4个制度文件", "细分为七方面21个要点": the counted noun follows the unit
    ends_in_verb = (
        enumeration
        or bool(COUNTED_BEFORE.search(text))
        or (
            bool(tokens)
            and (
                tokens[-1][0] in ("等", "了", "对", "内", "中", "里", "范围内")
                or tokens[-1][1] in ("v", "vd", "p", "r", "s", "f")
                or (tokens[-1][1] == "ns" and len(tokens[-1][0]) <= 4)  # "为镇内10余家企业"
                or tokens[-1][0] in lead
            )
        )
    )
    _strip_end(tokens)
    if tokens and not ends_in_verb:
        ends_in_verb = tokens[-1][1] == "v" and len(tokens) == 1
    _strip_start(tokens)
    for _ in range(3):  # "党委书记、乡长带头讲法治课": one actor after another
        if not _drop_subject(tokens):
            break
        _strip_start(tokens)
    kept: list[str] = []
    for word, _ in reversed(tokens):
        if kept and len(word) + sum(map(len, kept)) > MAX_LABEL:
            break
        kept.insert(0, word)
    label = _after_de(_tidy("".join(kept)))
    if label in lead or label in trail_words():
        label = ""
    return label, ends_in_verb


def _strip_end(tokens: list[tuple[str, str]]) -> None:
    trail, changes = trail_words(), _words()["变到"]
    while tokens and tokens[-1][0] in trail:
        word, _ = tokens.pop()
        if word in ("至", "到") and tokens and tokens[-1][0] in changes:
            tokens.pop()


def _strip_start(tokens: list[tuple[str, str]]) -> None:
    lead, generic = lead_words(), _words()["泛称"]
    while len(tokens) > 1 and (tokens[0][0] in lead or not tokens[0][0].strip("“”、（）()")):
        if len(tokens) == 2 and tokens[1][0] in generic:
            break  # "涉及金额" stays
        tokens.pop(0)


@lru_cache(maxsize=1)
def _actors() -> tuple[str, ...]:
    """The endings of an actor (``[主语]``), for ``str.endswith``."""
    return tuple(_words()["主语"])


def _drop_subject(tokens: list[tuple[str, str]]) -> bool:
    """Drop a leading actor ("综合行政执法队", "12345热线") when two or more words follow."""
    actors = _actors()
    rest = sum(len(w) for w, _ in tokens)
    for i, (word, flag) in enumerate(tokens[:-2]):
        if flag.startswith("v") and flag != "vn" and not any(c.isdigit() for c in word):
            return False  # a verb before the actor: the actor is an object (邀请县司法局…)
        rest -= len(word)
        if rest >= 3 and word.endswith(actors):
            del tokens[: i + 1]
            return True
    return False


def _after_de(label: str) -> str:
    """ "镇政府作为被告的行政诉讼案件" → 行政诉讼案件, when what follows 的 is a full name."""
    head, de, tail = label.rpartition("的")
    return tail if de and len(tail) >= 4 and head else label


def with_object(label: str, before: str) -> str:
    """A bare verb ("全年公开39条") takes its object from the clause before when that clause
    has the same verb ("主动公开执法信息，全年公开39条" → 公开执法信息)."""
    if len(label) > 4 or label not in before:
        return label
    tags = tagged(label)
    if len(tags) != 1 or tags[0][1][:1] not in ("v", "a"):
        return label
    extended, _ = pre_label(before[before.rindex(label) :])
    return extended if extended.startswith(label) and len(extended) > len(label) else label


def post_phrase(text: str) -> str:
    """The words after the unit up to the next clause mark, number or enumeration comma."""
    m = re.match(r"(?:“[^”]*”|《[^》]*》|[^，,；;。！？、：:\d（(])*", text)
    return (m.group() if m else "").strip(QUOTES)


def starts_with_verb(post: str) -> bool:
    return bool(_verb_start().match(post))


def post_label(post: str) -> str:
    """The counted noun after the unit: "处级领导干部到镇…" → 处级领导干部."""
    label = post.rsplit("的", 1)[-1] if "的" in post else post
    label = _noun_phrase(re.split(r"[（(，]", label)[0].replace("“", "").replace("”", ""))
    kept, stop = "", _words()["名词止"]
    for word in cut(label):
        if kept and (word in stop or len(kept) + len(word) > MAX_POST):
            break
        kept += word
    return _tidy(kept)


def _noun_phrase(text: str) -> str:
    """A leading verb is kept ("召开党委扩大会"); the phrase ends at the next verb or particle."""
    out, seen_noun = "", False
    for i, (word, flag) in enumerate(tagged(text)):
        if flag.startswith("n") or flag in ("vn", "j", "l", "i", "zg"):
            seen_noun = True
        elif (flag == "c" and seen_noun) or (flag.startswith("v") and (i == 0 or not seen_noun)):
            pass  # "行政职权事项和便民服务事项", "召开党委扩大会"; jieba tags "处级" a verb
        elif flag in ("a", "b", "f", "s") and not seen_noun:
            pass
        else:
            break
        out += word
    return out if seen_noun else ""


def _drop_fragments(text: str) -> str:
    """Cut what precedes an unclosed title or quotation mark, and anything before an
    enumeration closed by 等 after a title ("…《工作制度汇编》等管理流程" → 管理流程)."""
    for close, opening in (("》", "《"), ("”", "“"), ("）", "（"), (")", "(")):
        last_close = text.rfind(close)
        if last_close >= 0 and text.rfind(opening, 0, last_close) < 0:
            text = text[last_close + 1 :]
    for opening, close in (("《", "》"), ("“", "”"), ("（", "）"), ("(", ")")):
        last_open = text.rfind(opening)
        if last_open >= 0 and text.find(close, last_open) < 0:
            text = text[:last_open] if last_open > 1 else text[last_open + 1 :]
    m = re.search(r"[》”]等(?=..)|、[^、]{1,8}等(?:领域|方面|行业|部门|单位)?(?=...)", text)
    if m:  # "…天津日报等区、市级新闻媒体采用" → 新闻媒体采用 (区、市级 is a level, not a name)
        text = re.sub(r"^[^、]{1,2}、[^、]{1,2}级", "", text[m.end() :])
    return text


def _tidy(label: str) -> str:
    label = label.strip(" 、，,")
    for a, b in (("“", "”"), ("《", "》"), ("‘", "’")):
        if label.count(a) != label.count(b):
            label = label.replace(a, "").replace(b, "")
    return label

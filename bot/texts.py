"""The bot's fixed chat texts (help, the command menu, usages, short notices) and the words
for library outcomes that the chat and the terminal share (bot/terminal.py adds the
command-line advice, bot/replies.py the chat's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from corpus.errors import (
    AmbiguousPlaceError,
    InputFileError,
    InvalidInputError,
    MissingMetadataError,
    PdfConversionError,
    ReportNotFoundError,
    StoreConflictError,
    TemplateProblem,
    TemplateVersionError,
    TemplateWarning,
    TownreportError,
    UnknownTemplateError,
    UnsupportedDatabaseError,
)

if TYPE_CHECKING:  # only for annotations: the chat and the CLI load these when needed
    from corpus.ingest import ShortText
    from corpus.search.answer import Nearest, NoAnswer

HELP = """<b>townreport 法治政府建设报告助手</b>

直接发问题即可，例如：
• 辛口镇2022年法律顾问审查了多少份合同？
• 杨柳青镇2023年存在哪些不足？
• 八里台镇2025年普法宣传打算怎么开展？

命令：
/reports — 已导入的乡镇和年度；/reports 乡镇 — 只看一个乡镇
/figures 乡镇 年度 — 一份报告中的全部数字，例如 /figures 辛口镇 2022
/compare 乡镇 年度1 年度2 — 两年数字对比，例如 /compare 辛口镇 2021 2022
/compare 区县 年度 [指标] — 各乡镇街道对比（图表和表格），例如 /compare 象山县 2023 合同审查
发送报告文件、说明栏写 /check — 检查报告是否齐全、年度是否一致、有没有没填的空
/draft 乡镇 年度 [模板] — 起草本年度报告（Word 文件），例如 /draft 辛口镇 2023；只发 /draft 会一步步问
/help — 显示本说明

管理员：
• 发送 .txt / .docx / .pdf 报告文件即导入，说明栏可写“辛口镇 2023”指定乡镇和年度
/templates — 模板列表
/template 名称 — 取得模板文件
发送 .j2 模板文件，说明栏写“/template_set 名称 修改说明” — 上传新版本
/template_history 名称 — 版本历史
/template_revert 名称 版本 — 恢复到某一版本"""

SHORT_HELP = (
    "没有这个命令。可以直接发问题，例如“辛口镇2022年法律顾问审查了多少份合同？”，"
    "或用 /reports、/figures 乡镇 年度、/compare 乡镇 年度1 年度2、/draft 乡镇 年度。"
    "发送 /help 查看全部说明。"
)
NOT_TEXT = "我只能回答文字问题。请直接发问题，或发送 /help 查看用法。"

# the command menu Telegram shows next to the input field
MENU = (
    ("reports", "已导入的乡镇和年度"),
    ("figures", "一份报告中的全部数字：/figures 乡镇 年度"),
    ("compare", "数字对比：/compare 乡镇 年度1 年度2，或 /compare 区县 年度 [指标]"),
    ("draft", "起草本年度报告（Word 文件）：/draft 乡镇 年度"),
    ("help", "使用说明"),
)
ADMIN_MENU = (
    *MENU,
    ("templates", "模板列表"),
    ("template", "取得模板文件：/template 名称"),
    ("template_history", "模板的版本历史：/template_history 名称"),
    ("template_revert", "恢复模板的某一版本：/template_revert 名称 版本"),
)

FIGURES_USAGE = "用法：/figures 乡镇 年度，例如 /figures 辛口镇 2022"
COMPARE_USAGE = "用法：/compare 乡镇 年度1 年度2，例如 /compare 辛口镇 2021 2022"
DRAFT_USAGE = "用法：/draft 乡镇 年度 [模板]，例如 /draft 辛口镇 2023；只发 /draft 会一步步问"
TOO_FAST = "提问太频繁了，请稍等一分钟再试。"
STRANGER_BUTTON = "未授权"
FAILED = "抱歉，处理这条消息时出错了，已记录下来。请稍后再试或换个说法。"
NO_REPORTS = "还没有导入任何报告，无法起草。管理员可以直接在这里发送报告文件导入。"
NO_QUESTION = "找不到原来的问题了，请重新提问。"
NO_MORE = "没有更多结果了。"
ADMIN_ONLY = "只有管理员可以导入报告和修改模板。"
CAPTION_USAGE = "说明栏请写乡镇和年度，例如：辛口镇 2023（也可以写“辛口镇2023年”“2023 辛口镇”）；或者留空，自动识别。"
TEMPLATE_SET_USAGE = "说明栏请写：/template_set 模板名称 修改说明"
NOT_UTF8 = "模板文件必须是 UTF-8 编码的文本。"
NO_REPORTS_YET = "还没有导入任何报告。管理员可以直接在这里发送报告文件导入。"
DATABASE_DOWN = "数据库暂时无法打开，请稍后再试，或告诉管理员。"
PDF_UNAVAILABLE = "无法生成 PDF：服务器没有安装 LibreOffice，请改要 Word 文件。"


def stranger(user_id: int) -> str:
    return (
        "您好！这个机器人只对登记过的工作人员开放。\n"
        f"您的 Telegram 用户 ID 是 <code>{user_id}</code>。"
        "请把这个 ID 发给管理员，登记后即可使用。"
    )


# -- library outcomes, as both the chat and the terminal say them -------------------------
# Each says what is wrong; advice that names a command-line option, a command or a setting is
# added by bot/terminal.py only (and the chat's own advice by bot/replies.py).
_MB = 1_000_000
OLD_WORD_KIND = {".wps": "WPS", ".doc": "旧版 Word（.doc）"}
PDF_ENCRYPTED = (
    "PDF 文件已加密（设置了打开或权限密码），无法可靠地提取文字："
    "请用原始的未加密文件，或在 PDF 软件中解除加密后另存，再导入。"
)


def file_problem(e: InputFileError) -> str:
    """What is wrong with one file (no path, no channel's advice)."""
    v, limit, detail = e.value, e.limit, e.detail
    kind = OLD_WORD_KIND.get(str(v), "旧版 Word（.doc）")
    match e.reason:
        case "unsupported":
            return f"不支持的文件类型“{v or '无扩展名'}”，只能导入 .txt、.docx、.pdf、.doc、.wps。"
        case "unreadable":
            return f"无法读取文件（{detail}）。"
        case "missing":
            return "文件不存在。"
        case "too_large":
            return f"文件过大（{_n(v) / 1e6:.1f} MB，上限 {_n(limit) / 1e6:.0f} MB），请拆分或压缩后再导入。"
        case "empty":
            return "文件是空的。"
        case "too_much_text":
            return f"文字过多（{v} 字，上限 {limit} 字），不像一份报告，请拆分后再导入"
        case "needs_libreoffice":
            return f"这是{kind}文件，需要 LibreOffice 才能读取"
        case "convert_timeout":
            return f"LibreOffice 转换超过 {limit} 秒未完成，请另存为 .docx 后再导入。"
        case "convert_failed":
            return f"LibreOffice 无法转换这个{kind}文件（可能已损坏），请另存为 .docx 后再导入。"
        case "binary":
            return "这不是文本文件（含有二进制内容），请提供 .txt、.docx 或 .pdf 报告。"
        case "encoding":
            return "无法识别文件编码，或文件不是文本，请另存为 UTF-8 编码的 .txt 后再导入。"
        case "docx_broken":
            why = f"（{detail}）" if detail else ""
            return f"Word 文件已损坏或不是 .docx 格式（旧版 .doc 请先另存为 .docx）{why}。"
        case "pdf_encrypted":
            return PDF_ENCRYPTED
        case "pdf_broken":
            return f"PDF 文件无法读取（{detail}）。" if detail else "PDF 文件已损坏，无法读取。"
        case "pdf_cid":
            return (
                "PDF 中的字体没有文字编码表，提取出来只是 (cid:…) 代码而不是文字："
                "请用生成它的软件重新导出 PDF（嵌入字体、保留文字），或提供 .docx/.txt 版本。"
            )
        case "scanned":
            return "PDF 中没有可提取的文字（可能是扫描件），请先做文字识别（OCR）或提供 .docx/.txt 版本。"
        case "zip_bomb":
            return (
                f"Word 文件解压后有 {_n(v) / _MB:.0f} MB，超过上限（{_n(limit) / _MB:g} MB），"
                "疑似“压缩炸弹”，已拒绝。如确是正常文件，请另存为 .docx 后再导入"
            )
        case "zip_ratio":
            return (
                f"Word 文件其中 {detail} 压缩了 {_n(v):.0f} 倍，超过上限（单个部件 {_n(limit):g} 倍），"
                "疑似“压缩炸弹”，已拒绝。如确是正常文件，请另存为 .docx 后再导入"
            )
        case "xml_entities":
            return f"Word 文件的 {detail} 中声明了 XML 实体（正常的 .docx 不会有），可能是恶意文件，已拒绝。"
        case "too_many_paragraphs":
            return f"Word 文件有 {v} 个段落，超过上限 {limit}；一份报告通常只有几百段，请检查文件"
        case "long_text_node":
            return (
                f"Word 文件的 {detail} 中有一段连续文字长达 {_n(v) / _MB:.1f} MB，"
                f"超过上限 {_n(limit) / _MB:g} MB，可能已损坏，已拒绝。"
            )
        case "no_text":
            return "文件中没有文字。"
        case "title_only":
            return "只找到标题，没有正文内容。"
        case "no_body":
            return "没有找到正文段落。"
        case "too_short":
            return f"{short_text(v)}这像一则短讯，不是报告"  # type: ignore[arg-type]
        case "unexpected":
            said = f"{detail}：{v}" if v else detail
            return f"无法导入（{said}），其余文件不受影响。"
        case "database_refused":
            return f"数据库拒绝保存这份报告（{detail}），未写入任何内容，其余文件不受影响。"
    return f"无法导入（{e.reason}）。"


def _n(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def short_text(s: ShortText) -> str:
    return f"正文只有 {s.chars} 字、{s.sentences} 句，比一份完整的报告（通常数千字）短得多。"


def finish(sentence: str, advice: str = "") -> str:
    """A description that may still lack its end, with a channel's advice (which brings its
    own punctuation) after it."""
    if sentence.endswith("。"):
        return sentence + advice.lstrip("，；：")
    return sentence + (advice or "。")


def towns_listing(available: Mapping[str, Sequence[int]], near: str = "", most: int = 8) -> str:
    """The stored towns with their years; past ``most`` towns, the ones closest to ``near``
    and how many there are in all (a province holds thousands)."""
    from rapidfuzz import process

    def one(t: str) -> str:
        return f"{t}（{'、'.join(str(y) for y in sorted(available[t]))}）"

    if len(available) <= most:
        return "；".join(one(t) for t in sorted(available))
    close = [t for t, _, _ in process.extract(near, list(available), limit=most)] if near else []
    shown = close or sorted(available)[:most]
    return f"{'；'.join(one(t) for t in shown)}等，共{len(available)}个乡镇"


def not_found(e: ReportNotFoundError) -> str:
    """No report for a place/year, with what exists (the caller adds how to add one)."""
    if not e.available:
        return "数据库中还没有任何报告。"
    if e.town in e.available:
        years = "、".join(str(y) for y in sorted(e.available[e.town]))
        return f"未找到{e.town}{e.year}年的报告。已有：{years}。"
    when = f"{e.year}年" if e.year else ""
    return f"未找到{e.town}{when}的报告。已有：{towns_listing(e.available, e.town)}。"


def ambiguous(e: AmbiguousPlaceError) -> str:
    listed = "、".join(e.choices[:8]) + ("等" if len(e.choices) > 8 else "")
    return f"“{e.name}”对应多个已导入的地方：{listed}。请写明所属区县，例如“{e.choices[0]}”。"


def missing_what(e: MissingMetadataError) -> str:
    return "、".join({"town": "乡镇名称", "year": "报告年度"}[m] for m in e.missing)


def invalid_input(e: InvalidInputError, example: str = "辛口镇") -> str:
    if e.field == "year":
        low, high = e.limit if isinstance(e.limit, tuple) else (1949, 2100)
        return f"年度 {e.value} 不在合理范围（{low}–{high}）内，请写四位年份，如 2023。"
    match e.reason:
        case "blank":
            return f"乡镇名称是空的，请写出名称，如 {example}。"
        case "control_chars":
            return "乡镇名称中含有控制字符或无法显示的字符，请重新输入。"
        case "too_long":
            size = len(str(e.value).strip())
            return f"乡镇名称过长（{size} 个字，最多 {e.limit} 个字），请检查。"
    return f"无法使用“{e.value}”。"


def nearest(n: Nearest) -> str:
    return f"{n.town}{n.year}年 {n.section or '开头部分'}"


def examples(available: Mapping[str, Sequence[int]]) -> str:
    town = next(iter(available))
    year = available[town][-1]
    return (
        f"请用一句话提问，最好写明乡镇和年度，例如：“{town}{year}年法律顾问审查了多少份合同？”"
        f"“{town}{year}年存在哪些不足？”"
    )


def no_answer(n: NoAnswer) -> str:
    """A question without a hit (the empty database is each channel's own: how to import)."""
    match n.kind:
        case "places":
            return f"{n.county}已导入报告的地方：{towns_listing(n.available, most=50)}。"
        case "not_found" if n.nearest:
            places = "；".join(nearest(x) for x in n.nearest)
            return f"未找到能回答这个问题的段落。最接近的章节：{places}。可以换个说法再问。"
        case "not_found":
            have = towns_listing(n.available, n.town or "")
            scope = f"{n.town}的报告中" if n.town else "已导入的报告中"
            return f"未找到：{scope}没有与这个问题相关的内容。已有报告：{have}。"
    return examples(n.available) if n.available else "数据库中还没有报告。"


# -- templates -----------------------------------------------------------------------------
SYNTAX = {
    "syntax_unclosed_block": "模板提前结束：可能少了 {% endfor %}、{% endif %} 或 {% endblock %}。",
    "syntax_unexpected_end": "模板提前结束：可能少了结束标记或右括号。",
    "syntax_unknown_tag": "未知的标签（拼写错误，或多了一个 {% end… %}）。",
    "syntax_unmatched_brace": "多了一个 }，或 {{ … }} / {% … %} 没有配对。",
    "syntax_bad_char": "有无法识别的字符（注意中文标点不能用在 {{ }} 和 {% %} 里面）。",
    "syntax_expected_token": "表达式写法不对（缺少逗号、括号或引号）。",
    "syntax_unexpected": "表达式写法不对。",
}
TEMPLATE_FIXED = {
    "nested_width": "格式中的宽度不能再用 {} 嵌套指定。",
    "power": "乘方的指数过大。",
    "format_mixed_args": "format 不能同时用位置参数和关键字参数。",
    "template_binary": "模板中含有二进制内容。",
    "render_died": "渲染进程意外退出（可能占用内存过多），已停止。",
    "recursion": "模板递归过深。",
}


def template_detail(p: TemplateProblem) -> str:
    """What is wrong in a template, without "模板有误" and the line."""
    v, limit, detail = p.value, p.limit, p.detail
    if p.reason in SYNTAX:
        return SYNTAX[p.reason]
    if p.reason in TEMPLATE_FIXED:
        return TEMPLATE_FIXED[p.reason]
    match p.reason:
        case "syntax":
            return f"语法错误（Jinja2 的说明：{detail}）。"
        case "unknown_filter" | "unknown_test":
            what = (
                "过滤器（写在 | 后面的名字）"
                if p.reason == "unknown_filter"
                else "测试（写在 is 后面的名字）"
            )
            hint = f"是不是想用 {'、'.join(p.choices)}？" if p.choices else "请检查拼写。"
            return f"没有名为 {v} 的{what}，{hint}"
        case "render_steps":
            return f"渲染超时（超过 {_n(limit):g} 秒或循环超过 {v} 步），已停止。"
        case "range_too_big":
            return f"range 太大（{v} 项，最多 {limit} 项）。"
        case "string_too_long":
            return f"生成的字符串过长（{v} 字符，最多 {limit}），已停止。"
        case "format_width":
            return f"格式宽度或精度过大（{v}，最多 {limit}）。"
        case "width":
            return f"宽度过大（{v}，最多 {limit}）。"
        case "lipsum":
            return f"lipsum 的参数过大（最多 {limit} 段、每段 1000 词）。"
        case "template_too_long":
            return f"模板过长（{v} 字符，最多 {limit}）。"
        case "render_time":
            return f"渲染超过 {_n(limit):g} 秒仍未结束，已强行停止。"
        case "render_memory":
            bound = f"（{limit} MB）" if limit else ""
            return f"渲染占用的内存超过上限{bound}，已停止。"
        case "output_too_long":
            return f"生成的文字过长（超过 {limit} 字符），已停止。"
        case "security":
            return f"出于安全原因，模板不能访问内部属性（{detail}）。"
        case "undefined_attribute":
            return f"用到了不存在的属性 {v}。"
        case "undefined_variable":
            return f"用到了不存在的变量 {v}（可用变量见 templates/README.md）。"
        case "undefined":
            return f"用到了不存在的变量或属性（{detail}）。"
        case "render_error":
            return f"渲染出错（{detail}：{v}）。"
    return detail or p.reason


def trial_label(place: str, year: int) -> str:
    return f"{place}{year}年的报告" if place else "空白框架（没有上年报告时）"


def template_problem(p: TemplateProblem) -> str:
    """A template problem in one message: 模板有误：第 N 行：…, naming a failed trial render."""
    line = f"第 {p.line} 行：" if p.line else ""
    if p.trial is None:
        return f"模板有误：{line}{template_detail(p)}"
    warned = f"（{'；'.join(map(template_warning, p.warnings))}）" if p.warnings else ""
    return f"模板有误：{line}用{trial_label(*p.trial)}试渲染失败：{template_detail(p)}{warned}"


def template_warning(w: TemplateWarning) -> str:
    match w.code:
        case "unknown_variable":
            hint = f"，是不是想用 {w.suggestion}？" if w.suggestion else "。"
            return f"未知变量 {w.value}（可用变量见 templates/README.md）{hint}"
        case "no_reports":
            return "数据库中还没有报告，无法试渲染。"
        case "sampled":
            return f"共有 {w.total} 个地方，只抽取了其中 {w.value} 个试渲染。"
    return w.code


def tried_with(tried: Sequence[tuple[str, int]]) -> str:
    """The reports a trial render used: 辛口镇2022年的报告、…等 N 份."""
    labels = [trial_label(*t) for t in tried]
    return "、".join(labels[:3]) + (f"等 {len(labels)} 份" if len(labels) > 3 else "")


def template_version(e: TemplateVersionError, revert: str) -> str:
    match e.reason:
        case "no_version":
            have = "、".join(map(str, e.versions))
            return f"模板“{e.name}”没有第 {e.version} 版。已有版本：{have}。"
        case "bad_name":
            return f"模板名称“{e.name}”不可用：只能包含中文、字母、数字、下划线和连字符（最多 64 个字符）。"
    return f"“{e.name}”不是内置模板，无法恢复内置版本。可以用 {revert} 回到以前的版本。"


def problem(exc: TownreportError) -> str | None:
    """The words both channels use for an error, or None where each has its own."""
    from corpus.figures.comparison import CountyNotFoundError, UnknownIndicatorError

    if isinstance(exc, ReportNotFoundError):
        return not_found(exc)
    if isinstance(exc, AmbiguousPlaceError):
        return ambiguous(exc)
    if isinstance(exc, TemplateProblem):
        return template_problem(exc)
    if isinstance(exc, UnknownTemplateError):
        return f"没有名为“{exc.name}”的模板。已有：{'、'.join(exc.known) or '（无）'}。"
    if isinstance(exc, StoreConflictError):
        return "保存模板时与其他修改冲突，请重试。"
    if isinstance(exc, UnsupportedDatabaseError):
        return f"不支持的数据库类型：{exc.dialect}（支持 SQLite 与 PostgreSQL）。"
    if isinstance(exc, PdfConversionError):
        why = {"no_output": "没有生成 PDF 文件。"}.get(exc.reason)
        if exc.reason == "timeout":
            why = f"超过 {exc.limit or 0:g} 秒仍未完成，已停止。"
        elif exc.reason == "failed":
            code = exc.detail.removeprefix("exit ")
            why = f"退出码 {code}。" if exc.detail.startswith("exit ") else exc.detail
        return f"LibreOffice 转换 PDF 失败：{why}"
    if isinstance(exc, CountyNotFoundError):
        have = "、".join(exc.counties[:12]) or "（还没有任何乡镇报告）"
        return f"没有找到“{exc.name}”所辖乡镇街道的报告。已有区县：{have}。"
    if isinstance(exc, UnknownIndicatorError):
        hint = f"最接近的有：{'、'.join(exc.close)}。" if exc.close else ""
        return f"没有名为“{exc.name}”的标准指标。{hint}全部指标见 corpus/dict/indicators.txt。"
    return None


# == chat strings moved here from the Telegram handlers (bot/telegram*.py, district_chat.py) ==
# Templates with {fields} are filled by the handler with str.format; HTML ones say so.

MORE_BUTTON = "更多结果"

# uploads (reports for the administrators, /check for everyone)
ONLY_IMPORTS = "{name}：只能导入 .txt、.docx、.pdf 文件。"
ONLY_CHECKS = "{name}：只能检查 .docx、.txt、.pdf 文件。"
FILE_TOO_LARGE = "{name}：文件过大（上限 {mb:g} MB）。"
IMPORTING = "正在导入《{name}》……"
CHECK_USAGE = "请把报告文件（.docx、.txt、.pdf）发给我，并在说明栏写 /check。"

# templates (administrators); the HTML ones are escaped by the handler
TEMPLATE_SAVED = "已保存：模板“{name}”第 {version} 版。"  # HTML
TEMPLATE_WARNING = "提醒：{warning}"  # HTML
TEMPLATES_TITLE = "<b>模板</b>"
TEMPLATE_LINE = "• <b>{name}</b>（{source}）第 {version} 版 {message}"  # HTML
TEMPLATE_SOURCE = {True: "内置", False: "自定义"}
TEMPLATE_USAGE = "用法：/template 模板名称"
TEMPLATE_CAPTION = "模板“{name}”当前版本"
TEMPLATE_HISTORY_USAGE = "用法：/template_history 模板名称"
TEMPLATE_HISTORY_TITLE = "<b>模板“{name}”的版本</b>"  # HTML
TEMPLATE_HISTORY_LINE = "第 {version} 版 · {author} · {when} · {message}"  # HTML
TEMPLATE_REVERT_USAGE = "用法：/template_revert 模板名称 版本号"
TEMPLATE_REVERTED = "已恢复：模板“{name}”第 {version} 版 = 原第 {old} 版。"

# /draft step by step
WHICH_TOWN = "为哪个乡镇起草？"
WHICH_YEAR = "{town}：起草哪一年的报告？"
WHICH_TEMPLATE = "{town}{year}年：用哪个模板？"
DRAFTING = "正在起草{town}{year}年度报告（模板：{template}）……"
DRAFT_FILE = "{town}{year}年度法治政府建设情况报告（草稿）.docx"
DRAFT_CAPTION = "{town}{year}年度报告草稿"

# /remove (administrators)
REMOVE_USAGE = (
    "用法：/remove 乡镇 年度，例如 /remove 辛口镇 2022（会先列出将删除的内容，确认后才删除）。"
)
REMOVE_ADMIN_ONLY = "只有管理员可以删除报告。"
REMOVE_WHAT = "将删除 <b>{town} {year}年</b> 的报告，共 {count} 个版本："  # HTML
REMOVE_VERSION = "• {state}《{title}》← {source}"  # HTML
VERSION_STATE = {True: "历史版本", False: "当前版本"}
REMOVE_SURE = "删除后无法恢复，确定吗？"
REMOVE_CONFIRM_BUTTON = "确认删除"
REMOVE_CANCEL_BUTTON = "取消"
REMOVE_CANCELLED = "已取消，未删除任何内容。"
REMOVE_GONE_ALREADY = "这份报告已经不在了（可能已被删除）。"
REMOVED = "已删除：{town} {year}年的报告（{count} 个版本）。"

# /compare for a county
COUNTY_USAGE = (
    "用法：/compare 区县 年度 [指标]，例如 /compare 象山县 2023 合同审查；"
    "几年的变化：/compare 象山县 2022 2023 合同审查。一个乡镇两年对比：/compare 辛口镇 2021 2022"
)
UNKNOWN_INDICATOR = "没有名为“{name}”的标准指标。{close}可用的指标：{known}。"
CLOSEST_INDICATORS = "最接近的有：{names}。"
COUNTY_CHART_CAPTION = "{county}{when}各地数字对比"


def years_span(first: int, last: int) -> str:
    """2023年, or 2021—2023年."""
    return f"{first}年" if first == last else f"{first}—{last}年"

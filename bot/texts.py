"""The bot's fixed chat texts: help, the command menu, usages and short notices."""

from __future__ import annotations

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


def stranger(user_id: int) -> str:
    return (
        "您好！这个机器人只对登记过的工作人员开放。\n"
        f"您的 Telegram 用户 ID 是 <code>{user_id}</code>。"
        "请把这个 ID 发给管理员，登记后即可使用。"
    )


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

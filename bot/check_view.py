"""A report check in words: each finding with where it is and how to fix it (terminal text,
JSON, and the chat's HTML)."""

from __future__ import annotations

from html import escape

from corpus.check import CheckReport, Finding, Where

PART_NAMES = {
    "achievements": "主要举措和成效",
    "problems": "存在的不足和原因",
    "duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "下一年度主要安排",
}
SEVERITY = {"error": "须修改", "warning": "请核对"}


def where_text(w: Where) -> str:
    if w.kind == "title":
        return "标题"
    if w.kind == "signature":
        return "落款"
    if w.kind == "date":
        return "成文日期"
    if w.kind == "report":
        return "全文"
    section = w.section.rsplit(" › ", 1)[-1] if w.section else "开头部分"
    if w.kind == "heading":
        return f"标题“{section}”"
    return f"第{w.paragraph}段（{section}）" if w.paragraph else f"“{section}”"


def expected(f: Finding) -> str:
    """What should be there; a date may be in either of two years ("2023或2024")."""
    years = f.data.get("years")
    return "或".join(map(str, years)) if isinstance(years, list) else f.expected


def problem(f: Finding) -> str:
    """What is wrong, in one sentence."""
    d = f.data
    match f.code:
        case "missing_part":
            return f"缺少法定部分“{PART_NAMES[f.expected]}”。"
        case "part_order":
            return f"四个法定部分的顺序不对：{f.found}。"
        case "no_title_year":
            return f"标题“{f.found}”中没有写年度。"
        case "year_mismatch":
            return f"“{f.found}”中的年度与报告年度不一致，应为{expected(f)}年。"
        case "blank":
            return f"有没填的空“{f.expected}”：{f.found}"
        case "no_signature":
            return "没有落款（报告单位的署名）。"
        case "no_date":
            return "没有成文日期。"
        case "plan_not_reported":
            return f"{d['year']}年报告的安排“{f.found}”在本报告中没有看到落实情况。"
        case "tenfold":
            return (
                f"{d['indicator']}由{d['year']}年的{d['before']}变为{d['after']}，相差十倍以上"
                f"（{f.found}）。"
            )
    return f.code


def fix(f: Finding) -> str:
    """How to put it right."""
    match f.code:
        case "missing_part":
            after = f.data.get("after")
            place = f"放在“{PART_NAMES[after]}”之后" if after else "放在正文最前面"
            return f"请补写“{PART_NAMES[f.expected]}”一部分，作为一级标题，{place}。"
        case "part_order":
            names = "、".join(PART_NAMES[p] for p in PART_NAMES)
            return f"按规定的顺序排列：{names}。"
        case "no_title_year":
            return "在标题中写明报告年度，例如“××镇2023年度法治政府建设情况报告”。"
        case "year_mismatch":
            if f.where.kind == "date":
                return f"成文日期应在{expected(f)}年，请核对落款日期。"
            return f"改为{expected(f)}年；标题、正文和落款的年度要一致（“下一年度安排”写下一年）。"
        case "blank":
            return (
                "填写实际内容，或删去这一处（草稿中的“【上年内容】”提示和“起草说明”要全部删除）。"
            )
        case "no_signature":
            return "在正文后写上报告单位全称，例如“××镇人民政府”。"
        case "no_date":
            return "在落款下写上成文日期，例如“2024年1月15日”。"
        case "plan_not_reported":
            return "在“主要举措和成效”中写明这项安排的落实情况；没有落实的，在“存在的不足和原因”中说明。"
        case "tenfold":
            return (
                "核对数字是否写错（多写或漏写一位、单位不同）；数字无误的，可在原文说明变化原因。"
            )
    return ""


def check_text(r: CheckReport) -> str:
    head = f"检查：{r.path}\n《{r.title}》（{r.town or '地方未识别'}，{r.year or '年度未识别'}年）"
    compared = (
        f"已与库中{r.previous_year}年的报告对照（上年安排、数字变化）。"
        if r.previous_year
        else "库中没有这个地方上一年的报告，未对照上年安排和数字。"
    )
    if not r.findings:
        return f"{head}\n{compared}\n未发现问题：四个法定部分齐全、顺序正确，年度一致，没有未填的空，落款和日期齐全。"
    lines = [head, compared, ""]
    for k, f in enumerate(_ordered(r), 1):
        lines.append(f"{k}. 【{SEVERITY[f.severity]}】{where_text(f.where)}：{problem(f)}")
        lines.append(f"   改法：{fix(f)}")
    lines.append("")
    lines.append(f"共 {len(r.errors)} 处须修改，{len(r.warnings)} 处请核对。")
    return "\n".join(lines)


def _ordered(r: CheckReport) -> list[Finding]:
    return [*r.errors, *r.warnings]


def check_json(r: CheckReport) -> dict[str, object]:
    return {
        "path": r.path,
        "title": r.title,
        "town": r.town,
        "year": r.year,
        "parts": list(r.parts),
        "previous_year": r.previous_year,
        "must_fix": r.must_fix,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "where": where_text(f.where),
                "section": f.where.section,
                "paragraph": f.where.paragraph,
                "found": f.found,
                "expected": expected(f),
                "problem": problem(f),
                "fix": fix(f),
            }
            for f in _ordered(r)
        ],
    }


def check_html(r: CheckReport, name: str) -> str:
    """The check as a chat reply."""
    title = f"<b>检查《{escape(r.title)}》</b>（{escape(name)}）"
    if not r.findings:
        return f"{title}\n✅ 未发现问题：四个法定部分齐全、顺序正确，年度一致，没有未填的空，落款和日期齐全。"
    lines = [title, f"共 {len(r.errors)} 处须修改，{len(r.warnings)} 处请核对："]
    for k, f in enumerate(_ordered(r), 1):
        mark = "❗" if f.severity == "error" else "⚠️"
        lines.append(
            f"{k}. {mark}<b>{escape(where_text(f.where))}</b>：{escape(problem(f))}\n"
            f"   改法：{escape(fix(f))}"
        )
    return "\n".join(lines)

"""Named templates with full history: built-in files in ``templates/`` plus users' versions.

Version 0 of a built-in template is its file; users' edits are versions 1, 2, … stored in the
database (never written over the file). Reverting or resetting adds a version, so nothing is
lost. Every text is validated before it is stored.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from jinja2 import meta
from rapidfuzz import process

from corpus.errors import TownreportError
from corpus.storage import versions
from corpus.storage.store import Store
from drafting.sandbox import TemplateProblem, check_syntax, limits, render_all

SUFFIX = ".md.j2"
NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff]{1,64}$")
KNOWN_VARIABLES = (
    *("town", "county", "year", "prior_year", "next_year", "title", "blank", "prior"),
    *("plans", "achievements", "problems", "duty", "intro_figures", "figures"),
    *("has_prior", "overview", "parts", "prompts", "prompt_mark", "superior", "county_level"),
    *("addressee", "signature", "signed_on", "issuer", "doc_number", "disclosure"),
    *("range", "loop", "lipsum", "cycler", "joiner", "namespace", "dict"),
)


class UnknownTemplateError(TownreportError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"没有名为“{name}”的模板。已有：{'、'.join(known) or '（无）'}。")


class TemplateVersionError(TownreportError):
    pass


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    builtin: bool
    version: int  # current version; 0 = the built-in file
    author: str
    updated_at: datetime | None
    message: str


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    author: str
    created_at: datetime | None
    message: str
    source: str


@dataclass(frozen=True)
class Validation:
    warnings: tuple[str, ...]
    tried_with: str | None  # the report a trial render used


def builtin_names() -> list[str]:
    root = resources.files("templates")
    return sorted(p.name.removesuffix(SUFFIX) for p in root.iterdir() if p.name.endswith(SUFFIX))


def builtin(name: str) -> str:
    """The text of a built-in template."""
    if name not in builtin_names():
        raise UnknownTemplateError(name, builtin_names())
    return (resources.files("templates") / f"{name}{SUFFIX}").read_text(encoding="utf-8")


def fallback_source(name: str) -> str:
    """The built-in template a failing saved version of ``name`` falls back to: the built-in
    file of that name, else ``default``."""
    return builtin(name if name in builtin_names() else "default")


def all_names(store: Store) -> list[str]:
    return sorted(set(builtin_names()) | set(versions.names(store)))


def history(store: Store, name: str) -> list[HistoryEntry]:
    """Every version of ``name``, oldest first; version 0 is the built-in file, if any."""
    entries = []
    if name in builtin_names():
        entries.append(HistoryEntry(0, "内置", None, "内置版本", builtin(name)))
    for v in versions.versions(store, name):
        text = v.source if v.source is not None else builtin(name)
        entries.append(HistoryEntry(v.version, v.author, v.created_at, v.message, text))
    if not entries:
        raise UnknownTemplateError(name, all_names(store))
    return entries


def source(store: Store, name: str, version: int | None = None) -> str:
    """The current text of ``name``, or that of ``version``."""
    entries = history(store, name)
    if version is None:
        return entries[-1].source
    for entry in entries:
        if entry.version == version:
            return entry.source
    have = "、".join(str(e.version) for e in entries)
    raise TemplateVersionError(f"模板“{name}”没有第 {version} 版。已有版本：{have}。")


def listing(store: Store) -> list[TemplateInfo]:
    out = []
    for name in all_names(store):
        last = history(store, name)[-1]
        out.append(
            TemplateInfo(
                name,
                name in builtin_names(),
                last.version,
                last.author,
                last.created_at,
                last.message,
            )
        )
    return out


def diff(store: Store, name: str, old: int, new: int) -> str:
    a, b = source(store, name, old), source(store, name, new)
    lines = difflib.unified_diff(
        a.splitlines(keepends=True),
        b.splitlines(keepends=True),
        fromfile=f"{name} 第{old}版",
        tofile=f"{name} 第{new}版",
    )
    return "".join(lines)


def validate(store: Store, text: str) -> Validation:
    """Syntax, variables and a trial render against a stored report; raises TemplateProblem."""
    tree = check_syntax(text)
    warnings = []
    for variable in sorted(meta.find_undeclared_variables(tree) - set(KNOWN_VARIABLES)):
        best = process.extractOne(variable, KNOWN_VARIABLES)
        hint = f"，是不是想用 {best[0]}？" if best and best[1] >= 60 else "。"
        warnings.append(f"未知变量 {variable}（可用变量见 templates/README.md）{hint}")
    tried = _trial_render(store, text, warnings)
    return Validation(tuple(warnings), tried)


def _trial_render(store: Store, text: str, warnings: list[str]) -> str | None:
    """Render ``text`` for the latest report of every stored place (up to
    ``validate_places`` of them, spread over the list) and for a blank skeleton, all in one
    bounded worker; the first failure names its place."""
    from drafting.compose import draft_context  # compose uses this module for template names
    from drafting.context import empty

    available = store.available()
    if not available:
        warnings.append("数据库中还没有报告，无法试渲染。")
        return None
    towns = _sample(sorted(available), limits().validate_places)
    labels, contexts = [], []
    for town in towns:
        base = max(available[town])
        labels.append(f"{town}{base}年的报告")
        contexts.append(draft_context(store, town, base, base + 1)[0])
    labels.append("空白框架（没有上年报告时）")
    contexts.append(empty("某某镇", "某某区", max(max(y) for y in available.values()) + 1))
    try:
        render_all(text, contexts)
    except TemplateProblem as exc:
        where = labels[exc.index] if exc.index is not None else labels[0]
        hint = f"（{'；'.join(warnings)}）" if warnings else ""
        raise TemplateProblem(f"用{where}试渲染失败：{_plain(exc)}{hint}", exc.line) from exc
    if len(towns) < len(available):
        warnings.append(f"共有 {len(available)} 个地方，只抽取了其中 {len(towns)} 个试渲染。")
    return "、".join(labels[:3]) + (f"等 {len(labels)} 份" if len(labels) > 3 else "")


def _sample(items: list[str], most: int) -> list[str]:
    if len(items) <= most:
        return items
    step = len(items) / most
    return [items[int(i * step)] for i in range(most)]


def _plain(exc: TemplateProblem) -> str:
    return re.sub(r"^模板有误：(第 \d+ 行：)?", "", str(exc))


def save(
    store: Store, name: str, text: str, author: str, message: str = ""
) -> tuple[versions.Version, Validation]:
    """Validate ``text`` and store it as the next version of ``name``."""
    check_name(name)
    checked = validate(store, text)
    return versions.add(store, name, text, author, message or "修改模板"), checked


def check_name(name: str) -> None:
    """A template name: Chinese, letters, digits, ``_`` and ``-``, at most 64 characters."""
    if not NAME.match(name):
        raise TemplateVersionError(
            f"模板名称“{name[:70]}”不可用：只能包含中文、字母、数字、下划线和连字符（最多 64 个字符）。"
        )


def revert(store: Store, name: str, version: int, author: str) -> versions.Version:
    """Make version ``version`` current again (as a new version)."""
    text = source(store, name, version)
    stored = None if version == 0 else text
    return versions.add(store, name, stored, author, f"恢复为第 {version} 版")


def reset(store: Store, name: str, author: str) -> versions.Version:
    """Go back to the built-in file (as a new version)."""
    if name not in builtin_names():
        raise TemplateVersionError(
            f"“{name}”不是内置模板，无法恢复内置版本。可以用 revert 回到以前的版本。"
        )
    return versions.add(store, name, None, author, "恢复为内置版本")

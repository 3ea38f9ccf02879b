"""Render user-editable Jinja2 templates safely: sandboxed, bounded in size, time and loops.

Templates come from users (command line, chat), so rendering assumes hostile input:
- ``SandboxedEnvironment`` refuses access to internals (``__class__``, ``__globals__`` …);
- ``range`` is replaced by a counted one, and every loop step checks a deadline;
- string/list repetition (``'a' * 10**9``) and powers are bounded;
- output is streamed and cut off at a size limit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from rapidfuzz import fuzz, process

from corpus.errors import TownreportError

MAX_TEMPLATE_CHARS = 100_000
MAX_OUTPUT_CHARS = 2_000_000
MAX_SECONDS = 5.0
MAX_STEPS = 2_000_000


class TemplateProblem(TownreportError):
    """A template that cannot be used; the message says what and, if known, on which line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        where = f"第 {line} 行：" if line else ""
        super().__init__(f"模板有误：{where}{message}")


@dataclass
class _Budget:
    deadline: float
    steps: int = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS or time.monotonic() > self.deadline:
            raise TemplateProblem(f"渲染超时（超过 {MAX_SECONDS:g} 秒或循环次数过多），已停止。")


class _Counted:
    """An iterable that spends the render budget on every step."""

    def __init__(self, items: Any, budget: _Budget) -> None:
        self._items = items
        self._budget = budget

    def __iter__(self) -> Iterator[Any]:
        for item in self._items:
            self._budget.tick()
            yield item

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        return self._items[index]


class _Environment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.budget = _Budget(time.monotonic() + MAX_SECONDS)
        self.globals["range"] = self._range

    def _range(self, *args: int) -> _Counted:
        r = range(*args)
        if len(r) > MAX_STEPS:
            raise TemplateProblem(f"range 太大（{len(r)} 项，最多 {MAX_STEPS} 项）。")
        return _Counted(r, self.budget)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise TemplateProblem("乘方的指数过大。")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if sized and len(seq) * n > MAX_OUTPUT_CHARS:
                    raise TemplateProblem("重复生成的内容过大。")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)


def check_syntax(source: str) -> nodes.Template:
    """Parse ``source``; a syntax error becomes a Chinese message with the line number."""
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem(f"模板过长（{len(source)} 字符，最多 {MAX_TEMPLATE_CHARS}）。")
    if "\x00" in source:
        raise TemplateProblem("模板中含有二进制内容。")
    env = _Environment()
    try:
        tree = env.parse(source)
        env.compile(tree)  # unknown filters and tests are found when compiling, not parsing
    except TemplateSyntaxError as exc:
        raise TemplateProblem(explain_syntax(exc, env), exc.lineno) from exc
    return tree


UNKNOWN_NAME = re.compile(r"No (filter|test) named '([^']*)'")


def _unknown_name(text: str, env: SandboxedEnvironment | None) -> str | None:
    """ "没有名为 x 的过滤器" with the closest ones that exist, for Jinja2's "No filter named"."""
    m = UNKNOWN_NAME.search(text)
    if not m:
        return None
    kind, name = m.groups()
    known = list((env.filters if kind == "filter" else env.tests) if env else [])
    close = [k for k, _, _ in process.extract(name, known, scorer=fuzz.ratio, score_cutoff=60)]
    close = close[:3]
    what = "过滤器（写在 | 后面的名字）" if kind == "filter" else "测试（写在 is 后面的名字）"
    hint = f"是不是想用 {'、'.join(close)}？" if close else "请检查拼写。"
    return f"没有名为 {name} 的{what}，{hint}"


def explain_syntax(exc: TemplateSyntaxError, env: SandboxedEnvironment | None = None) -> str:
    """A Chinese explanation of a Jinja2 syntax error."""
    text = exc.message or ""
    unknown = _unknown_name(text, env)
    if unknown:
        return unknown
    hints = [
        (
            "Unexpected end of template",
            "模板提前结束：可能少了 {% endfor %}、{% endif %} 或 {% endblock %}。",
        ),
        ("unexpected end of template", "模板提前结束：可能少了结束标记或右括号。"),
        ("Encountered unknown tag", "未知的标签（拼写错误，或多了一个 {% end… %}）。"),
        ("unexpected '}'", "多了一个 }，或 {{ … }} / {% … %} 没有配对。"),
        ("unexpected char", "有无法识别的字符（注意中文标点不能用在 {{ }} 和 {% %} 里面）。"),
        ("expected token", "表达式写法不对（缺少逗号、括号或引号）。"),
        ("unexpected", "表达式写法不对。"),
    ]
    for needle, explanation in hints:
        if needle in text:
            return explanation
    return f"语法错误（Jinja2 的说明：{text}）。"


@lru_cache(maxsize=32)
def _compiled(source: str) -> CodeType:
    """The compiled code of a checked template; the same text is compiled only once."""
    check_syntax(source)
    return _Environment().compile(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render ``source`` with ``context`` inside the sandbox and within the limits."""
    code = _compiled(source)
    env = _Environment()  # a fresh budget (deadline, loop steps) for every render
    try:
        template = env.template_class.from_code(env, code, env.make_globals(None))
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**_counted(context, env.budget)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateProblem(f"生成的文字过长（超过 {MAX_OUTPUT_CHARS} 字符），已停止。")
            env.budget.tick()
            chunks.append(chunk)
    except TemplateProblem:
        raise
    except SecurityError as exc:
        raise TemplateProblem(f"出于安全原因，模板不能访问内部属性（{exc}）。") from exc
    except UndefinedError as exc:
        raise TemplateProblem(_undefined(exc.message or ""), _line(exc)) from exc
    except TemplateError as exc:
        text = str(exc.message or exc)
        raise TemplateProblem(_unknown_name(text, env) or text, _line(exc)) from exc
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise TemplateProblem(f"渲染出错（{type(exc).__name__}：{exc}）。", _line(exc)) from exc
    except RecursionError as exc:
        raise TemplateProblem("模板递归过深。") from exc
    return "".join(chunks)


def _undefined(text: str) -> str:
    """Jinja2's "'x' is undefined" / "'dict object' has no attribute 'y'" in Chinese."""
    attribute = re.search(r"has no attribute '([^']*)'", text)
    if attribute:
        return f"用到了不存在的属性 {attribute.group(1)}。"
    name = re.search(r"'([^']*)' is undefined", text)
    if name:
        return f"用到了不存在的变量 {name.group(1)}（可用变量见 templates/README.md）。"
    return f"用到了不存在的变量或属性（{text}）。"


def _counted(context: Mapping[str, Any], budget: _Budget) -> dict[str, Any]:
    """Lists in the context are wrapped so that looping over them spends the budget."""
    return {k: _Counted(v, budget) if isinstance(v, list) else v for k, v in context.items()}


def _line(exc: BaseException) -> int | None:
    """The template line an exception was raised on, from its traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line

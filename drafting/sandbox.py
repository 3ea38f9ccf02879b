"""Render user-editable Jinja2 templates safely: sandboxed, bounded in size, time and loops.

Templates come from users (command line, chat), so rendering assumes hostile input:
- ``SandboxedEnvironment`` refuses access to internals (``__class__``, ``__globals__`` …);
- every ``{% for %}`` loop is rewritten to count its steps (over strings, lists, ranges, dict
  items, recursive loops), as is every call and attribute, against a step and time budget;
- strings are checked before they are built (``~``, ``+``, ``*``, ``%``, ``format``, padding,
  ``join``, ``replace``, ``indent``, ``lipsum``: see :mod:`drafting.guards`);
- output is streamed and cut off at a size limit;
- :func:`render` runs in a child process with an address-space limit, killed past its time
  (:mod:`drafting.worker`), so even a render stuck inside one C call ends.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer
from rapidfuzz import fuzz, process

from corpus.errors import TemplateProblem
from corpus.settings import Limits
from drafting import guards
from drafting.guards import GuardError
from drafting.worker import WorkerLimit, run_limited

MAX_TEMPLATE_CHARS = 100_000
MAX_OUTPUT_CHARS = 2_000_000
MAX_SECONDS = 5.0
MAX_STEPS = 2_000_000


@dataclass
class _Budget:
    deadline: float
    steps: int = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS or time.monotonic() > self.deadline:
            raise TemplateProblem("render_steps", value=MAX_STEPS, limit=limits().template_seconds)


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


class _Bounded(NodeTransformer):
    """Rewrites a parsed template: ``for x in E`` → ``for x in E|_counted``, ``a ~ b`` →
    ``(a, b)|_concat`` (its length checked before joining)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_counted", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        parts = nodes.Tuple(list(node.nodes), "load", lineno=node.lineno)
        return nodes.Filter(parts, "_concat", [], [], None, None, lineno=node.lineno)


class _Environment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.budget = _Budget(time.monotonic() + limits().template_seconds)
        self.globals["range"] = self._range
        self.globals["lipsum"] = _lipsum
        self.filters.update(
            _counted=self._counted,
            _concat=guards.concat,
            format=_format,
            center=_center,
            indent=_indent,
            join=self._join,
            replace=_replace,
        )

    def _counted(self, items: Any) -> _Counted:
        return items if isinstance(items, _Counted) else _Counted(items, self.budget)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Bounded().visit(super()._parse(source, name, filename))

    def _join(self, value: Any, d: str = "", attribute: Any = None) -> str:
        items = _Counted(value, self.budget)
        if attribute is not None:
            items = _Counted([self.getitem(x, attribute) for x in items], self.budget)
        return str(d).join(guards.check_join(items, str(d)))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.tick()
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (_Counted(args[0], __self.budget), *args[1:])
        guards.check_method(__obj, args, kwargs)
        return guards.check_result(super().call(__context, __obj, *args, **kwargs))

    def _range(self, *args: int) -> _Counted:
        r = range(*args)
        if len(r) > MAX_STEPS:
            raise TemplateProblem("range_too_big", value=len(r), limit=MAX_STEPS)
        return _Counted(r, self.budget)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        guards.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            guards.check_format(obj)  # the sandbox hands out a wrapper, not str.format
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    guards.check_format(value)
    if args and kwargs:
        raise GuardError("format_mixed_args")
    return guards.check_result(str(value) % (kwargs or args))


def _center(value: Any, width: int = 80) -> str:
    guards.check_width(width)
    return str(value).center(width)


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    from jinja2.filters import do_indent

    guards.check_indent(str(s), width)
    return do_indent(str(s), width, first, blank)


def _replace(s: Any, old: Any, new: Any, count: int | None = None) -> str:
    text, old, new = str(s), str(old), str(new)
    guards.check_replace(text, old, new, -1 if count is None else count)
    return text.replace(old, new, -1 if count is None else count)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    return generate_lorem_ipsum(*guards.lipsum_args(n, html, min, max))


def check_syntax(source: str) -> nodes.Template:
    """Parse ``source``; a syntax error becomes a TemplateProblem with its line number."""
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem("template_too_long", value=len(source), limit=MAX_TEMPLATE_CHARS)
    if "\x00" in source:
        raise TemplateProblem("template_binary")
    env = _Environment()
    try:
        tree = env.parse(source)
        env.compile(tree)  # unknown filters and tests are found when compiling, not parsing
    except TemplateSyntaxError as exc:
        raise explain_syntax(exc, env) from exc
    return tree


UNKNOWN_NAME = re.compile(r"No (filter|test) named '([^']*)'")
# Jinja2's syntax messages, by the words they contain (the first that fits): the reason code
SYNTAX = (
    ("Unexpected end of template", "syntax_unclosed_block"),
    ("unexpected end of template", "syntax_unexpected_end"),
    ("Encountered unknown tag", "syntax_unknown_tag"),
    ("unexpected '}'", "syntax_unmatched_brace"),
    ("unexpected char", "syntax_bad_char"),
    ("expected token", "syntax_expected_token"),
    ("unexpected", "syntax_unexpected"),
)


def _unknown_name(
    text: str, env: SandboxedEnvironment | None, line: int | None = None
) -> TemplateProblem | None:
    """Jinja2's "No filter named x" as an unknown_filter/unknown_test problem, with the
    closest names that exist."""
    m = UNKNOWN_NAME.search(text)
    if not m:
        return None
    kind, name = m.groups()
    known = list((env.filters if kind == "filter" else env.tests) if env else [])
    close = [k for k, _, _ in process.extract(name, known, scorer=fuzz.ratio, score_cutoff=60)]
    return TemplateProblem(f"unknown_{kind}", line, value=name, choices=tuple(close[:3]))


def explain_syntax(
    exc: TemplateSyntaxError, env: SandboxedEnvironment | None = None
) -> TemplateProblem:
    """A Jinja2 syntax error as a TemplateProblem: a reason code, its line, Jinja2's words."""
    text = exc.message or ""
    unknown = _unknown_name(text, env, exc.lineno)
    if unknown is not None:
        return unknown
    reason = next((code for needle, code in SYNTAX if needle in text), "syntax")
    return TemplateProblem(reason, exc.lineno, detail=text)


@lru_cache(maxsize=32)
def _compiled(source: str) -> CodeType:
    """The compiled code of a checked template; the same text is compiled only once."""
    check_syntax(source)
    return _Environment().compile(source)


def limits() -> Limits:
    """The template limits of the environment (TOWNREPORT_LIMIT_TEMPLATE_SECONDS, …_MEMORY_MB)."""
    return Limits.from_env(os.environ)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render ``source`` with ``context`` in the sandbox, in a child process bounded in time
    and memory (see :mod:`drafting.worker`)."""
    check_syntax(source)
    return render_all(source, [context])[0]


def render_all(source: str, contexts: Sequence[Mapping[str, Any]]) -> list[str]:
    """Render ``source`` with each context in turn, all in one bounded child process; the
    first failure raises its TemplateProblem, with ``index`` set to the context's position."""
    bound = limits()
    seconds = bound.template_seconds + 0.5 * len(contexts)
    try:
        return run_limited(
            _render_each, (source, list(contexts)), seconds, bound.template_memory_mb
        )
    except WorkerLimit as exc:
        reason, limit = {
            "time": ("render_time", bound.template_seconds),
            "memory": ("render_memory", bound.template_memory_mb),
        }.get(exc.kind, ("render_died", None))
        raise TemplateProblem(reason, limit=limit) from exc


def _render_each(source: str, contexts: list[Mapping[str, Any]]) -> list[str]:
    out = []
    for index, context in enumerate(contexts):
        try:
            out.append(render_here(source, context))
        except TemplateProblem as exc:
            exc.index = index
            raise
    return out


def render_here(source: str, context: Mapping[str, Any]) -> str:
    """Render in this process, within the step, time and size guards only."""
    code = _compiled(source)
    env = _Environment()  # a fresh budget (deadline, loop steps) for every render
    try:
        template = env.template_class.from_code(env, code, env.make_globals(None))
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**_counted(context, env.budget)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateProblem("output_too_long", limit=MAX_OUTPUT_CHARS)
            env.budget.tick()
            chunks.append(chunk)
    except TemplateProblem:
        raise
    except GuardError as exc:
        raise TemplateProblem(exc.reason, _line(exc), value=exc.value, limit=exc.limit) from exc
    except MemoryError as exc:
        raise TemplateProblem("render_memory") from exc
    except SecurityError as exc:
        raise TemplateProblem("security", detail=str(exc)) from exc
    except UndefinedError as exc:
        raise _undefined(exc.message or "", _line(exc)) from exc
    except TemplateError as exc:
        text = str(exc.message or exc)
        line = _line(exc)
        unknown = _unknown_name(text, env, line)
        raise (unknown or TemplateProblem("template", line, detail=text)) from exc
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise TemplateProblem(
            "render_error", _line(exc), value=str(exc), detail=type(exc).__name__
        ) from exc
    except RecursionError as exc:
        raise TemplateProblem("recursion") from exc
    return "".join(chunks)


def _undefined(text: str, line: int | None) -> TemplateProblem:
    """Jinja2's "'x' is undefined" / "'dict object' has no attribute 'y'" as a problem."""
    attribute = re.search(r"has no attribute '([^']*)'", text)
    if attribute:
        return TemplateProblem("undefined_attribute", line, value=attribute.group(1))
    name = re.search(r"'([^']*)' is undefined", text)
    if name:
        return TemplateProblem("undefined_variable", line, value=name.group(1))
    return TemplateProblem("undefined", line, detail=text)


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

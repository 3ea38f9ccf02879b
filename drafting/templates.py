"""Where templates come from: the built-in files in ``templates/``."""

from __future__ import annotations

from importlib import resources

from corpus.errors import TownreportError

SUFFIX = ".md.j2"


class UnknownTemplateError(TownreportError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"没有名为“{name}”的模板。已有：{'、'.join(known) or '（无）'}。")


def builtin_names() -> list[str]:
    root = resources.files("templates")
    return sorted(p.name.removesuffix(SUFFIX) for p in root.iterdir() if p.name.endswith(SUFFIX))


def builtin(name: str) -> str:
    """The text of a built-in template."""
    if name not in builtin_names():
        raise UnknownTemplateError(name, builtin_names())
    return (resources.files("templates") / f"{name}{SUFFIX}").read_text(encoding="utf-8")

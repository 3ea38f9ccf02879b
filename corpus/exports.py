"""Public names of a sub-package, imported on first use (PEP 562), so that a command loads
only the modules it needs: ``__getattr__ = lazy(__name__, {"Store": "store", …})``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each name in ``exports`` from its submodule."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(import_module(f"{package}.{exports[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__

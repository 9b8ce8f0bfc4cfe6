"""The bench scripts (``bench/*.py``, not a package) loaded as modules for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load(name: str) -> ModuleType:
    """``bench/<name>.py`` as the module ``name``, loaded once per test session (the bench
    scripts import each other by name, so every test must see the same module objects)."""
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", "").startswith(str(BENCH)):
        return loaded
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module

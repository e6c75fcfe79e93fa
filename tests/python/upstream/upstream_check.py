"""Shared machinery of the upstream-example tests.

The upstream example files here import torch (and torch-based packages: fla, einops, triton) at module level for
their own reference code and `main()`. torch is not installed in this environment (PyPI's build is CUDA-only and
~5 GB), so when it is missing those modules are replaced by placeholders: importing works, and any *use* of them
(calling torch.randn, building a tensor, ...) raises TorchCodeNotRun — except the decorator
factories of class definitions (`@torch.no_grad()`), which leave the decorated function as it is. The tests call the examples' kernel factories
with numpy arrays and compare with numpy references written from the examples' torch references; the torch code
itself is never run, and nothing a kernel computes passes through a placeholder.

load(name) imports one copied example as a module. Example files that run torch code at import time (quickstart,
online_softmax) stop at the first placeholder use: load() returns the module with everything defined before that
point (their kernels), which is what the tests use.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import pathlib
import sys
import types

HERE = pathlib.Path(__file__).resolve().parent
PLACEHOLDER_ROOTS = ("torch", "fla", "einops", "triton")


class TorchCodeNotRun(RuntimeError):
    pass


class _PlaceholderMeta(type):
    """Placeholders are classes of this metaclass, standing for a name from a missing torch-ecosystem module:
    usable in definitions (annotations, default arguments, dict keys, base classes, isinstance checks, which they
    never match), failing when called."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _placeholder(f"{cls._path}.{name}")

    def __call__(cls, *args, **kwargs):
        if cls._path in _DECORATOR_FACTORIES:
            return _decorator_only(cls._path)
        raise TorchCodeNotRun(f"{cls._path}(...) is torch code of the upstream example; it is not run here")

    def __getitem__(cls, item):
        return _placeholder(f"{cls._path}[...]")

    def __repr__(cls):
        return f"<not installed: {cls._path}>"


# torch calls that make decorators (`@torch.no_grad()` on a method of an example's module class): in a definition
# they decorate, leaving the function as it is (the torch code in it still fails when run).
_DECORATOR_FACTORIES = {"torch.no_grad", "torch.inference_mode", "torch.enable_grad"}


def _decorator_only(path):
    def decorate(fn):
        if not callable(fn):
            raise TorchCodeNotRun(f"{path}() is torch code of the upstream example; it is not run here")
        return fn
    return decorate


def _placeholder(path):
    return _PlaceholderMeta(path.rsplit(".", 1)[-1], (), {"_path": path})


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _placeholder(f"{self.__name__}.{name}")


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in PLACEHOLDER_ROOTS:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        m = _PlaceholderModule(spec.name)
        m.__path__ = []
        m.__file__ = f"<placeholder for {spec.name}: not installed>"
        return m

    def exec_module(self, module):
        pass


def _missing(name):
    try:
        return importlib.util.find_spec(name) is None
    except (ImportError, ValueError):
        return True


if _missing("torch"):
    sys.meta_path.insert(0, _Finder())
else:  # real torch: only the torch-based packages that are absent get placeholders
    PLACEHOLDER_ROOTS = tuple(r for r in PLACEHOLDER_ROOTS if _missing(r))
    if PLACEHOLDER_ROOTS:
        sys.meta_path.insert(0, _Finder())

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # the examples import their siblings (example_fusedmoe_torch, utils)

_loaded = {}


def load(name):
    """The copied example `name` (file name without .py) as a module, imported once."""
    if name in _loaded:
        return _loaded[name]
    spec = importlib.util.spec_from_file_location(f"upstream_{name}", HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except TorchCodeNotRun:
        pass  # module-level torch code: everything defined before it is there
    _loaded[name] = mod
    return mod

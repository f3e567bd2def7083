#!/usr/bin/env python
"""Mutation testing of r1widgets' pure math (``core/*.py``) and the widget base (``_base.py``).

Each mutant is one small change to one module's syntax tree: a comparison moved across its
boundary or negated, an arithmetic operator swapped, a numeric constant changed, a boolean
flipped, a ``raise`` dropped, a condition negated, ``min`` swapped for ``max``, a side-effect
statement dropped. A mutant is *killed* when a test fails against it (or errors, or hangs past
a time limit) and *survives* when every test passes. A survivor listed in
``scripts/mutate-equivalent.txt`` is judged *equivalent*: nothing the program promises can tell
it from the original, for the reason given there. Score = killed / (mutants − equivalent).

How it runs: one traced run of the unmutated tests records which test runs which line. Each
mutant then runs, with ``-x``, the tests that ran its lines, quickest first (all the tests of
its module if the line also runs at import). Nothing under ``src/`` is touched: each mutant
runs in a forked child whose import of the module is served, from memory, by the mutated
tree; the parent imports the third-party packages once, so a mutant costs a fork and a few
tests, not a fresh interpreter.

    python scripts/mutate.py                          # all, report in benchmarks/mutation.md
    python scripts/mutate.py -m core/policy.py --list  # the mutants of one module and their keys
    python scripts/mutate.py -m core/grpo.py -j 2      # one module (no report unless --report)
    python scripts/mutate.py --show "softmax::z = z"   # the mutated statement of matching keys
    python scripts/mutate.py --exclude "test_edges_*"  # what the tests add: leave some out
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "r1widgets"
EQUIVALENT_FILE = ROOT / "scripts" / "mutate-equivalent.txt"
REPORT_FILE = ROOT / "benchmarks" / "mutation.md"
TEST_DIRS = (ROOT / "tests" / "core", ROOT / "tests" / "chapters")
EXTRA_TESTS = (ROOT / "tests" / "test_registry.py",)
PACKAGE = "r1widgets"
# Modules that import every chapter: a test importing them is not evidence about one module.
AGGREGATORS = {"__init__", "registry", "walkthrough"}


def default_modules() -> list[str]:
    mods = sorted(p.relative_to(SRC).as_posix() for p in (SRC / "core").glob("*.py"))
    return [m for m in mods if not m.endswith("__init__.py")] + ["_base.py"]


# --- mutation operators -------------------------------------------------------------------


def _table(text: str) -> dict:
    return {getattr(ast, k): getattr(ast, v) for k, v in (p.split(">") for p in text.split())}


CMP_BOUNDARY = _table("Lt>LtE LtE>Lt Gt>GtE GtE>Gt")
CMP_NEGATE = _table(
    "Lt>GtE LtE>Gt Gt>LtE GtE>Lt Eq>NotEq NotEq>Eq Is>IsNot IsNot>Is In>NotIn NotIn>In"
)
BINOP = _table(
    "Add>Sub Sub>Add Mult>Div Div>Mult FloorDiv>Div Mod>FloorDiv Pow>Mult BitAnd>BitOr BitOr>BitAnd"
)
SYMBOL = {
    getattr(ast, k): v.replace("_", " ")
    for k, v in (
        p.split(":")
        for p in "Lt:< LtE:<= Gt:> GtE:>= Eq:== NotEq:!= Is:is IsNot:is_not In:in NotIn:not_in "
        "Add:+ Sub:- Mult:* Div:/ FloorDiv:// Mod:% Pow:** BitAnd:& BitOr:| And:and Or:or "
        "USub:- Not:not".split()
    )
}
SWAP_NAMES = dict(
    p.split(">")
    for p in "min>max max>min minimum>maximum maximum>minimum argmin>argmax argmax>argmin "
    "any>all all>any floor>ceil ceil>floor".split()
)


@dataclass
class Mutant:
    module: str  # path under src/r1widgets, e.g. "core/policy.py"
    index: int  # the node's position in ast.walk order
    kind: str
    arg: object
    qualname: str
    line: int
    end_line: int
    source_line: str
    description: str
    first_line: int = 0  # where the statement holding it starts (the line a trace reports)
    key: str = ""
    status: str = ""  # killed | timeout | survived | equivalent
    seconds: float = 0.0
    uncovered: bool = False  # no test runs its line


@dataclass
class Context:
    """Per-node facts the operators need: where it is and whether to leave it alone."""

    parent: dict[int, tuple[ast.AST, str, int | None]] = field(default_factory=dict)
    qualname: dict[int, str] = field(default_factory=dict)
    skip: set[int] = field(default_factory=set)
    tests: set[int] = field(default_factory=set)  # direct tests of if/while/ifexp/assert


DISPLAYS = (ast.Tuple, ast.List, ast.Dict, ast.Set)


def _mark(node: ast.AST, into: set[int]) -> None:
    for sub in ast.walk(node):
        into.add(id(sub))


def _is_log_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in {"log", "logging", "warnings"}
    )


def analyse(tree: ast.Module) -> Context:
    ctx = Context()

    def visit(node: ast.AST, qual: str) -> None:
        ctx.qualname[id(node)] = qual
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            qual = f"{qual}.{node.name}" if qual != "<module>" else node.name
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                _mark(body[0], ctx.skip)  # docstring
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                if a.annotation is not None:
                    _mark(a.annotation, ctx.skip)
            for a in (node.args.vararg, node.args.kwarg):
                if a is not None and a.annotation is not None:
                    _mark(a.annotation, ctx.skip)
            if node.returns is not None:
                _mark(node.returns, ctx.skip)
        if isinstance(node, ast.AnnAssign):
            _mark(node.annotation, ctx.skip)
        if isinstance(node, ast.Raise):  # only "drop the raise"; its message is text
            for part in (node.exc, node.cause):
                if part is not None:
                    _mark(part, ctx.skip)
        if isinstance(node, ast.JoinedStr) or _is_log_call(node):
            _mark(node, ctx.skip)  # messages: text, not behaviour
        if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
            ctx.tests.add(id(node.test))
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in {"__all__", "__version__"} for t in node.targets
        ):
            _mark(node, ctx.skip)
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                for i, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        ctx.parent[id(child)] = (node, name, i)
                        visit(child, qual)
            elif isinstance(value, ast.AST):
                ctx.parent[id(value)] = (node, name, None)
                visit(value, qual)

    if tree.body and isinstance(tree.body[0], ast.Expr):
        _mark(tree.body[0], ctx.skip)  # module docstring
    for stmt in tree.body:  # module-level tables of numbers (illustrative logits, ranges): data
        value = getattr(stmt, "value", None)
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(value, DISPLAYS):
            _mark(value, ctx.skip)
    visit(tree, "<module>")
    return ctx


def _ops_for(node: ast.AST, ctx: Context) -> list[tuple[str, object, str]]:
    """(kind, arg, description) of every mutation of this one node."""
    out: list[tuple[str, object, str]] = []
    if isinstance(node, ast.Compare):
        for j, op in enumerate(node.ops):
            t = type(op)
            if t in CMP_BOUNDARY:
                new = CMP_BOUNDARY[t]
                out.append(("cmp", (j, new), f"`{SYMBOL[t]}` → `{SYMBOL[new]}`"))
            # a single comparison tested by if/while is already negated by "negate"
            if t in CMP_NEGATE and not (id(node) in ctx.tests and len(node.ops) == 1):
                new = CMP_NEGATE[t]
                out.append(("cmp", (j, new), f"`{SYMBOL[t]}` → `{SYMBOL[new]}`"))
    elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINOP:
        text = (ast.Constant, ast.JoinedStr)
        aug = isinstance(node, ast.AugAssign)
        operands = [node.target, node.value] if aug else [node.left, node.right]
        if not any(isinstance(o, text) and not _is_number(o) for o in operands):
            new = BINOP[type(node.op)]
            sym, nsym = (
                (SYMBOL[type(node.op)], SYMBOL[new])
                if not aug
                else (
                    SYMBOL[type(node.op)] + "=",
                    SYMBOL[new] + "=",
                )
            )
            out.append(("binop", new, f"`{sym}` → `{nsym}`"))
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        out.append(("boolop", new, f"`{SYMBOL[type(node.op)]}` → `{SYMBOL[new]}`"))
    elif isinstance(node, ast.UnaryOp) and type(node.op) in (ast.USub, ast.Not):
        out.append(("unary", None, f"drop unary `{SYMBOL[type(node.op)]}`"))
    elif isinstance(node, ast.Constant) and not isinstance(node.value, str | bytes):
        v = node.value
        if isinstance(v, bool):
            out.append(("const", not v, f"`{v}` → `{not v}`"))
        elif isinstance(v, int):
            out.append(("const", v + 1, f"`{v}` → `{v + 1}`"))
        elif isinstance(v, float) and v == v and abs(v) != float("inf"):
            new = v + 1.0 if v + 1.0 != v else v * 2.0
            out.append(("const", new, f"`{v!r}` → `{new!r}`"))
    elif isinstance(node, ast.Raise):
        out.append(("drop", None, "drop the `raise`"))
    elif isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
        out.append(("negate", None, f"negate the `{type(node).__name__.lower()}` condition"))
    elif isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name in SWAP_NAMES:
            out.append(("swapcall", SWAP_NAMES[name], f"`{name}` → `{SWAP_NAMES[name]}`"))
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        out.append(("drop", None, "drop the call statement"))
    elif isinstance(node, ast.Assign) and all(
        isinstance(t, ast.Subscript | ast.Attribute) for t in node.targets
    ):
        out.append(("drop", None, "drop the assignment"))
    return out


def _is_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int | float)


def enumerate_mutants(module: str, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    ctx = analyse(tree)
    lines = source.splitlines()
    mutants: list[Mutant] = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in ctx.skip or not hasattr(node, "lineno"):
            continue
        for kind, arg, desc in _ops_for(node, ctx):
            line = node.lineno
            qual = ctx.qualname[id(node)]
            m = Mutant(module, index, kind, arg, qual, line, node.end_lineno, "", desc)
            m.source_line = lines[line - 1].strip()
            m.key = _statement_text(node, ctx)
            m.first_line = min(line, _statement(node, ctx).lineno)
            mutants.append(m)
    # a stable name: module, function, the statement's code (not its line number, which moves
    # whenever code above it changes, nor its comments) and the change; repeats get #2, #3, ...
    mutants.sort(key=lambda m: (m.line, m.index))
    seen: dict[str, int] = defaultdict(int)
    for m in mutants:
        base = f"{m.module}::{m.qualname}::{m.key}::{m.description}"
        seen[base] += 1
        m.key = base if seen[base] == 1 else f"{base} #{seen[base]}"
    return mutants


def mutated_tree(mutant: Mutant, source: str) -> tuple[ast.Module, ast.AST]:
    """``source``'s tree with ``mutant`` applied, and the statement that holds the change."""
    tree = ast.parse(source)
    ctx = analyse(tree)
    node = next(n for i, n in enumerate(ast.walk(tree)) if i == mutant.index)
    stmt = _statement(node, ctx)
    kind, arg = mutant.kind, mutant.arg
    if kind == "cmp":
        j, new = arg
        node.ops[j] = new()
    elif kind in ("binop", "boolop"):
        node.op = arg()
    elif kind == "const":
        node.value = arg
    elif kind == "swapcall":
        if isinstance(node.func, ast.Name):
            node.func.id = arg
        else:
            node.func.attr = arg
    elif kind == "negate":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    elif kind in ("unary", "drop"):
        parent, name, i = ctx.parent[id(node)]
        new = node.operand if kind == "unary" else ast.Pass()
        if i is None:
            setattr(parent, name, new)
        else:
            getattr(parent, name)[i] = new
        if node is stmt:
            stmt = new
    else:  # pragma: no cover
        raise ValueError(kind)
    ast.fix_missing_locations(tree)
    return tree, stmt


def _statement(node: ast.AST, ctx: Context) -> ast.AST:
    while not isinstance(node, ast.stmt) and id(node) in ctx.parent:
        node = ctx.parent[id(node)][0]
    return node


def _statement_text(node: ast.AST, ctx: Context, limit: int = 100) -> str:
    """The code of the statement holding ``node``, normalised (no comments, one line); for a
    compound statement only its header."""
    stmt = _statement(node, ctx)
    if isinstance(stmt, ast.If | ast.While):
        text = f"{type(stmt).__name__.lower()} {ast.unparse(stmt.test)}:"
    elif isinstance(stmt, ast.For):
        text = f"for {ast.unparse(stmt.target)} in {ast.unparse(stmt.iter)}:"
    elif isinstance(stmt, ast.With):
        text = f"with {', '.join(ast.unparse(i) for i in stmt.items)}:"
    elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        text = f"def {stmt.name}({ast.unparse(stmt.args)}):"
    elif isinstance(stmt, ast.ClassDef | ast.Try):
        text = ast.unparse(stmt).splitlines()[0]
    else:
        text = ast.unparse(stmt)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def apply(mutant: Mutant, source: str, path: str):
    """The code object of ``source`` with ``mutant`` applied."""
    tree, _ = mutated_tree(mutant, source)
    return compile(tree, path, "exec", dont_inherit=True)


# --- which tests see a module --------------------------------------------------------------


def _module_name(rel: str) -> str:
    return rel.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _imports(tree: ast.AST, current: str | None, reexports: dict[str, str]) -> set[str]:
    """Modules of the package (dotted, without the package prefix) a file imports."""
    known = {_module_name(p.relative_to(SRC).as_posix()) for p in SRC.rglob("*.py")}
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(PACKAGE + "."):
                    found.add(a.name[len(PACKAGE) + 1 :])
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative, inside the package
                base = (current or "").split(".")
                base = base[: len(base) - node.level] if node.level <= len(base) else []
                mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and (node.module == PACKAGE or node.module.startswith(PACKAGE + ".")):
                mod = node.module[len(PACKAGE) + 1 :]
            else:
                continue
            for a in node.names:
                sub = f"{mod}.{a.name}" if mod else a.name
                if sub in known:
                    found.add(sub)
                elif not mod and a.name in reexports:
                    found.add(reexports[a.name])
                elif mod:
                    found.add(mod)
    return found


def test_files(module: str) -> list[Path]:
    """The test files that exercise ``module``: first those that import it (its own tests
    first), then those that import only a module built on it."""
    init = ast.parse((SRC / "__init__.py").read_text())
    reexports = {
        a.asname or a.name: (node.module or "")
        for node in ast.walk(init)
        if isinstance(node, ast.ImportFrom) and node.level
        for a in node.names
    }
    graph: dict[str, set[str]] = {}
    for p in SRC.rglob("*.py"):
        name = _module_name(p.relative_to(SRC).as_posix())
        if name and name.split(".")[-1] not in AGGREGATORS:
            graph[name] = _imports(ast.parse(p.read_text()), name, reexports)
    target = _module_name(module)
    users = {target}
    while more := {m for m, deps in graph.items() if deps & users} - users:
        users |= more
    stem = target.split(".")[-1].strip("_")
    files = sorted(p for d in TEST_DIRS for p in d.glob("test_*.py")) + list(EXTRA_TESTS)
    direct, indirect = [], []
    for f in files:
        if f.name in TIMING_TESTS or any(fnmatch.fnmatch(f.name, g) for g in EXCLUDED):
            continue
        deps = _imports(ast.parse(f.read_text()), None, reexports)
        if target in deps:
            direct.append(f)
        elif deps & users:
            indirect.append(f)
    direct.sort(key=lambda f: (stem not in f.name, "chapters" in f.parts, f.name))
    indirect.sort(key=lambda f: ("chapters" in f.parts, f.name))
    return direct + indirect


# --- running the tests in forked children ------------------------------------------------


class _Loader(importlib.abc.Loader):
    def __init__(self, code):
        self.code = code

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.code, module.__dict__)


class _Finder(importlib.abc.MetaPathFinder):
    """Serves one module of the package from a code object instead of its file."""

    def __init__(self, fullname: str, path: str, code):
        self.fullname, self.path, self.code = fullname, path, code

    def find_spec(self, name, path=None, target=None):
        if name != self.fullname:
            return None
        return importlib.util.spec_from_file_location(name, self.path, loader=_Loader(self.code))


class _Coverage:
    """A pytest plugin for the baseline run: which test runs which line of the target modules
    (lines run outside any test, at import, go under ""), how long each test takes, which fail.

    A test that reads a cached value does not run the lines behind it, so the lines run inside
    a cached function are also listed apart: a mutant there that survives its selected tests
    is run against every test of its module before it counts as a survivor."""

    def __init__(self, targets: set[str]):
        self.targets = targets
        self.current = ""
        self.cover: dict[str, dict[int, set[str]]] = {t: defaultdict(set) for t in targets}
        self.under_cache: dict[str, set[int]] = {t: set() for t in targets}
        self.cached_code: set = set()
        self.depth = 0  # cached calls on the stack
        self.seconds: dict[str, float] = {}
        self.failed: list[str] = []

    def trace(self, frame, event, arg):
        name = frame.f_code.co_filename
        if name not in self.targets:
            return None
        lines, hidden = self.cover[name], self.under_cache[name]
        cached = frame.f_code in self.cached_code
        self.depth += cached

        def record(line: int) -> None:
            lines[line].add(self.current)
            if self.depth:
                hidden.add(line)

        def local(frame, event, arg):
            if event == "line":
                record(frame.f_lineno)
            elif event == "return":
                self.depth -= cached
            return local

        record(frame.f_lineno)
        return local

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        for mod in list(sys.modules.values()):  # the package's cached functions, once imported
            if getattr(mod, "__file__", None) in self.targets:
                for obj in list(vars(mod).values()):
                    if hasattr(obj, "cache_info") and hasattr(obj, "__wrapped__"):
                        self.cached_code.add(obj.__wrapped__.__code__)
        self.current, start = item.nodeid, time.perf_counter()
        yield
        self.seconds[item.nodeid] = time.perf_counter() - start
        self.current = ""

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.append(report.nodeid)


PYTEST_ARGS = [
    "-q",
    "-p",
    "_hypothesis_pytestplugin",  # the one plugin the tests need (autoload is off: it is slow)
    "-p",
    "no:cacheprovider",
    "--no-header",
    "--tb=line",
    "--hypothesis-profile=r1w-mutate",
    "-W",
    "ignore::pytest.PytestAssertRewriteWarning",
    "-m",
    "not e2e",
    "-k",
    "not one_megabyte",  # a timing test (tests/core/test_prm.py): no evidence, much time
]
TIMING_TESTS = {"test_linear_time.py"}
EXCLUDED: list[str] = []  # --exclude: test files left out, to measure what they add


@dataclass
class Job:
    mutant: Mutant | None  # None: a baseline run, traced
    module: str
    tests: list[str]  # node ids or files, quickest first
    timeout: float
    confirm: list[str] = field(default_factory=list)  # every test file of the module
    out: str | None = None  # baseline: where to write what it measured


def _child(job: Job, sources: dict[str, str], log_path: str | None) -> None:
    """In the forked child: serve the mutated module, run the tests, exit with pytest's code."""
    try:
        os.setpgid(0, 0)
        fd = os.open(log_path or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        from hypothesis import HealthCheck, settings

        settings.register_profile(
            "r1w-mutate",
            database=None,  # never replay (or store) a mutant's failures in the real runs
            derandomize=True,
            deadline=None,
            print_blob=False,
            suppress_health_check=list(HealthCheck),
        )
        if job.mutant is not None:
            path = str(SRC / job.module)
            code = apply(job.mutant, sources[job.module], path)
            sys.meta_path.insert(0, _Finder(f"{PACKAGE}.{_module_name(job.module)}", path, code))
            rc = pytest.main([*PYTEST_ARGS, "-x", *job.tests])
            # survived its selected tests (or one of them is gone): now every test
            if rc in (0, 4, 5) and job.confirm:
                rc = pytest.main([*PYTEST_ARGS, "-x", *job.confirm])
        else:
            cov = _Coverage({str(SRC / m) for m in sources})
            sys.settrace(cov.trace)
            rc = pytest.main([*PYTEST_ARGS, *job.tests], plugins=[cov])
            sys.settrace(None)
            data = {
                "failed": cov.failed,
                "seconds": cov.seconds,
                "cover": {
                    Path(f).relative_to(SRC).as_posix(): {n: sorted(t) for n, t in lines.items()}
                    for f, lines in cov.cover.items()
                },
                "under_cache": {
                    Path(f).relative_to(SRC).as_posix(): sorted(lines)
                    for f, lines in cov.under_cache.items()
                },
            }
            Path(job.out).write_text(json.dumps(data))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(rc))
    except BaseException:  # the child must never return into the parent's loop
        import traceback

        traceback.print_exc()
        os._exit(99)


def _warm_imports() -> None:
    """Import the third-party packages once, in the parent, so every child inherits them."""
    for name in (
        "numpy",
        "hypothesis",
        "_hypothesis_pytestplugin",
        "traitlets",
        "ipywidgets",
        "anywidget",
        "bqplot",
    ):
        try:
            __import__(name)
        except ImportError:
            pass
    assert not any(m == PACKAGE or m.startswith(PACKAGE + ".") for m in sys.modules), (
        "the parent must not import r1widgets: each child imports its own (mutated) copy"
    )


def run_jobs(jobs: list[Job], sources, n_workers: int, log_dir: str | None, on_done) -> None:
    """Fork up to ``n_workers`` children at a time; kill a child that overruns its limit (and
    every child if the parent is stopped)."""
    pending = list(jobs)
    running: dict[int, tuple[Job, float]] = {}

    def kill(pid: int) -> None:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)

    try:
        while pending or running:
            while pending and len(running) < n_workers:
                job = pending.pop(0)
                log = None
                if log_dir:
                    tag = f"{job.mutant.index}-{job.mutant.kind}" if job.mutant else "baseline"
                    name = (job.module or Path(job.out).stem).replace("/", "_")
                    log = os.path.join(log_dir, f"{name}-{tag}.log")
                pid = os.fork()
                if pid == 0:
                    _child(job, sources, log)
                running[pid] = (job, time.monotonic())
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                now = time.monotonic()
                for cpid, (job, start) in list(running.items()):
                    if now - start > job.timeout:
                        kill(cpid)
                        del running[cpid]
                        on_done(job, None, now - start)
                time.sleep(0.02)
                continue
            job, start = running.pop(pid)
            on_done(job, os.waitstatus_to_exitcode(status), time.monotonic() - start)
    finally:
        for pid in running:
            kill(pid)


def run_baseline(files: list[str], sources, n_workers: int, log_dir: str | None) -> dict:
    """Every test once, unmutated and traced, split over the workers; the results merged."""
    tmp = tempfile.mkdtemp(prefix="r1w-mutate-")
    shards = [files[i::n_workers] for i in range(n_workers) if files[i::n_workers]]
    outs = [os.path.join(tmp, f"baseline-{i}.json") for i in range(len(shards))]
    codes: dict[str, int | None] = {}
    jobs = [Job(None, "", shard, 7200, out=out) for shard, out in zip(shards, outs, strict=True)]
    run_jobs(jobs, sources, n_workers, log_dir, lambda job, rc, secs: codes.update({job.out: rc}))
    merged: dict = {"failed": [], "seconds": {}, "cover": defaultdict(dict), "under_cache": {}}
    for out in outs:
        rc = codes.get(out)
        if rc not in (0, 1) or not Path(out).exists():
            raise SystemExit(f"the baseline run failed (pytest exit {rc})")
        data = json.loads(Path(out).read_text())
        if rc == 1 and not data["failed"]:
            raise SystemExit("the baseline run failed outside any test")
        merged["failed"] += data["failed"]
        merged["seconds"].update(data["seconds"])
        for mod, lines in data["under_cache"].items():
            merged["under_cache"][mod] = sorted({*merged["under_cache"].get(mod, ()), *lines})
        for mod, lines in data["cover"].items():
            for line, tests in lines.items():
                merged["cover"][mod][line] = sorted({*merged["cover"][mod].get(line, ()), *tests})
    return merged


def select_tests(m: Mutant, baseline: dict, files: list[Path], failed: set[str]) -> list[str]:
    """The tests to run first against mutant ``m``: those that ran one of its lines in the
    baseline, quickest first; every test of the module if a line also ran at import; none if
    no test ran any of its lines (then no test can see the change)."""
    cover = baseline["cover"].get(m.module, {})
    tests: set[str] = set()
    # from the statement's first line: a constant folded into it reports no line of its own
    for line in range(m.first_line, m.end_line + 1):
        tests.update(cover.get(str(line), ()))
    if "" in tests:  # runs at import: its effect may reach any test
        return [str(f) for f in files]
    ok = [t for t in tests if t not in failed]
    return sorted(ok, key=lambda t: baseline["seconds"].get(t, 0.0))


def fingerprint(modules: list[str]) -> dict[str, str]:
    """The text of every module and test file, to notice files edited during a run."""
    paths = [SRC / m for m in modules]
    paths += [p for d in TEST_DIRS for p in sorted(d.glob("test_*.py"))] + list(EXTRA_TESTS)
    return {str(p.relative_to(ROOT)): p.read_text() for p in paths if p.exists()}


# --- the equivalence list and the report ---------------------------------------------------


def read_equivalent(path: Path = EQUIVALENT_FILE) -> dict[str, str]:
    """A mutant's key on one line, its reason on the indented lines below; ``#`` comments."""
    out: dict[str, str] = {}
    key = None
    if not path.exists():
        return out
    for raw in path.read_text().splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0].isspace():
            if key is None:
                raise SystemExit(f"{path}: a reason line before any mutant: {raw!r}")
            out[key] = (out[key] + " " + raw.strip()).strip()
        else:
            key = raw.strip()
            out[key] = ""
    missing = [k for k, v in out.items() if not v]
    if missing:
        raise SystemExit(f"{path}: equivalent mutants need a reason: {missing}")
    return out


STATUSES = ("killed", "timeout", "survived", "equivalent")


def _score(counts: dict[str, int]) -> tuple[int, int, float]:
    total = sum(counts[s] for s in STATUSES)
    judged = total - counts["equivalent"]
    killed = counts["killed"] + counts["timeout"]
    return total, killed, 100.0 * killed / judged if judged else 100.0


def summary_rows(mutants: list[Mutant], modules: list[str]) -> list[tuple[str, dict[str, int]]]:
    rows = []
    for mod in [*modules, "total"]:
        ms = [m for m in mutants if mod in ("total", m.module)]
        rows.append((mod, {s: sum(m.status == s for m in ms) for s in STATUSES}))
    return rows


def write_report(
    path: Path, mutants, modules, equivalent, seconds, n_jobs, base_secs, failed, changed
):
    lines = [
        "# Mutation testing: `core/*.py` and `_base.py`",
        "",
        "Written by `make mutate` (`scripts/mutate.py`); not part of `make test`. Each mutant is",
        "one small change to one module: a comparison moved across its boundary or negated, an",
        "operator swapped, a number or boolean changed, a `raise` or a side-effect statement",
        "dropped, a condition negated, `min`/`max` (`any`/`all`, ...) swapped. Error messages,",
        "log calls, f-strings, docstrings, annotations and module-level tables of numbers",
        "(illustrative logits, Unicode ranges: data, which a test could only copy) are not",
        "mutated.",
        "",
        "A traced baseline run records which tests run each line; a mutant runs those tests,",
        "quickest first, with `-x` (all of the module's tests if its line also runs at import;",
        "a mutant on a line run inside a cached call, whose later hits the trace cannot see,",
        "that survives its selected tests then runs against all of them). A mutant on a line",
        "that no test runs survives without a run.",
        "Killed: a test failed, errored or hung past the limit. Equivalent: a survivor listed with",
        "its reason in `scripts/mutate-equivalent.txt`. Score = killed / (mutants − equivalent).",
        "The timing tests (`tests/core/test_linear_time.py`, the 1 MB PRM test) are left out: a",
        "mutant must be caught by a deterministic test.",
        "",
        f"Last run: {len(mutants)} mutants, {n_jobs} worker(s), {seconds / 60:.1f} min wall time "
        f"under `nice` (of which the traced baseline {base_secs / 60:.1f} min).",
        "",
        *([f"Test files left out (`--exclude`): {', '.join(EXCLUDED)}.", ""] if EXCLUDED else []),
        "| module | mutants | killed | (timeouts) | survived | (no test runs it) | equivalent "
        "| score | child time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mod, c in summary_rows(mutants, modules):
        total, killed, score = _score(c)
        name = "**total**" if mod == "total" else f"`{mod}`"
        dark = sum(
            m.uncovered and m.status == "survived" and mod in ("total", m.module) for m in mutants
        )
        secs = sum(m.seconds for m in mutants if mod in ("total", m.module))
        lines.append(
            f"| {name} | {total} | {killed} | {c['timeout']} | {c['survived']} | {dark} | "
            f"{c['equivalent']} | {score:.1f}% | {secs / 60:.1f} min |"
        )
    lines.append("")
    if changed:
        lines += ["## Files edited during this run (run it again)", ""]
        lines += [f"- `{f}`" for f in changed] + [""]
    if failed:
        lines += ["## Tests failing before any mutation (left out of this run)", ""]
        lines += [f"- `{t}`" for t in sorted(failed)] + [""]
    errors = [m for m in mutants if m.status == "error"]
    if errors:
        lines += ["## Mutants pytest could not run (no verdict, not scored)", ""]
        lines += [f"- `{m.module}:{m.line}` {m.description} in `{m.source_line}`" for m in errors]
        lines.append("")
    survivors = [m for m in mutants if m.status == "survived"]
    lines += ["## Survivors not judged equivalent", ""]
    for m in survivors:
        dark = " (no test runs this line)" if m.uncovered else ""
        lines.append(f"- `{m.module}:{m.line}` {m.description} in `{m.source_line}`{dark}")
    lines += ["" if survivors else "None.", ""]
    eq = [m for m in mutants if m.status == "equivalent"]
    lines += ["## Equivalent survivors and why", ""]
    for m in eq:
        lines.append(
            f"- `{m.module}:{m.line}` {m.description} in `{m.source_line}`: {equivalent[m.key]}"
        )
    lines += ["" if eq else "None.", ""]
    known = {m.key for m in mutants}
    not_equivalent = [m.key for m in mutants if m.key in equivalent and m.status in STATUSES[:2]]
    gone = [k for k in equivalent if k not in known and k.split("::")[0] in modules]
    if not_equivalent or gone:
        lines += ["## Stale entries in the equivalence list", ""]
        lines += [f"- killed now: `{k}`" for k in not_equivalent]
        lines += [f"- no such mutant any more: `{k}`" for k in gone] + [""]
    path.write_text("\n".join(lines))


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-m", "--module", action="append", help="e.g. core/policy.py (repeatable)")
    ap.add_argument("-k", "--match", help="only the mutants whose key contains this text")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--show", help="print the mutated statement of the mutants matching this")
    ap.add_argument("--report", type=Path, help="report path (default: for a full run only)")
    ap.add_argument("--logs", help="keep each mutant's pytest output in this directory")
    ap.add_argument("--exclude", action="append", default=[], help="leave out test files (glob)")
    args = ap.parse_args(argv)
    EXCLUDED.extend(args.exclude)

    modules = args.module or default_modules()
    for mod in modules:
        if not (SRC / mod).is_file():
            ap.error(f"no module src/{PACKAGE}/{mod}")
    equivalent = read_equivalent()
    sources = {mod: (SRC / mod).read_text() for mod in modules}
    mutants = [m for mod in modules for m in enumerate_mutants(mod, sources[mod])]
    if args.match:
        mutants = [m for m in mutants if args.match in m.key]
    if args.list or args.show:
        for m in mutants:
            if args.list:
                print(f"{m.module}:{m.line}: {m.key}")
            elif args.show in m.key:
                _, stmt = mutated_tree(m, sources[m.module])
                print(f"{m.key}\n    becomes: {ast.unparse(stmt).splitlines()[0]}")
        print(f"{len(mutants)} mutants", file=sys.stderr)
        return 0

    files = {mod: test_files(mod) for mod in modules}
    for mod in modules:
        names = ", ".join(f.name for f in files[mod])
        print(f"{mod}: {sum(m.module == mod for m in mutants)} mutants; tests: {names}")
    if args.logs:
        os.makedirs(args.logs, exist_ok=True)
    _warm_imports()
    os.chdir(ROOT)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the children are stopped too
    started = time.monotonic()
    before = fingerprint(modules)

    every = list(dict.fromkeys(str(f) for mod in modules for f in files[mod]))
    baseline = run_baseline(every, sources, args.jobs, args.logs)
    failed = set(baseline["failed"])
    for t in sorted(failed):
        print(f"left out, failing before any mutation: {t}")
    base_secs = time.monotonic() - started
    print(f"baseline: {len(baseline['seconds'])} tests traced in {base_secs:.0f} s", flush=True)

    per_file: dict[str, float] = defaultdict(float)  # traced seconds: an overestimate
    for node, secs in baseline["seconds"].items():
        per_file[str(ROOT / node.split("::")[0])] += secs
    deselect = [f"--deselect={t}" for t in sorted(failed)]
    jobs = []
    for m in mutants:
        tests = select_tests(m, baseline, files[m.module], failed)
        if not tests:
            m.status = "equivalent" if m.key in equivalent else "survived"
            m.uncovered = True
            continue
        every_test = [str(f) for f in files[m.module]]
        limit = 2 * sum(per_file[f] for f in every_test) + 60
        # Only a cache can hide a test from the trace (it reads a value computed in an earlier
        # test): a survivor on a line run inside a cached call then faces all of them.
        hidden = set(baseline["under_cache"].get(m.module, ()))
        cached = bool(hidden & set(range(m.first_line, m.end_line + 1))) and tests != every_test
        confirm = [*deselect, *every_test] if cached else []
        jobs.append(Job(m, m.module, [*deselect, *tests], limit, confirm))
    done = [0]

    def mutant_done(job: Job, rc: int | None, secs: float) -> None:
        m = job.mutant
        m.seconds = secs
        if rc is None:
            m.status = "timeout"
        elif rc == 0:
            m.status = "equivalent" if m.key in equivalent else "survived"
        elif rc in (1, 2, 3, 99):  # tests failed; collection failed (import error); crash
            m.status = "killed"
        else:
            m.status = "error"  # pytest could not run the tests: reported, not scored
            print(f"pytest exit {rc} on {m.key}: no verdict", flush=True)
        done[0] += 1
        if m.status == "survived" or done[0] % 50 == 0:
            mins = (time.monotonic() - started) / 60
            print(
                f"[{done[0]}/{len(jobs)} {mins:.1f} min] {m.status}: {m.module}:{m.line} "
                f"{m.description} in `{m.source_line}`",
                flush=True,
            )

    run_jobs(jobs, sources, args.jobs, args.logs, mutant_done)
    seconds = time.monotonic() - started
    changed = [f for f, text in fingerprint(modules).items() if before.get(f) != text]
    for f in changed:
        print(f"WARNING: {f} changed during the run: run again for a trustworthy result")
    for mod, c in summary_rows(mutants, modules):
        total, killed, score = _score(c)
        print(
            f"{mod:22s} {total:4d} mutants  killed {killed:4d}  survived {c['survived']:3d}  "
            f"equivalent {c['equivalent']:3d}  score {score:5.1f}%"
        )
    for m in mutants:  # the keys, for scripts/mutate-equivalent.txt
        if m.status == "survived":
            print(f"survivor: {m.key}")
    print(f"{len(mutants)} mutants in {seconds / 60:.1f} min")
    full = not (args.module or args.match or args.exclude)
    report = args.report or (REPORT_FILE if full else None)
    if report:
        write_report(
            report, mutants, modules, equivalent, seconds, args.jobs, base_secs, failed, changed
        )
        print(f"report: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

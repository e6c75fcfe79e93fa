"""Delta debugging of a failing case: greedily take the first smaller candidate that keeps the same class,
until none does or the budget of runs is spent.

Contract: minimize(start, candidates, same) → (smallest accepted, runs used). candidates(x) yields smaller
variants of x, most promising first; same(x) runs x and says whether its class is still the one being
minimized. Generated programs shrink through their model (Program.shrinks: drop kernels and features,
simplify expression trees, shrink shapes and blocks) so that the reference follows; sources without a model
(mutants) are first stripped of the module's unused functions and classes (prune_unused: no run needed,
it cannot change what runs), then shrink by source_shrinks: drop one statement of a kernel body at a time.
"""
from __future__ import annotations

import ast


def minimize(start, candidates, same, budget=40):
    cur, runs, seen = start, 0, set()
    progress = True
    while progress and runs < budget:
        progress = False
        for cand in candidates(cur):
            key = repr(cand)
            if key in seen:
                continue
            seen.add(key)
            runs += 1
            if same(cand):
                cur, progress = cand, True
                break
            if runs >= budget:
                break
    return cur, runs


def source_shrinks(source):
    """The source with one statement of a `with T.Kernel` body (at any depth) removed, last ones first; a body
    left empty gets `pass`."""
    tree = ast.parse(source)
    spots = []
    for w in ast.walk(tree):
        if isinstance(w, ast.With) and any("Kernel" in ast.unparse(i.context_expr) for i in w.items):
            for n in ast.walk(w):
                for field in ("body", "orelse"):
                    stmts = getattr(n, field, None)
                    if isinstance(stmts, list):
                        spots += [(n, field, i) for i in range(len(stmts))]
    for n, field, i in reversed(spots):
        stmts = getattr(n, field)
        removed = stmts.pop(i)
        empty = not stmts and field == "body"
        if empty:
            stmts.append(ast.Pass())
        text = ast.unparse(tree)
        if empty:
            stmts.pop()
        stmts.insert(i, removed)
        yield _keep_header(source, text)


def prune_unused(source):
    """The source without top-level functions and classes that nothing else in it names (to a fixpoint)."""
    tree = ast.parse(source)
    while True:
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        used = set()
        for n in tree.body:
            for m in ast.walk(n):
                if isinstance(m, ast.Name) and not (n in defs and m.id == n.name):
                    used.add(m.id)
        dead = [n for n in defs if n.name not in used]
        if not dead:
            return _keep_header(source, ast.unparse(tree))
        tree.body = [n for n in tree.body if n not in dead]


def _keep_header(original, text):
    """ast.unparse drops comments: keep the original's first comment line (the case's description)."""
    first = original.splitlines()[0] if original.startswith("#") else ""
    return (first + "\n" + text + "\n") if first else text + "\n"

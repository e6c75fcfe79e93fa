"""The kernel API names the emulator offers in each API mode, and the names the SDK's device headers declare.

A kernel sees the functions (and function-like macros) its headers declare at global scope (the data-movement
API, the runtime-argument calls) and in namespace ckernel (the compute API). The emulator's set for a mode is read
from its headers preprocessed as a kernel build of that mode sees them (g++ -E -dD with -DTT_METALIUM_API=66|81, a
translation unit including every header of that version's compute tree and the dataflow API), keeping only what
the emulator's own files declare. The SDK's set is read from the raw text of the wheel's headers (both sides of
every #if: a name any configuration declares counts). A name in the first set but not the second is one the
SDK of that version does not offer: a kernel written against the emulator would not build on the device.
"""
from __future__ import annotations

import functools
import re
import subprocess

import sdk_build

EMU_INCLUDE = sdk_build.HERE.parents[2] / "emulator" / "include"
# The compute API's include tree of each version (emu/metalium_api.h), relative to the emulator's include dir and
# to the SDK's tt_metal/.
EMU_COMPUTE_TREE = {"0.66": ["compute_kernel_api.h", "compute_kernel_api"], "0.81": ["api/compute"]}
SDK_COMPUTE_TREE = {"0.66": ["include/compute_kernel_api.h", "include/compute_kernel_api"], "0.81": ["hw/inc/api/compute"]}
SCOPES = ("", "ckernel")  # global (data movement, runtime args) and the compute API's namespace

_KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "decltype", "alignof", "static_assert", "operator",
             "defined", "noexcept", "alignas", "__attribute__", "__builtin_LINE"}
_NOT_FUNCTIONS = re.compile(r"^\s*(typedef|using|struct|class|union|enum|friend|static_assert|return)\b")


def _strip(text):
    """Comments and string/character literals removed (line structure kept)."""
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
    return pattern.sub(lambda m: "\n" * m.group(0).count("\n") if m.group(0)[0] == "/" else '""', text)


def _function_name(stmt):
    """The name a declaration or definition head declares, if it is a function's."""
    stmt = re.sub(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)|\[\[.*?\]\]", " ", stmt, flags=re.S)
    stmt = re.sub(r"^\s*template\s*<", "<", stmt)
    if stmt.startswith("<"):  # skip the template parameter list
        depth = 0
        for i, c in enumerate(stmt):
            depth += (c == "<") - (c == ">")
            if depth == 0:
                stmt = stmt[i + 1:]
                break
    if _NOT_FUNCTIONS.match(stmt) or "(" not in stmt:
        return None
    head = stmt[:stmt.index("(")]
    m = re.search(r"([A-Za-z_]\w*)\s*$", head)
    if not m or "=" in head or m.group(1) in _KEYWORDS or not re.search(r"[\w>*&]\s+[*&]*$", head[:m.start()] + " "):
        return None
    if not re.search(r"\w", head[:m.start()]):  # a call or a macro use, not a declaration
        return None
    return m.group(1)


def declared_functions(text, keep_line=lambda line: True):
    """{(namespace path, name)} of the functions declared at namespace scope in C++ text. keep_line(i) says
    whether the statement starting on line i counts (the emulator keeps only its own files' lines)."""
    return set(declared_arities(text, keep_line))


def declared_arities(text, keep_line=lambda line: True):
    """{(namespace path, name): {(fewest, most) arguments of one declaration}} of the functions declared at
    namespace scope in C++ text (most is None for a variadic one)."""
    text = _strip(text)
    out = {}
    scopes = []  # namespace names, or None for any other brace
    stmt_start, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c not in "{};":
            i += 1
            continue
        stmt = text[stmt_start:i]
        line = text.count("\n", 0, stmt_start + len(stmt) - len(stmt.lstrip()))
        in_namespaces = all(s is not None for s in scopes)
        if c == "}":
            if scopes:
                scopes.pop()
        elif c == "{" and (m := re.search(r"(?:^|\s)(?:inline\s+)?namespace\s*([\w:]*)\s*$", stmt)):
            scopes.append(m.group(1))
        elif c == "{" and re.search(r"(?:^|\s)extern\s*\"\"\s*$", stmt):
            scopes.append("")
        else:
            if in_namespaces and keep_line(line) and (name := _function_name(stmt)):
                out.setdefault(("::".join(s for s in scopes if s), name), set()).add(_arity(stmt, name))
            if c == "{":
                depth, i = 1, i + 1
                while i < n and depth:
                    depth += (text[i] == "{") - (text[i] == "}")
                    i += 1
                stmt_start = i
                continue
        i += 1
        stmt_start = i
    return out


def _top_level_split(params):
    """params split at the commas outside any bracket."""
    parts, depth, cur = [], 0, ""
    for c in params:
        if c in "(<[{":
            depth += 1
        elif c in ")>]}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    return parts + [cur]


def _arity(stmt, name):
    """(fewest, most) arguments of the declaration stmt of function name (most None: variadic)."""
    m = re.search(r"\b" + re.escape(name) + r"\s*\(", stmt)
    depth, j = 1, m.end()
    while j < len(stmt) and depth:
        depth += (stmt[j] == "(") - (stmt[j] == ")")
        j += 1
    params = [p.strip() for p in _top_level_split(stmt[m.end():j - 1])]
    if params in ([""], ["void"]):
        return (0, 0)
    variadic = params[-1].endswith("...")
    fixed = params[:-1] if variadic else params
    # The emulator's call-site capture (`uint32_t call_line = __builtin_LINE()`, for its diagnostics) is not a
    # parameter of the API: a call that passes it is wrong on both.
    fixed = [p for p in fixed if not re.search(r"=\s*__builtin_(LINE|FILE|FUNCTION)\s*\(", p)]
    optional = sum(1 for p in fixed if "=" in p)
    return (len(fixed) - optional, None if variadic else len(fixed))


def macro_arities(text):
    """{name: {(fewest, most)}} of the function-like macros #defined in text."""
    out = {}
    for m in re.finditer(r"^\s*#\s*define\s+(\w+)\(([^)]*)\)", text, re.M):
        params = [p.strip() for p in m.group(2).split(",")]
        variadic = params[-1].endswith("...")
        fixed = [p for p in params if p and not p.endswith("...")]
        out.setdefault(m.group(1), set()).add((len(fixed), None if variadic else len(fixed)))
    return out


def function_macros(text):
    return {m.group(1) for m in re.finditer(r"^\s*#\s*define\s+(\w+)\(", text, re.M)}


def types(text):
    named = re.findall(r"\b(?:struct|class)\s+(?:\[\[.*?\]\]\s*)?(\w+)", text, re.S)
    return set(named) | set(re.findall(r"\busing\s+(\w+)\s*=", text))


def _without_directives(text):
    return re.sub(r"^\s*#.*?(?<!\\)$", "", re.sub(r"\\\n", " ", text), flags=re.M)


@functools.lru_cache(maxsize=None)
def sdk_names(api):
    """{(scope, name)} the SDK of version `api` declares: the compute tree's ckernel and global names, and every
    global name of the device headers (hw/inc), functions and function-like macros."""
    return set(_sdk_declarations(api)[0]) | _sdk_declarations(api)[1]


@functools.lru_cache(maxsize=None)
def _sdk_declarations(api):
    """({(scope, name): arities} of the SDK's functions and function-like macros, {(scope, name)} of its types)."""
    tt_metal = sdk_build.sdk_root(api) / "tt_metal"
    arities, type_names = {}, set()
    files = [f for d in ["hw/inc"] + SDK_COMPUTE_TREE[api]
             for f in ([tt_metal / d] if d.endswith(".h") else sorted((tt_metal / d).rglob("*.h")))]
    for f in files:
        raw = f.read_text(errors="replace")
        for key, a in declared_arities(_without_directives(raw)).items():
            if key[0] in SCOPES:
                arities.setdefault(key, set()).update(a)
        # Function-like macros and types (DPRINT's ENDL(), HEX() are structs in the SDK) are called alike.
        for m, a in macro_arities(raw).items():
            for s in SCOPES:
                arities.setdefault((s, m), set()).update(a)
        type_names |= {(s, t) for t in types(raw) for s in SCOPES}
    return arities, type_names


def emulator_names(api):
    """{(scope, name): "compute" | "dataflow"} a kernel built by the emulator in mode `api` sees, declared by the
    emulator's own headers."""
    return {key: kind for key, (kind, _) in _emulator_declarations(api).items()}


@functools.lru_cache(maxsize=None)
def _emulator_declarations(api):
    """{(scope, name): (kind, arities)} of what the emulator's own headers declare in mode `api`."""
    headers = []
    for d in EMU_COMPUTE_TREE[api]:
        p = EMU_INCLUDE / d
        headers += [p] if p.is_file() else sorted(p.rglob("*.h"))
    headers.append(EMU_INCLUDE / "api" / "dataflow" / "dataflow_api.h")
    tu = "".join(f'#include "{h}"\n' for h in headers)
    flags = ["-std=c++17", "-E", "-dD", "-x", "c++", "-", "-isystem", str(EMU_INCLUDE),
             f"-DTT_METALIUM_API={api.split('.')[1]}", "-DKERNEL_BUILD", "-DTENSIX_FIRMWARE", "-DARCH_WORMHOLE"]
    out = {}
    for kind, defines in (("compute", ["-DCOMPILE_FOR_TRISC=1", "-include", "emu/compute_prelude.h"]),
                          ("dataflow", ["-DCOMPILE_FOR_NCRISC", "-DNOC_INDEX=0", "-include", "emu/dataflow_api.h"])):
        src = tu if kind == "compute" else f'#include "{EMU_INCLUDE / "api/dataflow/dataflow_api.h"}"\n'
        p = subprocess.run(["g++", *flags, *defines], input=src, capture_output=True, text=True, check=True)
        # Lines from the emulator's own files (linemarkers name each line's file).
        own, lines, current = set(), p.stdout.split("\n"), ""
        for i, line in enumerate(lines):
            m = re.match(r'# \d+ "([^"]+)"', line)
            if m:
                current = m.group(1)
            elif current.startswith(str(EMU_INCLUDE)):
                own.add(i)
        text = "\n".join("" if line.startswith("#") else line for line in lines)
        for key, a in declared_arities(text, lambda i: i in own).items():
            if key[0] in SCOPES:
                out[key] = (kind, out.get(key, (kind, set()))[1] | a)
        own_macros = "\n".join(line for i, line in enumerate(lines) if i in own and line.startswith("#define"))
        for name, a in macro_arities(own_macros).items():
            out[("", name)] = (kind, out.get(("", name), (kind, set()))[1] | a)
    return out


def arity_mismatches(api):
    """{(scope, name): (emulator's arities, SDK's)} of the emulator's functions and macros of mode `api` that accept
    a number of arguments no declaration of the SDK's accepts (a call that builds here and not on the device).
    Names the SDK declares as types, or does not declare at all (offered_but_not_in_sdk), are not compared."""
    sdk, sdk_types = _sdk_declarations(api)
    bad = {}
    for key, (_, emu) in _emulator_declarations(api).items():
        if key not in sdk or key in sdk_types or _emulator_internal(key[1]):
            continue
        accepted = lambda n: any(lo <= n and (hi is None or n <= hi) for lo, hi in sdk[key])  # noqa: E731
        if not all(accepted(n) for lo, hi in emu for n in range(lo, (lo + 8 if hi is None else hi) + 1)):
            bad[key] = (sorted(emu, key=str), sorted(sdk[key], key=str))
    return bad


# The emulator's kernel-facing include paths (the rest of emulator/include is its host API and internals: emu/,
# tt-metalium/, hostdevcommon/, tt_stl/, umd/, tools/).
KERNEL_PATHS = ("compute_kernel_api.h", "compute_kernel_api/", "api/")


def emulator_headers(api):
    """The kernel-facing headers a kernel can include in mode `api` (the other version's compute tree says #error)."""
    other = [d for v, ds in EMU_COMPUTE_TREE.items() if v != api for d in ds]
    names = [p.relative_to(EMU_INCLUDE).as_posix() for p in EMU_INCLUDE.rglob("*.h")]
    return sorted(n for n in names if n.startswith(KERNEL_PATHS) and not n.startswith(tuple(other)))


def headers_not_in_sdk(api):
    """The emulator's kernel headers of mode `api` that the SDK of that version does not have at that path."""
    tt_metal = sdk_build.sdk_root(api) / "tt_metal"
    roots = [tt_metal / "hw" / "inc"] + ([tt_metal / "include"] if api == "0.66" else [])
    return [h for h in emulator_headers(api) if not any((r / h).is_file() for r in roots)]


def offered_but_not_in_sdk(api):
    """{(scope, name): "compute" | "dataflow"} the emulator offers in mode `api` that the SDK does not declare."""
    sdk = sdk_names(api)
    return {key: kind for key, kind in emulator_names(api).items() if key not in sdk and not _emulator_internal(key[1])}


def _emulator_internal(name):
    """The emulator's helper macros (EMU_SFPU_UNARY, ...): its reserved prefix, named in docs/emulator.md."""
    return name.startswith("EMU_")

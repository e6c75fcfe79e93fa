"""Copies upstream TileLang example files into this directory, changing only their imports.

    python tests/python/upstream/sync_examples.py <bare git dir of tile-ai/tilelang> [commit]

Each copy starts with a header naming its origin (path and commit); below the header it is the upstream file with
only these lines rewritten (kernel bodies stay byte-identical):
    import tilelang                 -> import tilelang_tt as tilelang
    import tilelang as X            -> import tilelang_tt as X
    import tilelang.language as T   -> import tilelang_tt.language as T
    import tilelang.m               -> import tilelang_tt.m        (with `import tilelang` before it: tilelang.m)
    from tilelang[.m] import X      -> from tilelang_tt[.m] import X
    from tvm[.m] import X           -> from tilelang_tt.tvm[.m] import X
`--check` verifies that every copy still equals the rewrite of its origin.
"""
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
COMMIT = "a35008a42"
FILES = [  # (upstream path, local name)
    ("examples/elementwise/example_elementwise_add.py", "example_elementwise_add.py"),
    ("examples/quickstart.py", "quickstart.py"),
    ("examples/gemm/example_gemm.py", "example_gemm.py"),
    ("examples/cast/example_per_token_cast_to_fp8.py", "example_per_token_cast_to_fp8.py"),
    ("examples/cast/example_group_per_split_token_cast_to_fp8.py", "example_group_per_split_token_cast_to_fp8.py"),
    ("examples/norm/rms_norm.py", "rms_norm.py"),
    ("examples/norm/layernorm.py", "layernorm.py"),
    ("examples/online_softmax/online_softmax.py", "online_softmax.py"),
    ("examples/gemv/example_gemv.py", "example_gemv.py"),
    ("examples/convolution/example_convolution.py", "example_convolution.py"),
    ("examples/gemm_splitk/example_tilelang_gemm_splitk.py", "example_tilelang_gemm_splitk.py"),
    ("examples/flash_attention/example_mha_fwd_bshd.py", "example_mha_fwd_bshd.py"),
    ("examples/flash_attention/example_mha_fwd_bhsd.py", "example_mha_fwd_bhsd.py"),
    ("examples/flash_attention/example_mha_bwd_bshd.py", "example_mha_bwd_bshd.py"),
    ("examples/flash_attention/example_gqa_fwd_bshd.py", "example_gqa_fwd_bshd.py"),
    ("examples/linear_attention/example_linear_attn_fwd.py", "example_linear_attn_fwd.py"),
    ("examples/linear_attention/example_retention_fwd.py", "example_retention_fwd.py"),
    ("examples/blocksparse_attention/example_tilelang_block_sparse_attn.py", "example_tilelang_block_sparse_attn.py"),
    ("examples/gemm_fp8/example_tilelang_gemm_fp8.py", "example_tilelang_gemm_fp8.py"),
    ("examples/fusedmoe/example_fusedmoe_tilelang.py", "example_fusedmoe_tilelang.py"),
    ("examples/fusedmoe/example_fusedmoe_torch.py", "example_fusedmoe_torch.py"),
    ("examples/topk/example_topk.py", "example_topk.py"),
    ("examples/deepseek_mla/example_mla_decode.py", "example_mla_decode.py"),
    ("examples/dequantize_gemm/example_dequant_gemm_w4a8.py", "example_dequant_gemm_w4a8.py"),
    ("examples/attention_sink/example_mha_sink_fwd_bhsd.py", "example_mha_sink_fwd_bhsd.py"),
    ("examples/grouped_gemm/example_grouped_gemm_fwd.py", "example_grouped_gemm_fwd.py"),
    ("examples/gdn/example_cumsum.py", "example_cumsum.py"),
    ("examples/dynamic_shape/example_dynamic.py", "example_dynamic.py"),
    ("examples/deepseek_v32/sparse_mla_fwd.py", "sparse_mla_fwd.py"),
    ("examples/deepseek_v32/utils.py", "utils.py"),
    ("examples/dequantize_gemm/example_dequant_gemm_fp4_hopper.py", "example_dequant_gemm_fp4_hopper.py"),
    ("examples/deepseek_mhc/example_mhc_post.py", "example_mhc_post.py"),
    # upstream's language tests (renamed so that pytest does not collect their CUDA tests)
    ("testing/python/language/test_tilelang_language_warp_reduce.py", "language_warp_reduce.py"),
    ("testing/python/language/test_tilelang_language_warp_sync.py", "language_warp_sync.py"),
]

_RULES = [
    (re.compile(r"^(\s*)import tilelang\s*$"), r"\1import tilelang_tt as tilelang"),
    (re.compile(r"^(\s*)import tilelang as (\w+)\s*$"), r"\1import tilelang_tt as \2"),
    (re.compile(r"^(\s*)import tilelang\.language as (\w+)\s*$"), r"\1import tilelang_tt.language as \2"),
    (re.compile(r"^(\s*)import tilelang\.((?:\w+)(?:\.\w+)*)\s*$"), r"\1import tilelang_tt.\2"),
    (re.compile(r"^(\s*)from tilelang((?:\.\w+)*) import "), r"\1from tilelang_tt\2 import "),
    (re.compile(r"^(\s*)from tvm((?:\.\w+)*) import "), r"\1from tilelang_tt.tvm\2 import "),
]


def rewrite(text):
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        for pat, rep in _RULES:
            if pat.match(body):
                body = pat.sub(rep, body)
                break
        out.append(body + line[len(line.rstrip("\n")):])
    return "".join(out)


def header(path, commit):
    return (f"# Copied from tile-ai/tilelang {path} at commit {commit}; only the imports are changed\n"
            f"# (tests/python/upstream/sync_examples.py). Kernel bodies are upstream's, byte for byte.\n")


def main(argv):
    check = "--check" in argv
    argv = [a for a in argv if a != "--check"]
    repo, commit = argv[0], argv[1] if len(argv) > 1 else COMMIT
    bad = 0
    for path, name in FILES:
        src = subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True, capture_output=True,
                             text=True).stdout
        want = header(path, commit) + rewrite(src)
        dst = HERE / name
        if check:
            if not dst.exists() or dst.read_text() != want:
                print(f"differs from upstream: {name}")
                bad += 1
        else:
            dst.write_text(want)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

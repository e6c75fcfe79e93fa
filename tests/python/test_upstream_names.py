"""docs/language.md's "Every upstream name" section is complete and true: it classifies each name of upstream's T
namespace (tests/python/upstream/upstream_T_names.txt) exactly once, the provided ones exist in tilelang_tt.language,
the CUDA-specific and TVM-internal ones raise that error (with the portable form), and the rest raise the
unknown-name error."""
import pathlib
import re

import pytest

import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError

ROOT = pathlib.Path(__file__).resolve().parents[2]


def upstream_names():
    text = (ROOT / "tests/python/upstream/upstream_T_names.txt").read_text()
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def doc_groups():
    text = (ROOT / "docs/language.md").read_text()
    section = text.split("### Every upstream name", 1)[1].split("\n## ", 1)[0].rstrip() + "\n\n"
    groups = {}
    titles = "Provided|CUDA-specific|TVM-internal|Not provided"
    for title, body in re.findall(r"\*\*(" + titles + r")[^*]*\*\* \((?:\d+)\):\n(.*?)\n\n", section, re.S):
        groups[title] = re.findall(r"`([^`]+)`", body)
    return groups


def test_every_upstream_name_is_classified_once():
    groups = doc_groups()
    assert set(groups) == {"Provided", "CUDA-specific", "TVM-internal", "Not provided"}
    listed = [n for ns in groups.values() for n in ns]
    assert sorted(listed) == sorted(upstream_names())


def test_classification_matches_the_code():
    groups = doc_groups()
    for name in groups["Provided"]:
        assert name in T.__all__ and hasattr(T, name), name
    for title, fragment in (("CUDA-specific", "is CUDA-specific"), ("TVM-internal", "is TVM-internal"),
                            ("Not provided", "unknown name")):
        for name in groups[title]:
            with pytest.raises(TileLangError) as e:
                getattr(T, name)
            assert fragment in str(e.value), (name, str(e.value))

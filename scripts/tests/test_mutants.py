"""The mutant lists of scripts/mutants-spf and scripts/mutants-mailauth still fit the sources:
every mutant's exact text occurs exactly once in its file, so that no refactor silently turns
a mutant into a no-op. Nothing is built; this runs in well under a second."""
import importlib.machinery
import importlib.util
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import mutants_lib  # noqa: E402

SCRIPTS = ["mutants-spf", "mutants-mailauth"]


def load(script):
    loader = importlib.machinery.SourceFileLoader(script.replace("-", "_"), str(ROOT / "scripts" / script))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return [mutants_lib.Mutant._make(m) for m in module.MUTANTS]


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_mutant_text_occurs_exactly_once(script):
    mutants = load(script)
    assert mutants
    assert mutants_lib.problems(mutants) == []


def test_mailauth_has_at_least_twenty_mutants_over_every_mechanism():
    mutants = load("mutants-mailauth")
    assert len(mutants) >= 20
    for mechanism in ["dkim", "dmarc", "arc", "authres", "arf"]:
        assert any(m.path.startswith(f"reference/{mechanism}/") for m in mutants), mechanism


def test_a_missing_or_repeated_text_is_reported(tmp_path):
    (tmp_path / "a.cpp").write_text("int f() { return 1; }\nint g() { return 1; }\n")
    missing = mutants_lib.Mutant("missing", "a.cpp", "return 2;", "return 3;", "x")
    twice = mutants_lib.Mutant("twice", "a.cpp", "return 1;", "return 0;", "x")
    once = mutants_lib.Mutant("once", "a.cpp", "int f() {\n return 1;", "int f() { return 0;", "x")
    reported = mutants_lib.problems([missing, twice, once], tmp_path)
    assert len(reported) == 3  # "once" differs from the file in white space: not the exact text
    assert all(name in text for name, text in zip(["missing", "twice", "once"], reported))


def test_failed_vectors_are_read_from_gtest_output():
    out = ("[  FAILED  ] All/Vector.Reference/dkim__dkim_tags_v_2, where GetParam() = 64-byte object <00>\n"
           "[  FAILED  ] All/Vector.Reference/arc__arc_cv_missing, where GetParam() = 64-byte object <00>\n"
           "[  FAILED  ] All/Vector.Reference/dkim__dkim_tags_v_2, where GetParam() = 64-byte object <00>\n")
    assert mutants_lib.failing_vectors(out, ["dkim", "arc"]) == [("dkim", "dkim-tags-v-2"), ("arc", "arc-cv-missing")]
    assert mutants_lib.failing_vectors(out, ["dkim"]) == [("dkim", "dkim-tags-v-2")]

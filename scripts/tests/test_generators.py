"""Signed vectors can be rebuilt: each generator, run again, writes exactly the committed files."""
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
GENERATORS = sorted(ROOT.glob("vectors/*/generate.py"))


def test_there_are_generators():
    assert GENERATORS


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda p: p.parent.name)
def test_generator_reproduces_the_committed_vectors(generator):
    result = subprocess.run(["/usr/bin/python3", str(generator), "--check"], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mailauth_self_test():
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "vectors/tools/mailauth.py")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

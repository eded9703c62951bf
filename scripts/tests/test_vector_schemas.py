"""Every vector file validates against its JSON schema under python3-jsonschema, an
implementation independent of ascot's own linter."""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def vector_files():
    return sorted(p for p in (ROOT / "vectors").rglob("*.json") if "schemas" not in p.parts)


def test_there_are_vector_files():
    assert vector_files(), "no vector files found under vectors/"


def test_all_vector_files_match_their_schemas():
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "check-vector-schemas.py"),
                             *map(str, vector_files())], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_checker_rejects_a_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "spf-check.schema.json", "title": "t", "spec": "s", '
                   '"numberOfVectors": 1, "notes": {}, "groups": [], "extra": 1}')
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "check-vector-schemas.py"),
                             str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "extra" in result.stdout

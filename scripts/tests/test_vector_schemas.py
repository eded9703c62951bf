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


def test_vector_index_is_current():
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "vector-index"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_vectors_use_only_documentation_addresses_and_names():
    """Vectors name no real host. Every string in every vector file (prose excepted) may hold
    only names under example.com/.net/.org (RFC 2606) or the reverse trees, and only IPv4
    addresses from RFC 5737 (also written reversed, as in PTR and DNSBL names), 127/8 as
    answer data, or 0.0.0.0 as a network. IPv6 addresses are checked where they stand alone."""
    import ipaddress
    import json
    import re
    nets = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                              "127.0.0.0/8", "0.0.0.0/32", "2001:db8::/32")]
    domain = re.compile(r"(?<![A-Za-z0-9_.-])((?:[A-Za-z0-9_-]+\.)+(?:com|net|org|edu|gov|io|info|biz|de|uk|us|"
                        r"fr|jp|cn|ru|co|arpa))(?![A-Za-z0-9-])", re.I)
    quad = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d])")
    allowed_name = re.compile(r"(^|\.)(example\.(com|net|org)|in-addr\.arpa|ip6\.arpa)$")
    prose = {"comment", "description", "title", "invalid", "clause"}
    nibbles = re.compile(r"(?:[0-9a-fA-F]\.){8,}[0-9a-fA-F]")  # IPv6 in %{i} / ip6.arpa form

    def documentation(text):
        try:
            a = ipaddress.ip_address(text)
        except ValueError:
            return True  # not an address
        reversed_a = ipaddress.ip_address(".".join(reversed(text.split(".")))) if a.version == 4 else a
        return any(a in n or reversed_a in n for n in nets)

    problems = []

    def walk(value, where, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k, where)
                walk(v, where, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, where, key)
        elif isinstance(value, str) and key not in prose:
            for m in domain.finditer(value):
                if not allowed_name.search(m.group(1).lower()):
                    problems.append(f"{where}: name {m.group(1)}")
            spans = [m.span() for m in nibbles.finditer(value)]
            for m in quad.finditer(value):
                if any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
                if not documentation(m.group(1)):
                    problems.append(f"{where}: address {m.group(1)}")
            if ":" in value and "/" not in value and " " not in value:
                try:
                    a = ipaddress.ip_address(value)
                    if not any(a in n for n in nets) and not (a.version == 6 and a.ipv4_mapped):
                        problems.append(f"{where}: address {value}")
                except ValueError:
                    pass

    for path in vector_files():
        walk(json.loads(path.read_text()), path.name)
    assert not problems, "\n".join(sorted(set(problems)))

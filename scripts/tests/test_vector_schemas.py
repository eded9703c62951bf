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
    """Vectors name no real host: addresses from RFC 5737 / RFC 3849 (127/8 only as answer
    data, e.g. DNSBL-style A records), names under example.com/.net/.org (RFC 2606), the
    reverse trees, or address literals and the bare reserved name 'example' for malformed
    inputs."""
    import ipaddress
    import json
    import re
    nets = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]

    def doc_ip(text, answer_data=False):
        a = ipaddress.ip_address(text)
        if a.version == 6 and a.ipv4_mapped:
            a = a.ipv4_mapped
        return any(a in n for n in nets) or (answer_data and a in ipaddress.ip_network("127.0.0.0/8"))

    name_ok = re.compile(r"((^|\.)(example\.(com|net|org)|in-addr\.arpa|ip6\.arpa)\.?$)|^example$|^\[")
    problems = []
    for path in vector_files():
        doc = json.loads(path.read_text())
        for group in doc.get("groups", []):
            for owner, entries in group.get("zone", {}).items():
                if not name_ok.search(owner.lower()):
                    problems.append(f"{path.name}: owner {owner}")
                for e in entries:
                    if isinstance(e, dict):
                        for rtype, value in e.items():
                            if rtype in ("A", "AAAA") and not doc_ip(value, answer_data=True):
                                problems.append(f"{path.name}: {owner} {rtype} {value}")
            for v in group["vectors"]:
                if not doc_ip(v["ip"]):
                    problems.append(f"{path.name}: {v['id']} ip {v['ip']}")
                for name in (v["helo"], v["sender"].rsplit("@", 1)[-1]):
                    if name and not name_ok.search(name.lower()):
                        problems.append(f"{path.name}: {v['id']} name {name}")
    assert not problems, "\n".join(problems)

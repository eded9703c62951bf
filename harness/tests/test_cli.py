"""The ascot command line, as a user drives it."""
import json
import pathlib
import re
import signal
import subprocess
import time
import xml.etree.ElementTree as ET

import jsonschema


def run(ascot, *args, check=None, timeout=120):
    result = subprocess.run([ascot, *args], capture_output=True, text=True, timeout=timeout)
    if check is not None:
        assert result.returncode == check, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def spf_vector_files(root):
    return sorted(str(p) for p in (root / "vectors" / "spf").glob("*.json"))


def count_vectors(root):
    return sum(json.loads(pathlib.Path(f).read_text())["numberOfVectors"] for f in spf_vector_files(root))


def test_help_lists_the_commands(ascot):
    out = run(ascot, "--help", check=0).stdout
    for command in ("run", "check spf", "vectors run", "vectors lint", "dns serve", "report", "traceability"):
        assert command in out
    assert "--iut" in run(ascot, "run", "--help", check=0).stdout


def test_unknown_options_and_commands_are_usage_errors(ascot):
    r = run(ascot, "run", "--suit", "spf", check=2)
    assert "unknown option '--suit'" in r.stderr
    assert "unknown command" in run(ascot, "frobnicate", check=2).stderr
    r = run(ascot, "check", "spf", "--ip", "192.0.2.300", "--sender", "a@example.com", "--helo", "h.example.com",
            "--zone", "/dev/null", check=2)
    assert r.stderr


def test_vectors_run_prints_a_line_per_vector_and_the_totals(ascot, root):
    files = spf_vector_files(root)
    r = run(ascot, "vectors", "run", *files, check=0)
    lines = r.stdout.strip().splitlines()
    total = count_vectors(root)
    assert lines[-1] == f"{total} passed, 0 failed"
    assert sum(1 for line in lines if re.match(r"^(PASS|NON-STRICT|FAIL) ", line)) == total


def test_vectors_run_reports_a_failing_vector(ascot, root, tmp_path):
    source = root / "vectors" / "spf" / "rfc7208-mechanisms.json"
    doc = json.loads(source.read_text())
    vector = doc["groups"][0]["vectors"][0]
    wrong = "permerror" if vector["expected"] != ["permerror"] else "pass"
    vector["expected"] = [wrong]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    r = run(ascot, "vectors", "run", str(broken), check=1)
    assert f"FAIL {vector['id']}" in r.stdout
    assert r.stdout.strip().splitlines()[-1] == f"{doc['numberOfVectors'] - 1} passed, 1 failed"


def test_vectors_lint_accepts_the_shipped_files(ascot, root):
    r = run(ascot, "vectors", "lint", *spf_vector_files(root), check=0)
    assert r.stdout.strip().endswith(f"{count_vectors(root)} vectors, 0 problems")


def test_vectors_lint_finds_problems(ascot, root, tmp_path):
    doc = json.loads((root / "vectors" / "spf" / "rfc7208-identities.json").read_text())
    doc["numberOfVectors"] += 1
    first = doc["groups"][0]["vectors"][0]
    doc["groups"][0]["vectors"].append(dict(first))
    first["flags"] = ["NOT_DEFINED"]
    counted = tmp_path / "counted.json"
    counted.write_text(json.dumps(doc))
    typo = json.loads((root / "vectors" / "spf" / "rfc7208-records.json").read_text())
    typo["groups"][0]["vectors"][0]["expect"] = ["pass"]
    typo_file = tmp_path / "typo.json"
    typo_file.write_text(json.dumps(typo))
    r = run(ascot, "vectors", "lint", str(counted), str(typo_file), check=1)
    assert f"id '{first['id']}' is also used" in r.stdout
    assert "flag 'NOT_DEFINED' is not defined" in r.stdout
    assert "unknown key 'expect'" in r.stdout


def test_check_spf_against_zone_data(ascot, root):
    zone = root / "vectors" / "spf" / "rfc7208-mechanisms.json"
    r = run(ascot, "check", "spf", "--zone", str(zone), "--vector", "mech-include-pass-matches", "--json", check=0)
    out = json.loads(r.stdout)
    assert out["result"] == "pass"
    assert out["receivedSpf"].startswith("Received-SPF: pass")
    assert "spf=pass" in out["authenticationResults"]
    traced = run(ascot, "check", "spf", "--zone", str(zone), "--vector", "mech-include-pass-matches", "--trace",
                 check=0).stdout
    assert re.search(r"^dns: TXT \S+ -> NOERROR", traced, re.M)
    assert re.search(r"^ *spf: include:\S+: match", traced, re.M)


def test_dns_serve_and_check_spf_over_the_network(ascot, root, free_port, tmp_path):
    zone = tmp_path / "zone.json"
    zone.write_text(json.dumps({"example.com": [{"TXT": "v=spf1 ip4:192.0.2.0/24 -all"}]}))
    server = subprocess.Popen([ascot, "dns", "serve", "--zone", str(zone), "--listen", f"127.0.0.1:{free_port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        assert f"127.0.0.1:{free_port}" in banner, banner + server.stderr.read()
        base = ["check", "spf", "--sender", "user@example.com", "--helo", "mail.example.com",
                "--dns", f"127.0.0.1:{free_port}", "--json"]
        assert json.loads(run(ascot, *base, "--ip", "192.0.2.7", check=0).stdout)["result"] == "pass"
        assert json.loads(run(ascot, *base, "--ip", "198.51.100.7", check=0).stdout)["result"] == "fail"
        logged = server.stdout.readline()
        assert "TXT example.com -> NOERROR 1 record(s)" in logged
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=10)
    assert server.returncode == 0
    assert "stopping after 2 requests" in out


def test_dns_serve_refuses_non_loopback(ascot, root, tmp_path):
    zone = tmp_path / "zone.json"
    zone.write_text("{}")
    r = run(ascot, "dns", "serve", "--zone", str(zone), "--listen", "192.0.2.1:53", timeout=10)
    assert r.returncode != 0
    assert "loopback" in r.stderr


def test_run_list_shows_ids_levels_and_clauses(ascot):
    out = run(ascot, "run", "--list", "--suite", "spf", check=0).stdout
    assert re.search(r"^spf/4\.6\.4/void-lookups +SHOULD RFC 7208:4\.6\.4", out, re.M)
    assert "ITU-T X.1240:7.4 (derived-from-heading)" in out
    assert re.search(r"^\d+ test purposes, \d+ cases$", out, re.M)


def test_run_writes_three_reports_that_agree(ascot, root, tmp_path):
    out = tmp_path / "out"
    r = run(ascot, "run", "--iut", "reference", "--suite", "spf", "--out", str(out), "--quiet", check=0)
    assert f"report: {out}/report.html" in r.stdout
    assert r.stdout.strip().endswith("PASSED")
    results = json.loads((out / "results.json").read_text())
    schema = json.loads((root / "reports" / "schemas" / "results.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(results)
    cases = [c for p in results["purposes"] for c in p["cases"]]
    assert results["summary"]["cases"]["total"] == len(cases)
    assert all(c["verdict"] == "pass" for c in cases)
    junit = ET.parse(out / "junit.xml").getroot()
    assert int(junit.get("tests")) == len(cases)
    assert int(junit.get("failures")) == 0
    html = (out / "report.html").read_text()
    assert html.rstrip().endswith("</html>")
    assert html.count("<details><summary>transcript</summary>") == len(cases)
    again = tmp_path / "again"
    run(ascot, "report", "--in", str(out / "results.json"), "--out", str(again), check=0)
    assert (again / "report.html").read_text() == html


def test_run_filter_selects_purposes(ascot, tmp_path):
    out = tmp_path / "out"
    run(ascot, "run", "--filter", "spf/4.6.4", "--out", str(out), "--quiet", check=0)
    ids = [p["id"] for p in json.loads((out / "results.json").read_text())["purposes"]]
    assert ids and all(i.startswith("spf/4.6.4/") for i in ids)
    assert "no test purpose matches" in run(ascot, "run", "--filter", "spf/99", check=2).stderr


def test_run_with_a_profile_that_claims_less(ascot, tmp_path):
    profile = tmp_path / "iut.json"
    profile.write_text(json.dumps({"name": "reference without HELO checks", "adapter": "reference",
                                   "claims": ["spf"], "pixit": {}}))
    out = tmp_path / "out"
    run(ascot, "run", "--iut", str(profile), "--suite", "spf", "--out", str(out), "--quiet", check=0)
    results = json.loads((out / "results.json").read_text())
    by_id = {p["id"]: p for p in results["purposes"]}
    assert by_id["spf/2.3/helo-identity"]["verdict"] == "not-applicable"
    assert "spf.helo" in by_id["spf/2.3/helo-identity"]["reason"]
    assert by_id["spf/5.2/include"]["verdict"] == "pass"
    assert results["summary"]["cases"]["not-applicable"] > 0


def test_run_rejects_a_bad_profile(ascot, tmp_path):
    profile = tmp_path / "iut.json"
    profile.write_text(json.dumps({"name": "x", "adapter": "reference", "claims": ["spf"], "clams": []}))
    r = run(ascot, "run", "--iut", str(profile), check=2)
    assert "unknown key(s) 'clams'" in r.stderr
    assert "neither a built-in IUT" in run(ascot, "run", "--iut", str(tmp_path / "missing.json"), check=2).stderr


def test_a_killed_run_leaves_no_half_written_report(ascot, tmp_path):
    """Reports are replaced atomically: whenever a run is killed, each report file is absent
    or complete."""
    out = tmp_path / "out"
    for delay in (0.05, 0.15, 0.3, 0.45, 0.6):
        proc = subprocess.Popen([ascot, "run", "--iut", "reference-dns", "--suite", "spf", "--quiet",
                                 "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        if (out / "results.json").exists():
            json.loads((out / "results.json").read_text())
        if (out / "report.html").exists():
            assert (out / "report.html").read_text().rstrip().endswith("</html>")
        if (out / "junit.xml").exists():
            ET.parse(out / "junit.xml")

"""`ascot check dnsbl`: a subject looked up in a DNS blacklist or whitelist (RFC 5782), and a
list's test entries checked (RFC 5782 5), against zone data and through real DNS on loopback."""
import json
import signal
import subprocess

import pytest

# A blacklist at bl.example.com with its test entries, two listings (one with a reason) and a
# listing that times out; a domain list at dbl.example.com; and a dead list at gone.example.com
# that holds no test entry.
ZONE = {
    "2.0.0.127.bl.example.com": [{"A": "127.0.0.2"}],
    "99.2.0.192.bl.example.com": [{"A": "127.0.0.2"}, {"A": "127.0.0.4"},
                                  {"TXT": ["192.0.2.99 sent mail ", "to spam traps"]}],
    "50.2.0.192.bl.example.com": [{"A": "127.0.0.3"}],
    "7.2.0.192.bl.example.com": ["TIMEOUT"],
    "test.dbl.example.com": [{"A": "127.0.0.2"}],
    "spam.example.net.dbl.example.com": [{"A": "127.0.1.2"}],
    "gone.example.com": [{"TXT": "this list has stopped publishing"}],
}
MEANINGS = ["--meaning", "127.0.0.2=spam source", "--meaning", "127.0.0.4=open proxy"]


def run(ascot, *args, check=None, timeout=60):
    result = subprocess.run([ascot, *args], capture_output=True, text=True, timeout=timeout)
    if check is not None:
        assert result.returncode == check, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


@pytest.fixture
def zone(tmp_path):
    path = tmp_path / "zone.json"
    path.write_text(json.dumps(ZONE))
    return str(path)


def check(ascot, zone, *args, code=0):
    return json.loads(run(ascot, "check", "dnsbl", "--zone", zone, "--json", *args, check=code).stdout)


def test_listed_address_with_codes_meanings_and_reason(ascot, zone):
    r = check(ascot, zone, "--list", "bl.example.com", "--reason", *MEANINGS, "192.0.2.99")
    assert (r["queryName"], r["status"], r["effect"]) == ("99.2.0.192.bl.example.com", "listed", "block")
    assert sorted((c["code"], tuple(c["meanings"])) for c in r["codes"]) == [
        ("127.0.0.2", ("spam source",)), ("127.0.0.4", ("open proxy",))]
    assert r["reasons"] == ["192.0.2.99 sent mail to spam traps"]
    assert r["dnsQueries"] == 2


def test_unknown_code_still_lists_and_reason_is_asked_only_on_request(ascot, zone):
    r = check(ascot, zone, "--list", "bl.example.com", *MEANINGS, "192.0.2.50")
    assert (r["status"], r["codes"][0]["meanings"], r["reasons"], r["dnsQueries"]) == ("listed", ["listed"], [], 1)


def test_not_listed_timeout_and_whitelist(ascot, zone):
    r = check(ascot, zone, "--list", "bl.example.com", "192.0.2.1")
    assert (r["status"], r["effect"]) == ("not-listed", "none")
    r = check(ascot, zone, "--list", "bl.example.com", "192.0.2.7")
    assert (r["status"], r["effect"]) == ("temperror", "none")
    assert "TIMEOUT" in r["problem"]
    r = check(ascot, zone, "--list", "bl.example.com", "--whitelist", "192.0.2.99")
    assert (r["role"], r["status"], r["effect"]) == ("whitelist", "listed", "allow")


def test_ipv6_and_domain_subjects(ascot, zone):
    r = check(ascot, zone, "--list", "bl.example.com", "2001:db8::1")
    assert r["kind"] == "ipv6"
    assert r["queryName"] == "1." + "0." * 23 + "8.b.d.0.1.0.0.2.bl.example.com"
    r = check(ascot, zone, "--list", "dbl.example.com", "Spam.Example.NET.")
    assert (r["kind"], r["queryName"], r["status"]) == ("domain", "spam.example.net.dbl.example.com", "listed")


def test_health_of_a_working_and_of_a_dead_list(ascot, zone):
    r = check(ascot, zone, "--list", "bl.example.com", "--health")
    assert (r["status"], r["failed"]) == ("healthy", [])
    assert [c["id"] for c in r["checks"]] == ["ipv4-127.0.0.2-listed", "ipv4-127.0.0.1-absent"]
    r = check(ascot, zone, "--list", "gone.example.com", "--health", code=1)
    assert (r["status"], r["failed"]) == ("unhealthy", ["ipv4-127.0.0.2-listed"])
    r = check(ascot, zone, "--list", "dbl.example.com", "--kind", "domain", "--health")
    assert r["status"] == "healthy"
    text = run(ascot, "check", "dnsbl", "--zone", zone, "--list", "gone.example.com", "--health", check=1).stdout
    assert "health: unhealthy" in text


def test_bad_input_is_refused_without_a_query(ascot, zone):
    r = run(ascot, "check", "dnsbl", "--zone", zone, "--list", "bl..example.com", "--trace", "192.0.2.1", check=2)
    assert "empty label" in r.stderr
    assert "dns:" not in r.stdout
    r = run(ascot, "check", "dnsbl", "--zone", zone, "--list", "dbl.example.com", "--kind", "domain", "192.0.2.1",
            check=2)
    assert "cannot ask" in r.stderr
    for args in (["192.0.2.1"], ["--list", "bl.example.com"], ["--list", "bl.example.com", "--health", "192.0.2.1"],
                 ["--list", "bl.example.com", "--kind", "ipv5", "192.0.2.1"],
                 ["--list", "bl.example.com", "--meaning", "spam", "192.0.2.1"]):
        assert run(ascot, "check", "dnsbl", "--zone", zone, *args).returncode == 2, args


def test_a_vector_gives_list_subject_and_question(ascot, root):
    r = check(ascot, str(root / "vectors/dnsbl/rfc5782-ipv4.json"), "--vector", "ipv4-reason-from-txt")
    assert r["status"] == "listed" and r["reasons"]
    r = check(ascot, str(root / "vectors/dnsbl/rfc5782-test-entries.json"), "--vector", "test-entries-ipv4-wildcard",
              code=1)
    assert (r["status"], r["failed"]) == ("unhealthy", ["ipv4-127.0.0.1-absent"])


def test_help(ascot):
    out = run(ascot, "check", "dnsbl", "--help", check=0).stdout
    for text in ("--list ZONE", "--health", "--reason", "--whitelist", "RFC 5782"):
        assert text in out
    assert "check dnsbl" in run(ascot, "--help", check=0).stdout


def test_through_real_dns_on_loopback(ascot, zone, free_port):
    server = subprocess.Popen([ascot, "dns", "serve", "--zone", zone, "--listen", f"127.0.0.1:{free_port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        assert f"127.0.0.1:{free_port}" in banner, banner + server.stderr.read()
        dns = ["check", "dnsbl", "--dns", f"127.0.0.1:{free_port}", "--timeout", "300", "--json"]
        r = json.loads(run(ascot, *dns, "--list", "bl.example.com", "--reason", "192.0.2.99", check=0).stdout)
        assert (r["status"], r["reasons"]) == ("listed", ["192.0.2.99 sent mail to spam traps"])
        r = json.loads(run(ascot, *dns, "--list", "bl.example.com", "192.0.2.7", check=0).stdout)
        assert r["status"] == "temperror"
        r = json.loads(run(ascot, *dns, "--list", "bl.example.com", "--health", check=0).stdout)
        assert r["status"] == "healthy"
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=10)
    assert server.returncode == 0

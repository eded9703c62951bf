"""The message commands of the ascot command line: check dkim|arc|dmarc, sign dkim|arc, parse,
report arf and dmarc aggregate, as a user drives them."""
import json
import subprocess

import pytest

KEYS = "vectors/dkim/keys"
MESSAGE = (b"From: Alice Example <alice@example.com>\r\nTo: team@lists.example.org\r\nSubject: Minutes\r\n"
           b"Date: Wed, 31 Dec 2025 22:00:00 +0000\r\nMessage-ID: <minutes-1@example.com>\r\n\r\n"
           b"The minutes of today's meeting are below.\r\n")
NOW = "1767225600"


def run(ascot, *args, check=None, stdin=None):
    result = subprocess.run([ascot, *args], capture_output=True, input=stdin, timeout=120)
    if check is not None:
        assert result.returncode == check, (f"exit {result.returncode}\nstdout:\n{result.stdout.decode(errors='replace')}"
                                            f"\nstderr:\n{result.stderr.decode(errors='replace')}")
    return result


def record(ascot, root, key):
    return run(ascot, "sign", "dkim", "--key", str(root / KEYS / f"{key}.pem"), "--record", check=0).stdout.decode().strip()


def txt(text):
    """A TXT record in the zone format, split into 255-octet strings."""
    return {"TXT": [text[i:i + 255] for i in range(0, len(text), 255)]}


@pytest.fixture
def world(ascot, root, tmp_path):
    """A zone with keys for example.com (s1: RSA) and lists.example.org (ed: Ed25519), SPF and
    DMARC records for example.com, and the unsigned message."""
    zone = {
        "s1._domainkey.example.com": [txt(record(ascot, root, "rsa-2048-a"))],
        "ed._domainkey.lists.example.org": [txt(record(ascot, root, "ed25519-a"))],
        "example.com": [{"TXT": "v=spf1 ip4:192.0.2.0/24 -all"}],
        "_dmarc.example.com": [{"TXT": "v=DMARC1; p=reject"}],
    }
    (tmp_path / "zone.json").write_text(json.dumps(zone))
    (tmp_path / "m.eml").write_bytes(MESSAGE)
    return tmp_path


def sign_rsa(ascot, root, world, name="signed.eml"):
    run(ascot, "sign", "dkim", "--message", str(world / "m.eml"), "--key", str(root / KEYS / "rsa-2048-a.pem"),
        "--domain", "example.com", "--selector", "s1", "--timestamp", NOW, "--out", str(world / name), check=0)
    return world / name


def test_sign_then_check_dkim_and_tampering(ascot, root, world):
    signed = sign_rsa(ascot, root, world)
    assert signed.read_bytes().endswith(MESSAGE)
    out = run(ascot, "check", "dkim", "--message", str(signed), "--zone", str(world / "zone.json"), "--now", NOW,
              "--json", check=0).stdout
    result = json.loads(out)
    assert [s["result"] for s in result["signatures"]] == ["pass"]
    assert "dkim=pass header.d=example.com header.s=s1" in result["authenticationResults"]
    tampered = world / "tampered.eml"
    tampered.write_bytes(signed.read_bytes() + b"P.S. changed in transit\r\n")
    result = json.loads(run(ascot, "check", "dkim", "--message", str(tampered), "--zone", str(world / "zone.json"),
                            "--now", NOW, "--json", check=0).stdout)
    assert [(s["result"], s["reason"]) for s in result["signatures"]] == [("fail", "body-hash-mismatch")]


def test_sign_from_standard_input_to_standard_output(ascot, root):
    r = run(ascot, "sign", "dkim", "--message", "-", "--key", str(root / KEYS / "ed25519-a.pem"), "--domain",
            "example.com", "--selector", "ed", "--no-timestamp", stdin=MESSAGE, check=0)
    assert r.stdout.startswith(b"DKIM-Signature: v=1; a=ed25519-sha256;")
    assert b" t=" not in r.stdout.split(MESSAGE)[0]


def test_sign_refuses_what_rfc_8301_forbids_and_bad_arguments(ascot, root, world):
    r = run(ascot, "sign", "dkim", "--message", str(world / "m.eml"), "--key", str(root / KEYS / "rsa-512.pem"),
            "--domain", "example.com", "--selector", "s", check=2)
    assert b"1024" in r.stderr
    r = run(ascot, "sign", "dkim", "--message", str(world / "m.eml"), "--key", str(root / KEYS / "rsa-2048-a.pem"),
            "--domain", "example.com", "--selector", "s", "--canonicalization", "loose", check=2)
    assert b"--canonicalization" in r.stderr
    assert b"--key" in run(ascot, "sign", "dkim", "--message", str(world / "m.eml"), check=2).stderr
    assert b"choose dkim or arc" in run(ascot, "sign", "pgp", check=2).stderr


def test_check_dkim_takes_message_and_time_from_a_vector(ascot, root):
    path = root / "vectors" / "dkim" / "rfc6376-canonicalization.json"
    doc = json.loads(path.read_text())
    for group in doc["groups"][:3]:
        vector = group["vectors"][0]
        result = json.loads(run(ascot, "check", "dkim", "--zone", str(path), "--vector", vector["id"], "--json",
                                check=0).stdout)
        got = [s["result"] for s in result["signatures"]]
        want = [s["result"] for s in vector["signatures"]]
        assert len(got) == len(want) and all(g in w for g, w in zip(got, want)), vector["id"]


def test_sign_arc_twice_with_a_modifying_list_and_check(ascot, root, world):
    signed = sign_rsa(ascot, root, world)
    zone = str(world / "zone.json")
    hop1 = world / "hop1.eml"
    r = run(ascot, "sign", "arc", "--message", str(signed), "--key", str(root / KEYS / "ed25519-a.pem"), "--domain",
            "lists.example.org", "--selector", "ed", "--results", "dkim=pass header.d=example.com", "--zone", zone,
            "--now", NOW, "--timestamp", NOW, "--out", str(hop1), check=0)
    assert b"cv=none" in r.stderr
    assert hop1.read_bytes().startswith(b"ARC-Seal: i=1; a=ed25519-sha256; cv=none;")
    # The list appends a footer after validating, then seals again: AMS 1 breaks, the chain holds.
    hop1_footer = world / "hop1-footer.eml"
    hop1_footer.write_bytes(hop1.read_bytes() + b"-- \r\nteam mailing list\r\n")
    hop2 = world / "hop2.eml"
    run(ascot, "sign", "arc", "--message", str(hop1_footer), "--key", str(root / KEYS / "ed25519-a.pem"),
        "--domain", "lists.example.org", "--selector", "ed", "--cv", "pass", "--timestamp", NOW, "--out", str(hop2),
        check=0)
    result = json.loads(run(ascot, "check", "arc", "--message", str(hop2), "--zone", zone, "--now", NOW, "--json",
                            check=0).stdout)
    assert (result["cv"], result["instances"], result["oldestPass"]) == ("pass", 2, 2)
    assert "arc=pass (i=2) header.oldest-pass=2" in result["authenticationResults"]
    # A change after the last seal fails the newest AMS.
    broken = world / "broken.eml"
    broken.write_bytes(hop2.read_bytes() + b"tampered\r\n")
    result = json.loads(run(ascot, "check", "arc", "--message", str(broken), "--zone", zone, "--now", NOW, "--json",
                            check=0).stdout)
    assert (result["cv"], result["failedInstance"]) == ("fail", 2)
    # Without DNS the chain cannot be validated, and sign arc says so instead of guessing.
    r = run(ascot, "sign", "arc", "--message", str(hop2), "--key", str(root / KEYS / "ed25519-a.pem"), "--domain",
            "lists.example.org", "--selector", "ed", check=2)
    assert b"--dns or --zone" in r.stderr


def test_check_arc_of_a_vector(ascot, root):
    path = root / "vectors" / "arc" / "rfc8617-validate.json"
    result = json.loads(run(ascot, "check", "arc", "--zone", str(path), "--vector", "arc-oldest-pass-list-footer",
                            "--json", check=0).stdout)
    assert (result["cv"], result["oldestPass"]) == ("pass", 2)


def test_check_dmarc_pass_fail_and_unusable_from(ascot, root, world):
    signed = sign_rsa(ascot, root, world)
    zone = str(world / "zone.json")
    common = ["--mail-from", "bounce@example.com", "--helo", "mx.example.com", "--zone", zone, "--now", NOW, "--json"]
    result = json.loads(run(ascot, "check", "dmarc", "--message", str(signed), "--ip", "192.0.2.7", *common,
                            check=0).stdout)
    assert (result["result"], result["spfAligned"], result["dkimAligned"]) == ("pass", True, True)
    # Unsigned, from an address SPF does not authorise: fail, and p=reject applies.
    result = json.loads(run(ascot, "check", "dmarc", "--message", str(world / "m.eml"), "--ip", "198.51.100.7",
                            *common, check=0).stdout)
    assert (result["result"], result["policy"], result["spf"]["result"]) == ("fail", "reject", "fail")
    assert "dmarc=fail" in result["authenticationResults"]
    for mode in ("rfc7489", "rfc9989"):
        result = json.loads(run(ascot, "check", "dmarc", "--message", str(signed), "--ip", "198.51.100.7", "--mode",
                                mode, *common, check=0).stdout)
        assert result["result"] == "pass", mode
    two = world / "two-from.eml"
    two.write_bytes(MESSAGE.replace(b"From: Alice Example <alice@example.com>",
                                    b"From: alice@example.com, mallory@example.net"))
    r = run(ascot, "check", "dmarc", "--message", str(two), "--ip", "192.0.2.7", *common, check=2)
    assert b"several domains" in r.stderr


def test_parse_authres_strict_and_lenient(ascot):
    field = b"Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.com;\r\n dkim=pass header.d=example.com\r\n"
    parsed = json.loads(run(ascot, "parse", "authres", "-", stdin=field, check=0).stdout)
    assert parsed["authservId"] == "mx.example.org"
    assert [r["method"] for r in parsed["results"]] == ["spf", "dkim"]
    trailing = b"mx.example.org; spf=pass smtp.mailfrom=example.com;"
    assert b"offset" in run(ascot, "parse", "authres", stdin=trailing, check=1).stderr
    run(ascot, "parse", "authres", "--lenient", stdin=trailing, check=0)


def test_report_arf_then_parse_arf(ascot, world):
    report = world / "report.eml"
    run(ascot, "report", "arf", "--original", str(world / "m.eml"), "--from", "abuse@example.net", "--to",
        "abuse@example.com", "--user-agent", "ascot-test/1", "--field", "Source-IP:192.0.2.1", "--out", str(report),
        check=0)
    parsed = json.loads(run(ascot, "parse", "arf", str(report), check=0).stdout)
    assert parsed["fields"]["feedback-type"] == ["abuse"]
    assert parsed["fields"]["source-ip"] == ["192.0.2.1"]
    assert parsed["original"] == "message/rfc822"
    assert b"not a valid feedback report" in run(ascot, "parse", "arf", str(world / "m.eml"), check=1).stderr
    assert b"--user-agent" in run(ascot, "report", "arf", "--original", str(world / "m.eml"), check=2).stderr


def test_dmarc_aggregate_summary_and_conversion(ascot, root, tmp_path):
    source = root / "harness" / "tests" / "data" / "aggregate-rfc7489.xml"
    summary = json.loads(run(ascot, "dmarc", "aggregate", "--in", str(source), "--json", check=0).stdout)
    assert (summary["format"], summary["records"], summary["messages"]) == ("rfc7489", 2, 43)
    assert summary["disposition"] == {"none": 40, "quarantine": 3}
    converted = tmp_path / "report-2.0.xml"
    run(ascot, "dmarc", "aggregate", "--in", str(source), "--convert", "rfc9990", "--out", str(converted), check=0)
    assert b"urn:ietf:params:xml:ns:dmarc-2.0" in converted.read_bytes()
    again = json.loads(run(ascot, "dmarc", "aggregate", "--in", str(converted), "--json", check=0).stdout)
    assert (again["format"], again["messages"]) == ("rfc9990", 43)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(source.read_bytes().replace(b"<count>3</count>", b"<count>three</count>"))
    r = run(ascot, "dmarc", "aggregate", "--in", str(bad), check=1)
    assert b"/feedback/record[2]/row/count" in r.stderr


def test_help_names_every_message_command(ascot):
    out = run(ascot, "--help", check=0).stdout.decode()
    for command in ("check dkim", "check arc", "check dmarc", "sign dkim", "sign arc", "parse authres", "parse arf",
                    "report arf", "dmarc aggregate"):
        assert command in out
    for args in (("check", "dkim"), ("check", "arc"), ("check", "dmarc"), ("sign", "dkim"), ("sign", "arc"),
                 ("parse", "authres"), ("parse", "arf"), ("report", "arf"), ("dmarc", "aggregate")):
        text = run(ascot, *args, "--help", check=0).stdout.decode()
        assert text.startswith("Usage: ascot " + " ".join(args)), args


def test_messages_with_unix_line_ends_are_read_as_crlf(ascot, root, world):
    unix = world / "unix.eml"
    unix.write_bytes(MESSAGE.replace(b"\r\n", b"\n"))
    signed = run(ascot, "sign", "dkim", "--message", str(unix), "--key", str(root / KEYS / "rsa-2048-a.pem"),
                 "--domain", "example.com", "--selector", "s1", check=0).stdout
    assert signed.endswith(MESSAGE), "the signed message is written with CRLF line ends"
    (world / "signed-unix.eml").write_bytes(signed.replace(b"\r\n", b"\n"))
    result = json.loads(run(ascot, "check", "dkim", "--message", str(world / "signed-unix.eml"), "--zone",
                            str(world / "zone.json"), "--json", check=0).stdout)
    assert [s["result"] for s in result["signatures"]] == ["pass"]


def test_check_dkim_and_dmarc_over_the_network(ascot, root, world, free_port):
    """The same checks through real DNS: `ascot dns serve` on loopback answers the key records
    (a 2048-bit RSA key is one TXT record of several strings)."""
    import signal
    signed = sign_rsa(ascot, root, world)
    server = subprocess.Popen([ascot, "dns", "serve", "--zone", str(world / "zone.json"), "--listen",
                               f"127.0.0.1:{free_port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        assert f"127.0.0.1:{free_port}" in banner, banner + server.stderr.read()
        dns = ["--dns", f"127.0.0.1:{free_port}", "--now", NOW, "--json"]
        result = json.loads(run(ascot, "check", "dkim", "--message", str(signed), *dns, check=0).stdout)
        assert [(s["result"], s["keyBits"]) for s in result["signatures"]] == [("pass", 2048)]
        result = json.loads(run(ascot, "check", "dmarc", "--message", str(signed), "--ip", "198.51.100.7",
                                "--mail-from", "bounce@example.com", "--helo", "mx.example.com", *dns, check=0).stdout)
        assert (result["result"], result["spf"]["result"], result["dkimAligned"]) == ("pass", "fail", True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=10)
    assert server.returncode == 0

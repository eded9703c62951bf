"""Interoperability of DKIM signing and verifying with an independent implementation, Debian's
python3-dkim (dkimpy): what `ascot sign dkim` signs dkimpy verifies, and what dkimpy signs
`ascot check dkim` verifies, for rsa-sha256 (RFC 6376) and ed25519-sha256 (RFC 8463) and both
canonicalisations. dkimpy is only a check here; it never produces a vector."""
import base64
import json
import subprocess

import dkim
import pytest
from cryptography.hazmat.primitives import serialization

SELECTOR, DOMAIN = "interop", "example.com"
MESSAGE = (b"From: Alice Example <alice@example.com>\r\nTo: Bob <bob@example.org>\r\nSubject: Interop  test\r\n"
           b"Date: Wed, 31 Dec 2025 22:00:00 +0000\r\nMessage-ID: <interop-1@example.com>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Line one with  two spaces.\r\n\tIndented line \r\n\r\n\r\n")
KEYS = {"rsa-sha256": "rsa-2048-a", "ed25519-sha256": "ed25519-a"}
CANONICALIZATIONS = ["relaxed/relaxed", "simple/simple", "relaxed/simple", "simple/relaxed"]


def key_path(root, algorithm):
    return root / "vectors" / "dkim" / "keys" / f"{KEYS[algorithm]}.pem"


def key_record(ascot, root, algorithm):
    out = subprocess.run([ascot, "sign", "dkim", "--key", str(key_path(root, algorithm)), "--record"],
                         capture_output=True, check=True, timeout=60)
    return out.stdout.strip()


def dnsfunc_for(record):
    def dnsfunc(name, timeout=5):
        want = f"{SELECTOR}._domainkey.{DOMAIN}.".encode()
        return record if name in (want, want.rstrip(b".")) else None
    return dnsfunc


@pytest.mark.parametrize("algorithm", sorted(KEYS))
@pytest.mark.parametrize("canonicalization", CANONICALIZATIONS)
def test_ascot_signs_and_dkimpy_verifies(ascot, root, tmp_path, algorithm, canonicalization):
    message = tmp_path / "m.eml"
    message.write_bytes(MESSAGE)
    signed = subprocess.run([ascot, "sign", "dkim", "--message", str(message), "--key", str(key_path(root, algorithm)),
                             "--domain", DOMAIN, "--selector", SELECTOR, "--canonicalization", canonicalization],
                            capture_output=True, check=True, timeout=60).stdout
    assert signed.startswith(f"DKIM-Signature: v=1; a={algorithm};".encode())
    record = key_record(ascot, root, algorithm)
    assert dkim.verify(signed, dnsfunc=dnsfunc_for(record)), f"dkimpy rejects ascot's {algorithm} {canonicalization}"
    # And the check can fail: dkimpy rejects the same signature over a changed body.
    assert not dkim.verify(signed + b"appended\r\n", dnsfunc=dnsfunc_for(record))


def dkimpy_private_key(root, algorithm):
    pem = key_path(root, algorithm).read_bytes()
    if algorithm == "rsa-sha256":
        return pem
    # dkimpy takes an Ed25519 private key as the base64 of its 32-octet seed (RFC 8463 3).
    key = serialization.load_pem_private_key(pem, password=None)
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return base64.b64encode(raw)


@pytest.mark.parametrize("algorithm", sorted(KEYS))
@pytest.mark.parametrize("canonicalization", CANONICALIZATIONS)
def test_dkimpy_signs_and_ascot_verifies(ascot, root, tmp_path, algorithm, canonicalization):
    header_c, body_c = canonicalization.split("/")
    field = dkim.sign(MESSAGE, SELECTOR.encode(), DOMAIN.encode(), dkimpy_private_key(root, algorithm),
                      canonicalize=(header_c.encode(), body_c.encode()), signature_algorithm=algorithm.encode(),
                      include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    signed = tmp_path / "signed.eml"
    signed.write_bytes(field + MESSAGE)
    record = key_record(ascot, root, algorithm).decode()
    zone = tmp_path / "zone.json"
    zone.write_text(json.dumps({f"{SELECTOR}._domainkey.{DOMAIN}": [{"TXT": [record[i:i + 255] for i in
                                                                              range(0, len(record), 255)]}]}))

    def check(path):
        out = subprocess.run([ascot, "check", "dkim", "--message", str(path), "--zone", str(zone), "--json"],
                             capture_output=True, check=True, timeout=60).stdout
        return [s["result"] for s in json.loads(out)["signatures"]]

    assert check(signed) == ["pass"], f"ascot rejects dkimpy's {algorithm} {canonicalization}"
    tampered = tmp_path / "tampered.eml"
    tampered.write_bytes(field + MESSAGE.replace(b"Interop  test", b"Interop  test!"))
    assert check(tampered) == ["fail"]

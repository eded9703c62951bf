#!/usr/bin/python3
"""generate.py: build the DKIM verification vectors (vectors/dkim/*.json) from the scenarios below.

Every message is signed here, with the committed test keys in keys/ and fixed timestamps, by
vectors/tools/mailauth.py (an implementation of RFC 6376 signing written for this purpose). RSA
PKCS#1 v1.5 and Ed25519 signatures are deterministic, so running this again writes the same
files byte for byte.

Usage:
  /usr/bin/python3 vectors/dkim/generate.py           write the vector files
  /usr/bin/python3 vectors/dkim/generate.py --check   exit 1 if a committed file differs
"""

from __future__ import annotations

import argparse
import base64
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "vectors" / "tools"))

import mailauth as ma  # noqa: E402

GENERATOR = "vectors/dkim/generate.py"
SCHEMA = "dkim-verify.schema.json"

NOW = 1767225600            # 2026-01-01T00:00:00Z, the verification time of every vector
T_SIGN = NOW - 3600         # signing time: one hour earlier
X_WEEK = NOW + 7 * 86400    # an expiry still in the future

KEY_NAMES = ["rsa-2048-a", "rsa-2048-b", "rsa-1024", "rsa-512", "ed25519-a", "ed25519-b"]
KEYS = {n: ma.load_private_key(str(HERE / "keys" / f"{n}.pem")) for n in KEY_NAMES}
SELECTOR = {"rsa-2048-a": "rsa2048a", "rsa-2048-b": "rsa2048b", "rsa-1024": "rsa1024",
            "rsa-512": "rsa512", "ed25519-a": "eda", "ed25519-b": "edb"}

CRLF = b"\r\n"

# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------

H_DEFAULT = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"]

BODY = (b"Hello Bob,\r\n"
        b"\r\n"
        b"the figures for the fourth quarter are final.\r\n"
        b"Totals are in the usual place.\r\n"
        b"\r\n"
        b"Alice\r\n")


def F(vid: str, subject: str = "Quarterly report", frm: str = "Alice Example <alice@example.com>",
      to: str = "Bob Example <bob@example.net>") -> list[bytes]:
    """The ordinary header of a vector's message; its Message-ID names the vector."""
    return [
        f"From: {frm}\r\n".encode(),
        f"To: {to}\r\n".encode(),
        f"Subject: {subject}\r\n".encode(),
        b"Date: Wed, 31 Dec 2025 23:00:00 +0000\r\n",
        f"Message-ID: <{vid}@mail.example.com>\r\n".encode(),
        b"MIME-Version: 1.0\r\n",
        b"Content-Type: text/plain; charset=us-ascii\r\n",
    ]


def join(fields: list[bytes], body: bytes | None) -> bytes:
    return ma.Message(list(fields), body).to_bytes()


def mut(raw: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    """Replace `old` by `new`; `old` must occur exactly `count` times (no silent no-op)."""
    n = raw.count(old)
    if n != count:
        raise AssertionError(f"expected {count} occurrence(s) of {old!r}, found {n}")
    return raw.replace(old, new)


def header_end(raw: bytes) -> int:
    return raw.index(CRLF + CRLF) + 2


def add_header_top(raw: bytes, field: bytes) -> bytes:
    return field + raw


def add_header_bottom(raw: bytes, field: bytes) -> bytes:
    end = header_end(raw)
    return raw[:end] + field + raw[end:]


# --------------------------------------------------------------------------------------------
# Signatures
# --------------------------------------------------------------------------------------------

DEFAULT = object()


def split_c(c: str) -> tuple[str, str]:
    head, _, body = c.partition("/")
    return head, (body or "simple")


def sig(fields: list[bytes], body: bytes | None, *, key: str = "rsa-2048-a", alg: str | None = None,
        d: str = "example.com", s: str | None = None, c: str = "relaxed/relaxed",
        c_tag=DEFAULT, h: list[str] | None = None, t: int | None = T_SIGN, x: int | None = None,
        i: str | None = None, l: int | None = None, l_tag: str | None = None,
        q: str | None = None, z: str | None = None, extra: list[tuple[str, str]] = (),
        edit=None, template_edit=None, name: str = "DKIM-Signature", per_line: int = 4,
        b_first: int = 70, b_width: int = 74, data_hook=None, bh_override: str | None = None,
        signer=None, select: list[bytes] | None = None) -> bytes:
    """One signature field over `fields` and `body`.

    c is the canonicalisation actually used; c_tag what the c= tag says (DEFAULT: the same,
    None: no c= tag). l is the length used for the body hash and written as l= (l_tag writes
    another text). edit maps the tag list, template_edit the template text, before signing."""
    if alg is None:
        alg = "ed25519-sha256" if key.startswith("ed25519") else "rsa-sha256"
    s = SELECTOR[key] if s is None else s
    h = H_DEFAULT if h is None else h
    header_canon, body_canon = split_c(c)
    tags: list[tuple[str, str]] = [("v", "1"), ("a", alg)]
    if c_tag is DEFAULT:
        c_tag = c
    if c_tag is not None:
        tags.append(("c", c_tag))
    tags += [("d", d), ("s", s)]
    if t is not None:
        tags.append(("t", str(t)))
    if x is not None:
        tags.append(("x", str(x)))
    if i is not None:
        tags.append(("i", i))
    if l is not None or l_tag is not None:
        tags.append(("l", l_tag if l_tag is not None else str(l)))
    if q is not None:
        tags.append(("q", q))
    if z is not None:
        tags.append(("z", z))
    tags.append(("h", ":".join(h)))
    tags += list(extra)
    tags.append(("bh", ma.BH))
    if edit is not None:
        tags = edit(tags)
    lines = [ma.format_tag_list(tags[k:k + per_line]) for k in range(0, len(tags), per_line)]
    template = f"{name}: " + ";\r\n\t".join(lines) + ";\r\n\tb=" + ma.B + "\r\n"
    if template_edit is not None:
        template = template_edit(template)
    selected = ma.select_fields(fields, h) if select is None else select
    return ma.sign_field(template, selected, key=KEYS[key], algorithm=alg,
                         header_canon=header_canon, body=body, body_canon=body_canon, length=l,
                         b_first=b_first, b_width=b_width, data_hook=data_hook,
                         bh_override=bh_override, signer=signer)


def signed(fields: list[bytes], body: bytes | None, **kw) -> bytes:
    """The message with one signature field added on top."""
    return join([sig(fields, body, **kw)] + list(fields), body)


def drop_tag(name: str):
    return lambda tags: [(n, v) for n, v in tags if n != name]


def set_tag(name: str, value: str):
    return lambda tags: [(n, value if n == name else v) for n, v in tags]


def b_value(raw: bytes, which: int = 0) -> bytes:
    """The b= value (with its folding) of the `which`-th DKIM-Signature of raw."""
    msg = ma.parse_message(raw)
    sigs = [f for f in msg.fields if ma.field_name(f).lower() == "dkim-signature"]
    text = sigs[which]
    start = text.index(b"\tb=") + 3
    end = text.find(b";", start)
    return text[start:len(text) - 2 if end < 0 else end]


def flip_b(raw: bytes, which: int = 0) -> bytes:
    """Change one base64 character of the signature value (valid base64, wrong signature)."""
    value = b_value(raw, which)
    pos = 10
    ch = value[pos:pos + 1]
    new = b"B" if ch != b"B" else b"C"
    return mut(raw, value, value[:pos] + new + value[pos + 1:])


# --------------------------------------------------------------------------------------------
# Zones
# --------------------------------------------------------------------------------------------


def txt(text: str) -> dict:
    parts = ma.split_txt(text)
    return {"TXT": parts[0] if len(parts) == 1 else parts}


def rec(key: str, tags: list[tuple[str, str]] | None = None, form: str = "default") -> str:
    return ma.key_record(KEYS[key], tags, form)


def pb64(key: str, form: str = "default") -> str:
    return ma.b64(ma.public_key_data(KEYS[key], form))


def dk(selector: str, domain: str = "example.com") -> str:
    return f"{selector}._domainkey.{domain}"


def base_zone(domains=("example.com",), keys=("rsa-2048-a", "rsa-2048-b", "ed25519-a")) -> dict:
    zone: dict = {}
    for domain in domains:
        for key in keys:
            zone[dk(SELECTOR[key], domain)] = [txt(rec(key))]
    return zone


# --------------------------------------------------------------------------------------------
# Vectors and files
# --------------------------------------------------------------------------------------------


def S(result, reason: str | None = None, d: str | None = "example.com",
      s: str | None = "rsa2048a", acceptable: list[str] | None = None) -> dict:
    out: dict = {}
    if d is not None:
        out["domain"] = d
    if s is not None:
        out["selector"] = s
    out["result"] = [result] if isinstance(result, str) else list(result)
    if acceptable:
        out["acceptable"] = list(acceptable)
    if reason is not None:
        out["reason"] = reason
    return out


ERR = ["neutral", "permerror"]  # a signature 6.1.1 says to ignore (see SIG_ERROR_RESULT)


def V(vid: str, comment: str, clause: str, level: str, raw: bytes, sigs: list[dict],
      flags=(), now: int = NOW) -> dict:
    assert vid.startswith("dkim-"), vid
    out: dict = {"id": vid, "comment": comment, "clause": clause, "level": level, "now": now}
    try:
        out["message"] = raw.decode("utf-8")
    except UnicodeDecodeError:
        out["messageBase64"] = base64.b64encode(raw).decode("ascii")
    out["signatures"] = sigs
    if flags:
        out["flags"] = list(flags)
    return out


def G(comment: str, zone: dict, vectors: list[dict]) -> dict:
    return {"comment": comment, "zone": zone, "vectors": vectors}


def build_file(title: str, spec: str, description: str, groups: list[dict]) -> dict:
    used: list[str] = []
    for g in groups:
        for v in g["vectors"]:
            for f in v.get("flags", []):
                if f not in NOTES:
                    raise KeyError(f"flag {f} has no note")
                if f not in used:
                    used.append(f)
    notes = {f: NOTES[f] for f in sorted(used)}
    return {
        "schema": SCHEMA,
        "title": title,
        "spec": spec,
        "description": description,
        "generator": GENERATOR,
        "numberOfVectors": sum(len(g["vectors"]) for g in groups),
        "notes": notes,
        "groups": groups,
    }


# --------------------------------------------------------------------------------------------
# Flags: every flag a file uses is copied from here into its "notes"
# --------------------------------------------------------------------------------------------

NOTES = {
    # results the RFCs leave open
    "SIG_ERROR_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 6.1.1 makes a verifier ignore a signature whose tags are malformed, missing, inconsistent or unsupported and report PERMFAIL; RFC 8601 2.7.1 offers two results for that, neutral (the signature has syntax errors or cannot otherwise be processed) and permerror (an unrecoverable error), and names neither for this case, so both are accepted. Either way the signature must not pass."},
    "EXPIRY_OPTIONAL": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 3.5 (x=) and 6.1.1 only allow (MAY) a verifier to treat a signature past its x= time as invalid and return PERMFAIL (signature expired); a verifier that does not check expiry still reports pass. Both readings are accepted: pass, or the neutral/permerror of an ignored signature."},
    "FUTURE_OPTIONAL": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 3.5 (t=) lets (MAY) a verifier ignore a signature whose timestamp lies in the future, without requiring it; pass and the neutral/permerror of an ignored signature are all accepted."},
    "UNSIGNED_CONTENT_OPTIONAL": {
        "bugType": "AMBIGUOUS",
        "description": "With l= the body beyond the limit is not covered; RFC 6376 6.1.3 and 8.2 let a verifier still report the signature as verified, or treat the unsigned content with suspicion and the signature as invalid (PERMFAIL (unsigned content): neutral or permerror) or unacceptable (policy). fail is not among them: the hash over the first l octets matches."},
    "LENGTH_OVER_BODY_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "An l= larger than the canonicalised body breaks the MUST NOT of RFC 6376 3.5 (l=); the RFC gives no result code. A verifier may treat it as a malformed signature (neutral or permerror) or as a body that does not match (fail); it must not pass."},
    "KEY_REVOKED_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 6.1.2 says an empty p= must be treated as a failed signature check and reported as PERMFAIL (key revoked), and also that a revoked key means the same as a removed one (which is permerror). fail and permerror are both accepted; pass is not."},
    "KEY_STRICT_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 3.6.1 (t=s) forbids an i= domain that is a subdomain of d= for signatures under that key but names no result for a violation. A verifier that refuses the key for this signature reports permerror, one that counts the signature as failed reports fail; both are accepted, pass is not."},
    "MULTIPLE_KEY_RECORDS": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 3.6.2.2 leaves the result undefined when a selector holds several TXT records, and 6.1.2 step 4 lets the verifier pick one or try each. Every outcome one of these readings gives is accepted."},
    "RSA_SMALL_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 8301 3.2 forbids treating a signature made with an RSA key under 1024 bits as valid but names no result; a verifier may report the unusable key (permerror), a failed signature (fail) or a signature unacceptable to its policy (policy). pass is not accepted."},
    "SHA1_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 8301 3.1 says rsa-sha1 signatures have permanently failed evaluation, without naming an RFC 8601 result: a verifier may report it as a failed signature (fail), as an unrecoverable error (permerror) or as an algorithm it does not process (neutral). pass is not accepted."},
    "RSA_KEY_ENCODING": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 6376 3.6.1 describes the p= data of an RSA key as an RSAPublicKey, while its own examples and deployed keys use SubjectPublicKeyInfo; a verifier that accepts only the deployed form reports a key syntax error for the bare RSAPublicKey, one that follows the text verifies. Both are accepted."},
    # behaviour every verifier must get right
    "CANON_COMBINATION": {
        "bugType": "BASIC",
        "description": "Every c= combination of the two header and the two body algorithms must verify a message that was not changed in transit."},
    "CANON_DEFAULT": {
        "bugType": "BASIC",
        "description": "A missing c= means simple/simple and a c= naming one algorithm means that algorithm for the header and simple for the body (RFC 6376 3.5); a different default makes the verifier tolerate changes the signer did not allow, or reject mail it should accept."},
    "CANON_UNKNOWN": {
        "bugType": "SYNTAX",
        "description": "A canonicalisation name the verifier does not know (names are case-sensitive, RFC 6376 3.2) leaves it unable to rebuild the signed data: the signature cannot be processed and must not pass."},
    "RELAXED_HEADER": {
        "bugType": "FALSE_POSITIVE",
        "description": "Relaxed header canonicalisation (RFC 6376 3.4.2) absorbs changes of name case, whitespace runs, folding, whitespace at the end of a value and around the colon; a verifier that does not rejects mail that relays legitimately reformatted."},
    "SIMPLE_HEADER": {
        "bugType": "AUTH_BYPASS",
        "description": "Simple header canonicalisation (RFC 6376 3.4.1) tolerates no change at all to a signed field; a verifier that normalises anyway accepts fields the signer never signed in that form."},
    "RELAXED_BODY": {
        "bugType": "FALSE_POSITIVE",
        "description": "Relaxed body canonicalisation (RFC 6376 3.4.4) absorbs whitespace at line ends, runs of whitespace inside lines and empty or whitespace-only lines at the end; a verifier that does not rejects legitimately relayed mail."},
    "SIMPLE_BODY": {
        "bugType": "AUTH_BYPASS",
        "description": "Simple body canonicalisation (RFC 6376 3.4.3) tolerates only empty lines at the end and a missing final CRLF; any other change must break the body hash."},
    "RELAXED_LIMITS": {
        "bugType": "AUTH_BYPASS",
        "description": "Relaxed canonicalisation is not a content-insensitive comparison: it keeps the case of values, whitespace at the start of body lines (reduced to one space) and empty lines inside the body. Tolerating more lets changed content verify."},
    "EMPTY_BODY": {
        "bugType": "INTEROP",
        "description": "An empty or missing body canonicalises to one CRLF under simple (RFC 6376 3.4.3) but to nothing under relaxed (3.4.4); implementations are known to mix the two up, which breaks signatures on empty messages."},
    "TAMPERING": {
        "bugType": "AUTH_BYPASS",
        "description": "A change to signed content that no canonicalisation absorbs must make the signature fail: this is what DKIM is for."},
    "TAG_LIST_SYNTAX": {
        "bugType": "SYNTAX",
        "description": "The tag-list grammar of RFC 6376 3.2 (FWS around names, '=' and values, an optional final ';', values that may be empty, case-sensitive names) must be followed in both directions: valid forms accepted, invalid ones making the signature unusable."},
    "REQUIRED_TAG": {
        "bugType": "SYNTAX",
        "description": "v=, a=, b=, bh=, d=, h= and s= are required (RFC 6376 3.5, 6.1.1); a signature without one of them cannot be verified and must not pass."},
    "DUPLICATE_TAG": {
        "bugType": "SYNTAX",
        "description": "A tag that occurs twice makes the whole tag-list invalid (RFC 6376 3.2); picking one of the values lets a signer or attacker present two meanings."},
    "UNKNOWN_TAG": {
        "bugType": "FALSE_POSITIVE",
        "description": "Unrecognised tags must be ignored (RFC 6376 3.2), whatever their value; rejecting them breaks signatures from newer or extended signers."},
    "VERSION": {
        "bugType": "BASIC",
        "description": "v= must be present and equal 1 (RFC 6376 3.5, 6.1.1); its position among the tags does not matter."},
    "ALGORITHM": {
        "bugType": "SYNTAX",
        "description": "An a= value the verifier does not implement leaves it unable to check the signature, which must not pass."},
    "BASE64_VALUE": {
        "bugType": "SYNTAX",
        "description": "b= and bh= are base64 in which FWS is allowed and ignored (RFC 6376 3.5); whitespace must be accepted, characters outside the alphabet must make the signature unusable."},
    "SIGNATURE_CHECK": {
        "bugType": "AUTH_BYPASS",
        "description": "The signature value must actually be checked against the key and the hash of the signed header fields; a verifier that only compares the body hash accepts forged headers."},
    "BODY_HASH_CHECK": {
        "bugType": "AUTH_BYPASS",
        "description": "The body hash in bh= must be compared with the hash of the received body (RFC 6376 6.1.3); otherwise any body verifies under a valid header signature."},
    "IDENTITY_DOMAIN": {
        "bugType": "AUTH_BYPASS",
        "description": "The domain of i= must be d= or a subdomain of it, compared on label boundaries (RFC 6376 3.5, 6.1.1); otherwise a domain can claim identities of another."},
    "FROM_REQUIRED": {
        "bugType": "AUTH_BYPASS",
        "description": "A signature whose h= does not list From must be ignored (RFC 6376 6.1.1): it says nothing about the author."},
    "QUERY_METHOD": {
        "bugType": "BASIC",
        "description": "q= lists query methods; unknown ones are ignored and dns/txt, the only one defined, is used (RFC 6376 3.5). A signature offering no usable method cannot be verified."},
    "TIMESTAMPS": {
        "bugType": "EDGE_CASE",
        "description": "t= and x= are decimal seconds since the epoch; x= must be later than t= (RFC 6376 3.5). Non-numeric values and an x= not after t= are malformed signatures, while an x= in the future and signatures without t= or x= must verify."},
    "COPIED_HEADERS": {
        "bugType": "FALSE_POSITIVE",
        "description": "z= is diagnostic only (RFC 6376 3.5); verification uses the received header fields, so a z= that does not match them must not change the result."},
    "SIGNATURE_FIELD_ITSELF": {
        "bugType": "BASIC",
        "description": "The signature field is part of the signed data with only the b= value removed, wherever b= stands, and canonicalised like the other fields (RFC 6376 3.7); deleting more or less breaks valid signatures."},
    "OVERSIGNING": {
        "bugType": "AUTH_BYPASS",
        "description": "A name listed in h= more often than the field occurs signs the absence of further instances (RFC 6376 5.4.2, 8.15): adding such a field after signing must break the signature."},
    "FIELD_SELECTION": {
        "bugType": "BASIC",
        "description": "h= names select fields from the bottom of the header upward, each instance used once, a missing field counting as the null string (RFC 6376 5.4.2); a verifier that selects differently fails valid signatures or accepts added fields."},
    "FIELD_NAME_CASE": {
        "bugType": "FALSE_POSITIVE",
        "description": "Header field names are compared without regard to case when h= is matched against the message (RFC 6376 3.5, RFC 5322 1.2.2)."},
    "LENGTH_LIMIT": {
        "bugType": "BASIC",
        "description": "l= counts octets of the canonicalised body from its start (RFC 6376 3.4.5): the body hash covers exactly that many, no more and no fewer."},
    "LENGTH_SYNTAX": {
        "bugType": "SYNTAX",
        "description": "l= is an unsigned decimal integer of at most 76 digits (RFC 6376 3.5); other text is a malformed signature, and a huge value must not wrap around into a small one."},
    "KEY_RECORD_SYNTAX": {
        "bugType": "SYNTAX",
        "description": "A key record that does not follow RFC 6376 3.6.1 (no p=, a v= that is not DKIM1 or not first, p= that is not a key) must be ignored, giving PERMFAIL (key syntax error): permerror."},
    "KEY_RECORD_TAGS": {
        "bugType": "FALSE_POSITIVE",
        "description": "Optional key record tags have defaults (v= absent, k=rsa, h= and s= allowing everything), unknown tags and flags are ignored, and FWS is allowed (RFC 6376 3.6.1, 3.2); a valid record written in any of these forms must work."},
    "KEY_TYPE": {
        "bugType": "AUTH_BYPASS",
        "description": "The key type (k=, default rsa) must fit the algorithm of a= (RFC 6376 6.1.2 step 8, RFC 8463 4); using key data of another type, or a type the verifier does not know, must give permerror."},
    "KEY_HASH": {
        "bugType": "BASIC",
        "description": "A key record with h= may only be used with the hash algorithms it lists (RFC 6376 3.6.1, 6.1.2 step 6); otherwise PERMFAIL (inappropriate hash algorithm)."},
    "KEY_SERVICE": {
        "bugType": "BASIC",
        "description": "A key record whose s= lists neither email nor * must be ignored by an email verifier (RFC 6376 3.6.1); with no other record there is no key."},
    "KEY_FLAGS": {
        "bugType": "BASIC",
        "description": "t=y (testing) does not change the verification result, and t=s restricts i= to exactly the d= domain (RFC 6376 3.6.1)."},
    "KEY_NOT_FOUND": {
        "bugType": "BASIC",
        "description": "A key record that does not exist (NXDOMAIN or no TXT data) gives PERMFAIL (no key for signature) at once (RFC 6376 6.1.2 step 3): permerror, not temperror and not fail."},
    "KEY_DNS_ERROR": {
        "bugType": "TEMP_FAILURE",
        "description": "A key query that gets no answer or a server failure is transient: RFC 6376 6.1.2 step 2 lets (MAY) the verifier return TEMPFAIL, which RFC 8601 2.7.1 reports as temperror, so that the receiver can retry; step 3 allows PERMFAIL only when the key record does not exist. A verifier that turns a DNS outage into a permanent error rejects good mail while DNS is down: tolerated (non-strict), never pass."},
    "KEY_DNS_ERROR_RESULT": {
        "bugType": "AMBIGUOUS",
        "description": "Where a vector tests something else (several signatures judged independently), the key DNS failure of one signature may be reported as temperror (RFC 6376 6.1.2 step 2, MAY) or as a permanent error; both are accepted there."},
    "KEY_TXT_CONCAT": {
        "bugType": "INTEROP",
        "description": "The character-strings of one TXT record are joined without anything between them before the key record is read (RFC 6376 3.6.2.2), wherever the strings are cut."},
    "RSA_KEY_SIZE": {
        "bugType": "AUTH_BYPASS",
        "description": "RFC 8301 3.2: verifiers must verify with RSA keys of 1024 to 4096 bits and must not consider valid a signature made with a smaller key."},
    "SHA1_HISTORIC": {
        "bugType": "LEGACY",
        "description": "rsa-sha1 must not be used for verifying (RFC 8301 3.1): a signature with a=rsa-sha1 must not pass, even when it is cryptographically correct and the key allows it."},
    "KEY_ENCODING": {
        "bugType": "INTEROP",
        "description": "RSA keys are published as DER SubjectPublicKeyInfo in base64 (RFC 6376 3.6.1 and its examples), Ed25519 keys as the bare 32-octet key (RFC 8463 4); whitespace inside p= is FWS and ignored."},
    "OBSOLETE_TAG": {
        "bugType": "LEGACY",
        "description": "RFC 6376 dropped the g= granularity tag of RFC 4871; it is now an unknown tag and must be ignored, so an old record with g= does not restrict i=."},
    "WRONG_KEY": {
        "bugType": "AUTH_BYPASS",
        "description": "A signature made with another key than the one published must fail (signature mismatch)."},
    "ED25519": {
        "bugType": "BASIC",
        "description": "ed25519-sha256 (RFC 8463) must be verified: Ed25519 over the SHA-256 hash of the canonicalised header data, with the 32-octet public key of a k=ed25519 record."},
    "ED25519_PREHASH": {
        "bugType": "INTEROP",
        "description": "RFC 8463 3 signs the SHA-256 hash of the data with PureEdDSA, not the data itself; a verifier that feeds the unhashed data to Ed25519 fails every real signature and accepts these."},
    "MULTIPLE_SIGNATURES": {
        "bugType": "BASIC",
        "description": "Each signature is verified on its own, and the result of one does not change another's (RFC 6376 4.2, 6.1); the results are reported per signature in header order."},
    "OBSOLETE_HEADER_SYNTAX": {
        "bugType": "INTEROP",
        "description": "Whitespace between a field name and its colon is obsolete but still legal syntax (RFC 5322 4.5), and relaxed canonicalisation removes it explicitly (RFC 6376 3.4.2); some message parsers reject such a field instead of reading it."},
    "DOMAIN_CASE": {
        "bugType": "FALSE_POSITIVE",
        "description": "Domain names in d= and i= compare without regard to case, like all DNS names (RFC 4343); a verifier that compares octets rejects valid signatures."},
    "KEY_VERSION_POSITION": {
        "bugType": "INTEROP",
        "description": "RFC 6376 3.6.1 requires v=, when present, to be the first tag of a key record; a record with v= elsewhere does not follow the format. Some verifiers accept such records."},
    "DNS_CNAME": {
        "bugType": "INTEROP",
        "description": "The key query is an ordinary DNS TXT lookup, which follows CNAME records (RFC 6376 3.6.2.1)."},
}


# --------------------------------------------------------------------------------------------
# rfc6376-canonicalization.json
# --------------------------------------------------------------------------------------------


def file_canonicalization() -> dict:
    zone = base_zone()
    fail_sig = "signature-mismatch"
    fail_body = "body-hash-mismatch"

    # c= combinations and defaults
    combos = []
    for c in ["simple/simple", "simple/relaxed", "relaxed/simple", "relaxed/relaxed"]:
        vid = "dkim-canon-" + c.replace("/", "-") + "-unchanged"
        combos.append(V(
            vid, f"A message signed with c={c} and delivered unchanged; the verifier applies the "
            "two named algorithms and the signature verifies.", "6376:3.4", "MUST",
            signed(F(vid), BODY, c=c), [S("pass")], ["CANON_COMBINATION"]))

    vid = "dkim-canon-c-missing-unchanged"
    combos.append(V(vid, "The signature has no c= tag and was made with simple/simple, the default; "
                    "the unchanged message verifies.", "6376:3.5", "MUST",
                    signed(F(vid), BODY, c="simple/simple", c_tag=None), [S("pass")],
                    ["CANON_DEFAULT"]))
    vid = "dkim-canon-c-missing-header-whitespace"
    raw = signed(F(vid), BODY, c="simple/simple", c_tag=None)
    raw = mut(raw, b"Subject: Quarterly report\r\n", b"Subject: Quarterly  report\r\n")
    combos.append(V(vid, "No c= tag means simple header canonicalisation, so a doubled space in the "
                    "signed Subject breaks the signature; a verifier defaulting to relaxed would "
                    "accept it.", "6376:3.5", "MUST", raw, [S("fail", fail_sig)],
                    ["CANON_DEFAULT", "SIMPLE_HEADER"]))
    vid = "dkim-canon-c-missing-body-whitespace"
    raw = signed(F(vid), BODY, c="simple/simple", c_tag=None)
    raw = mut(raw, b"Totals are in the usual place.\r\n", b"Totals are in the usual place. \r\n")
    combos.append(V(vid, "No c= tag means simple body canonicalisation, so a space added at the end "
                    "of a body line breaks the body hash.", "6376:3.5", "MUST", raw,
                    [S("fail", fail_body)], ["CANON_DEFAULT", "SIMPLE_BODY"]))
    vid = "dkim-canon-c-relaxed-alone-unchanged"
    combos.append(V(vid, "c=relaxed names only the header algorithm, so the body is simple; the "
                    "signer used relaxed/simple and the unchanged message verifies.", "6376:3.5",
                    "MUST", signed(F(vid), BODY, c="relaxed/simple", c_tag="relaxed"), [S("pass")],
                    ["CANON_DEFAULT"]))
    vid = "dkim-canon-c-relaxed-alone-header-whitespace"
    raw = signed(F(vid), BODY, c="relaxed/simple", c_tag="relaxed")
    raw = mut(raw, b"Subject: Quarterly report\r\n", b"SUBJECT:  Quarterly \t report \r\n")
    combos.append(V(vid, "With c=relaxed the header is canonicalised with relaxed, so a changed "
                    "name case and whitespace in Subject still verify.", "6376:3.5", "MUST", raw,
                    [S("pass")], ["CANON_DEFAULT", "RELAXED_HEADER"]))
    vid = "dkim-canon-c-relaxed-alone-body-whitespace"
    raw = signed(F(vid), BODY, c="relaxed/simple", c_tag="relaxed")
    raw = mut(raw, b"Totals are in the usual place.\r\n", b"Totals are in the usual place. \r\n")
    combos.append(V(vid, "With c=relaxed the body algorithm defaults to simple, so trailing "
                    "whitespace added to a body line breaks the body hash; reading c=relaxed as "
                    "relaxed/relaxed would accept it.", "6376:3.5", "MUST", raw,
                    [S("fail", fail_body)], ["CANON_DEFAULT", "SIMPLE_BODY"]))
    vid = "dkim-canon-c-simple-alone-unchanged"
    combos.append(V(vid, "c=simple means simple/simple; the unchanged message verifies.",
                    "6376:3.5", "MUST", signed(F(vid), BODY, c="simple/simple", c_tag="simple"),
                    [S("pass")], ["CANON_DEFAULT"]))
    vid = "dkim-canon-c-unknown-header-algorithm"
    combos.append(V(vid, "c= names a header algorithm that does not exist (fancy/simple); the "
                    "verifier cannot rebuild the signed data and must ignore the signature.",
                    "6376:6.1.1", "MUST",
                    signed(F(vid), BODY, c="simple/simple", c_tag="fancy/simple"),
                    [S(ERR, "canonicalization")], ["CANON_UNKNOWN", "SIG_ERROR_RESULT"]))
    vid = "dkim-canon-c-unknown-body-algorithm"
    combos.append(V(vid, "c= names a body algorithm that does not exist (relaxed/fancy); the "
                    "signature cannot be processed and must be ignored.", "6376:6.1.1", "MUST",
                    signed(F(vid), BODY, c="relaxed/simple", c_tag="relaxed/fancy"),
                    [S(ERR, "canonicalization")], ["CANON_UNKNOWN", "SIG_ERROR_RESULT"]))
    vid = "dkim-canon-c-capitalised"
    combos.append(V(vid, "c=Relaxed/Relaxed: tag values are case-sensitive unless a tag says "
                    "otherwise (3.2) and c= does not, so these are unknown algorithm names and the "
                    "signature is ignored.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, c="relaxed/relaxed", c_tag="Relaxed/Relaxed"),
                    [S(ERR, "canonicalization")], ["CANON_UNKNOWN", "SIG_ERROR_RESULT"]))

    # header canonicalisation: each change once under relaxed (absorbed), once under simple
    header_changes = [
        ("name-case", "the field name Subject rewritten in capitals",
         lambda r: mut(r, b"\r\nSubject: Quarterly", b"\r\nSUBJECT: Quarterly"), None),
        ("wsp-run", "the single space inside the Subject value widened to three",
         lambda r: mut(r, b"Subject: Quarterly report", b"Subject: Quarterly   report"), None),
        ("tab", "the spaces of Subject replaced by tabs",
         lambda r: mut(r, b"Subject: Quarterly report", b"Subject:\tQuarterly\treport"), None),
        ("refold", "Subject folded onto a second line",
         lambda r: mut(r, b"Subject: Quarterly report", b"Subject: Quarterly\r\n report"), None),
        ("unfold", "a To field that was folded when signed unfolded onto one line",
         lambda r: mut(r, b"To: Bob Example\r\n <bob@example.net>", b"To: Bob Example <bob@example.net>"),
         "Bob Example\r\n <bob@example.net>"),
        ("trailing-wsp", "spaces and a tab added at the end of the Subject value",
         lambda r: mut(r, b"Subject: Quarterly report\r\n", b"Subject: Quarterly report \t \r\n"),
         None),
        ("space-before-colon", "a space inserted between the name Subject and its colon",
         lambda r: mut(r, b"Subject: Quarterly", b"Subject : Quarterly"), None),
        ("no-space-after-colon", "the space after the colon of Subject removed",
         lambda r: mut(r, b"Subject: Quarterly", b"Subject:Quarterly"), None),
    ]
    hdr = []
    for name, what, change, to in header_changes:
        extra_flags = ["OBSOLETE_HEADER_SYNTAX"] if name == "space-before-colon" else []
        for method in ("relaxed", "simple"):
            vid = f"dkim-canon-header-{method}-{name}"
            c = "relaxed/simple" if method == "relaxed" else "simple/relaxed"
            fields = F(vid) if to is None else F(vid, to=to)
            raw = change(signed(fields, BODY, c=c))
            if method == "relaxed":
                hdr.append(V(vid, f"After signing with c={c}, {what}; relaxed header "
                             "canonicalisation maps both forms to the same text, so the "
                             "signature verifies.", "6376:3.4.2", "MUST", raw, [S("pass")],
                             ["RELAXED_HEADER"] + extra_flags))
            else:
                hdr.append(V(vid, f"After signing with c={c}, {what}; simple header "
                             "canonicalisation keeps the field byte for byte, so the signature "
                             "fails.", "6376:3.4.1", "MUST", raw, [S("fail", fail_sig)],
                             ["SIMPLE_HEADER"] + extra_flags))
    vid = "dkim-canon-header-relaxed-value-case"
    raw = mut(signed(F(vid), BODY, c="relaxed/relaxed"), b"Subject: Quarterly report",
              b"Subject: QUARTERLY REPORT")
    hdr.append(V(vid, "Relaxed header canonicalisation lower-cases field names only, not values; "
                 "a Subject rewritten in capitals no longer matches.", "6376:3.4.2", "MUST", raw,
                 [S("fail", fail_sig)], ["RELAXED_LIMITS"]))
    vid = "dkim-canon-header-relaxed-wsp-inside-word"
    raw = mut(signed(F(vid), BODY, c="relaxed/relaxed"), b"Subject: Quarterly report",
              b"Subject: Quarter ly report")
    hdr.append(V(vid, "Relaxed header canonicalisation reduces existing whitespace runs but does "
                 "not remove whitespace; a space inserted inside a word changes the value.",
                 "6376:3.4.2", "MUST", raw, [S("fail", fail_sig)], ["RELAXED_LIMITS"]))
    vid = "dkim-canon-header-unsigned-field-changed"
    fields = F(vid) + [b"X-Mailer: Example Mailer 1.0\r\n"]
    raw = mut(signed(fields, BODY, c="simple/simple"), b"X-Mailer: Example Mailer 1.0",
              b"X-Mailer:   example mailer 2.0")
    hdr.append(V(vid, "A field that h= does not list (X-Mailer) is changed after signing with "
                 "simple/simple; unsigned fields are not part of the signed data, so the "
                 "signature verifies.", "6376:5.4", "MUST", raw, [S("pass")],
                 ["FIELD_SELECTION"]))
    vid = "dkim-canon-header-fields-reordered"
    raw = signed(F(vid), BODY, c="simple/simple")
    raw = mut(raw, b"To: Bob Example <bob@example.net>\r\nSubject: Quarterly report\r\n",
              b"Subject: Quarterly report\r\nTo: Bob Example <bob@example.net>\r\n")
    hdr.append(V(vid, "Signed fields with different names swap places after signing with "
                 "simple/simple; fields are hashed in h= order, not header order, so the "
                 "signature verifies.", "6376:5.4.2", "MUST", raw, [S("pass")],
                 ["FIELD_SELECTION"]))

    # body canonicalisation
    body_changes = [
        ("trailing-wsp", "spaces and a tab added at the end of a body line",
         lambda r: mut(r, b"Totals are in the usual place.\r\n", b"Totals are in the usual place. \t \r\n"),
         "pass", "fail"),
        ("wsp-run", "a space inside a body line doubled and another replaced by a tab",
         lambda r: mut(r, b"the figures for the", b"the  figures\tfor the"), "pass", "fail"),
        ("empty-lines-appended", "two empty lines appended to the body",
         lambda r: r + b"\r\n\r\n", "pass", "pass"),
        ("wsp-line-appended", "a line holding only spaces appended to the body",
         lambda r: r + b"   \r\n", "pass", "fail"),
        ("final-crlf-removed", "the CRLF ending the last body line removed",
         lambda r: r[:-2], "pass", "pass"),
        ("inner-empty-line-gets-wsp", "a space put into the empty line between two paragraphs",
         lambda r: mut(r, b"place.\r\n\r\nAlice", b"place.\r\n \r\nAlice"), "pass", "fail"),
    ]
    body = []
    for name, what, change, relaxed_result, simple_result in body_changes:
        for method in ("relaxed", "simple"):
            vid = f"dkim-canon-body-{method}-{name}"
            c = "simple/relaxed" if method == "relaxed" else "relaxed/simple"
            raw = change(signed(F(vid), BODY, c=c))
            result = relaxed_result if method == "relaxed" else simple_result
            if result == "pass":
                why = ("relaxed body canonicalisation absorbs the change"
                       if method == "relaxed" else
                       "simple body canonicalisation also ignores it")
                flags = ["RELAXED_BODY" if method == "relaxed" else "SIMPLE_BODY"]
                sigs = [S("pass")]
            else:
                why = "simple body canonicalisation keeps it, so the body hash no longer matches"
                flags = ["SIMPLE_BODY"]
                sigs = [S("fail", fail_body)]
            body.append(V(vid, f"After signing with c={c}, {what}; {why}.",
                          "6376:3.4.4" if method == "relaxed" else "6376:3.4.3", "MUST", raw,
                          sigs, flags))
    vid = "dkim-canon-body-relaxed-leading-wsp"
    raw = mut(signed(F(vid), BODY, c="relaxed/relaxed"), b"\r\nTotals are", b"\r\n  Totals are")
    body.append(V(vid, "Relaxed body canonicalisation reduces whitespace at the start of a line "
                  "to one space but keeps it, so indenting a line changes the body hash.",
                  "6376:3.4.4", "MUST", raw, [S("fail", fail_body)], ["RELAXED_LIMITS"]))
    vid = "dkim-canon-body-relaxed-inner-empty-line"
    raw = mut(signed(F(vid), BODY, c="relaxed/relaxed"), b"\r\nTotals are", b"\r\n\r\nTotals are")
    body.append(V(vid, "Relaxed body canonicalisation removes empty lines only at the end of the "
                  "body; an empty line inserted between two lines changes the body hash.",
                  "6376:3.4.4", "MUST", raw, [S("fail", fail_body)], ["RELAXED_LIMITS"]))
    vid = "dkim-canon-body-relaxed-crlf-only-body"
    crlf_body = b"\r\n\r\n\r\n"
    body.append(V(vid, "A body of three empty lines signed with relaxed/relaxed canonicalises to "
                  "nothing, like an empty body; the signature verifies.", "6376:3.4.4", "MUST",
                  signed(F(vid), crlf_body, c="relaxed/relaxed"), [S("pass")],
                  ["EMPTY_BODY"]))
    vid = "dkim-canon-body-simple-crlf-only-body"
    body.append(V(vid, "A body of three empty lines signed with simple/simple canonicalises to a "
                  "single CRLF; the signature verifies.", "6376:3.4.3", "MUST",
                  signed(F(vid), crlf_body, c="simple/simple"), [S("pass")], ["EMPTY_BODY"]))

    # empty bodies
    empty = []
    vid = "dkim-canon-empty-body-simple"
    empty.append(V(vid, "An empty body signed with simple/simple: its canonical form is one CRLF "
                   "and the signature verifies.", "6376:3.4.3", "MUST",
                   signed(F(vid), b"", c="simple/simple"), [S("pass")], ["EMPTY_BODY"]))
    vid = "dkim-canon-empty-body-relaxed"
    empty.append(V(vid, "An empty body signed with relaxed/relaxed: its canonical form is the "
                   "empty string (no CRLF is added to an empty body) and the signature verifies.",
                   "6376:3.4.4", "MUST", signed(F(vid), b"", c="relaxed/relaxed"), [S("pass")],
                   ["EMPTY_BODY"]))
    vid = "dkim-canon-empty-body-simple-gains-empty-line"
    empty.append(V(vid, "Signed with an empty body under simple/simple and delivered with one "
                   "empty line as body; both canonicalise to one CRLF, so it verifies.",
                   "6376:3.4.3", "MUST", signed(F(vid), b"", c="simple/simple") + b"\r\n",
                   [S("pass")], ["EMPTY_BODY"]))
    vid = "dkim-canon-empty-body-relaxed-gains-empty-lines"
    empty.append(V(vid, "Signed with an empty body under relaxed/relaxed and delivered with two "
                   "empty lines as body; trailing empty lines are ignored, so it verifies.",
                   "6376:3.4.4", "MUST", signed(F(vid), b"", c="relaxed/relaxed") + b"\r\n\r\n",
                   [S("pass")], ["EMPTY_BODY"]))
    vid = "dkim-canon-no-body-relaxed"
    fields = F(vid)
    empty.append(V(vid, "The message ends after its header, without the empty line; a missing "
                   "body canonicalises like an empty one (nothing, under relaxed) and the "
                   "signature verifies.", "6376:3.4.4", "MUST",
                   join([sig(fields, None, c="relaxed/relaxed")] + fields, None), [S("pass")],
                   ["EMPTY_BODY"]))
    vid = "dkim-canon-no-body-simple"
    fields = F(vid)
    empty.append(V(vid, "The message ends after its header, without the empty line; under "
                   "simple a missing body canonicalises to one CRLF and the signature verifies.",
                   "6376:3.4.3", "MUST",
                   join([sig(fields, None, c="simple/simple")] + fields, None), [S("pass")],
                   ["EMPTY_BODY"]))
    vid = "dkim-canon-empty-body-relaxed-hash-of-crlf"
    empty.append(V(vid, "An empty body under relaxed/relaxed whose bh= is the hash of one CRLF "
                   "(the simple rule); the relaxed canonical form is empty, so the body hash "
                   "does not match.", "6376:3.4.4", "MUST",
                   signed(F(vid), b"", c="relaxed/relaxed",
                          bh_override=ma.b64(ma.hashlib.sha256(b"\r\n").digest())),
                   [S("fail", fail_body)], ["EMPTY_BODY"]))
    vid = "dkim-canon-empty-body-simple-hash-of-nothing"
    empty.append(V(vid, "An empty body under simple/simple whose bh= is the hash of the empty "
                   "string (the relaxed rule); the simple canonical form is one CRLF, so the "
                   "body hash does not match.", "6376:3.4.3", "MUST",
                   signed(F(vid), b"", c="simple/simple",
                          bh_override=ma.b64(ma.hashlib.sha256(b"").digest())),
                   [S("fail", fail_body)], ["EMPTY_BODY"]))

    # tampering
    tamper = []
    for c in ("simple/simple", "relaxed/relaxed"):
        tag = c.split("/")[0]
        vid = f"dkim-canon-tamper-from-{tag}"
        raw = mut(signed(F(vid), BODY, c=c), b"From: Alice Example <alice@example.com>",
                  b"From: Alice Example <mallory@example.com>")
        tamper.append(V(vid, f"The address in the signed From field is changed after signing "
                        f"with c={c}; no canonicalisation absorbs that, so the signature fails.",
                        "6376:6.1.3", "MUST", raw, [S("fail", fail_sig)], ["TAMPERING"]))
        vid = f"dkim-canon-tamper-body-{tag}"
        raw = mut(signed(F(vid), BODY, c=c), b"are final.", b"are draft.")
        tamper.append(V(vid, f"One word of the body is changed after signing with c={c}; the "
                        "body hash no longer matches.", "6376:6.1.3", "MUST", raw,
                        [S("fail", fail_body)], ["TAMPERING"]))
        vid = f"dkim-canon-tamper-body-appended-{tag}"
        raw = signed(F(vid), BODY, c=c) + b"P.S. Please wire the money today.\r\n"
        tamper.append(V(vid, f"A line is appended to the body after signing with c={c} and "
                        "without l=; the whole body is covered, so the body hash no longer "
                        "matches.", "6376:6.1.3", "MUST", raw, [S("fail", fail_body)],
                        ["TAMPERING"]))
        vid = f"dkim-canon-tamper-signed-field-removed-{tag}"
        raw = mut(signed(F(vid), BODY, c=c), b"Date: Wed, 31 Dec 2025 23:00:00 +0000\r\n", b"")
        tamper.append(V(vid, f"The signed Date field is deleted after signing with c={c}; the "
                        "verifier now hashes nothing for it, so the signature fails.",
                        "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)], ["TAMPERING"]))

    groups = [
        G("c= values: the four combinations, the defaults for a missing or one-word c=, and "
          "unknown algorithm names. Keys: rsa2048a, rsa2048b and eda under example.com.",
          zone, combos),
        G("Header canonicalisation (3.4.1, 3.4.2): each change made in transit once under "
          "relaxed, where it is absorbed, and once under simple, where it breaks the signature; "
          "plus the limits of relaxed and fields outside h=.", zone, hdr),
        G("Body canonicalisation (3.4.3, 3.4.4): whitespace and empty-line changes under relaxed "
          "and simple, and the limits of relaxed.", zone, body),
        G("Empty and missing bodies: one CRLF under simple, nothing under relaxed.", zone, empty),
        G("Tampering that every canonicalisation must detect.", zone, tamper),
    ]
    return build_file(
        "RFC 6376 3.4: canonicalization", "RFC 6376",
        "DKIM verification vectors for the simple and relaxed header and body canonicalisation "
        "algorithms (RFC 6376 3.4.1-3.4.4): every c= combination and its defaults, whitespace, "
        "case and folding changes that relaxed absorbs and simple does not, empty and missing "
        "bodies, and tampering that both must detect. Every message is signed by "
        "vectors/dkim/generate.py with the test keys in vectors/dkim/keys.",
        groups)


# --------------------------------------------------------------------------------------------
# rfc6376-tags.json
# --------------------------------------------------------------------------------------------


def file_tags() -> dict:
    zone = base_zone()
    zone[dk("rsa2048a", "mail.example.com")] = [txt(rec("rsa-2048-a"))]
    relaxed_bh = ma.b64(ma.body_hash(BODY, "relaxed", "sha256"))

    def spaced_b(raw: bytes) -> bytes:
        value = b_value(raw)
        flat = value.replace(b"\r\n\t", b"")
        spaced = b" ".join(flat[k:k + 16] for k in range(0, len(flat), 16))
        return mut(raw, value, spaced[:40] + b"\r\n \t " + spaced[40:])

    version = []
    vid = "dkim-tags-all-valid"
    version.append(V(vid, "A signature using v, a, c, d, s, t, x, i, h, bh and b with valid values "
                     "over an unchanged message; it verifies.", "6376:3.5", "MUST",
                     signed(F(vid), BODY, x=X_WEEK, i="alice@example.com"), [S("pass")],
                     ["VERSION"]))
    vid = "dkim-tags-v-missing"
    version.append(V(vid, "The signature has no v= tag, which is required; the verifier must "
                     "ignore it (signature missing required tag).", "6376:6.1.1", "MUST",
                     signed(F(vid), BODY, edit=drop_tag("v")), [S(ERR, "missing-tag")],
                     ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-v-2"
    version.append(V(vid, "v=2 is not the version this specification defines (v=1); the verifier "
                     "must ignore the signature (incompatible version).", "6376:6.1.1", "MUST",
                     signed(F(vid), BODY, edit=set_tag("v", "2")), [S(ERR, "version")],
                     ["VERSION", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-v-not-first"
    version.append(V(vid, "v=1 stands after a= in the tag-list; nothing requires v= first in a "
                     "signature (only in a key record), so the signature verifies.", "6376:3.5",
                     "MUST", signed(F(vid), BODY, edit=lambda t: [t[1], t[0]] + t[2:]),
                     [S("pass")], ["VERSION"]))
    vid = "dkim-tags-v-capital-name"
    version.append(V(vid, "The version is written V=1; tag names are case-sensitive, so this is an "
                     "unknown tag and v= is missing.", "6376:3.2", "MUST",
                     signed(F(vid), BODY, edit=lambda t: [("V" if n == "v" else n, v) for n, v in t]),
                     [S(ERR, "missing-tag")], ["TAG_LIST_SYNTAX", "SIG_ERROR_RESULT"]))

    alg = []
    vid = "dkim-tags-a-unknown"
    alg.append(V(vid, "a=rsa-sha512 is not a registered algorithm; the verifier cannot check the "
                 "signature and must ignore it.", "6376:3.5", "MUST",
                 signed(F(vid), BODY, edit=set_tag("a", "rsa-sha512")), [S(ERR, "algorithm")],
                 ["ALGORITHM", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-a-missing"
    alg.append(V(vid, "The signature has no a= tag, which is required.", "6376:6.1.1", "MUST",
                 signed(F(vid), BODY, edit=drop_tag("a")), [S(ERR, "missing-tag")],
                 ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))

    b = []
    vid = "dkim-tags-b-missing"
    raw = signed(F(vid), BODY)
    raw = mut(raw, b";\r\n\tb=" + b_value(raw) + b"\r\n", b"\r\n")
    b.append(V(vid, "The b= tag is removed from an otherwise valid signature; b= is required.",
               "6376:6.1.1", "MUST", raw, [S(ERR, "missing-tag")],
               ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-b-empty"
    raw = signed(F(vid), BODY)
    raw = mut(raw, b"\tb=" + b_value(raw) + b"\r\n", b"\tb=\r\n")
    b.append(V(vid, "b= is present but empty; its grammar requires at least one base64 "
               "character, so the signature is malformed.", "6376:3.5", "MUST", raw,
               [S(ERR, "syntax")], ["BASE64_VALUE", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-b-bad-base64"
    raw = signed(F(vid), BODY)
    value = b_value(raw)
    raw = mut(raw, value, value[:20] + b"!*" + value[22:])
    b.append(V(vid, "Two characters of b= are replaced by '!' and '*', which are not base64; the "
               "value is malformed and the signature must be ignored.", "6376:3.5", "MUST", raw,
               [S(ERR, "syntax")], ["BASE64_VALUE", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-b-whitespace"
    b.append(V(vid, "The b= value is broken with spaces, tabs and a line fold; FWS inside base64 "
               "is ignored, and the value is deleted whole from the signed data, so the signature "
               "verifies.", "6376:3.5", "MUST", spaced_b(signed(F(vid), BODY)), [S("pass")],
               ["BASE64_VALUE"]))
    vid = "dkim-tags-b-altered"
    b.append(V(vid, "One character of an otherwise valid b= value is changed; the value is still "
               "base64 but the RSA check fails.", "6376:6.1.3", "MUST",
               flip_b(signed(F(vid), BODY)), [S("fail", "signature-mismatch")],
               ["SIGNATURE_CHECK"]))

    bh = []
    vid = "dkim-tags-bh-missing"
    bh.append(V(vid, "The signature has no bh= tag, which is required.", "6376:6.1.1", "MUST",
                signed(F(vid), BODY, edit=drop_tag("bh")), [S(ERR, "missing-tag")],
                ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-bh-bad-base64"
    bh.append(V(vid, "bh= holds characters outside the base64 alphabet (16 of them, so a "
                "length check alone does not notice); the signature is malformed and must be "
                "ignored even though b= signs it correctly.", "6376:3.5",
                "MUST", signed(F(vid), BODY, bh_override="not*base64!value"),
                [S(ERR, "syntax")], ["BASE64_VALUE", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-bh-whitespace"
    spaced_bh = relaxed_bh[:10] + " " + relaxed_bh[10:24] + "\r\n\t " + relaxed_bh[24:]
    bh.append(V(vid, "The bh= value contains a space and a line fold; FWS inside base64 is "
                "ignored and the body hash matches.", "6376:3.5", "MUST",
                signed(F(vid), BODY, bh_override=spaced_bh), [S("pass")], ["BASE64_VALUE"]))
    vid = "dkim-tags-bh-wrong-hash"
    bh.append(V(vid, "bh= is the hash of a different body, and b= signs the header holding it; "
                "the header signature is valid but the body hash comparison fails.",
                "6376:6.1.3", "MUST",
                signed(F(vid), BODY,
                       bh_override=ma.b64(ma.hashlib.sha256(b"Another body\r\n").digest())),
                [S("fail", "body-hash-mismatch")], ["BODY_HASH_CHECK"]))

    dom = []
    vid = "dkim-tags-d-missing"
    dom.append(V(vid, "The signature has no d= tag, which is required.", "6376:6.1.1", "MUST",
                 signed(F(vid), BODY, edit=drop_tag("d")), [S(ERR, "missing-tag", d=None)],
                 ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-d-empty"
    dom.append(V(vid, "d= is present with an empty value, which is not a domain name; the "
                 "signature is malformed.", "6376:3.5", "MUST",
                 signed(F(vid), BODY, edit=set_tag("d", "")), [S(ERR, "syntax", d=None)],
                 ["TAG_LIST_SYNTAX", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-d-upper-case"
    dom.append(V(vid, "d=EXAMPLE.COM: domain names compare without regard to case, so the key "
                 "query for rsa2048a._domainkey.EXAMPLE.COM finds the key and the signature "
                 "verifies.", "6376:3.5", "MUST", signed(F(vid), BODY, d="EXAMPLE.COM"),
                 [S("pass", d="EXAMPLE.COM")], ["DOMAIN_CASE"]))
    vid = "dkim-tags-s-missing"
    dom.append(V(vid, "The signature has no s= tag, which is required.", "6376:6.1.1", "MUST",
                 signed(F(vid), BODY, edit=drop_tag("s")), [S(ERR, "missing-tag", s=None)],
                 ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))

    hlist = []
    vid = "dkim-tags-h-missing"
    hlist.append(V(vid, "The signature has no h= tag, which is required.", "6376:6.1.1", "MUST",
                   signed(F(vid), BODY, edit=drop_tag("h")), [S(ERR, "missing-tag")],
                   ["REQUIRED_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-h-without-from"
    hlist.append(V(vid, "h=to:subject:date:message-id does not list From; a signature that does "
                   "not cover the author must be ignored (From field not signed).", "6376:6.1.1",
                   "MUST", signed(F(vid), BODY, h=["to", "subject", "date", "message-id"]),
                   [S(ERR, "from-not-signed")], ["FROM_REQUIRED", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-h-names-mixed-case"
    hlist.append(V(vid, "h=FROM:To:SUBJECT:Date names the fields in mixed case; names match "
                   "without regard to case, From is covered and the signature verifies.",
                   "6376:3.5", "MUST", signed(F(vid), BODY, h=["FROM", "To", "SUBJECT", "Date"]),
                   [S("pass")], ["FIELD_NAME_CASE"]))
    vid = "dkim-tags-h-fws"
    hlist.append(V(vid, "h= has spaces around its colons and a line fold inside the list; the "
                   "grammar allows FWS there and the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, h=["from", "to", "subject"],
                          template_edit=lambda t: t.replace("h=from:to:subject",
                                                            "h=from : to :\r\n\t subject")),
                   [S("pass")], ["TAG_LIST_SYNTAX"]))

    ident = []
    vid = "dkim-tags-i-same-domain"
    ident.append(V(vid, "i=alice@example.com with d=example.com: the identity's domain equals d= "
                   "and the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, i="alice@example.com"), [S("pass")],
                   ["IDENTITY_DOMAIN"]))
    vid = "dkim-tags-i-subdomain"
    ident.append(V(vid, "i=@news.example.com with d=example.com: a subdomain of d= is allowed, "
                   "the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, i="@news.example.com"), [S("pass")],
                   ["IDENTITY_DOMAIN"]))
    vid = "dkim-tags-i-empty-local-part"
    ident.append(V(vid, "i=@example.com has an empty local-part, which the i= grammar allows; "
                   "the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, i="@example.com"), [S("pass")], ["IDENTITY_DOMAIN"]))
    vid = "dkim-tags-i-domain-case"
    ident.append(V(vid, "i=alice@News.Example.COM differs from d=example.com only in case and "
                   "subdomain; domains compare without regard to case, so it verifies.",
                   "6376:3.5", "MUST", signed(F(vid), BODY, i="alice@News.Example.COM"),
                   [S("pass")], ["IDENTITY_DOMAIN", "DOMAIN_CASE"]))
    vid = "dkim-tags-i-other-domain"
    ident.append(V(vid, "i=alice@example.net with d=example.com: the identity is outside the "
                   "signing domain, so the verifier must ignore the signature (domain "
                   "mismatch).", "6376:6.1.1", "MUST",
                   signed(F(vid), BODY, i="alice@example.net"), [S(ERR, "identity-mismatch")],
                   ["IDENTITY_DOMAIN", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-i-parent-of-d"
    ident.append(V(vid, "i=@example.com with d=mail.example.com: the identity is the parent of "
                   "d=, not d= or below it, so the signature must be ignored.", "6376:6.1.1",
                   "MUST", signed(F(vid), BODY, d="mail.example.com", i="@example.com"),
                   [S(ERR, "identity-mismatch", d="mail.example.com")],
                   ["IDENTITY_DOMAIN", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-i-suffix-not-label"
    ident.append(V(vid, "i=alice@xmail.example.com with d=mail.example.com: the identity's domain "
                   "ends in the text of d= but not on a label boundary, so it is not a subdomain "
                   "and the signature must be ignored.", "6376:6.1.1", "MUST",
                   signed(F(vid), BODY, d="mail.example.com", i="alice@xmail.example.com"),
                   [S(ERR, "identity-mismatch", d="mail.example.com")],
                   ["IDENTITY_DOMAIN", "SIG_ERROR_RESULT"]))

    query = []
    vid = "dkim-tags-q-dns-txt"
    query.append(V(vid, "q=dns/txt names the one defined query method; the key is fetched from "
                   "DNS TXT and the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, q="dns/txt"), [S("pass")], ["QUERY_METHOD"]))
    vid = "dkim-tags-q-unknown-then-dns-txt"
    query.append(V(vid, "q=http/well-known:dns/txt lists an unknown method first; unknown methods "
                   "are ignored, dns/txt is used and the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, q="http/well-known:dns/txt"), [S("pass")],
                   ["QUERY_METHOD"]))
    vid = "dkim-tags-q-unknown-only"
    query.append(V(vid, "q=http/well-known offers only an unknown query method; the verifier has "
                   "no way to get the key and must not pass the signature.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, q="http/well-known"), [S(ERR, "query-method")],
                   ["QUERY_METHOD", "SIG_ERROR_RESULT"]))

    times = []
    vid = "dkim-tags-t-absent"
    times.append(V(vid, "The signature has no t= (and no x=); both are optional and it verifies.",
                   "6376:3.5", "MUST", signed(F(vid), BODY, t=None), [S("pass")],
                   ["TIMESTAMPS"]))
    vid = "dkim-tags-t-future"
    times.append(V(vid, "t= is a year after the verification time; verifiers MAY ignore such a "
                   "signature but need not, so pass and the results of an ignored signature are "
                   "accepted.", "6376:3.5", "MAY", signed(F(vid), BODY, t=NOW + 365 * 86400),
                   [S(["pass"] + ERR, "future-timestamp")], ["FUTURE_OPTIONAL"]))
    vid = "dkim-tags-t-not-a-number"
    times.append(V(vid, "t=yesterday is not a decimal integer; the signature is malformed.",
                   "6376:3.5", "MUST", signed(F(vid), BODY, edit=set_tag("t", "yesterday")),
                   [S(ERR, "syntax")], ["TIMESTAMPS", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-x-future"
    times.append(V(vid, "x= is a week after the verification time; the signature has not "
                   "expired and verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, x=X_WEEK), [S("pass")], ["TIMESTAMPS"]))
    vid = "dkim-tags-x-without-t"
    times.append(V(vid, "x= in the future without t=; the ordering rule applies only when both "
                   "are present, and the signature verifies.", "6376:3.5", "MUST",
                   signed(F(vid), BODY, t=None, x=X_WEEK), [S("pass")], ["TIMESTAMPS"]))
    vid = "dkim-tags-x-past"
    times.append(V(vid, "x= is a day before the verification time (t= ten days before); "
                   "verifiers MAY treat the expired signature as invalid and return PERMFAIL "
                   "(signature expired), or not check x=.", "6376:6.1.1", "MAY",
                   signed(F(vid), BODY, t=NOW - 10 * 86400, x=NOW - 86400),
                   [S(["pass"] + ERR, "expired")], ["EXPIRY_OPTIONAL"]))
    vid = "dkim-tags-x-equals-t"
    times.append(V(vid, "t= and x= both equal the verification time: not yet expired, not in the "
                   "future, but x= must be greater than t=, so the signature is inconsistent and "
                   "must be ignored.", "6376:6.1.1", "MUST", signed(F(vid), BODY, t=NOW, x=NOW),
                   [S(ERR, "timestamps")], ["TIMESTAMPS", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-x-before-t"
    times.append(V(vid, "x= is an hour before t=; x= must be greater than t=, so the signature is "
                   "inconsistent whatever the verifier's expiry policy.", "6376:6.1.1", "MUST",
                   signed(F(vid), BODY, t=NOW - 3600, x=NOW - 7200),
                   [S(ERR, "timestamps")], ["TIMESTAMPS", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-x-not-a-number"
    times.append(V(vid, "x=soon is not a decimal integer; the signature is malformed.",
                   "6376:3.5", "MUST", signed(F(vid), BODY, x=X_WEEK, edit=set_tag("x", "soon")),
                   [S(ERR, "syntax")], ["TIMESTAMPS", "SIG_ERROR_RESULT"]))

    syntax = []
    vid = "dkim-tags-z-not-matching"
    syntax.append(V(vid, "z= copies header fields that differ from the ones in the message; z= "
                    "is only diagnostic, so the signature verifies.", "6376:3.5", "MUST",
                    signed(F(vid), BODY, z="From:Someone=20Else=20<other@example.org>"
                           "|Subject:Another=20subject"), [S("pass")], ["COPIED_HEADERS"]))
    vid = "dkim-tags-unknown-tag"
    syntax.append(V(vid, "The signature carries an unknown tag xtra=some value; unknown tags are "
                    "ignored and the signature verifies.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, extra=[("xtra", "some value")]), [S("pass")],
                    ["UNKNOWN_TAG"]))
    vid = "dkim-tags-unknown-tag-empty-value"
    syntax.append(V(vid, "An unknown tag with an empty value (xtra=); empty values are allowed by "
                    "the grammar and unknown tags are ignored, so it verifies.", "6376:3.2",
                    "MUST", signed(F(vid), BODY, extra=[("xtra", "")]), [S("pass")],
                    ["UNKNOWN_TAG", "TAG_LIST_SYNTAX"]))
    vid = "dkim-tags-duplicate-d"
    syntax.append(V(vid, "d=example.com occurs twice with the same value; a repeated tag makes the "
                    "whole tag-list invalid.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, extra=[("d", "example.com")]),
                    [S(ERR, "duplicate-tag")], ["DUPLICATE_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-duplicate-unknown-tag"
    syntax.append(V(vid, "An unknown tag occurs twice (xtra=1, xtra=2); the duplicate rule "
                    "covers every tag name, so the tag-list is invalid.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, extra=[("xtra", "1"), ("xtra", "2")]),
                    [S(ERR, "duplicate-tag")], ["DUPLICATE_TAG", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-spaces-around-equals"
    syntax.append(V(vid, "Every tag except b= and bh= is written with spaces around '='; FWS is "
                    "allowed there, and the signature verifies.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, edit=lambda t: [
                        (n, v) if n == "bh" else (n + " ", " " + v) for n, v in t]),
                    [S("pass")], ["TAG_LIST_SYNTAX"]))
    vid = "dkim-tags-trailing-semicolon"
    syntax.append(V(vid, "The tag-list ends with ';' after b=; a final ';' is allowed and the "
                    "signature verifies.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, template_edit=lambda t: t.replace(ma.B + "\r\n", ma.B + ";\r\n")),
                    [S("pass")], ["TAG_LIST_SYNTAX"]))
    vid = "dkim-tags-empty-tag-spec"
    syntax.append(V(vid, "Two ';' follow each other (';;'); a tag-spec needs a name and '=', so "
                    "the tag-list is malformed.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, template_edit=lambda t: t.replace("v=1; ", "v=1;; ", 1)),
                    [S(ERR, "syntax")], ["TAG_LIST_SYNTAX", "SIG_ERROR_RESULT"]))
    vid = "dkim-tags-tag-without-equals"
    syntax.append(V(vid, "The tag-list contains a bare word (junk) without '='; that is not a "
                    "tag-spec, so the tag-list is malformed.", "6376:3.2", "MUST",
                    signed(F(vid), BODY, template_edit=lambda t: t.replace("v=1; ", "v=1; junk; ", 1)),
                    [S(ERR, "syntax")], ["TAG_LIST_SYNTAX", "SIG_ERROR_RESULT"]))

    groups = [
        G("v= and the complete tag set. Keys: rsa2048a, rsa2048b, eda under example.com, "
          "rsa2048a also under mail.example.com.", zone, version),
        G("a=: required, and limited to algorithms the verifier implements.", zone, alg),
        G("b=: required base64 with FWS; malformed and altered values.", zone, b),
        G("bh=: required base64 with FWS; malformed and wrong values.", zone, bh),
        G("d= and s=: required; d= compared without regard to case.", zone, dom),
        G("h=: required, must list From, names compared without regard to case.", zone, hlist),
        G("i=: must be d= or a subdomain of it, on a label boundary.", zone, ident),
        G("q=: query methods.", zone, query),
        G("t= and x=: timestamps, expiry and their order; now is 2026-01-01T00:00:00Z.", zone,
          times),
        G("Tag-list syntax (3.2): unknown, duplicate and empty tags, FWS around '=', a final "
          "';', and malformed tag-specs; z= copies.", zone, syntax),
    ]
    return build_file(
        "RFC 6376 3.5: DKIM-Signature tags", "RFC 6376",
        "DKIM verification vectors for every tag of the DKIM-Signature field (RFC 6376 3.5: v, a, "
        "b, bh, c is covered in rfc6376-canonicalization.json and l in rfc6376-length.json, d, "
        "h, i, q, s, t, x, z) and the tag-list syntax of 3.2: valid and invalid forms, missing "
        "and duplicate tags, the identity rule for i=, From in h=, and the timestamp rules. "
        "Signatures that 6.1.1 tells the verifier to ignore expect neutral or permerror.",
        groups)


# --------------------------------------------------------------------------------------------
# rfc6376-headers.json
# --------------------------------------------------------------------------------------------


def file_headers() -> dict:
    zone = base_zone()
    fail_sig = "signature-mismatch"
    extra_from = b"From: Mallory Example <mallory@example.org>\r\n"
    extra_subject = b"Subject: Urgent: new bank details\r\n"

    over = []
    vid = "dkim-headers-oversigned-from"
    over.append(V(vid, "h= lists from twice while the message has one From; the second instance "
                  "signs an empty value (the absence of another From) and the unchanged message "
                  "verifies.", "6376:5.4.2", "MUST",
                  signed(F(vid), BODY, h=["from", "from", "to", "subject", "date"]), [S("pass")],
                  ["OVERSIGNING"]))
    vid = "dkim-headers-oversigned-from-added-top"
    raw = add_header_top(signed(F(vid), BODY, h=["from", "from", "to", "subject", "date"]),
                         extra_from)
    over.append(V(vid, "A second From is added at the top after signing with from listed twice; "
                  "the second listed instance now selects it instead of the null string, so the "
                  "signature fails.", "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)],
                  ["OVERSIGNING"]))
    vid = "dkim-headers-oversigned-from-added-bottom"
    raw = add_header_bottom(signed(F(vid), BODY, h=["from", "from", "to", "subject", "date"]),
                            extra_from)
    over.append(V(vid, "A second From is added at the bottom of the header after signing with "
                  "from listed twice; the first listed instance now selects the new field, so "
                  "the signature fails.", "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)],
                  ["OVERSIGNING"]))
    vid = "dkim-headers-oversigned-subject-added"
    raw = add_header_top(signed(F(vid), BODY, h=["from", "to", "subject", "subject", "date"]),
                         extra_subject)
    over.append(V(vid, "Subject is listed twice and a second Subject is added on top after "
                  "signing; the over-signed absence no longer holds and the signature fails.",
                  "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)], ["OVERSIGNING"]))
    vid = "dkim-headers-absent-field-signed"
    over.append(V(vid, "h= lists reply-to and cc, which the message does not have; each "
                  "contributes the null string and the signature verifies.", "6376:5.4.2",
                  "MUST", signed(F(vid), BODY, h=["from", "to", "subject", "reply-to", "cc"]),
                  [S("pass")], ["FIELD_SELECTION"]))
    vid = "dkim-headers-absent-field-added"
    raw = add_header_top(signed(F(vid), BODY, h=["from", "to", "subject", "reply-to", "cc"]),
                         b"Reply-To: Mallory Example <mallory@example.org>\r\n")
    over.append(V(vid, "A Reply-To is added after signing, while h= listed reply-to when there "
                  "was none; the signed absence is broken and the signature fails.",
                  "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)], ["OVERSIGNING"]))

    sel = []
    vid = "dkim-headers-added-above-not-oversigned"
    raw = add_header_top(signed(F(vid), BODY, h=["from", "to", "subject", "date"]),
                         extra_subject)
    sel.append(V(vid, "A second Subject is added at the top after signing, and subject is listed "
                 "once; the verifier takes the bottom-most Subject, the signed one, so the "
                 "signature verifies (over-signing exists to prevent this).", "6376:5.4.2",
                 "MUST", raw, [S("pass")], ["FIELD_SELECTION"]))
    vid = "dkim-headers-added-below-not-oversigned"
    raw = add_header_bottom(signed(F(vid), BODY, h=["from", "to", "subject", "date"]),
                            extra_subject)
    sel.append(V(vid, "A second Subject is added at the bottom of the header after signing; the "
                 "verifier takes the bottom-most Subject, which is the new one, so the signature "
                 "fails.", "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)],
                 ["FIELD_SELECTION"]))
    two_comments = lambda vid: F(vid) + [b"Comments: first comment\r\n",
                                         b"Comments: second comment\r\n"]
    vid = "dkim-headers-repeated-signed-bottom-up"
    sel.append(V(vid, "Two Comments fields, comments listed twice in h=: the first listed name "
                 "takes the bottom-most field and the second the one above; hashed in that "
                 "order the signature verifies.", "6376:5.4.2", "MUST",
                 signed(two_comments(vid), BODY,
                        h=["from", "to", "subject", "comments", "comments"]),
                 [S("pass")], ["FIELD_SELECTION"]))
    vid = "dkim-headers-repeated-swapped"
    raw = signed(two_comments(vid), BODY, h=["from", "to", "subject", "comments", "comments"])
    raw = mut(raw, b"Comments: first comment\r\nComments: second comment\r\n",
              b"Comments: second comment\r\nComments: first comment\r\n")
    sel.append(V(vid, "The two signed Comments fields swap places after signing; the bottom-up "
                 "selection now hashes them in the other order, so the signature fails.",
                 "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)], ["FIELD_SELECTION"]))
    vid = "dkim-headers-repeated-signed-once"
    sel.append(V(vid, "Two Comments fields, comments listed once: only the bottom-most is "
                 "signed, and the signature verifies.", "6376:5.4.2", "MUST",
                 signed(two_comments(vid), BODY, h=["from", "to", "subject", "comments"]),
                 [S("pass")], ["FIELD_SELECTION"]))
    vid = "dkim-headers-repeated-unsigned-instance-removed"
    raw = signed(two_comments(vid), BODY, h=["from", "to", "subject", "comments"])
    raw = mut(raw, b"Comments: first comment\r\n", b"")
    sel.append(V(vid, "Comments listed once, two present; the upper, unsigned one is removed "
                 "after signing. The bottom-most is still the signed field, so it verifies.",
                 "6376:5.4.2", "MUST", raw, [S("pass")], ["FIELD_SELECTION"]))
    vid = "dkim-headers-repeated-signed-instance-removed"
    raw = signed(two_comments(vid), BODY, h=["from", "to", "subject", "comments"])
    raw = mut(raw, b"Comments: second comment\r\n", b"")
    sel.append(V(vid, "Comments listed once, two present; the lower, signed one is removed after "
                 "signing. The bottom-most Comments is now the other one, so the signature "
                 "fails.", "6376:5.4.2", "MUST", raw, [S("fail", fail_sig)],
                 ["FIELD_SELECTION"]))
    vid = "dkim-headers-signature-below-other-fields"
    raw = signed(F(vid), BODY)
    raw = add_header_top(raw, b"Received: from mail.example.com (mail.example.com [192.0.2.25])"
                         b"\r\n\tby mx.example.net; Wed, 31 Dec 2025 23:00:05 +0000\r\n")
    sel.append(V(vid, "A Received field is added above the signature in transit; it is not "
                 "signed and the signature verifies wherever it stands in the header.",
                 "6376:5.4", "MUST", raw, [S("pass")], ["FIELD_SELECTION"]))
    vid = "dkim-headers-empty-value-signed"
    fields = F(vid) + [b"Keywords:\r\n"]
    sel.append(V(vid, "A signed Keywords field has an empty value; it is hashed as the name, the "
                 "colon and nothing else, and the signature verifies.", "6376:3.4.2", "MUST",
                 signed(fields, BODY, h=["from", "to", "subject", "keywords"]), [S("pass")],
                 ["FIELD_SELECTION"]))

    case = []
    for c in ("simple/simple", "relaxed/relaxed"):
        tag = c.split("/")[0]
        vid = f"dkim-headers-name-case-{tag}"
        fields = [f.replace(b"From:", b"FROM:").replace(b"Subject:", b"subject:")
                  for f in F(vid)]
        case.append(V(vid, f"The message has fields FROM and subject while h= lists From and "
                      f"SUBJECT (c={c}); names match without regard to case and the fields are "
                      "hashed as they appear, so the signature verifies.", "6376:3.5", "MUST",
                      signed(fields, BODY, c=c, h=["From", "To", "SUBJECT", "Date"]),
                      [S("pass")], ["FIELD_NAME_CASE"]))
    vid = "dkim-headers-signature-name-lower-case"
    case.append(V(vid, "The signature field is named dkim-signature in lower case (c=simple/"
                  "simple); field names are case-insensitive, so it is found and verifies with "
                  "its name hashed as written.", "6376:3.5", "MUST",
                  signed(F(vid), BODY, c="simple/simple", name="dkim-signature"), [S("pass")],
                  ["FIELD_NAME_CASE"]))

    itself = []
    vid = "dkim-headers-b-not-last"
    itself.append(V(vid, "b= stands first in the signature, before all other tags; only its value "
                    "is removed for hashing and the rest of the field is kept, so it verifies.",
                    "6376:3.7", "MUST",
                    signed(F(vid), BODY, template_edit=lambda t: t.replace(
                        "DKIM-Signature: ", "DKIM-Signature: b=" + ma.B + ";\r\n\t", 1).replace(
                        ";\r\n\tb=" + ma.B + "\r\n", "\r\n")),
                    [S("pass")], ["SIGNATURE_FIELD_ITSELF"]))
    vid = "dkim-headers-b-middle-simple"
    itself.append(V(vid, "b= stands between h= and bh= in a signature using simple header "
                    "canonicalisation; the field is hashed byte for byte except the b= value, so "
                    "it verifies.", "6376:3.7", "MUST",
                    signed(F(vid), BODY, c="simple/simple", template_edit=lambda t: t.replace(
                        "bh=" + ma.BH, "b=" + ma.B + ";\r\n\tbh=" + ma.BH).replace(
                        ";\r\n\tb=" + ma.B + "\r\n", "\r\n")),
                    [S("pass")], ["SIGNATURE_FIELD_ITSELF"]))
    vid = "dkim-headers-b-folded-simple"
    itself.append(V(vid, "The b= value is folded over five lines in a signature using simple "
                    "header canonicalisation; the whole value with its folding is removed for "
                    "hashing, and it verifies.", "6376:3.7", "MUST",
                    signed(F(vid), BODY, c="simple/simple", b_first=20, b_width=60),
                    [S("pass")], ["SIGNATURE_FIELD_ITSELF"]))
    vid = "dkim-headers-signature-refolded-relaxed"
    raw = signed(F(vid), BODY, c="relaxed/relaxed")
    raw = mut(raw, b";\r\n\ts=rsa2048a; ", b"; s=rsa2048a;\r\n  ")
    itself.append(V(vid, "The signature field itself is refolded in transit (c=relaxed/relaxed); "
                    "it is canonicalised like any field, so the change is absorbed and it "
                    "verifies.", "6376:3.7", "MUST", raw, [S("pass")],
                    ["SIGNATURE_FIELD_ITSELF", "RELAXED_HEADER"]))
    vid = "dkim-headers-signature-refolded-simple"
    raw = signed(F(vid), BODY, c="simple/simple")
    raw = mut(raw, b";\r\n\ts=rsa2048a; ", b"; s=rsa2048a;\r\n  ")
    itself.append(V(vid, "The signature field itself is refolded in transit (c=simple/simple); "
                    "it is part of the signed data byte for byte, so the signature fails.",
                    "6376:3.7", "MUST", raw, [S("fail", fail_sig)],
                    ["SIGNATURE_FIELD_ITSELF", "SIMPLE_HEADER"]))
    vid = "dkim-headers-signature-tag-changed"
    raw = signed(F(vid), BODY, x=X_WEEK)
    raw = mut(raw, f"x={X_WEEK}".encode(), f"x={X_WEEK + 86400 * 365}".encode())
    itself.append(V(vid, "x= of the signature is moved a year later after signing; the signature "
                    "field is covered by its own signature, so the change makes it fail.",
                    "6376:3.7", "MUST", raw, [S("fail", fail_sig)],
                    ["SIGNATURE_FIELD_ITSELF", "TAMPERING"]))

    groups = [
        G("Over-signing: names listed in h= more often than the field occurs, and fields added "
          "after signing. Keys: rsa2048a, rsa2048b, eda under example.com.", zone, over),
        G("Selection of repeated fields from the bottom up, added and removed instances, and "
          "unsigned fields.", zone, sel),
        G("Header field name case in h= and in the message.", zone, case),
        G("The signature field itself in the signed data, b= emptied (3.7).", zone, itself),
    ]
    return build_file(
        "RFC 6376 5.4: signed header fields", "RFC 6376",
        "DKIM verification vectors for the choice and order of signed header fields: h= with "
        "over-signed names and names of absent fields, fields added above or below signed ones, "
        "repeated fields selected bottom-up (5.4.2), removed fields, name case, and the "
        "signature field itself hashed with its b= value emptied (3.7).",
        groups)


# --------------------------------------------------------------------------------------------
# rfc6376-length.json
# --------------------------------------------------------------------------------------------

MIME_BODY = (b"--part-boundary-01\r\n"
             b"Content-Type: text/plain; charset=us-ascii\r\n"
             b"\r\n"
             b"The figures for the fourth quarter are final.\r\n"
             b"\r\n"
             b"--part-boundary-01\r\n"
             b"Content-Type: text/csv; charset=us-ascii\r\n"
             b"\r\n"
             b"quarter,total\r\n"
             b"Q4,1200\r\n"
             b"\r\n"
             b"--part-boundary-01--\r\n")


def file_length() -> dict:
    zone = base_zone()
    unsigned_ok = ["pass", "policy"] + ERR

    def canon_len(body: bytes, c: str) -> int:
        return len(ma.canon_body(body, split_c(c)[1]))

    basic = []
    vid = "dkim-length-equals-body"
    n = canon_len(BODY, "relaxed/relaxed")
    basic.append(V(vid, f"l={n} is exactly the length of the canonicalised body; the whole body is "
                   "covered and the signature verifies.", "6376:3.4.5", "MUST",
                   signed(F(vid), BODY, l=n), [S("pass")], ["LENGTH_LIMIT"]))
    vid = "dkim-length-counts-canonical-octets"
    wsp_body = BODY.replace(b"final.\r\n", b"final.    \t\r\n").replace(b"Totals are", b"Totals    are")
    n = canon_len(wsp_body, "relaxed/relaxed")
    basic.append(V(vid, f"The body carries extra whitespace that relaxed canonicalisation removes; "
                   f"l={n} counts the canonicalised octets, fewer than the raw ones, and covers "
                   "the whole body, so it verifies. Counting raw octets cuts the body short.",
                   "6376:3.4.5", "MUST", signed(F(vid), wsp_body, l=n), [S("pass")],
                   ["LENGTH_LIMIT"]))
    vid = "dkim-length-simple-trailing-lines"
    n = canon_len(BODY, "simple/simple")
    raw = signed(F(vid), BODY, c="simple/simple", l=n) + b"\r\n\r\n"
    basic.append(V(vid, f"Simple body, l={n}; two empty lines are appended in transit, which "
                   "simple canonicalisation removes again, so nothing lies beyond l= and the "
                   "signature verifies.", "6376:3.4.5", "MUST", raw, [S("pass")],
                   ["LENGTH_LIMIT"]))
    vid = "dkim-length-zero-empty-body"
    basic.append(V(vid, "l=0 on an empty body under relaxed: the canonical body is empty too, the "
                   "hash of zero octets matches and nothing is left unsigned.", "6376:3.4.5",
                   "MUST", signed(F(vid), b"", l=0), [S("pass")], ["LENGTH_LIMIT"]))

    appended = []
    vid = "dkim-length-appended-text"
    n = canon_len(BODY, "relaxed/relaxed")
    raw = signed(F(vid), BODY, l=n) + b"P.S. Please wire the money to the new account.\r\n"
    appended.append(V(vid, f"l={n} covered the original body and a line is appended in transit; "
                      "the hash of the first l octets still matches, so the signature verifies, "
                      "though a verifier may treat the unsigned tail with suspicion.",
                      "6376:6.1.3", "MAY", raw, [S(unsigned_ok)],
                      ["LENGTH_LIMIT", "UNSIGNED_CONTENT_OPTIONAL"]))
    vid = "dkim-length-shorter-than-body"
    n = canon_len(b"Hello Bob,\r\n", "relaxed/relaxed")
    appended.append(V(vid, f"The signer set l={n}, covering only the first line; the rest of the "
                      "body is unsigned but unchanged. The first l octets match, so the "
                      "signature verifies unless the verifier refuses unsigned content.",
                      "6376:6.1.3", "MAY", signed(F(vid), BODY, l=n), [S(unsigned_ok)],
                      ["LENGTH_LIMIT", "UNSIGNED_CONTENT_OPTIONAL"]))
    vid = "dkim-length-zero-with-body"
    appended.append(V(vid, "l=0 with a non-empty body: no body octet is signed and the hash of "
                      "the empty string matches; the signature covers only the header, which a "
                      "verifier may find unacceptable.", "6376:3.4.5", "MAY",
                      signed(F(vid), BODY, l=0), [S(unsigned_ok)],
                      ["LENGTH_LIMIT", "UNSIGNED_CONTENT_OPTIONAL"]))
    vid = "dkim-length-appended-after-mime-end"
    mime_fields = [f.replace(b"Content-Type: text/plain; charset=us-ascii",
                             b"Content-Type: multipart/mixed; boundary=\"part-boundary-01\"")
                   for f in F(vid)]
    n = canon_len(MIME_BODY, "relaxed/relaxed")
    raw = signed(mime_fields, MIME_BODY, l=n) + (
        b"--part-boundary-01\r\n"
        b"Content-Type: text/plain; charset=us-ascii\r\n"
        b"\r\n"
        b"Correction: pay the invoice to the account below.\r\n"
        b"\r\n"
        b"--part-boundary-01--\r\n")
    appended.append(V(vid, f"A multipart body signed with l={n}, up to its closing boundary; a "
                      "further part is appended after it in transit. DKIM covers octets, not MIME "
                      "structure: the signed prefix matches, and the added part is what 8.2 "
                      "warns about.", "6376:8.2", "MAY", raw, [S(unsigned_ok)],
                      ["LENGTH_LIMIT", "UNSIGNED_CONTENT_OPTIONAL"]))
    vid = "dkim-length-prefix-changed"
    n = canon_len(BODY, "relaxed/relaxed")
    raw = signed(F(vid), BODY, l=n) + b"Appended line.\r\n"
    raw = mut(raw, b"are final.", b"are draft.")
    appended.append(V(vid, f"l={n} with text appended and also a word changed inside the first l "
                      "octets; the signed prefix no longer matches, so the signature fails.",
                      "6376:3.4.5", "MUST", raw, [S("fail", "body-hash-mismatch")],
                      ["LENGTH_LIMIT", "TAMPERING"]))

    over = []
    vid = "dkim-length-larger-than-body"
    n = canon_len(BODY, "relaxed/relaxed")
    over.append(V(vid, f"l={n + 10} is ten octets more than the canonicalised body, although bh= "
                  "is the hash of the whole body; l= must not exceed the body length, so the "
                  "signature must not pass.", "6376:6.1.1", "MUST",
                  signed(F(vid), BODY, l=n + 10), [S(["fail"] + ERR, "length-exceeds-body")],
                  ["LENGTH_LIMIT", "LENGTH_OVER_BODY_RESULT"]))
    vid = "dkim-length-body-truncated"
    n = canon_len(BODY, "relaxed/relaxed")
    raw = mut(signed(F(vid), BODY, l=n), b"\r\nAlice\r\n", b"\r\n")
    over.append(V(vid, f"Signed with l={n}, the whole body; the last line is cut off in transit, "
                  "so the body is now shorter than l= and the signature must not pass.",
                  "6376:6.1.1", "MUST", raw, [S(["fail"] + ERR, "length-exceeds-body")],
                  ["LENGTH_LIMIT", "LENGTH_OVER_BODY_RESULT"]))
    vid = "dkim-length-huge"
    over.append(V(vid, "l=18446744073709551656 (2^64 + 40) is far larger than the body; it must "
                  "not wrap around to 40 in a 64-bit counter. bh= is the hash of the first 40 "
                  "canonical octets, so a verifier that wraps it verifies the signature: it must "
                  "not pass.",
                  "6376:6.1.1", "MUST",
                  signed(F(vid), BODY, l=None, l_tag="18446744073709551656",
                         bh_override=ma.b64(ma.body_hash(BODY, "relaxed", "sha256", 40))),
                  [S(["fail"] + ERR, "length-exceeds-body")],
                  ["LENGTH_SYNTAX", "LENGTH_OVER_BODY_RESULT"]))
    vid = "dkim-length-not-a-number"
    over.append(V(vid, "l=all is not a decimal integer; the signature is malformed.", "6376:3.5",
                  "MUST", signed(F(vid), BODY, l_tag="all"), [S(ERR, "syntax")],
                  ["LENGTH_SYNTAX", "SIG_ERROR_RESULT"]))
    vid = "dkim-length-negative"
    over.append(V(vid, "l=-1 is not an unsigned decimal integer; the signature is malformed.",
                  "6376:3.5", "MUST", signed(F(vid), BODY, l_tag="-1"), [S(ERR, "syntax")],
                  ["LENGTH_SYNTAX", "SIG_ERROR_RESULT"]))

    groups = [
        G("l= that covers the whole canonicalised body, counted in canonical octets. Keys: "
          "rsa2048a, rsa2048b, eda under example.com.", zone, basic),
        G("l= shorter than the body: unsigned content appended in transit or left by the "
          "signer (6.1.3, 8.2).", zone, appended),
        G("l= larger than the body, and malformed values.", zone, over),
    ]
    return build_file(
        "RFC 6376 3.4.5: body length limit", "RFC 6376",
        "DKIM verification vectors for the l= tag (RFC 6376 3.4.5, 3.5, 6.1.3, 8.2): a limit "
        "equal to the body, counted after canonicalisation, l=0, content appended after the "
        "limit (also after the end of a MIME structure), a limit larger than the body, and "
        "malformed values.",
        groups)


# --------------------------------------------------------------------------------------------
# rfc6376-keys.json
# --------------------------------------------------------------------------------------------


def file_keys() -> dict:
    A = "rsa-2048-a"
    pa = pb64(A)

    def r(*tags: tuple[str, str]) -> str:
        return ma.format_tag_list(list(tags))

    # one zone for the record-format group: selector -> record text (or entries)
    records = {
        "plain": r(("v", "DKIM1"), ("k", "rsa"), ("p", pa)),
        "nov": r(("k", "rsa"), ("p", pa)),
        "vdkim2": r(("v", "DKIM2"), ("k", "rsa"), ("p", pa)),
        "vlate": r(("k", "rsa"), ("v", "DKIM1"), ("p", pa)),
        "nok": r(("v", "DKIM1"), ("p", pa)),
        "kunknown": r(("v", "DKIM1"), ("k", "dsa"), ("p", pa)),
        "ked": r(("v", "DKIM1"), ("k", "ed25519"), ("p", pa)),
        "hsha256": r(("v", "DKIM1"), ("k", "rsa"), ("h", "sha256"), ("p", pa)),
        "hsha1": r(("v", "DKIM1"), ("k", "rsa"), ("h", "sha1"), ("p", pa)),
        "hlist": r(("v", "DKIM1"), ("k", "rsa"), ("h", "sha512:sha256"), ("p", pa)),
        "semail": r(("v", "DKIM1"), ("k", "rsa"), ("s", "email"), ("p", pa)),
        "sstar": r(("v", "DKIM1"), ("k", "rsa"), ("s", "*"), ("p", pa)),
        "sother": r(("v", "DKIM1"), ("k", "rsa"), ("s", "web"), ("p", pa)),
        "slist": r(("v", "DKIM1"), ("k", "rsa"), ("s", "web:email"), ("p", pa)),
        "ty": r(("v", "DKIM1"), ("k", "rsa"), ("t", "y"), ("p", pa)),
        "ts": r(("v", "DKIM1"), ("k", "rsa"), ("t", "s"), ("p", pa)),
        "tys": r(("v", "DKIM1"), ("k", "rsa"), ("t", "y:s"), ("p", pa)),
        "tunknown": r(("v", "DKIM1"), ("k", "rsa"), ("t", "q"), ("p", pa)),
        "revoked": r(("v", "DKIM1"), ("k", "rsa"), ("p", "")),
        "nop": r(("v", "DKIM1"), ("k", "rsa")),
        "badb64": r(("v", "DKIM1"), ("k", "rsa"), ("p", pa[:100] + "!!" + pa[102:])),
        "notakey": r(("v", "DKIM1"), ("k", "rsa"),
                     ("p", ma.b64(b"This is a test string, not a public key at all."))),
        "pkcs1": r(("v", "DKIM1"), ("k", "rsa"), ("p", pb64(A, "pkcs1"))),
        "pfws": r(("v", "DKIM1"), ("k", "rsa"),
                  ("p", " ".join(pa[k:k + 64] for k in range(0, len(pa), 64)))),
        "fws": "v = DKIM1 ;  k = rsa ;\tp = " + pa + " ;",
        "unknowntag": r(("v", "DKIM1"), ("k", "rsa"), ("n", "contact the postmaster"),
                        ("xtra", "1"), ("p", pa)),
        "legacyg": r(("v", "DKIM1"), ("g", "bob"), ("k", "rsa"), ("p", pa)),
        "spf": "v=spf1 -all",
        "wrongkey": rec("rsa-2048-b"),
    }
    zone1 = {dk(s): [txt(v)] for s, v in records.items()}
    # a record split at awkward places: inside the tag name and inside the key data
    text = records["plain"]
    zone1[dk("split")] = [{"TXT": [text[:4], text[4:9], text[9:200], text[200:]]}]

    def kv(vid, comment, clause, selector, sigs, flags, level="MUST", **kw):
        raw = signed(F(vid), BODY, s=selector, **kw)
        return V(vid, comment, clause, level, raw, sigs, flags)

    def Sk(result, reason=None, s=None, acceptable=None):
        return S(result, reason, s=s, acceptable=acceptable)

    rec_v = []
    rec_v.append(kv("dkim-keys-record-complete", "The key record has v=DKIM1, k=rsa and p=; the "
                    "signature verifies.", "6376:3.6.1", "plain", [Sk("pass", s="plain")],
                    ["KEY_RECORD_TAGS"]))
    rec_v.append(kv("dkim-keys-v-absent", "The key record has no v= tag; it is optional "
                    "(RECOMMENDED), so the record is used and the signature verifies.",
                    "6376:3.6.1", "nov", [Sk("pass", s="nov")], ["KEY_RECORD_TAGS"]))
    rec_v.append(kv("dkim-keys-v-dkim2", "The key record starts with v=DKIM2; a record whose v= "
                    "is not DKIM1 must be discarded, leaving no usable key (key syntax error).",
                    "6376:3.6.1", "vdkim2", [Sk("permerror", "key-syntax", s="vdkim2")],
                    ["KEY_RECORD_SYNTAX"]))
    rec_v.append(kv("dkim-keys-v-not-first", "The key record has v=DKIM1 after k=; v= must be the "
                    "first tag when present, so the record does not follow the format and is "
                    "ignored (key syntax error).", "6376:6.1.2", "vlate",
                    [Sk("permerror", "key-syntax", s="vlate")],
                    ["KEY_RECORD_SYNTAX", "KEY_VERSION_POSITION"]))
    rec_v.append(kv("dkim-keys-p-missing", "The key record has no p= tag, which is required; the "
                    "record is malformed (key syntax error).", "6376:6.1.2", "nop",
                    [Sk("permerror", "key-syntax", s="nop")], ["KEY_RECORD_SYNTAX"]))
    rec_v.append(kv("dkim-keys-p-empty", "p= is empty: the key is revoked. The verifier must treat "
                    "this as a failed check (PERMFAIL key revoked); the signature must not pass.",
                    "6376:6.1.2", "revoked",
                    [Sk(["fail", "permerror"], "key-revoked", s="revoked")],
                    ["KEY_REVOKED_RESULT"]))
    rec_v.append(kv("dkim-keys-p-bad-base64", "p= contains '!!' inside the key data, which is not "
                    "base64; the record is malformed (key syntax error).", "6376:6.1.2", "badb64",
                    [Sk("permerror", "key-syntax", s="badb64")], ["KEY_RECORD_SYNTAX"]))
    rec_v.append(kv("dkim-keys-p-not-a-key", "p= is valid base64 of a text, not an RSA public "
                    "key; the key data is unusable (key syntax error).", "6376:6.1.2", "notakey",
                    [Sk("permerror", "key-syntax", s="notakey")], ["KEY_RECORD_SYNTAX"]))
    rec_v.append(kv("dkim-keys-p-rsapublickey", "p= holds the bare PKCS#1 RSAPublicKey that the "
                    "text of 3.6.1 names, not the SubjectPublicKeyInfo in practical use; "
                    "verifiers differ, so pass and key syntax error are both accepted.",
                    "6376:3.6.1", "pkcs1", [Sk(["pass", "permerror"], "key-syntax", s="pkcs1")],
                    ["RSA_KEY_ENCODING"]))
    rec_v.append(kv("dkim-keys-p-with-spaces", "The base64 of p= is broken by spaces every 64 "
                    "characters; FWS inside base64 is ignored and the signature verifies.",
                    "6376:3.6.1", "pfws", [Sk("pass", s="pfws")], ["KEY_ENCODING"]))
    rec_v.append(kv("dkim-keys-tag-list-whitespace", "The key record has spaces and a tab around "
                    "'=' and ';' and a final ';'; the tag-list grammar allows them and the "
                    "signature verifies.", "6376:3.2", "fws", [Sk("pass", s="fws")],
                    ["KEY_RECORD_TAGS"]))
    rec_v.append(kv("dkim-keys-unknown-tags", "The key record carries n= (notes) and an unknown "
                    "tag; both are ignored and the signature verifies.", "6376:3.6.1",
                    "unknowntag", [Sk("pass", s="unknowntag")], ["KEY_RECORD_TAGS"]))
    rec_v.append(kv("dkim-keys-obsolete-granularity", "The key record has g=bob, the granularity "
                    "tag of RFC 4871, and the signature has i=alice@example.com; RFC 6376 dropped "
                    "g=, so it is an unknown tag and the signature verifies.", "6376:3.6.1",
                    "legacyg", [Sk("pass", s="legacyg")], ["OBSOLETE_TAG"],
                    i="alice@example.com"))
    rec_v.append(kv("dkim-keys-not-a-key-record", "The selector's TXT record is an SPF record, not "
                    "a key record; it has no p= and is ignored (key syntax error).", "6376:6.1.2",
                    "spf", [Sk("permerror", "key-syntax", s="spf")], ["KEY_RECORD_SYNTAX"]))
    rec_v.append(kv("dkim-keys-split-strings", "The key record is one TXT record of four strings "
                    "cut inside the tag name v and inside the key data; joined without "
                    "separators it is a valid record and the signature verifies.",
                    "6376:3.6.2.2", "split", [Sk("pass", s="split")], ["KEY_TXT_CONCAT"]))
    rec_v.append(kv("dkim-keys-other-key", "The record publishes a different RSA key from the one "
                    "that signed; the signature does not verify.", "6376:6.1.3", "wrongkey",
                    [Sk("fail", "signature-mismatch", s="wrongkey")], ["WRONG_KEY"]))

    ktype = []
    ktype.append(kv("dkim-keys-k-absent", "The key record has no k=; the default is rsa, which "
                    "fits a=rsa-sha256, and the signature verifies.", "6376:3.6.1", "nok",
                    [Sk("pass", s="nok")], ["KEY_RECORD_TAGS"]))
    ktype.append(kv("dkim-keys-k-unknown", "The key record has k=dsa, a key type the verifier "
                    "does not know; the key is not suitable for a=rsa-sha256 (inappropriate key "
                    "algorithm).", "6376:6.1.2", "kunknown",
                    [Sk("permerror", "key-type-mismatch", s="kunknown")], ["KEY_TYPE"]))
    ktype.append(kv("dkim-keys-k-ed25519-for-rsa-signature", "The key record says k=ed25519 but "
                    "the signature is a=rsa-sha256; key and algorithm do not fit (inappropriate "
                    "key algorithm).", "6376:6.1.2", "ked",
                    [Sk("permerror", "key-type-mismatch", s="ked")], ["KEY_TYPE"]))
    ktype.append(kv("dkim-keys-h-sha256", "The key record has h=sha256, which includes the hash "
                    "of a=rsa-sha256; the signature verifies.", "6376:3.6.1", "hsha256",
                    [Sk("pass", s="hsha256")], ["KEY_HASH"]))
    ktype.append(kv("dkim-keys-h-sha1-only", "The key record allows only h=sha1 while the "
                    "signature uses rsa-sha256; the key must be ignored (inappropriate hash "
                    "algorithm).", "6376:6.1.2", "hsha1",
                    [Sk("permerror", "key-hash-mismatch", s="hsha1")], ["KEY_HASH"]))
    ktype.append(kv("dkim-keys-h-unknown-and-sha256", "The key record has h=sha512:sha256; the "
                    "unknown name is ignored, sha256 is allowed and the signature verifies.",
                    "6376:3.6.1", "hlist", [Sk("pass", s="hlist")], ["KEY_HASH"]))
    ktype.append(kv("dkim-keys-s-email", "The key record has s=email; the key applies to email "
                    "and the signature verifies.", "6376:3.6.1", "semail",
                    [Sk("pass", s="semail")], ["KEY_SERVICE"]))
    ktype.append(kv("dkim-keys-s-star", "The key record has s=*, which matches every service; the "
                    "signature verifies.", "6376:3.6.1", "sstar", [Sk("pass", s="sstar")],
                    ["KEY_SERVICE"]))
    ktype.append(kv("dkim-keys-s-other-service", "The key record has s=web only; an email "
                    "verifier must ignore the record and finds no key for the signature.",
                    "6376:3.6.1", "sother",
                    [Sk("permerror", "key-service-mismatch", s="sother")], ["KEY_SERVICE"]))
    ktype.append(kv("dkim-keys-s-list-with-email", "The key record has s=web:email; email is "
                    "listed, the unknown service is ignored and the signature verifies.",
                    "6376:3.6.1", "slist", [Sk("pass", s="slist")], ["KEY_SERVICE"]))

    flags = []
    flags.append(kv("dkim-keys-t-y", "The key record has t=y (testing); testing changes what a "
                    "receiver does with the result, not the verification, which passes.",
                    "6376:3.6.1", "ty", [Sk("pass", s="ty")], ["KEY_FLAGS"]))
    vid = "dkim-keys-t-y-broken-body"
    raw = mut(signed(F(vid), BODY, s="ty"), b"are final.", b"are draft.")
    flags.append(V(vid, "t=y (testing) and a body changed after signing; the body hash fails "
                   "as it would without the flag.", "6376:3.6.1", "MUST", raw,
                   [Sk("fail", "body-hash-mismatch", s="ty")], ["KEY_FLAGS"]))
    flags.append(kv("dkim-keys-t-s-same-domain", "t=s (strict) and i=alice@example.com with "
                    "d=example.com: the i= domain equals d=, as t=s requires, and the signature "
                    "verifies.", "6376:3.6.1", "ts", [Sk("pass", s="ts")], ["KEY_FLAGS"],
                    i="alice@example.com"))
    flags.append(kv("dkim-keys-t-s-no-i", "t=s and no i=; the default identity @example.com has "
                    "exactly the d= domain and the signature verifies.", "6376:3.6.1", "ts",
                    [Sk("pass", s="ts")], ["KEY_FLAGS"]))
    flags.append(kv("dkim-keys-t-s-subdomain", "t=s and i=alice@news.example.com with "
                    "d=example.com; the strict flag forbids an i= domain below d=, so the "
                    "signature must not pass.", "6376:3.6.1", "ts",
                    [Sk(["fail", "permerror"], "key-strict-subdomain", s="ts")],
                    ["KEY_FLAGS", "KEY_STRICT_RESULT"], i="alice@news.example.com"))
    flags.append(kv("dkim-keys-t-y-s-subdomain", "t=y:s (testing and strict) and an i= in a "
                    "subdomain of d=; the strict rule still applies, so the signature must not "
                    "pass.", "6376:3.6.1", "tys",
                    [Sk(["fail", "permerror"], "key-strict-subdomain", s="tys")],
                    ["KEY_FLAGS", "KEY_STRICT_RESULT"], i="@news.example.com"))
    flags.append(kv("dkim-keys-t-unknown-flag", "The key record has t=q, an unknown flag; "
                    "unknown flags are ignored and the signature verifies.", "6376:3.6.1",
                    "tunknown", [Sk("pass", s="tunknown")], ["KEY_FLAGS"]))

    # DNS outcomes
    zone2 = {
        dk("rsa2048a"): [txt(rec(A))],
        dk("servfail"): ["SERVFAIL"],
        dk("timeout"): ["TIMEOUT"],
        dk("nxdomain"): ["NXDOMAIN"],
        "x." + dk("emptynonterminal"): [txt("v=DKIM1; k=rsa; p=" + pa)],
        dk("addressonly"): [{"A": "192.0.2.53"}],
        dk("alias"): [{"CNAME": "keys.example.net"}],
        "keys.example.net": [txt(rec(A))],
        dk("twosame"): [txt(rec(A)), txt(rec(A))],
        dk("onejunk"): [txt(rec(A)), txt("example-site-verification=4f2a9c")],
        dk("twokeys"): [txt(rec("rsa-2048-a")), txt(rec("rsa-2048-b"))],
    }
    dns = []
    dns.append(kv("dkim-keys-selector-absent", "No record exists at the selector name "
                  "(NXDOMAIN); the key does not exist, so PERMFAIL (no key for signature).",
                  "6376:6.1.2", "missing", [Sk("permerror", "key-not-found", s="missing")],
                  ["KEY_NOT_FOUND"]))
    dns.append(kv("dkim-keys-selector-nxdomain", "The server answers NXDOMAIN for the selector "
                  "name; the key does not exist (permerror), it is not a transient error.",
                  "6376:6.1.2", "nxdomain", [Sk("permerror", "key-not-found", s="nxdomain")],
                  ["KEY_NOT_FOUND"]))
    dns.append(kv("dkim-keys-selector-empty-nonterminal", "The selector name exists only because "
                  "a name below it does and holds no TXT record (NODATA); there is no key.",
                  "6376:6.1.2", "emptynonterminal",
                  [Sk("permerror", "key-not-found", s="emptynonterminal")], ["KEY_NOT_FOUND"]))
    dns.append(kv("dkim-keys-selector-address-only", "The selector name has an A record but no "
                  "TXT record; there is no key.", "6376:6.1.2", "addressonly",
                  [Sk("permerror", "key-not-found", s="addressonly")], ["KEY_NOT_FOUND"]))
    dns.append(kv("dkim-keys-dns-servfail", "The key query gets SERVFAIL; that is a transient "
                  "failure to retrieve the key: a verifier MAY return TEMPFAIL (key unavailable), "
                  "reported as temperror; a permanent error is tolerated (non-strict), pass is "
                  "not.", "6376:6.1.2", "servfail",
                  [Sk("temperror", "key-dns-error", s="servfail", acceptable=["permerror"])],
                  ["KEY_DNS_ERROR"], level="MAY"))
    dns.append(kv("dkim-keys-dns-timeout", "The key query gets no answer at all; the key is "
                  "temporarily unavailable: a verifier MAY return TEMPFAIL, reported as "
                  "temperror; a permanent error is tolerated (non-strict), pass is not.",
                  "6376:6.1.2", "timeout",
                  [Sk("temperror", "key-dns-error", s="timeout", acceptable=["permerror"])],
                  ["KEY_DNS_ERROR"], level="MAY"))
    dns.append(kv("dkim-keys-cname", "The selector name is a CNAME to a name in example.net that "
                  "holds the key record; DNS resolution follows it and the signature verifies.",
                  "6376:3.6.2.1", "alias", [Sk("pass", s="alias")], ["DNS_CNAME"]))
    dns.append(kv("dkim-keys-two-identical-records", "The selector holds the same key record "
                  "twice; whichever the verifier picks verifies, but multiple records give "
                  "undefined results, so rejecting them is accepted too.", "6376:3.6.2.2",
                  "twosame", [Sk(["pass", "permerror"], s="twosame")],
                  ["MULTIPLE_KEY_RECORDS"]))
    dns.append(kv("dkim-keys-record-and-junk", "The selector holds the key record and an "
                  "unrelated TXT record; a verifier that picks or tries the key record passes, "
                  "one that picks the other record reports a key syntax error.", "6376:6.1.2",
                  "onejunk", [Sk(["pass", "permerror"], "key-syntax", s="onejunk")],
                  ["MULTIPLE_KEY_RECORDS"]))
    dns.append(kv("dkim-keys-two-different-keys", "The selector holds two key records with "
                  "different keys and the message is signed with the second; trying each gives "
                  "pass, picking the first gives fail, refusing several records permerror.",
                  "6376:6.1.2", "twokeys",
                  [Sk(["pass", "fail", "permerror"], s="twokeys")], ["MULTIPLE_KEY_RECORDS"],
                  key="rsa-2048-b"))

    # key sizes and algorithms (RFC 8301)
    zone3 = base_zone(keys=("rsa-2048-a", "rsa-1024", "rsa-512"))
    zone3[dk("rsa2048sha1")] = [txt(rec(A, [("v", "DKIM1"), ("k", "rsa"), ("h", "sha1"),
                                            ("p", "{p}")]))]
    algs = []
    algs.append(kv("dkim-keys-rsa-2048", "A 2048-bit RSA key, within the 1024 to 4096 bits every "
                   "verifier must handle; the signature verifies.", "8301:3.2", "rsa2048a",
                   [Sk("pass", s="rsa2048a")], ["RSA_KEY_SIZE"]))
    algs.append(kv("dkim-keys-rsa-1024", "A 1024-bit RSA key, the smallest size verifiers must "
                   "accept; the signature verifies.", "8301:3.2", "rsa1024",
                   [Sk("pass", s="rsa1024")], ["RSA_KEY_SIZE"], key="rsa-1024"))
    algs.append(kv("dkim-keys-rsa-512", "A correct signature with a 512-bit RSA key; verifiers "
                   "must not consider signatures with keys under 1024 bits valid.", "8301:3.2",
                   "rsa512", [Sk(["fail", "permerror", "policy"], "key-too-small", s="rsa512")],
                   ["RSA_KEY_SIZE", "RSA_SMALL_RESULT"], key="rsa-512"))
    algs.append(kv("dkim-keys-rsa-sha1", "A correct rsa-sha1 signature with a 2048-bit key; "
                   "rsa-sha1 must not be used for verifying, so the signature must not pass.",
                   "8301:3.1", "rsa2048a",
                   [Sk(["fail", "permerror", "neutral"], "sha1", s="rsa2048a")],
                   ["SHA1_HISTORIC", "SHA1_RESULT"], alg="rsa-sha1"))
    algs.append(kv("dkim-keys-rsa-sha1-key-allows-sha1", "A correct rsa-sha1 signature under a "
                   "key record with h=sha1; the key allowing SHA-1 does not make it usable, and "
                   "the signature must not pass.", "8301:3.1", "rsa2048sha1",
                   [Sk(["fail", "permerror", "neutral"], "sha1", s="rsa2048sha1")],
                   ["SHA1_HISTORIC", "SHA1_RESULT"], alg="rsa-sha1"))
    vid = "dkim-keys-rsa-sha1-and-sha256"
    fields = F(vid)
    s256 = sig(fields, BODY, s="rsa2048a")
    s1 = sig(fields, BODY, s="rsa2048a", alg="rsa-sha1")
    algs.append(V(vid, "Two signatures from the same domain and key, rsa-sha256 on top and "
                  "rsa-sha1 below; the first passes, the second must not.", "8301:3.1", "MUST",
                  join([s256, s1] + fields, BODY),
                  [Sk("pass", s="rsa2048a"),
                   Sk(["fail", "permerror", "neutral"], "sha1", s="rsa2048a")],
                  ["SHA1_HISTORIC", "SHA1_RESULT", "MULTIPLE_SIGNATURES"]))

    groups = [
        G("Key record tags and format (3.6.1): one selector per record variant under "
          "example.com, all for the rsa-2048-a key unless stated.", zone1, rec_v),
        G("Key type, hash and service restrictions of the key record.", zone1, ktype),
        G("Key record flags t=y and t=s.", zone1, flags),
        G("DNS outcomes of the key query (6.1.2): missing names, errors, CNAME and several "
          "records at one selector.", zone2, dns),
        G("RSA key sizes and rsa-sha1 (RFC 8301). Keys: rsa2048a, rsa1024, rsa512 under "
          "example.com; rsa2048sha1 is rsa-2048-a with h=sha1.", zone3, algs),
    ]
    return build_file(
        "RFC 6376 3.6: key records", "RFC 6376, RFC 8301",
        "DKIM verification vectors for the key record and its retrieval (RFC 6376 3.6.1, "
        "3.6.2, 6.1.2): v=, k=, h=, s=, t= and p= in valid and invalid forms, revoked and "
        "malformed keys, missing records, DNS errors, split and multiple TXT records, and the "
        "RFC 8301 rules on RSA key sizes and rsa-sha1.",
        groups)


# --------------------------------------------------------------------------------------------
# rfc8463-ed25519.json
# --------------------------------------------------------------------------------------------


def file_ed25519() -> dict:
    EA, EB = "ed25519-a", "ed25519-b"
    pea = pb64(EA)

    def r(*tags: tuple[str, str]) -> str:
        return ma.format_tag_list(list(tags))

    zone = {
        dk("eda"): [txt(rec(EA))],
        dk("edb"): [txt(rec(EB))],
        dk("edwrong"): [txt(rec(EB))],
        dk("edspki"): [txt(r(("v", "DKIM1"), ("k", "ed25519"), ("p", pb64(EA, "spki"))))],
        dk("edshort"): [txt(r(("v", "DKIM1"), ("k", "ed25519"),
                               ("p", ma.b64(ma.public_key_data(KEYS[EA])[:31]))))],
        dk("ednok"): [txt(r(("v", "DKIM1"), ("p", pea)))],
        dk("edkrsa"): [txt(r(("v", "DKIM1"), ("k", "rsa"), ("p", pea)))],
        dk("edhsha256"): [txt(r(("v", "DKIM1"), ("k", "ed25519"), ("h", "sha256"), ("p", pea)))],
        dk("edhsha1"): [txt(r(("v", "DKIM1"), ("k", "ed25519"), ("h", "sha1"), ("p", pea)))],
        dk("rsaased"): [txt(r(("v", "DKIM1"), ("k", "ed25519"), ("p", pb64("rsa-2048-a"))))],
        dk("edrevoked"): [txt(r(("v", "DKIM1"), ("k", "ed25519"), ("p", "")))],
        dk("rsa2048a"): [txt(rec("rsa-2048-a"))],
    }

    def ev(vid, comment, clause, selector, sigs, flags, key=EA, mutate=None, **kw):
        raw = signed(F(vid), BODY, key=key, s=selector, **kw)
        if mutate is not None:
            raw = mutate(raw)
        return V(vid, comment, clause, "MUST", raw, sigs, flags)

    def Se(result, reason=None, s="eda"):
        return S(result, reason, s=s)

    basic = []
    basic.append(ev("dkim-ed25519-relaxed", "An ed25519-sha256 signature with c=relaxed/relaxed "
                    "and a k=ed25519 record holding the raw 32-octet key; it verifies.", "8463:3",
                    "eda", [Se("pass")], ["ED25519"]))
    basic.append(ev("dkim-ed25519-simple", "An ed25519-sha256 signature with c=simple/simple; it "
                    "verifies.", "8463:3", "eda", [Se("pass")], ["ED25519"], c="simple/simple"))
    basic.append(ev("dkim-ed25519-second-key", "An ed25519-sha256 signature with the second "
                    "Ed25519 test key under its own selector; it verifies.", "8463:3", "edb",
                    [Se("pass", s="edb")], ["ED25519"], key=EB))
    basic.append(ev("dkim-ed25519-body-changed", "An ed25519-sha256 signature and a body word "
                    "changed after signing; the body hash fails.", "6376:6.1.3", "eda",
                    [Se("fail", "body-hash-mismatch")], ["ED25519", "TAMPERING"],
                    mutate=lambda raw: mut(raw, b"are final.", b"are draft.")))
    basic.append(ev("dkim-ed25519-header-changed", "An ed25519-sha256 signature and the signed "
                    "Subject changed after signing; the Ed25519 check fails.", "8463:3", "eda",
                    [Se("fail", "signature-mismatch")], ["ED25519", "TAMPERING"],
                    mutate=lambda raw: mut(raw, b"Subject: Quarterly report",
                                           b"Subject: Quarterly refund")))
    basic.append(ev("dkim-ed25519-signature-altered", "One character of the ed25519 b= value is "
                    "changed; the signature does not verify.", "8463:3", "eda",
                    [Se("fail", "signature-mismatch")], ["ED25519", "SIGNATURE_CHECK"],
                    mutate=flip_b))

    def truncate_b(raw: bytes) -> bytes:
        value = b_value(raw)
        flat = value.replace(b"\r\n\t", b"")
        short = ma.b64(base64.b64decode(flat)[:63]).encode()
        return mut(raw, value, short)

    basic.append(ev("dkim-ed25519-signature-63-octets", "The ed25519 b= value is cut to 63 "
                    "octets; an Ed25519 signature has 64, so it cannot verify.", "8463:3", "eda",
                    [Se("fail", "signature-mismatch")], ["ED25519", "SIGNATURE_CHECK"],
                    mutate=truncate_b))
    basic.append(ev("dkim-ed25519-wrong-key", "Signed with one Ed25519 key while the selector "
                    "publishes the other; the signature does not verify.", "8463:3", "edwrong",
                    [Se("fail", "signature-mismatch", s="edwrong")], ["ED25519", "WRONG_KEY"]))
    basic.append(ev("dkim-ed25519-unhashed-data", "The Ed25519 signature was made over the "
                    "canonicalised header data itself instead of its SHA-256 hash; RFC 8463 "
                    "signs the hash, so it does not verify.", "8463:3", "eda",
                    [Se("fail", "signature-mismatch")], ["ED25519_PREHASH"],
                    signer=lambda data: KEYS[EA].sign(data)))

    keys = []
    keys.append(ev("dkim-ed25519-key-spki", "The k=ed25519 record holds the key as DER "
                   "SubjectPublicKeyInfo (44 octets) instead of the raw 32-octet key; the p= "
                   "data is not in the defined format (key syntax error).", "8463:4", "edspki",
                   [Se("permerror", "key-syntax", s="edspki")], ["KEY_ENCODING"]))
    keys.append(ev("dkim-ed25519-key-31-octets", "The k=ed25519 record holds only 31 octets of "
                   "key; that is not an Ed25519 public key (key syntax error).", "8463:4",
                   "edshort", [Se("permerror", "key-syntax", s="edshort")],
                   ["KEY_RECORD_SYNTAX"]))
    keys.append(ev("dkim-ed25519-key-k-absent", "The record for an ed25519-sha256 signature has "
                   "no k=, so its type is the default rsa, which does not fit the algorithm "
                   "(inappropriate key algorithm).", "6376:6.1.2", "ednok",
                   [Se("permerror", "key-type-mismatch", s="ednok")], ["KEY_TYPE"]))
    keys.append(ev("dkim-ed25519-key-k-rsa", "The record says k=rsa but holds the Ed25519 key; "
                   "an ed25519-sha256 signature cannot use an rsa record.", "6376:6.1.2",
                   "edkrsa", [Se("permerror", "key-type-mismatch", s="edkrsa")], ["KEY_TYPE"]))
    keys.append(ev("dkim-ed25519-rsa-signature-ed-record", "An rsa-sha256 signature whose "
                   "selector holds a k=ed25519 record (with RSA key data); the key type does not "
                   "fit the algorithm.", "6376:6.1.2", "rsaased",
                   [Se("permerror", "key-type-mismatch", s="rsaased")], ["KEY_TYPE"],
                   key="rsa-2048-a"))
    keys.append(ev("dkim-ed25519-signature-rsa-record", "An ed25519-sha256 signature whose "
                   "selector holds the ordinary RSA key record; the key does not fit the "
                   "algorithm.", "6376:6.1.2", "rsa2048a",
                   [Se("permerror", "key-type-mismatch", s="rsa2048a")], ["KEY_TYPE"]))
    keys.append(ev("dkim-ed25519-key-h-sha256", "The k=ed25519 record has h=sha256, the hash of "
                   "ed25519-sha256; the signature verifies.", "6376:3.6.1", "edhsha256",
                   [Se("pass", s="edhsha256")], ["KEY_HASH"]))
    keys.append(ev("dkim-ed25519-key-h-sha1", "The k=ed25519 record allows only h=sha1; the "
                   "ed25519-sha256 signature may not use it (inappropriate hash algorithm).",
                   "6376:6.1.2", "edhsha1", [Se("permerror", "key-hash-mismatch", s="edhsha1")],
                   ["KEY_HASH"]))

    dual = []

    def dual_msg(vid, ed_kw=None, rsa_kw=None, mutate=None):
        fields = F(vid)
        ed = sig(fields, BODY, key=EA, **(ed_kw or {}))
        rs = sig(fields, BODY, key="rsa-2048-a", **(rsa_kw or {}))
        raw = join([ed, rs] + fields, BODY)
        return mutate(raw) if mutate else raw

    vid = "dkim-ed25519-dual-both-valid"
    dual.append(V(vid, "The message carries an ed25519-sha256 signature (top) and an rsa-sha256 "
                  "signature (below) from the same domain; each verifies on its own.",
                  "8463:3", "MUST", dual_msg(vid), [Se("pass"), S("pass")],
                  ["ED25519", "MULTIPLE_SIGNATURES"]))
    vid = "dkim-ed25519-dual-rsa-broken"
    dual.append(V(vid, "Ed25519 on top and RSA below; the RSA b= value is altered. The RSA "
                  "signature fails and the Ed25519 one still passes.", "6376:6.1", "MUST",
                  dual_msg(vid, mutate=lambda raw: flip_b(raw, 1)),
                  [Se("pass"), S("fail", "signature-mismatch")],
                  ["ED25519", "MULTIPLE_SIGNATURES"]))
    vid = "dkim-ed25519-dual-ed-broken"
    dual.append(V(vid, "Ed25519 on top and RSA below; the Ed25519 b= value is altered. The "
                  "Ed25519 signature fails and the RSA one still passes.", "6376:6.1", "MUST",
                  dual_msg(vid, mutate=lambda raw: flip_b(raw, 0)),
                  [Se("fail", "signature-mismatch"), S("pass")],
                  ["ED25519", "MULTIPLE_SIGNATURES"]))
    vid = "dkim-ed25519-dual-ed-key-revoked"
    dual.append(V(vid, "Ed25519 on top under a selector whose key is revoked (empty p=), RSA "
                  "below under a valid key; the RSA signature passes whatever happens to the "
                  "other.", "6376:6.1", "MUST",
                  dual_msg(vid, ed_kw={"s": "edrevoked"}),
                  [Se(["fail", "permerror"], "key-revoked", s="edrevoked"), S("pass")],
                  ["MULTIPLE_SIGNATURES", "KEY_REVOKED_RESULT"]))
    vid = "dkim-ed25519-dual-body-changed"
    dual.append(V(vid, "Ed25519 and RSA signatures over the same body, which is changed after "
                  "signing; both body hashes fail.", "6376:6.1.3", "MUST",
                  dual_msg(vid, mutate=lambda raw: mut(raw, b"are final.", b"are draft.")),
                  [Se("fail", "body-hash-mismatch"), S("fail", "body-hash-mismatch")],
                  ["ED25519", "MULTIPLE_SIGNATURES", "TAMPERING"]))

    groups = [
        G("ed25519-sha256 signatures (RFC 8463 3). Selectors eda and edb publish the two Ed25519 "
          "test keys as raw 32-octet keys.", zone, basic),
        G("Ed25519 key records (RFC 8463 4) and key type, hash restrictions.", zone, keys),
        G("A message signed with both Ed25519 and RSA; one signature broken.", zone, dual),
    ]
    return build_file(
        "RFC 8463: Ed25519 signatures", "RFC 8463, RFC 6376",
        "DKIM verification vectors for ed25519-sha256 (RFC 8463): valid signatures, tampering, "
        "the key record format (p= is the raw 32-octet key, not SubjectPublicKeyInfo), key "
        "type and hash restrictions, the signature over the SHA-256 hash of the data rather "
        "than the data itself, and messages signed with both RSA and Ed25519 where one "
        "signature is broken.",
        groups)



# --------------------------------------------------------------------------------------------
# rfc6376-multiple.json
# --------------------------------------------------------------------------------------------


def file_multiple() -> dict:
    zone = base_zone(domains=("example.com", "example.net", "example.org"))
    zone[dk("gone", "example.org")] = ["SERVFAIL"]
    h_list = ["from", "to", "subject", "date", "message-id"]

    def Sd(result, reason=None, d="example.com", s="rsa2048a"):
        return S(result, reason, d=d, s=s)

    vecs = []
    vid = "dkim-multiple-none"
    vecs.append(V(vid, "A message without any DKIM-Signature field: there is nothing to verify "
                  "and the list of signature results is empty (DKIM result none).",
                  "8601:2.7.1", "MUST", join(F(vid), BODY), [], ["MULTIPLE_SIGNATURES"]))

    vid = "dkim-multiple-two-domains-pass"
    fields = F(vid)
    author = sig(fields, BODY, d="example.com", h=h_list)
    fields2 = [author] + fields
    relay = sig(fields2, BODY, d="example.net", key="rsa-2048-b", h=h_list)
    vecs.append(V(vid, "The author's domain signed, then a relay in example.net added its own "
                  "signature on top; both verify, reported top first.", "6376:6.1", "MUST",
                  join([relay] + fields2, BODY),
                  [Sd("pass", d="example.net", s="rsa2048b"), Sd("pass")],
                  ["MULTIPLE_SIGNATURES"]))

    vid = "dkim-multiple-list-changed-subject"
    fields = F(vid)
    author = sig(fields, BODY, d="example.com", h=h_list)
    listed = [f.replace(b"Subject: Quarterly report", b"Subject: [team] Quarterly report")
              for f in [author] + fields]
    relay = sig(listed, BODY, d="example.net", key="rsa-2048-b", h=h_list)
    vecs.append(V(vid, "A list changes the Subject after the author signed and then signs "
                  "itself; the list's signature (top) passes, the author's fails, each judged "
                  "on its own.", "6376:6.1", "MUST", join([relay] + listed, BODY),
                  [Sd("pass", d="example.net", s="rsa2048b"),
                   Sd("fail", "signature-mismatch")], ["MULTIPLE_SIGNATURES"]))

    vid = "dkim-multiple-three-results"
    fields = F(vid)
    a = sig(fields, BODY, d="example.com", h=h_list)
    b = sig(fields, BODY, d="example.org", s="gone", key="rsa-2048-b", h=h_list)
    c = sig(fields, BODY, d="example.net", key="rsa-2048-b", h=h_list,
            bh_override=ma.b64(ma.hashlib.sha256(b"a different body\r\n").digest()))
    vecs.append(V(vid, "Three signatures: example.com valid, example.org whose key query gets "
                  "SERVFAIL, example.net with a wrong body hash; pass, temperror and fail in "
                  "header order.", "6376:6.1", "MUST", join([a, b, c] + fields, BODY),
                  [Sd("pass"), Sd(["temperror", "permerror"], "key-dns-error", d="example.org", s="gone"),
                   Sd("fail", "body-hash-mismatch", d="example.net", s="rsa2048b")],
                  ["MULTIPLE_SIGNATURES", "KEY_DNS_ERROR", "KEY_DNS_ERROR_RESULT"]))

    vid = "dkim-multiple-first-missing-key"
    fields = F(vid)
    a = sig(fields, BODY, d="example.net", s="retired", h=h_list)
    b = sig(fields, BODY, d="example.com", h=h_list)
    vecs.append(V(vid, "The top signature names a selector that no longer exists; it gives "
                  "permerror, and the valid signature below still passes.", "6376:6.1", "MUST",
                  join([a, b] + fields, BODY),
                  [Sd("permerror", "key-not-found", d="example.net", s="retired"), Sd("pass")],
                  ["MULTIPLE_SIGNATURES", "KEY_NOT_FOUND"]))

    vid = "dkim-multiple-malformed-and-valid"
    fields = F(vid)
    a = sig(fields, BODY, d="example.com", h=h_list)
    b = sig(fields, BODY, d="example.org", h=h_list, edit=set_tag("v", "2"))
    vecs.append(V(vid, "A valid signature on top and one with v=2 below; the malformed one is "
                  "ignored (neutral or permerror) without affecting the valid one.", "6376:6.1",
                  "MUST", join([a, b] + fields, BODY),
                  [Sd("pass"), Sd(ERR, "version", d="example.org")],
                  ["MULTIPLE_SIGNATURES", "SIG_ERROR_RESULT"]))

    vid = "dkim-multiple-signs-other-signature"
    fields = F(vid)
    inner = sig(fields, BODY, d="example.com", h=h_list)
    fields2 = [inner] + fields
    outer = sig(fields2, BODY, d="example.net", key="rsa-2048-b",
                h=h_list + ["dkim-signature"])
    vecs.append(V(vid, "The top signature lists dkim-signature in h= and so covers the earlier "
                  "signature field; both verify.", "6376:5.4", "MUST",
                  join([outer] + fields2, BODY),
                  [Sd("pass", d="example.net", s="rsa2048b"), Sd("pass")],
                  ["MULTIPLE_SIGNATURES", "SIGNATURE_FIELD_ITSELF"]))

    vid = "dkim-multiple-signed-signature-altered"
    fields = F(vid)
    inner = sig(fields, BODY, d="example.com", h=h_list)
    fields2 = [inner] + fields
    outer = sig(fields2, BODY, d="example.net", key="rsa-2048-b",
                h=h_list + ["dkim-signature"])
    raw = flip_b(join([outer] + fields2, BODY), 1)
    vecs.append(V(vid, "As before, but the b= value of the lower signature is altered; it "
                  "fails, and so does the top one, which signed that field.", "6376:6.1",
                  "MUST", raw,
                  [Sd("fail", "signature-mismatch", d="example.net", s="rsa2048b"),
                   Sd("fail", "signature-mismatch")],
                  ["MULTIPLE_SIGNATURES", "SIGNATURE_FIELD_ITSELF"]))

    vid = "dkim-multiple-identical-copies"
    fields = F(vid)
    a = sig(fields, BODY, d="example.com", h=h_list)
    vecs.append(V(vid, "The same signature field appears twice (a relay duplicated it); each "
                  "copy is verified on its own and both pass.", "6376:6.1", "MUST",
                  join([a, a] + fields, BODY), [Sd("pass"), Sd("pass")],
                  ["MULTIPLE_SIGNATURES"]))

    vid = "dkim-multiple-same-domain-two-selectors"
    fields = F(vid)
    a = sig(fields, BODY, d="example.com", key="rsa-2048-b", h=h_list)
    b = sig(fields, BODY, d="example.com", key="rsa-2048-a", h=h_list)
    vecs.append(V(vid, "Two signatures from example.com under two selectors, as during a key "
                  "rollover; each is checked with its own key and both pass.", "6376:6.1",
                  "MUST", join([a, b] + fields, BODY),
                  [Sd("pass", s="rsa2048b"), Sd("pass")], ["MULTIPLE_SIGNATURES"]))

    groups = [
        G("Several signatures on one message, each verified on its own; results in header order. "
          "Keys rsa2048a, rsa2048b and eda under example.com, example.net and example.org; "
          "gone._domainkey.example.org answers SERVFAIL.", zone, vecs),
    ]
    return build_file(
        "RFC 6376 6.1: several signatures", "RFC 6376",
        "DKIM verification vectors for messages with no, two or three DKIM-Signature fields "
        "(RFC 6376 4.2, 6.1): each signature is verified independently, the outcome of one "
        "never changes another, and the results are listed from the top of the header down.",
        groups)


def all_files() -> dict[str, dict]:
    return {
        "rfc6376-canonicalization.json": file_canonicalization(),
        "rfc6376-tags.json": file_tags(),
        "rfc6376-headers.json": file_headers(),
        "rfc6376-length.json": file_length(),
        "rfc6376-keys.json": file_keys(),
        "rfc8463-ed25519.json": file_ed25519(),
        "rfc6376-multiple.json": file_multiple(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    args = parser.parse_args(argv[1:])
    files = all_files()
    status = ma.write_or_check(files, HERE, ROOT, args.check)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

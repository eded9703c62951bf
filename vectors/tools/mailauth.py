"""mailauth: the small pieces of DKIM (RFC 6376) that the vector generators need.

An independent implementation written from the RFC text, for building test vectors: it splits a
raw CRLF message into header fields and body, canonicalises both (RFC 6376 3.4.1-3.4.5), formats
tag-lists (3.2), selects the header fields named in an h= list (5.4.2), builds the data a
signature covers (3.7) and signs it with rsa-sha256 / rsa-sha1 (RSASSA-PKCS1-v1_5, RFC 8017) or
ed25519-sha256 (RFC 8463: Ed25519 over the SHA-256 hash of that data). rsa-sha1 exists only to
build vectors that check its rejection (RFC 8301).

Nothing here is specific to the DKIM-Signature field name: sign_field() signs any list of header
fields with any signature field, so that ARC (RFC 8617) sealing can reuse it (ARC-Message-Signature
is a DKIM-style signature; ARC-Seal signs an explicit field list with relaxed header
canonicalisation and no body hash).

Standard library and python3-cryptography only. Run with /usr/bin/python3.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

CRLF = b"\r\n"
WSP = b" \t"

# --------------------------------------------------------------------------------------------
# Messages and header fields (RFC 5322 2.2, 2.2.3; RFC 6376 3.4)
# --------------------------------------------------------------------------------------------


@dataclass
class Message:
    """A message as header fields (each the raw bytes of one field, folding and final CRLF
    included) and the body (the bytes after the empty line; None when the message has no
    empty line and so no body at all)."""

    fields: list[bytes]
    body: bytes | None

    def to_bytes(self) -> bytes:
        head = b"".join(self.fields)
        if self.body is None:
            return head
        return head + CRLF + self.body


def split_header_fields(header: bytes) -> list[bytes]:
    """Split the header section (without the empty line) into fields. A line that starts with
    WSP continues the previous field (folding); each field keeps its CRLFs."""
    fields: list[bytes] = []
    pos = 0
    while pos < len(header):
        end = header.find(CRLF, pos)
        line = header[pos:] if end < 0 else header[pos:end + 2]
        pos = len(header) if end < 0 else end + 2
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line
        else:
            fields.append(line)
    return fields


def parse_message(raw: bytes) -> Message:
    """Split a raw CRLF message at the first empty line."""
    if raw.startswith(CRLF):
        return Message([], raw[2:])
    idx = raw.find(CRLF + CRLF)
    if idx < 0:
        return Message(split_header_fields(raw), None)
    return Message(split_header_fields(raw[:idx + 2]), raw[idx + 4:])


def field_name(field: bytes) -> str:
    """The field name as written, without WSP before the colon."""
    name, colon, _ = field.partition(b":")
    if not colon:
        raise ValueError(f"not a header field: {field!r}")
    return name.rstrip(WSP).decode("ascii")


def field_value(field: bytes) -> bytes:
    """The raw value after the colon (folding and final CRLF kept)."""
    return field.partition(b":")[2]


# --------------------------------------------------------------------------------------------
# Canonicalisation (RFC 6376 3.4.1 - 3.4.5)
# --------------------------------------------------------------------------------------------

_WSP_RUN = re.compile(rb"[ \t]+")


def canon_header_simple(field: bytes) -> bytes:
    """3.4.1: the field unchanged."""
    return field


def canon_header_relaxed(field: bytes) -> bytes:
    """3.4.2: lower-case name, unfold, WSP runs to one SP, no WSP at the end of the value or
    around the colon. The result ends in CRLF when the input did."""
    ends_crlf = field.endswith(CRLF)
    body = field[:-2] if ends_crlf else field
    name, colon, value = body.partition(b":")
    if not colon:
        raise ValueError(f"not a header field: {field!r}")
    name = name.rstrip(WSP).lower()
    value = value.replace(CRLF, b"")
    value = _WSP_RUN.sub(b" ", value).strip(b" ")
    return name + b":" + value + (CRLF if ends_crlf else b"")


def canon_header(field: bytes, method: str) -> bytes:
    if method == "simple":
        return canon_header_simple(field)
    if method == "relaxed":
        return canon_header_relaxed(field)
    raise ValueError(f"unknown header canonicalization {method!r}")


def canon_body_simple(body: bytes | None) -> bytes:
    """3.4.3: trailing empty lines removed; an empty or missing body, or one without a final
    CRLF, gets a CRLF."""
    if not body:
        return CRLF
    if not body.endswith(CRLF):
        body += CRLF
    while body.endswith(CRLF + CRLF):
        body = body[:-2]
    return body


def canon_body_relaxed(body: bytes | None) -> bytes:
    """3.4.4: WSP at line ends removed, WSP runs inside lines to one SP, trailing empty lines
    removed, a CRLF added to a non-empty body that lacks one. An empty body stays empty."""
    if not body:
        return b""
    lines = body.split(CRLF)
    # A body ending in CRLF splits into a last empty element that is not a line.
    last_terminated = body.endswith(CRLF)
    if last_terminated:
        lines = lines[:-1]
    out = [_WSP_RUN.sub(b" ", line).rstrip(b" ") for line in lines]
    while out and out[-1] == b"":
        out.pop()
    if not out:
        return b""
    return CRLF.join(out) + CRLF


def canon_body(body: bytes | None, method: str) -> bytes:
    if method == "simple":
        return canon_body_simple(body)
    if method == "relaxed":
        return canon_body_relaxed(body)
    raise ValueError(f"unknown body canonicalization {method!r}")


def body_hash(body: bytes | None, method: str, hash_name: str = "sha256",
              length: int | None = None) -> bytes:
    """3.7 with 3.4.5: hash of the canonicalised body, cut to `length` octets when given."""
    data = canon_body(body, method)
    if length is not None:
        data = data[:length]
    return hashlib.new(hash_name, data).digest()


# --------------------------------------------------------------------------------------------
# Tag-lists (RFC 6376 3.2)
# --------------------------------------------------------------------------------------------


def format_tag_list(tags: list[tuple[str, str]], sep: str = "; ") -> str:
    """Tags in the order given, "name=value" joined by `sep` (no trailing ';')."""
    return sep.join(f"{name}={value}" for name, value in tags)


def parse_tag_list(text: str) -> dict[str, str]:
    """A lenient reader for self-checks: names and values stripped of surrounding FWS, a
    trailing ';' allowed. Raises ValueError on a duplicate tag or a spec without '='."""
    out: dict[str, str] = {}
    parts = text.split(";")
    if parts and parts[-1].strip(" \t\r\n") == "":
        parts = parts[:-1]
    for part in parts:
        name, eq, value = part.partition("=")
        if not eq:
            raise ValueError(f"tag-spec without '=': {part!r}")
        name = name.strip(" \t\r\n")
        if name in out:
            raise ValueError(f"duplicate tag {name!r}")
        out[name] = value.strip(" \t\r\n")
    return out


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64_strip(value: str) -> bytes:
    """Decode a base64 tag value, ignoring FWS inside it (3.5: b=, bh=, p=)."""
    return base64.b64decode(re.sub(r"[ \t\r\n]", "", value), validate=True)


def fold_base64(value: str, first: int, width: int, sep: str = "\r\n\t") -> str:
    """Break a base64 string with FWS: `first` characters, then `width` per line."""
    if first <= 0 or len(value) <= first:
        return value
    pieces = [value[:first]]
    rest = value[first:]
    while rest:
        pieces.append(rest[:width])
        rest = rest[width:]
    return sep.join(pieces)


# --------------------------------------------------------------------------------------------
# Header field selection and the signed data (RFC 6376 5.4.2, 3.7)
# --------------------------------------------------------------------------------------------


def select_fields(fields: list[bytes], names: list[str]) -> list[bytes]:
    """For each name in order, the bottom-most instance not yet used (5.4.2); a name with no
    instance left contributes nothing (the null string)."""
    used: set[int] = set()
    out: list[bytes] = []
    for name in names:
        want = name.strip().lower()
        for i in range(len(fields) - 1, -1, -1):
            if i in used:
                continue
            if field_name(fields[i]).lower() == want:
                used.add(i)
                out.append(fields[i])
                break
    return out


def signed_data(selected: list[bytes], unsigned_sig_field: bytes, header_canon: str) -> bytes:
    """3.7: the selected fields canonicalised in order, then the signature field with its b=
    value already emptied, canonicalised, without its trailing CRLF."""
    data = b"".join(canon_header(f, header_canon) for f in selected)
    sig = canon_header(unsigned_sig_field, header_canon)
    if sig.endswith(CRLF):
        sig = sig[:-2]
    return data + sig


# --------------------------------------------------------------------------------------------
# Keys and signatures (RFC 8017 RSASSA-PKCS1-v1_5, RFC 8032 / RFC 8463 Ed25519)
# --------------------------------------------------------------------------------------------

ALGORITHMS = {
    "rsa-sha256": ("rsa", "sha256"),
    "rsa-sha1": ("rsa", "sha1"),
    "ed25519-sha256": ("ed25519", "sha256"),
}


def load_private_key(path: str):
    with open(path, "rb") as fh:
        return serialization.load_pem_private_key(fh.read(), password=None)


def key_type(key) -> str:
    if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        return "rsa"
    if isinstance(key, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)):
        return "ed25519"
    raise TypeError(f"unsupported key {type(key).__name__}")


def public_key_data(key, form: str = "default") -> bytes:
    """The p= data of a key record. RSA: DER SubjectPublicKeyInfo (what is published in
    practice; form="pkcs1" gives the bare RSAPublicKey of RFC 6376 3.6.1's text). Ed25519:
    the raw 32-octet key (RFC 8463 4); form="spki" gives SubjectPublicKeyInfo instead."""
    pub = key.public_key() if hasattr(key, "public_key") else key
    if key_type(pub) == "rsa":
        if form == "pkcs1":
            return pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
        return pub.public_bytes(serialization.Encoding.DER,
                                serialization.PublicFormat.SubjectPublicKeyInfo)
    if form == "spki":
        return pub.public_bytes(serialization.Encoding.DER,
                                serialization.PublicFormat.SubjectPublicKeyInfo)
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_record(key, tags: list[tuple[str, str]] | None = None, form: str = "default") -> str:
    """A key record "v=DKIM1; k=...; p=..." (3.6.1). `tags` replaces the default tag list;
    the value "{p}" in it is replaced by the base64 key data."""
    p = b64(public_key_data(key, form))
    if tags is None:
        tags = [("v", "DKIM1"), ("k", key_type(key)), ("p", "{p}")]
    return format_tag_list([(n, v.replace("{p}", p)) for n, v in tags])


def split_txt(text: str, size: int = 255) -> list[str]:
    """Cut a TXT payload into character-strings of at most `size` octets (RFC 1035 3.3)."""
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def sign_bytes(data: bytes, key, algorithm: str) -> bytes:
    """The signature over `data` for an a= value. Ed25519 signs the SHA-256 hash of the data
    (RFC 8463 3), not the data itself."""
    ktype, hname = ALGORITHMS[algorithm]
    if key_type(key) != ktype:
        raise ValueError(f"{algorithm} needs an {ktype} key")
    if ktype == "rsa":
        h = hashes.SHA256() if hname == "sha256" else hashes.SHA1()
        return key.sign(data, padding.PKCS1v15(), h)
    return key.sign(hashlib.sha256(data).digest())


def verify_bytes(data: bytes, signature: bytes, public_key, algorithm: str) -> bool:
    """The counterpart of sign_bytes, for self-checks."""
    ktype, hname = ALGORITHMS[algorithm]
    try:
        if ktype == "rsa":
            h = hashes.SHA256() if hname == "sha256" else hashes.SHA1()
            public_key.verify(signature, data, padding.PKCS1v15(), h)
        else:
            public_key.verify(signature, hashlib.sha256(data).digest())
        return True
    except Exception:  # noqa: BLE001 - any failure is "does not verify"
        return False


# --------------------------------------------------------------------------------------------
# Building a signature field
# --------------------------------------------------------------------------------------------

BH = "%BH%"  # placeholder for the body hash in a field template
B = "%B%"    # placeholder for the signature value in a field template


def sign_field(template: str, selected: list[bytes], *, key, algorithm: str, header_canon: str,
               body: bytes | None = None, body_canon: str = "simple", length: int | None = None,
               b_first: int = 0, b_width: int = 72, b_sep: str = "\r\n\t",
               bh_override: str | None = None, data_hook=None, signer=None) -> bytes:
    """Sign `selected` (header fields, already chosen and ordered) with the signature field
    `template`, a complete header field ("Name: tags\\r\\n") in which "%B%" marks where the
    signature value goes and, optionally, "%BH%" where the body hash goes.

    The body hash uses the hash of `algorithm` over `body` canonicalised with `body_canon` and
    cut to `length` (bh_override replaces it verbatim). The signed data is the selected fields
    and the template with "%B%" removed (the b= value empty, 3.7), canonicalised with
    `header_canon`. The signature is then written in place of "%B%", folded after `b_first`
    characters and every `b_width` characters with `b_sep` (b_first=0: not folded).
    `data_hook`, when given, maps the signed data before signing, and `signer`, when given,
    replaces sign_bytes (data -> signature octets); both exist to build broken vectors."""
    if BH in template:
        if bh_override is not None:
            bh = bh_override
        else:
            hname = ALGORITHMS[algorithm][1]
            bh = b64(body_hash(body, body_canon, hname, length))
        template = template.replace(BH, bh)
    if template.count(B) != 1:
        raise ValueError("the template needs exactly one %B% placeholder")
    unsigned = template.replace(B, "").encode("ascii")
    data = signed_data(selected, unsigned, header_canon)
    if data_hook is not None:
        data = data_hook(data)
    sig = b64(signer(data) if signer is not None else sign_bytes(data, key, algorithm))
    return template.replace(B, fold_base64(sig, b_first, b_width, b_sep)).encode("ascii")


def dkim_template(tags: list[tuple[str, str]], name: str = "DKIM-Signature",
                  per_line: int = 4) -> str:
    """A signature field template: tags in order, `per_line` tags to a line, folded with
    CRLF TAB; use BH and B as the bh= and b= values."""
    lines = []
    for i in range(0, len(tags), per_line):
        lines.append(format_tag_list(tags[i:i + per_line]))
    return f"{name}: " + ";\r\n\t".join(lines) + "\r\n"


def strip_b_value(field: bytes, tag: str = "b") -> bytes:
    """The field with the value of tag `tag` deleted (3.7), for self-checks of fields built
    elsewhere: everything after "tag=" up to the next ';' (or the end, keeping a final CRLF)."""
    text = field.decode("ascii")
    name, _, value = text.partition(":")
    ends = value.endswith("\r\n")
    if ends:
        value = value[:-2]
    parts = value.split(";")
    for i, part in enumerate(parts):
        tname, eq, _ = part.partition("=")
        if eq and tname.strip(" \t\r\n") == tag:
            parts[i] = part[:part.index("=") + 1]
    return (name + ":" + ";".join(parts) + ("\r\n" if ends else "")).encode("ascii")


# --------------------------------------------------------------------------------------------
# Self-test: /usr/bin/python3 vectors/tools/mailauth.py
# --------------------------------------------------------------------------------------------


# ---- writing vector files ----------------------------------------------------------------------

def render(doc: dict) -> str:
    """The committed form of a vector file: two-space JSON, UTF-8, final newline."""
    import json
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_or_check(files: dict, here, root, check: bool) -> int:
    """Write each {file name: document} under `here`, or with `check` report the committed files
    that differ. Returns the exit status (1 when a file differs)."""
    status = 0
    for name, doc in files.items():
        path = here / name
        text = render(doc)
        if check:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                print(f"{path.relative_to(root)}: differs from what generate.py writes")
                status = 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}: {doc['numberOfVectors']} vectors")
    if check and status == 0:
        print(f"{len(files)} files match")
    return status


def _selftest() -> None:
    # The canonicalisation examples of RFC 6376 3.4.6.
    fields = split_header_fields(b"A: X\r\nB : Y\t\r\n\tZ  \r\n")
    assert fields == [b"A: X\r\n", b"B : Y\t\r\n\tZ  \r\n"], fields
    assert b"".join(canon_header_relaxed(f) for f in fields) == b"a:X\r\nb:Y Z\r\n"
    assert b"".join(canon_header_simple(f) for f in fields) == b"A: X\r\nB : Y\t\r\n\tZ  \r\n"
    body = b" C \r\nD \t E\r\n\r\n\r\n"
    assert canon_body_relaxed(body) == b" C\r\nD E\r\n"
    assert canon_body_simple(body) == b" C \r\nD \t E\r\n"
    # Empty and unterminated bodies (3.4.3, 3.4.4).
    assert canon_body_simple(b"") == CRLF and canon_body_simple(None) == CRLF
    assert canon_body_relaxed(b"") == b"" and canon_body_relaxed(b"\r\n \r\n") == b""
    assert canon_body_simple(b"abc") == b"abc\r\n" and canon_body_relaxed(b"a  b ") == b"a b\r\n"
    # Bottom-up selection with repeated and absent names (5.4.2).
    f = [b"X: 1\r\n", b"Y: a\r\n", b"X: 2\r\n"]
    assert select_fields(f, ["x", "x", "x", "y", "z"]) == [b"X: 2\r\n", b"X: 1\r\n", b"Y: a\r\n"]
    # Round trip: a field signed here verifies over the same data with b= stripped again.
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    msg = parse_message(b"From: a@example.com\r\nSubject: t\r\n\r\nbody\r\n")
    tmpl = "DKIM-Signature: v=1; a=ed25519-sha256; d=example.com; s=s; h=from:subject;\r\n" \
           "\tbh=" + BH + "; b=" + B + "\r\n"
    field = sign_field(tmpl, select_fields(msg.fields, ["from", "subject"]), key=key,
                       algorithm="ed25519-sha256", header_canon="relaxed", body=msg.body,
                       body_canon="relaxed", b_first=10, b_width=20)
    tags = parse_tag_list(field_value(field).decode())
    data = signed_data(select_fields(msg.fields, ["from", "subject"]), strip_b_value(field),
                       "relaxed")
    assert verify_bytes(data, b64_strip(tags["b"]), key.public_key(), "ed25519-sha256")
    assert b64_strip(tags["bh"]) == body_hash(msg.body, "relaxed")
    print("mailauth self-test passed")


if __name__ == "__main__":
    _selftest()

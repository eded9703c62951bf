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
        select: list[bytes] | None = None) -> bytes:
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
                         bh_override=bh_override)


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
      s: str | None = "rsa2048a") -> dict:
    out: dict = {}
    if d is not None:
        out["domain"] = d
    if s is not None:
        out["selector"] = s
    out["result"] = [result] if isinstance(result, str) else list(result)
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


def render(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


#@@SCENARIOS@@


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    args = parser.parse_args(argv[1:])
    files = all_files()
    status = 0
    for name, doc in files.items():
        path = HERE / name
        text = render(doc)
        if args.check:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                print(f"{path.relative_to(ROOT)}: differs from what generate.py writes")
                status = 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}: {doc['numberOfVectors']} vectors")
    if args.check and status == 0:
        print(f"{len(files)} files match")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

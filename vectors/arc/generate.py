#!/usr/bin/python3
"""generate.py: build the ARC chain validation vectors (vectors/arc/*.json) from the scenarios below.

ARC (RFC 8617) is implemented here from the RFC text, on top of vectors/tools/mailauth.py (DKIM
canonicalisation and signing written from RFC 6376):

- the sealer (RFC 8617 5.1): each hop validates the chain it received, may modify the message,
  and then adds an ARC Set: ARC-Authentication-Results (4.1.1), ARC-Message-Signature (4.1.2, a
  DKIM-style signature with i= instead of v= and the AUID) and ARC-Seal (4.1.3: relaxed header
  canonicalisation, no body hash, cv=, signing the ARC Sets 1..i in the order of 5.1.1, or only
  its own set when it seals cv=fail, 5.1.2);
- the validator model (RFC 8617 5.2): collection, the 50-set limit, the cv of the newest set,
  the structural checks, the newest AMS, the optional oldest-pass, every AS from the newest down.

Every expected result in the files is written by hand in the scenarios and checked against the
model; where RFC 8617 admits several readings (see Reading) the model is run under each of them
and the union of their results must equal the listed "cv" set exactly.

All keys are the committed DKIM test keys (vectors/dkim/keys/) and all timestamps are fixed, so
RSA PKCS#1 v1.5 and Ed25519 signatures make this write the same files byte for byte.

Usage:
  /usr/bin/python3 vectors/arc/generate.py               write the vector files
  /usr/bin/python3 vectors/arc/generate.py --check       exit 1 if a committed file differs
  /usr/bin/python3 vectors/arc/generate.py --crosscheck  also run Debian's python3-dkim
                                                         arc_verify over every vector (a check
                                                         only; it never produces any output file)
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import pathlib
import re
import sys
import time
from dataclasses import dataclass

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "vectors" / "tools"))

import mailauth as ma  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa  # noqa: E402

GENERATOR = "vectors/arc/generate.py"
SCHEMA = "arc-validate.schema.json"

NOW = 1767225600            # 2026-01-01T00:00:00Z, the validation time of every vector
T0 = NOW - 3600             # the hop that adds instance i seals at T0 + 60 * i

KEY_DIR = ROOT / "vectors" / "dkim" / "keys"
KEY_NAMES = ["rsa-2048-a", "rsa-2048-b", "rsa-1024", "rsa-512", "ed25519-a", "ed25519-b"]
KEYS = {n: ma.load_private_key(str(KEY_DIR / f"{n}.pem")) for n in KEY_NAMES}
SELECTOR = {"rsa-2048-a": "rsa2048a", "rsa-2048-b": "rsa2048b", "rsa-1024": "rsa1024",
            "rsa-512": "rsa512", "ed25519-a": "eda", "ed25519-b": "edb"}

CRLF = b"\r\n"
AAR, AMS, AS = "arc-authentication-results", "arc-message-signature", "arc-seal"
ARC_NAMES = (AAR, AMS, AS)
FIELD_NAME = {AAR: "ARC-Authentication-Results", AMS: "ARC-Message-Signature", AS: "ARC-Seal"}

# ============================================================================================
# DNS: the zone data of a vector group (zone.schema.json) and key records (RFC 6376 3.6)
# ============================================================================================


class DnsFailure(Exception):
    """A key query that produced no usable record (NXDOMAIN, SERVFAIL, timeout, no TXT)."""


def txt_records(zone: dict, name: str) -> list[str]:
    """The TXT records at `name`, each with its character-strings concatenated (RFC 6376
    3.6.2.2). Names not listed answer NXDOMAIN, as zone.schema.json describes."""
    want = name.lower().rstrip(".")
    entries = None
    for owner, value in zone.items():
        if owner.lower().rstrip(".") == want:
            entries = value
    if entries is None:
        below = any(o.lower().rstrip(".").endswith("." + want) for o in zone)
        raise DnsFailure("NODATA (empty non-terminal)" if below else "NXDOMAIN")
    out = []
    for e in entries:
        if isinstance(e, str):
            raise DnsFailure(e)
        if "TXT" in e:
            t = e["TXT"]
            out.append("".join(t) if isinstance(t, list) else t)
    if not out:
        raise DnsFailure("NODATA (no TXT record)")
    return out


def txt(text: str) -> dict:
    parts = ma.split_txt(text)
    return {"TXT": parts[0] if len(parts) == 1 else parts}


def dk(selector: str, domain: str) -> str:
    return f"{selector}._domainkey.{domain}"


def rec(key: str, tags: list[tuple[str, str]] | None = None) -> str:
    return ma.key_record(KEYS[key], tags)


def key_zone(domains, keys=("rsa-2048-a", "rsa-2048-b", "rsa-1024", "ed25519-a", "ed25519-b")):
    zone: dict = {}
    for domain in domains:
        for key in keys:
            zone[dk(SELECTOR[key], domain)] = [txt(rec(key))]
    return zone


# ============================================================================================
# Tag-lists (RFC 6376 3.2), strictly: a validator's view
# ============================================================================================

_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_FWS = " \t\r\n"


class TagError(ValueError):
    pass


def parse_tags(text: str) -> list[tuple[str, str]]:
    """tag-list = tag-spec *( ";" tag-spec ) [ ";" ]; names per 3.2, values of VALCHAR with
    inner FWS; a duplicate name makes the whole list invalid (3.2)."""
    parts = text.split(";")
    if len(parts) > 1 and parts[-1].strip(_FWS) == "":
        parts = parts[:-1]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for part in parts:
        name, eq, value = part.partition("=")
        if not eq:
            raise TagError(f"tag-spec without '=': {part!r}")
        name = name.strip(_FWS)
        if not _TAG_NAME.match(name):
            raise TagError(f"bad tag name {name!r}")
        if name in seen:
            raise TagError(f"duplicate tag {name!r}")
        seen.add(name)
        value = value.strip(_FWS)
        for ch in value:
            if not (0x21 <= ord(ch) <= 0x7E or ch in _FWS) or ch == ";":
                raise TagError(f"bad character in value of {name}")
        out.append((name, value))
    return out


def nows(value: str) -> str:
    return re.sub(r"[ \t\r\n]", "", value)


# ============================================================================================
# The validator model (RFC 8617 5.2)
# ============================================================================================


@dataclass(frozen=True)
class Reading:
    """Points where RFC 8617 admits more than one reading. The default is the model's primary
    reading; each vector lists the readings that apply to it (see the AMBIGUOUS notes)."""

    # 4.1.2/4.1.3 ABNF: "arc-ams-info = instance [CFWS] ";" tag-list": i= is the first tag.
    # The alternative: AMS and AS are DKIM tag-lists, in which order never matters.
    instance_first: bool = True
    # RFC 6376 3.5 x=: a verifier MAY treat a signature past x= as invalid. The model does not.
    enforce_expiry: bool = False
    # 4.1.2: ARC fields and Authentication-Results MUST NOT be in the AMS h= list. The model
    # treats such an AMS as invalid; the alternative only checks the signature.
    reject_forbidden_ams_headers: bool = True
    # 4.1.3: "the only supported tags" of AS are i, a, b, d, s, t (and cv). The model ignores
    # other tags as RFC 6376 3.2 says of unknown tags (h= excepted, which MUST fail); the
    # alternative treats any other tag as an error.
    reject_other_as_tags: bool = False
    # 5.2 step 1 "Collect all ARC Sets": ARC header fields that form no complete set at all.
    # The model counts them as a (broken) chain; the alternative finds no ARC Set: none.
    incomplete_only_is_none: bool = False
    # cv values: chain-status in 3.9 is a plain (case-insensitive, RFC 5234 2.3) ABNF string,
    # while RFC 6376 3.2 processes tag values case-sensitively unless a tag says otherwise.
    # The model follows the ABNF; the alternative compares exactly.
    cv_case_insensitive: bool = True


PRIMARY = Reading()


@dataclass
class Result:
    cv: str
    oldest_pass: int | None = None
    failed_instance: int | None = None
    reason: str = ""


_CFWS = r"(?:[ \t\r\n]|\([^()]*\))*"
_AAR_INSTANCE = re.compile(rf"\A{_CFWS}i{_CFWS}={_CFWS}([0-9]+){_CFWS};", re.S)


def position(text: str) -> int | None:
    """RFC 8617 3.9: position = 1*2DIGIT, 1 - 50."""
    if not re.fullmatch(r"[0-9]{1,2}", text):
        return None
    n = int(text)
    return n if 1 <= n <= 50 else None


def instance_of(kind: str, fld: bytes, rd: Reading) -> int | None:
    value = ma.field_value(fld).decode("utf-8", "replace")
    if kind == AAR:
        m = _AAR_INSTANCE.match(value)
        return position(m.group(1)) if m else None
    try:
        tags = parse_tags(value)
    except TagError:
        return None
    if not tags:
        return None
    if rd.instance_first:
        return position(tags[0][1]) if tags[0][0] == "i" else None
    d = dict(tags)
    return position(d["i"]) if "i" in d else None


def load_key(zone: dict, d: str, s: str, alg: str):
    """Fetch and check the key record for (d, s) as RFC 6376 6.1.2 and RFC 8301 3 require.
    Raises ValueError with the reason when no usable key results."""
    try:
        records = txt_records(zone, dk(s, d))
    except DnsFailure as e:
        raise ValueError(f"key query {dk(s, d)}: {e}") from None
    if len(records) != 1:
        raise ValueError("not exactly one key record")
    try:
        tags = parse_tags(records[0])
    except TagError as e:
        raise ValueError(f"key record syntax: {e}") from None
    t = dict(tags)
    if "v" in t and (tags[0][0] != "v" or t["v"] != "DKIM1"):
        raise ValueError("key record v= is not DKIM1 first")
    if "p" not in t:
        raise ValueError("key record without p=")
    p = nows(t["p"])
    if p == "":
        raise ValueError("key revoked (empty p=)")
    ktype = t.get("k", "rsa")
    want = ma.ALGORITHMS[alg][0]
    if ktype != want:
        raise ValueError(f"key type {ktype} does not fit a={alg}")
    if "h" in t and ma.ALGORITHMS[alg][1] not in [nows(x) for x in t["h"].split(":")]:
        raise ValueError("key record h= excludes the hash")
    if "s" in t and not {"email", "*"} & {nows(x) for x in t["s"].split(":")}:
        raise ValueError("key record service type excludes email")
    data = base64.b64decode(p)
    if ktype == "rsa":
        try:
            pub = serialization.load_der_public_key(data)  # SubjectPublicKeyInfo
        except ValueError:
            raise ValueError("p= is not an RSA public key") from None
        if not isinstance(pub, rsa.RSAPublicKey):
            raise ValueError("not an RSA key")
        if pub.key_size < 1024:
            raise ValueError(f"RSA key of {pub.key_size} bits is below 1024 (RFC 8301 3.2)")
        return pub
    if len(data) != 32:
        raise ValueError("Ed25519 key is not 32 octets")
    return ed25519.Ed25519PublicKey.from_public_bytes(data)


def timestamp(text: str, name: str) -> int:
    if not re.fullmatch(r"[0-9]{1,12}", text):
        raise ValueError(f"{name}= is not a decimal integer")
    return int(text)


def check_ams(msg: ma.Message, fld: bytes, zone: dict, now: int, rd: Reading) -> str | None:
    """RFC 8617 4.1.2: an AMS is verified as a DKIM-Signature (RFC 6376 6.1, RFC 8301) without
    v= (ignored if present) and with i= the instance. None when it validates, else why not."""
    try:
        tags = parse_tags(ma.field_value(fld).decode("ascii"))
    except (TagError, UnicodeDecodeError) as e:
        return f"AMS tag-list: {e}"
    t = dict(tags)
    for req in ("a", "b", "bh", "d", "h", "s"):
        if req not in t:
            return f"AMS without {req}="
    alg = t["a"]
    if alg not in ("rsa-sha256", "ed25519-sha256"):
        return f"AMS algorithm {alg} not acceptable (RFC 8301 / unknown)"
    c = t.get("c", "simple/simple")
    hc, _, bc = c.partition("/")
    bc = bc or "simple"
    if hc not in ("simple", "relaxed") or bc not in ("simple", "relaxed"):
        return f"AMS c={c} unknown"
    names = [nows(x) for x in t["h"].split(":")]
    if "from" not in [n.lower() for n in names]:
        return "AMS h= does not include From (RFC 6376 5.4)"
    if rd.reject_forbidden_ams_headers:
        bad = [n for n in names if n.lower() in ARC_NAMES + ("authentication-results",)]
        if bad:
            return f"AMS h= names {bad[0]} (RFC 8617 4.1.2 MUST NOT)"
    try:
        ts = timestamp(t["t"], "t") if "t" in t else None
        xs = timestamp(t["x"], "x") if "x" in t else None
    except ValueError as e:
        return f"AMS {e}"
    if ts is not None and xs is not None and xs <= ts:
        return "AMS x= is not after t="
    if rd.enforce_expiry and xs is not None and xs < now:
        return "AMS expired (x=)"
    if "q" in t and "dns/txt" not in [nows(x) for x in t["q"].split(":")]:
        return "AMS q= without dns/txt"
    length = None
    if "l" in t:
        if not re.fullmatch(r"[0-9]{1,76}", t["l"]):
            return "AMS l= malformed"
        length = int(t["l"])
        if length > len(ma.canon_body(msg.body, bc)):
            return "AMS l= longer than the body"
    try:
        key = load_key(zone, t["d"], t["s"], alg)
    except ValueError as e:
        return f"AMS {e}"
    try:
        bh = ma.b64_strip(t["bh"])
        sigval = ma.b64_strip(t["b"])
    except ValueError:
        return "AMS b= or bh= is not base64"
    if bh != ma.body_hash(msg.body, bc, ma.ALGORITHMS[alg][1], length):
        return "AMS body hash mismatch"
    data = ma.signed_data(ma.select_fields(msg.fields, names), ma.strip_b_value(fld), hc)
    if not ma.verify_bytes(data, sigval, key, alg):
        return "AMS signature does not verify"
    return None


AS_TAGS = {"i", "a", "b", "cv", "d", "s", "t"}


def check_as(sets: dict, k: int, zone: dict, now: int, rd: Reading) -> str | None:
    """RFC 8617 4.1.3 and 5.1.1: AS k signs, relaxed, AAR, AMS, AS of the sets 1..k in that
    order, its own b= emptied, no body hash. None when it validates, else why not."""
    fld = sets[k][AS][0]
    tags = parse_tags(ma.field_value(fld).decode("ascii"))  # parsed in step 3 already
    t = dict(tags)
    if "h" in t:
        return "AS with h= (RFC 8617 4.1.3: MUST result in cv=fail)"
    for req in ("a", "b", "d", "s"):
        if req not in t:
            return f"AS without {req}="
    if rd.reject_other_as_tags:
        other = sorted(set(t) - AS_TAGS)
        if other:
            return f"AS with tag {other[0]}= that ARC-Seal does not support"
    alg = t["a"]
    if alg not in ("rsa-sha256", "ed25519-sha256"):
        return f"AS algorithm {alg} not acceptable (RFC 8301 / unknown)"
    if "t" in t:
        try:
            timestamp(t["t"], "t")
        except ValueError as e:
            return f"AS {e}"
    try:
        key = load_key(zone, t["d"], t["s"], alg)
    except ValueError as e:
        return f"AS {e}"
    try:
        sigval = ma.b64_strip(t["b"])
    except ValueError:
        return "AS b= is not base64"
    selected: list[bytes] = []
    for j in range(1, k + 1):
        selected += [sets[j][AAR][0], sets[j][AMS][0]]
        if j < k:
            selected.append(sets[j][AS][0])
    data = ma.signed_data(selected, ma.strip_b_value(fld), "relaxed")
    if not ma.verify_bytes(data, sigval, key, alg):
        return "AS signature does not verify"
    return None


def seal_cv(fld: bytes, rd: Reading = PRIMARY) -> str | None:
    """The cv= value of an AS (see Reading.cv_case_insensitive), or None."""
    try:
        t = dict(parse_tags(ma.field_value(fld).decode("ascii")))
    except (TagError, UnicodeDecodeError):
        return None
    cv = t.get("cv")
    if cv is None:
        return None
    return cv.lower() if rd.cv_case_insensitive else cv


def validate(raw: bytes, zone: dict, now: int, rd: Reading = PRIMARY) -> Result:
    """RFC 8617 5.2, steps 1-7 in sequence. Every error is permanent and gives fail (5.2.1)."""
    msg = ma.parse_message(raw)
    found: list[tuple[str, bytes]] = []
    for f in msg.fields:
        name = ma.field_name(f).lower()
        if name in ARC_NAMES:
            found.append((name, f))
    # Step 1: collect the ARC Sets.
    if not found:
        return Result("none", reason="no ARC header fields")
    sets: dict[int, dict[str, list[bytes]]] = {}
    for kind, f in found:
        i = instance_of(kind, f, rd)
        if i is None:
            if rd.incomplete_only_is_none and not _any_complete(found, rd):
                return Result("none", reason="no complete ARC Set")
            return Result("fail", reason=f"{FIELD_NAME[kind]} without a valid instance tag")
        sets.setdefault(i, {AAR: [], AMS: [], AS: []})[kind].append(f)
    if rd.incomplete_only_is_none and not _any_complete(found, rd):
        return Result("none", reason="no complete ARC Set")
    if len(sets) > 50:
        return Result("fail", reason="more than 50 ARC Sets")
    n = max(sets)
    # Step 2: the newest set already reports a failed chain.
    newest_as = sets[n][AS]
    if len(newest_as) == 1 and seal_cv(newest_as[0], rd) == "fail":
        return Result("fail", reason=f"AS i={n} reports cv=fail")
    # Step 3: structure.
    for i in range(1, n + 1):
        if i not in sets:
            return Result("fail", reason=f"no ARC Set with i={i} (instances must be 1..{n})")
        for kind in ARC_NAMES:
            if len(sets[i][kind]) != 1:
                return Result("fail", reason=f"{len(sets[i][kind])} {FIELD_NAME[kind]} with i={i}")
        try:
            parse_tags(ma.field_value(sets[i][AS][0]).decode("ascii"))
        except (TagError, UnicodeDecodeError) as e:
            return Result("fail", reason=f"AS i={i} tag-list: {e}")
        cv = seal_cv(sets[i][AS][0], rd)
        want = "none" if i == 1 else "pass"
        if cv != want:
            return Result("fail", reason=f"AS i={i} has cv={cv}, must be {want}")
    # Step 4: the newest AMS.
    why = check_ams(msg, sets[n][AMS][0], zone, now, rd)
    if why:
        return Result("fail", failed_instance=n, reason=f"AMS i={n}: {why}")
    # Step 5: oldest-pass.
    oldest = 0
    for m in range(n - 1, 0, -1):
        if check_ams(msg, sets[m][AMS][0], zone, now, rd):
            oldest = m + 1
            break
    # Step 6: every AS, newest first.
    for k in range(n, 0, -1):
        why = check_as(sets, k, zone, now, rd)
        if why:
            return Result("fail", failed_instance=k, reason=f"AS i={k}: {why}")
    # Step 7.
    return Result("pass", oldest_pass=oldest, reason="chain validates")


def _any_complete(found, rd: Reading) -> bool:
    kinds: dict[int, set[str]] = {}
    for kind, f in found:
        i = instance_of(kind, f, rd)
        if i is not None:
            kinds.setdefault(i, set()).add(kind)
    return any(len(v) == 3 for v in kinds.values())


# ============================================================================================
# The sealer (RFC 8617 5.1)
# ============================================================================================


def arc_fields(raw: bytes) -> dict[int, dict[str, bytes]]:
    """The ARC Sets by instance (the sealer's own view; fields without a readable instance and
    all but the last of a repeated field are left out)."""
    sets: dict[int, dict[str, bytes]] = {}
    for f in ma.parse_message(raw).fields:
        name = ma.field_name(f).lower()
        if name in ARC_NAMES:
            i = instance_of(name, f, Reading(instance_first=False))
            if i is not None:
                sets.setdefault(i, {})[name] = f
    return sets


def max_instance(raw: bytes) -> int:
    best = 0
    for f in ma.parse_message(raw).fields:
        name = ma.field_name(f).lower()
        if name in ARC_NAMES:
            i = instance_of(name, f, Reading(instance_first=False))
            if i is not None:
                best = max(best, i)
    return best


def hhmm(t: int) -> str:
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t))


def alg_of(key: str) -> str:
    return "ed25519-sha256" if key.startswith("ed25519") else "rsa-sha256"


def template(name: str, tags: list[tuple[str, str]], per_line: int = 4) -> str:
    lines = [ma.format_tag_list(tags[k:k + per_line]) for k in range(0, len(tags), per_line)]
    return f"{name}: " + ";\r\n\t".join(lines) + ";\r\n\tb=" + ma.B + "\r\n"


H_DKIM = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"]
H_AMS = H_DKIM + ["dkim-signature"]


@dataclass
class Hop:
    """Who seals: the sealing domain and key of the AS and (unless given apart) the AMS."""
    d: str
    authserv: str
    client: str
    ip: str
    key: str = "rsa-2048-a"
    s: str | None = None
    ams_d: str | None = None
    ams_key: str | None = None
    ams_s: str | None = None


HOP1 = Hop("example.net", "mx.example.net", "mail.example.com", "203.0.113.25")
HOP2 = Hop("lists.example.org", "lists.example.org", "mx.example.net", "198.51.100.7",
           key="ed25519-a")
HOP3 = Hop("example.org", "mx.example.org", "lists.example.org", "192.0.2.44")


def make_ams(msg: ma.Message, *, i: str, d: str, s: str, key: str, alg: str | None = None,
             h: list[str] = H_AMS, c: str | None = "relaxed/relaxed", t: int | None = None,
             x: int | None = None, extra=(), edit=None, template_edit=None,
             sign_key: str | None = None) -> bytes:
    """An ARC-Message-Signature (RFC 8617 4.1.2): the DKIM-Signature tags without v=, with the
    instance as i=, signing the fields named in h= (RFC 6376 5.4.2) and the body."""
    alg = alg or alg_of(key)
    hc, _, bc = (c or "simple/simple").partition("/")
    bc = bc or "simple"
    tags = [("i", i), ("a", alg)]
    if c:
        tags.append(("c", c))
    tags += [("d", d), ("s", s)]
    if t is not None:
        tags.append(("t", str(t)))
    if x is not None:
        tags.append(("x", str(x)))
    tags += [("h", ":".join(h))] + list(extra) + [("bh", ma.BH)]
    if edit is not None:
        tags = edit(tags)
    lines = [tags[:4], [tg for tg in tags[4:] if tg[0] not in ("h", "bh")]]
    lines += [[tg] for tg in tags[4:] if tg[0] in ("h", "bh")]
    text = ("ARC-Message-Signature: "
            + ";\r\n\t".join(ma.format_tag_list(ln) for ln in lines if ln)
            + ";\r\n\tb=" + ma.B + "\r\n")
    if template_edit is not None:
        text = template_edit(text)
    return ma.sign_field(text, ma.select_fields(msg.fields, h), key=KEYS[sign_key or key],
                         algorithm=alg, header_canon=hc, body=msg.body, body_canon=bc,
                         b_first=68, b_width=74)


def make_as(selected: list[bytes], *, i: str, cv: str, d: str, s: str, key: str,
            alg: str | None = None, t: int | None = None, extra=(), edit=None,
            template_edit=None, canon: str = "relaxed", sign_key: str | None = None) -> bytes:
    """An ARC-Seal (RFC 8617 4.1.3): i, a, cv, d, s, t and b; relaxed header canonicalisation
    of `selected` (the ARC Set fields in the order of 5.1.1) and of itself, no body hash."""
    alg = alg or alg_of(key)
    tags = [("i", i), ("a", alg), ("cv", cv), ("d", d), ("s", s)]
    if t is not None:
        tags.append(("t", str(t)))
    tags += list(extra)
    if edit is not None:
        tags = edit(tags)
    text = template("ARC-Seal", tags, per_line=5)
    if template_edit is not None:
        text = template_edit(text)
    return ma.sign_field(text, selected, key=KEYS[sign_key or key], algorithm=alg,
                         header_canon=canon, b_first=68, b_width=74)


def default_aar(i: str, hop: Hop, arc: str) -> str:
    return (f"ARC-Authentication-Results: i={i}; {hop.authserv};\r\n\tdkim=pass "
            f"header.d=example.com header.s=rsa2048a;\r\n\tspf=pass "
            f"smtp.mailfrom=example.com smtp.remote-ip={hop.ip};\r\n\t"
            f"dmarc=pass header.from=example.com;\r\n\tarc={arc}\r\n")


def seal(raw: bytes, hop: Hop, *, cv: str | None = None, instance: int | None = None,
         itext: str | None = None, modify=None, h: list[str] | None = None,
         c: str | None = "relaxed/relaxed", t: int | None = None, as_t: int | None | str = "same",
         x: int | None = None, ams_alg: str | None = None, as_alg: str | None = None,
         ams_extra=(), ams_edit=None, ams_template_edit=None, as_extra=(), as_edit=None,
         as_template_edit=None, as_canon: str = "relaxed", as_select=None,
         ams_sign_key: str | None = None, as_sign_key: str | None = None,
         aar_text: str | None = None, force: bool = False, trace: bool = True,
         zone: dict | None = None, vid: str = "x") -> bytes:
    """One hop of RFC 8617 5.1: validate the chain as received (the cv to seal, unless `cv`
    forces another), apply `modify` (step 1: modifications come before sealing), then add
    AAR, AMS and AS with instance max+1 (step 3) on top of the header.

    Options exist to build broken chains: forced cv/instance (itext: the instance as written),
    extra or edited tags, the AS scope (`as_select` maps the list of fields the AS would sign),
    a signing key other than the published one, and `force` to seal although the newest AS
    says cv=fail (5.1 step 2 says a sealer stops there)."""
    zone = SEAL_ZONE if zone is None else zone
    existing = max_instance(raw)
    i = existing + 1 if instance is None else instance
    itext = str(i) if itext is None else itext
    t = T0 + 60 * i if t is None else t
    arrival = validate(raw, zone, t)
    if cv is None:
        cv = arrival.cv
    if existing and not force:
        newest = arc_fields(raw).get(existing, {}).get(AS)
        if newest is not None and seal_cv(newest) == "fail":
            return raw  # 5.1 step 2: nothing more to do
    if trace:
        ar = (f"Authentication-Results: {hop.authserv};\r\n\tdkim=pass header.d=example.com "
              f"header.s=rsa2048a;\r\n\tspf=pass smtp.mailfrom=example.com;\r\n\t"
              f"arc={arrival.cv}\r\n").encode()
        received = (f"Received: from {hop.client} ({hop.client} [{hop.ip}])\r\n\tby "
                    f"{hop.authserv} with ESMTPS id {vid.replace('-', '')[-10:].upper()}{i};"
                    f"\r\n\t{hhmm(t - 30)}\r\n").encode()
        raw = ar + received + raw
    if modify is not None:
        raw = modify(raw)
    msg = ma.parse_message(raw)
    # A. ARC-Authentication-Results (4.1.1)
    aar = (default_aar(itext, hop, arrival.cv) if aar_text is None else aar_text).encode()
    # B. ARC-Message-Signature (4.1.2)
    ams_key = hop.ams_key or hop.key
    ams = make_ams(msg, i=itext, d=hop.ams_d or hop.d, s=hop.ams_s or hop.s or SELECTOR[ams_key],
                   key=ams_key, alg=ams_alg, h=H_AMS if h is None else h, c=c, t=t, x=x,
                   extra=ams_extra, edit=ams_edit, template_edit=ams_template_edit,
                   sign_key=ams_sign_key)
    # C. ARC-Seal (4.1.3), over the sets 1..i (5.1.1) or its own set only for cv=fail (5.1.2)
    selected: list[bytes] = []
    if cv != "fail":
        prior = arc_fields(raw)
        for j in sorted(prior):
            selected += [prior[j][AAR], prior[j][AMS], prior[j][AS]]
    selected += [aar, ams]
    if as_select is not None:
        selected = as_select(selected)
    seal_field = make_as(selected, i=itext, cv=cv, d=hop.d, s=hop.s or SELECTOR[hop.key],
                         key=hop.key, alg=as_alg, t=t if as_t == "same" else as_t,
                         extra=as_extra, edit=as_edit, template_edit=as_template_edit,
                         canon=as_canon, sign_key=as_sign_key)
    return seal_field + ams + aar + raw


# ============================================================================================
# Messages
# ============================================================================================

BODY = (b"Hi team,\r\n"
        b"\r\n"
        b"the minutes of Tuesday's meeting are attached to the wiki page.\r\n"
        b"Please send corrections by Friday.\r\n"
        b"\r\n"
        b"Alice\r\n")

FOOTER = (b"-- \r\n"
          b"team mailing list: https://lists.example.org/team\r\n")


def base(vid: str, *, dkim: bool = True, subject: str = "Meeting minutes",
         body: bytes = BODY) -> bytes:
    """The original message, DKIM-signed by its author's domain unless dkim=False."""
    fields = [
        b"From: Alice Example <alice@example.com>\r\n",
        b"To: Team <team@lists.example.org>\r\n",
        f"Subject: {subject}\r\n".encode(),
        b"Date: Wed, 31 Dec 2025 22:50:00 +0000\r\n",
        f"Message-ID: <{vid}@mail.example.com>\r\n".encode(),
        b"MIME-Version: 1.0\r\n",
        b"Content-Type: text/plain; charset=us-ascii\r\n",
    ]
    if dkim:
        tags = [("v", "1"), ("a", "rsa-sha256"), ("c", "relaxed/relaxed"), ("d", "example.com"),
                ("s", "rsa2048a"), ("t", str(NOW - 4200)), ("h", ":".join(H_DKIM)),
                ("bh", ma.BH)]
        sig = ma.sign_field(template("DKIM-Signature", tags), ma.select_fields(fields, H_DKIM),
                            key=KEYS["rsa-2048-a"], algorithm="rsa-sha256",
                            header_canon="relaxed", body=body, body_canon="relaxed",
                            b_first=68, b_width=74)
        fields = [sig] + fields
    return ma.Message(fields, body).to_bytes()


def mut(raw: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    """Replace `old` by `new`; `old` must occur exactly `count` times (no silent no-op)."""
    n = raw.count(old)
    if n != count:
        raise AssertionError(f"expected {count} occurrence(s) of {old!r}, found {n}")
    return raw.replace(old, new)


def fields_of(raw: bytes) -> tuple[list[bytes], bytes | None]:
    m = ma.parse_message(raw)
    return m.fields, m.body


def rebuild(fields: list[bytes], body: bytes | None) -> bytes:
    return ma.Message(list(fields), body).to_bytes()


def arc_field(raw: bytes, kind: str, i: int) -> bytes:
    out = [f for f in fields_of(raw)[0] if ma.field_name(f).lower() == kind
           and instance_of(kind, f, Reading(instance_first=False)) == i]
    if len(out) != 1:
        raise AssertionError(f"{len(out)} {kind} i={i}")
    return out[0]


def drop(raw: bytes, kind: str, i: int) -> bytes:
    target = arc_field(raw, kind, i)
    fields, body = fields_of(raw)
    return rebuild([f for f in fields if f is not target and f != target], body)


def replace_field(raw: bytes, old: bytes, new: bytes) -> bytes:
    return mut(raw, old, new)


def flip_b(raw: bytes, kind: str, i: int) -> bytes:
    """Change one base64 character inside the b= value of an ARC field (still base64)."""
    fld = arc_field(raw, kind, i)
    start = fld.index(b"\tb=") + 3
    pos = start + 12
    ch = fld[pos:pos + 1]
    new = fld[:pos] + (b"B" if ch != b"B" else b"C") + fld[pos + 1:]
    return replace_field(raw, fld, new)


def add_top(raw: bytes, fld: bytes) -> bytes:
    return fld + raw


def append_footer(raw: bytes) -> bytes:
    return raw + FOOTER


def list_subject(raw: bytes) -> bytes:
    return mut(raw, b"Subject: Meeting minutes\r\n", b"Subject: [team] Meeting minutes\r\n")


def mailing_list(raw: bytes) -> bytes:
    """What a mailing list does after validating: a subject tag, a footer, a List-Id."""
    raw = append_footer(list_subject(raw))
    return b"List-Id: Team discussion <team.lists.example.org>\r\n" + raw


# ============================================================================================
# Zones
# ============================================================================================

SEALERS = ["example.net", "lists.example.org", "example.org", "relay.example.net"]

STD_ZONE = key_zone(["example.com"] + SEALERS)
# The keys every sealer could see when it sealed (the arrival checks of seal()): the standard
# zone plus selectors that are later withdrawn or broken in some groups' zones.
SEAL_ZONE = dict(STD_ZONE)
for _d in SEALERS:
    for _sel, _key in (("retired", "rsa-2048-a"), ("flaky", "rsa-2048-a"), ("slow", "rsa-2048-a")):
        SEAL_ZONE[dk(_sel, _d)] = [txt(rec(_key))]

HOP_ED = Hop("relay.example.net", "relay.example.net", "mx.example.net", "192.0.2.80",
             key="ed25519-a")
HOP1_ED = dataclasses.replace(HOP1, key="ed25519-a")
HOP2_RSA = dataclasses.replace(HOP2, key="rsa-2048-a")
HOP3_ED = dataclasses.replace(HOP3, key="ed25519-b")

# ============================================================================================
# Vectors, groups, files
# ============================================================================================


@dataclass
class Vec:
    vid: str
    comment: str
    clause: str
    raw: bytes
    cv: list[str]
    oldest: int | None = None
    failed: int | None = None
    flags: tuple = ()
    level: str = "MUST"
    readings: tuple = (PRIMARY,)
    now: int = NOW


def V(vid: str, comment: str, clause: str, raw: bytes, cv, *, oldest: int | None = None,
      failed: int | None = None, flags=(), level: str = "MUST", readings=(PRIMARY,)) -> Vec:
    assert vid.startswith("arc-"), vid
    return Vec(vid, comment, clause, raw, [cv] if isinstance(cv, str) else list(cv), oldest,
               failed, tuple(flags), level, tuple(readings))


def check_vector(v: Vec, zone: dict) -> None:
    """The hand-written expectation must be exactly what the model gives under the vector's
    readings: the same set of cv values, and oldest-pass / failed-instance wherever all
    readings that reach pass / fail agree on them (and absent where they do not)."""
    results = [validate(v.raw, zone, v.now, rd) for rd in v.readings]
    got = sorted({r.cv for r in results})
    why = "; ".join(sorted({r.reason for r in results}))
    if got != sorted(v.cv):
        raise AssertionError(f"{v.vid}: model says {got} ({why}), vector says {v.cv}")
    passes = {r.oldest_pass for r in results if r.cv == "pass"}
    want_oldest = passes.pop() if len(passes) == 1 else None
    if want_oldest != v.oldest:
        raise AssertionError(f"{v.vid}: model oldest-pass {want_oldest}, vector {v.oldest}")
    fails = {r.failed_instance for r in results if r.cv == "fail"}
    want_failed = fails.pop() if len(fails) == 1 else None
    if want_failed != v.failed:
        raise AssertionError(f"{v.vid}: model failed instance {want_failed} ({why}), "
                             f"vector {v.failed}")
    if len(v.cv) > 1 and not any(NOTES[f]["bugType"] == "AMBIGUOUS" for f in v.flags):
        raise AssertionError(f"{v.vid}: several results without an AMBIGUOUS flag")


def vector_json(v: Vec) -> dict:
    out: dict = {"id": v.vid, "comment": v.comment, "clause": v.clause, "level": v.level,
                 "now": v.now}
    try:
        out["message"] = v.raw.decode("utf-8")
    except UnicodeDecodeError:
        out["messageBase64"] = base64.b64encode(v.raw).decode("ascii")
    out["cv"] = v.cv
    if v.oldest is not None:
        out["oldestPass"] = v.oldest
    if v.failed is not None:
        out["failedInstance"] = v.failed
    if v.flags:
        out["flags"] = list(v.flags)
    return out


def G(comment: str, zone: dict, vectors: list[Vec]) -> dict:
    for v in vectors:
        check_vector(v, zone)
    return {"comment": comment, "zone": zone, "vectors": vectors}


def build_file(title: str, description: str, groups: list[dict]) -> dict:
    used: list[str] = []
    for g in groups:
        for v in g["vectors"]:
            for f in v.flags:
                if f not in NOTES:
                    raise KeyError(f"flag {f} has no note")
                if f not in used:
                    used.append(f)
    return {
        "schema": SCHEMA,
        "title": title,
        "spec": "RFC 8617, RFC 6376, RFC 8301, RFC 8463",
        "description": description,
        "generator": GENERATOR,
        "numberOfVectors": sum(len(g["vectors"]) for g in groups),
        "notes": {f: NOTES[f] for f in sorted(used)},
        "groups": [{"comment": g["comment"], "zone": g["zone"],
                    "vectors": [vector_json(v) for v in g["vectors"]]} for g in groups],
    }


# --------------------------------------------------------------------------------------------
# Flags
# --------------------------------------------------------------------------------------------

NOTES = {
    "NO_CHAIN": {
        "bugType": "BASIC",
        "description": "A message without any ARC header field has no chain: cv=none (RFC 8617 4.4, 5.2 step 1). Other fields, such as an Authentication-Results that mentions arc, do not make a chain."},
    "VALID_CHAIN": {
        "bugType": "BASIC",
        "description": "An intact chain of one or more ARC Sets, sealed with rsa-sha256 or ed25519-sha256 keys as RFC 8617 5.1 describes, must validate: cv=pass, with oldest-pass 0 when every AMS still verifies."},
    "SEALER_ONLY_RULE": {
        "bugType": "FALSE_POSITIVE",
        "description": "Some RFC 8617 rules bind the sealer (which header fields an AMS should sign, where the sets are placed, what the selectors are); a validator that turns them into validation failures rejects chains that RFC 8617 5.2 accepts."},
    "RELAXED_SEAL": {
        "bugType": "FALSE_POSITIVE",
        "description": "The AS is computed over relaxed-canonicalised ARC fields (RFC 8617 4.1.3, 5.1.1) chosen by instance, not by position: header-name case, refolding and the place of the sets in the header do not change it. A validator using simple canonicalisation or header order fails valid chains."},
    "OLDEST_PASS": {
        "bugType": "EDGE_CASE",
        "description": "oldest-pass (RFC 8617 5.2 step 5, optional) checks the AMS from N-1 downwards and stops at the first one that fails (M), giving M+1; 0 when all verify. It is not the lowest instance that verifies."},
    "EARLIER_AMS_IGNORED": {
        "bugType": "FALSE_POSITIVE",
        "description": "Only the newest AMS decides the chain (RFC 8617 5.2 step 4); an older AMS broken by a later, sealed modification only lowers oldest-pass and 'does not affect the validity' (step 5A). Failing such chains defeats the purpose of ARC for mailing lists."},
    "NEWEST_AMS": {
        "bugType": "AUTH_BYPASS",
        "description": "The AMS with the highest instance must verify (RFC 8617 5.2 step 4); a message changed after the last seal must give cv=fail at that instance."},
    "SEAL_CHECK": {
        "bugType": "AUTH_BYPASS",
        "description": "Every AS, from the newest down to i=1, must verify (RFC 8617 5.2 step 6) over the ARC Sets 1..i in the order AAR, AMS, AS (5.1.1), so any change to an earlier set, or a forged earlier seal, fails the chain at the first AS found broken."},
    "STEP_ORDER": {
        "bugType": "EDGE_CASE",
        "description": "RFC 8617 5.2 runs its steps in sequence: the newest AMS (step 4) before the seals (step 6), and the seals from the newest down, so the instance reported as failed is the first failure in that order."},
    "STRUCTURE": {
        "bugType": "AUTH_BYPASS",
        "description": "Each instance 1..N must have exactly one AAR, one AMS and one AS, with no gaps or repeats (RFC 8617 4.2.1, 5.2 step 3 A-B); otherwise cv=fail before any signature is checked."},
    "INSTANCE_LIMIT": {
        "bugType": "DNS_LIMIT",
        "description": "Instance values range over 1-50 (RFC 8617 3.9, 4.2.1) and more than 50 ARC Sets fail the chain (5.2 step 1), which bounds the 2*N key queries of section 9.2; 50 sets are still valid."},
    "INSTANCE_SYNTAX": {
        "bugType": "SYNTAX",
        "description": "The instance tag is a case-sensitive i followed by '=' and one or two digits (RFC 8617 3.9, with CFWS allowed around); a field whose instance cannot be read belongs to no set and fails the chain."},
    "CV_RULES": {
        "bugType": "AUTH_BYPASS",
        "description": "cv must be none on i=1 and pass on every later instance (RFC 8617 5.2 step 3C); a missing, unknown or misplaced value fails the chain."},
    "CV_CASE_AMBIGUOUS": {
        "bugType": "AMBIGUOUS",
        "description": "chain-status in RFC 8617 3.9 is written with plain ABNF strings, which are case-insensitive (RFC 5234 2.3), unlike the %s-marked tag names i and cv, so cv=Pass reads as pass; but the AS is a DKIM-style tag-list, whose values RFC 6376 3.2 processes case-sensitively unless the tag says otherwise, so cv=Pass is not pass. Both pass and fail are accepted."},
    "AMS_CANON_DEFAULT": {
        "bugType": "INTEROP",
        "description": "Only the AS is restricted to relaxed canonicalisation (RFC 8617 4.1.3); the AMS keeps DKIM's c= with its default simple/simple (RFC 6376 3.5). A validator that assumes relaxed for an AMS without c= fails valid chains."},
    "FAILED_CHAIN": {
        "bugType": "AUTH_BYPASS",
        "description": "Once a sealer has recorded cv=fail the chain cannot be continued (RFC 8617 5.1.3): a newest AS with cv=fail ends validation with fail (5.2 step 2), and a later cv=pass set over a cv=fail set is invalid (step 3C)."},
    "AAR_PAYLOAD": {
        "bugType": "FALSE_POSITIVE",
        "description": "The accuracy or syntax of the authres-payload inside an AAR does not affect the validity of the chain (RFC 8617 3.4); only its instance tag and the seals over it matter."},
    "AMS_VERSION": {
        "bugType": "INTEROP",
        "description": "The AMS has no v= tag; one that is present MUST be ignored whatever its value (RFC 8617 4.1.2). A validator that reuses a DKIM parser demanding v=1 fails these chains."},
    "AMS_DKIM_RULES": {
        "bugType": "AUTH_BYPASS",
        "description": "The AMS has the syntax and semantics of a DKIM-Signature (RFC 8617 4.1.2), so RFC 6376 and RFC 8301 apply: required tags, From in h=, x= after t=, acceptable algorithms. An AMS that breaks them does not validate."},
    "AS_H_TAG": {
        "bugType": "AUTH_BYPASS",
        "description": "An AS with an h= tag MUST result in cv=fail (RFC 8617 4.1.3) even when its signature verifies."},
    "DNS_PERMANENT": {
        "bugType": "TEMP_FAILURE",
        "description": "RFC 8617 5.2.1: all errors, DNS failures included, are permanent in ARC validation and give cv=fail (there is no temperror); for an older AMS such an error only lowers oldest-pass."},
    "KEY_RECORD": {
        "bugType": "AUTH_BYPASS",
        "description": "ARC keys are DKIM key records (RFC 6376 3.6.1, 6.1.2 via RFC 8617 5.2): a missing, revoked (empty p=), malformed or unsuitable record (k= or h= that do not fit a=) makes the AMS or AS fail."},
    "RFC8301": {
        "bugType": "LEGACY",
        "description": "RFC 8617 imports DKIM verification, which RFC 8301 updated: rsa-sha1 must not be verified and RSA keys below 1024 bits must not be accepted, so such ARC signatures fail."},
    "MULTI_ALGORITHM": {
        "bugType": "INTEROP",
        "description": "RFC 8617 4.2.1 speaks of one field of each kind 'for a given instance value and signing algorithm' and defers several algorithms to a draft (ARC-MULTI) that never became an RFC; 5.2 step 3A demands exactly one of each per set, so a set with two AMS fails under RFC 8617."},
    "INSTANCE_POSITION_AMBIGUOUS": {
        "bugType": "AMBIGUOUS",
        "description": "The ABNF of RFC 8617 4.1.2/4.1.3 puts the instance before the tag-list (i= first), while the prose gives AMS and AS the syntax of a DKIM tag-list, where order is free. A chain whose i= is not the first tag fails under the ABNF and validates under the prose reading; both are accepted."},
    "AMS_FORBIDDEN_HEADERS_AMBIGUOUS": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 8617 4.1.2 says ARC fields and Authentication-Results MUST NOT be signed by an AMS but does not say what a validator does with one that is: rejecting it (fail) and checking only the signature (which verifies here: pass) are both accepted."},
    "AS_UNSUPPORTED_TAG_AMBIGUOUS": {
        "bugType": "AMBIGUOUS",
        "description": "RFC 8617 4.1.3 lists 'the only supported tags' of an AS (i, a, b, cv, d, s, t) and makes only h= fatal; RFC 6376 3.2 says unknown tags are ignored, an earlier ARC draft said so explicitly, but the RFC dropped that sentence. Ignoring another tag (pass) and rejecting it (fail) are both accepted."},
    "EXPIRY_OPTIONAL": {
        "bugType": "AMBIGUOUS",
        "description": "The AMS keeps DKIM's x= (RFC 8617 4.1.2), and RFC 6376 3.5 only allows (MAY) a verifier to treat a signature past x= as invalid: an expired newest AMS gives pass or fail, and an expired older AMS changes oldest-pass (so it is not given) but not cv."},
    "INCOMPLETE_SET_AMBIGUOUS": {
        "bugType": "AMBIGUOUS",
        "description": "5.2 step 1 gives none when there are no ARC Sets, and step 3A fails sets that lack a field. ARC fields that form no complete set are either 'no ARC Set' (none) or a malformed chain (fail); both readings are accepted, pass is not."},
}

# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


def hops(vid: str, *plan, **first) -> bytes:
    """The base message of `vid` sealed by each hop in `plan` (a Hop or (Hop, kwargs))."""
    raw = base(vid, **first)
    for step in plan:
        hop, kw = (step, {}) if isinstance(step, Hop) else step
        raw = seal(raw, hop, vid=vid, **kw)
    return raw


def drop_tag(name: str):
    return lambda tags: [(n, v) for n, v in tags if n != name]


def set_tag(name: str, value: str):
    return lambda tags: [(n, value if n == name else v) for n, v in tags]


def rename_tag(old: str, new: str):
    return lambda tags: [(new if n == old else n, v) for n, v in tags]


def insert_after(after: str, name: str, value: str):
    def edit(tags):
        out = []
        for n, v in tags:
            out.append((n, v))
            if n == after:
                out.append((name, value))
        return out
    return edit


def move_instance_after(name: str):
    def edit(tags):
        inst = [t for t in tags if t[0] == "i"]
        rest = [t for t in tags if t[0] != "i"]
        out = []
        for t in rest:
            out.append(t)
            if t[0] == name:
                out += inst
        return out
    return edit


def relocate_arc_ascending(raw: bytes) -> bytes:
    """Move every ARC field to the top of the header, sets in increasing instance order."""
    fields, body = fields_of(raw)
    arc = [f for f in fields if ma.field_name(f).lower() in ARC_NAMES]
    rest = [f for f in fields if ma.field_name(f).lower() not in ARC_NAMES]
    order = {AAR: 0, AMS: 1, AS: 2}
    arc.sort(key=lambda f: (instance_of(ma.field_name(f).lower(), f, PRIMARY),
                            order[ma.field_name(f).lower()]))
    return rebuild(arc + rest, body)


def rename_field(raw: bytes, kind: str, i: int, new_name: bytes) -> bytes:
    fld = arc_field(raw, kind, i)
    return replace_field(raw, fld, new_name + b":" + fld.partition(b":")[2])


def body_of(raw: bytes) -> bytes:
    return ma.parse_message(raw).body


def chain(vid: str, n: int, hop: Hop = HOP_ED) -> bytes:
    raw = base(vid)
    for _ in range(n):
        raw = seal(raw, hop, vid=vid, trace=False, force=True)
    return raw


def insert_below(raw: bytes, anchor: bytes, new: bytes) -> bytes:
    """Insert the field `new` right after the field `anchor`."""
    return mut(raw, anchor, anchor + new)


# ---- file 1: chains, modifications, oldest-pass, tampering ----------------------------------

def file_validate() -> dict:
    g_basic = []
    vid = "arc-none-no-arc-fields"
    g_basic.append(V(vid, "A DKIM-signed message that no ARC sealer has handled carries no ARC Set, so the Chain Validation Status is none.", "8617:5.2", base(vid), "none", flags=["NO_CHAIN"]))
    vid = "arc-none-authentication-results-only"
    raw = (b"Authentication-Results: mx.example.net; arc=pass header.oldest-pass=0;\r\n"
           b"\tdkim=pass header.d=example.com\r\n") + base(vid)
    g_basic.append(V(vid, "An Authentication-Results field that reports arc=pass is not an ARC header field; with no AAR, AMS or AS the status is none.", "8617:5.2", raw, "none", flags=["NO_CHAIN"]))
    vid = "arc-pass-one-hop-over-dkim-signature"
    g_basic.append(V(vid, "One rsa-sha256 ARC Set (cv=none) added over a DKIM-signed message, its AMS covering the DKIM-Signature as 4.1.2 recommends; the AMS and the AS verify, so cv=pass with oldest-pass 0.", "8617:5.2", hops(vid, HOP1), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-one-hop-ed25519"
    g_basic.append(V(vid, "One ARC Set whose AMS and AS are ed25519-sha256 (RFC 8463 signing imported through RFC 6376); it validates.", "8617:5.2", hops(vid, HOP1_ED), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-one-hop-unsigned-message"
    g_basic.append(V(vid, "A sealer adds i=1 to a message without any DKIM-Signature, its AMS signing the ordinary fields only; ARC does not need an original signature, so cv=pass.", "8617:5.1", hops(vid, (HOP1, {"h": H_DKIM}), dkim=False), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-two-hops-rsa"
    g_basic.append(V(vid, "Two rsa-sha256 ARC Sets, the second with cv=pass; nothing changed in between, so both AMS and both AS verify: pass, oldest-pass 0.", "8617:5.2", hops(vid, HOP1, HOP2_RSA), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-two-hops-rsa-then-ed25519"
    g_basic.append(V(vid, "i=1 sealed with rsa-sha256, i=2 with ed25519-sha256; the algorithm may differ from set to set and each signature is verified with its own key.", "8617:5.2", hops(vid, HOP1, HOP2), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-three-hops"
    g_basic.append(V(vid, "Three unmodifying hops (rsa, ed25519, rsa); the AS of i=3 covers all nine ARC fields and every signature verifies.", "8617:5.2", hops(vid, HOP1, HOP2, HOP3), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-three-hops-ed25519"
    g_basic.append(V(vid, "Three hops that all seal with Ed25519 keys (two different keys); the chain validates.", "8617:5.2", hops(vid, HOP1_ED, HOP2, HOP3_ED), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-rsa-1024-key"
    g_basic.append(V(vid, "Both signatures of the set use a 1024-bit RSA key, the smallest size RFC 8301 requires verifiers to accept; cv=pass.", "8617:5.2", hops(vid, dataclasses.replace(HOP1, key="rsa-1024")), "pass", oldest=0, flags=["VALID_CHAIN", "RFC8301"]))
    vid = "arc-pass-ams-without-dkim-signature"
    g_basic.append(V(vid, "The AMS does not sign the DKIM-Signature that is present; covering it is only a SHOULD for the sealer (4.1.2), and the validator checks the signature as written: pass.", "8617:4.1.2", hops(vid, (HOP1, {"h": H_DKIM})), "pass", oldest=0, flags=["SEALER_ONLY_RULE"]))
    vid = "arc-pass-ams-simple-canonicalization"
    g_basic.append(V(vid, "The AMS uses c=simple/simple; unlike the AS, the AMS may use any DKIM canonicalisation, and the unchanged message verifies.", "8617:4.1.2", hops(vid, (HOP1, {"c": "simple/simple"})), "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-ams-default-canonicalization"
    g_basic.append(V(vid, "The AMS has no c= tag, so DKIM's default simple/simple applies to it (RFC 6376 3.5); the signature was made that way and verifies.", "8617:4.1.2", hops(vid, (HOP1, {"c": None})), "pass", oldest=0, flags=["AMS_DKIM_RULES", "AMS_CANON_DEFAULT"]))
    vid = "arc-pass-ams-and-as-different-domains"
    hop = dataclasses.replace(HOP1, ams_d="relay.example.net", ams_key="ed25519-b")
    g_basic.append(V(vid, "The AMS is signed for d=relay.example.net with an Ed25519 key, the AS for d=example.net with RSA; RFC 8617 puts no requirement on the selectors and domains of either, so pass.", "8617:4.1.3", hops(vid, hop, HOP2), "pass", oldest=0, flags=["SEALER_ONLY_RULE"]))
    vid = "arc-pass-as-without-t"
    g_basic.append(V(vid, "The AS of i=1 carries no t= tag; t= is one of the tags an AS may have but, as in DKIM, it is optional, so the chain validates.", "8617:4.1.3", hops(vid, (HOP1, {"as_t": None}), HOP2), "pass", oldest=0, flags=["SEALER_ONLY_RULE"]))
    vid = "arc-pass-field-added-after-last-seal"
    raw = (b"Received: from mx.example.org (mx.example.org [192.0.2.44])\r\n\tby inbound.example.org"
           b" with ESMTP id Q7; Wed, 31 Dec 2025 23:10:00 +0000\r\nX-Spam-Score: 0.1\r\n") + hops(vid, HOP1, HOP2)
    g_basic.append(V(vid, "A Received and an X-Spam-Score field are added after the last seal; neither is signed by any AMS, so every signature still verifies: pass.", "8617:5.2", raw, "pass", oldest=0, flags=["VALID_CHAIN"]))
    vid = "arc-pass-sets-in-ascending-order"
    g_basic.append(V(vid, "A valid three-set chain with its ARC fields moved to the top of the header in the order i=1, 2, 3 (the reverse of how sealers add them); sets are found by instance, not position, so pass.", "8617:5.1.1", relocate_arc_ascending(hops(vid, HOP1, HOP2, HOP3)), "pass", oldest=0, flags=["RELAXED_SEAL"]))
    vid = "arc-pass-field-names-lower-case"
    raw = hops(vid, HOP1, HOP2)
    raw = rename_field(raw, AS, 1, b"arc-seal")
    raw = rename_field(raw, AMS, 1, b"Arc-Message-Signature")
    raw = rename_field(raw, AAR, 2, b"arc-authentication-results")
    g_basic.append(V(vid, "After sealing, some ARC field names are rewritten in other letter cases; field names are case-insensitive and the AS's relaxed canonicalisation lower-cases them, so the chain still validates.", "8617:4.1.3", raw, "pass", oldest=0, flags=["RELAXED_SEAL"]))
    vid = "arc-pass-aar-refolded"
    raw = hops(vid, HOP1, HOP2)
    aar1 = arc_field(raw, AAR, 1)
    new = aar1.replace(b";\r\n\t", b";  ").replace(b"i=1; ", b"i=1;\r\n   ")
    raw = replace_field(raw, aar1, new)
    g_basic.append(V(vid, "The AAR of i=1 is refolded (line breaks moved, runs of spaces) after sealing; the AS signs it with relaxed canonicalisation only (4.1.3), which removes such differences, so pass.", "8617:5.1.1", raw, "pass", oldest=0, flags=["RELAXED_SEAL"]))

    g_mod = []
    vid = "arc-oldest-pass-list-footer"
    g_mod.append(V(vid, "A list validates i=1, appends a footer and seals i=2; AMS 2 verifies and only AMS 1 fails, which does not affect the chain (5.2 step 5A): pass with oldest-pass 2.", "8617:5.2", hops(vid, HOP1, (HOP2, {"modify": append_footer})), "pass", oldest=2, flags=["EARLIER_AMS_IGNORED", "OLDEST_PASS"]))
    vid = "arc-oldest-pass-list-subject-tag"
    g_mod.append(V(vid, "The second hop adds a [team] tag to the signed Subject before sealing; AMS 1 breaks, AMS 2 and both seals verify: pass, oldest-pass 2.", "8617:5.2", hops(vid, HOP1, (HOP2, {"modify": list_subject})), "pass", oldest=2, flags=["EARLIER_AMS_IGNORED", "OLDEST_PASS"]))
    vid = "arc-oldest-pass-list-then-relay"
    g_mod.append(V(vid, "A mailing list (i=2) changes subject and body, then an unmodifying relay seals i=3; AMS 3 and 2 verify, AMS 1 fails: pass with oldest-pass 2.", "8617:5.2", hops(vid, HOP1, (HOP2, {"modify": mailing_list}), HOP3), "pass", oldest=2, flags=["EARLIER_AMS_IGNORED", "OLDEST_PASS"]))
    vid = "arc-oldest-pass-modified-at-third-hop"
    g_mod.append(V(vid, "Only the third hop modifies the body before sealing; checking from i=2 down, AMS 2 is the first to fail, so oldest-pass is 3 and the chain passes.", "8617:5.2", hops(vid, HOP1, HOP2, (HOP3, {"modify": append_footer})), "pass", oldest=3, flags=["EARLIER_AMS_IGNORED", "OLDEST_PASS"]))
    vid = "arc-oldest-pass-stops-at-first-failure"
    add_list_id = lambda r: b"List-Id: <team.lists.example.org>\r\n" + r  # noqa: E731
    rewrite_list_id = lambda r: mut(r, b"List-Id: <team.lists.example.org>\r\n", b"List-Id: <team.relay.example.org>\r\n")  # noqa: E731
    raw = hops(vid, HOP1, (HOP2, {"modify": add_list_id, "h": H_AMS + ["list-id"]}),
               (HOP3, {"modify": rewrite_list_id, "h": H_AMS + ["list-id"]}))
    g_mod.append(V(vid, "AMS 2 signs a List-Id that the third hop rewrites; AMS 3 and AMS 1 (which never covered it) verify, AMS 2 fails. The backward scan stops at i=2, so oldest-pass is 3, not 1.", "8617:5.2", raw, "pass", oldest=3, flags=["OLDEST_PASS"]))
    vid = "arc-fail-body-changed-after-only-seal"
    raw = hops(vid, HOP1) + b"Sent from a mobile device\r\n"
    g_mod.append(V(vid, "Text is appended to the body after the only seal; the body hash of AMS 1, the newest AMS, no longer matches, so cv=fail at instance 1 (5.2 step 4).", "8617:5.2", raw, "fail", failed=1, flags=["NEWEST_AMS"]))
    vid = "arc-fail-body-changed-after-second-seal"
    raw = hops(vid, HOP1, HOP2) + FOOTER
    g_mod.append(V(vid, "A footer is added after the second seal without a new ARC Set; the newest AMS (i=2) fails, so the chain fails at 2 although the seals are intact.", "8617:5.2", raw, "fail", failed=2, flags=["NEWEST_AMS"]))
    vid = "arc-fail-subject-changed-after-seal"
    raw = list_subject(hops(vid, HOP1))
    g_mod.append(V(vid, "The Subject, which AMS 1 signs, is rewritten after sealing and no new set is added; the newest AMS fails: cv=fail at 1.", "8617:5.2", raw, "fail", failed=1, flags=["NEWEST_AMS"]))
    vid = "arc-fail-from-replaced-after-seal"
    raw = mut(hops(vid, HOP1, HOP2), b"From: Alice Example <alice@example.com>\r\n", b"From: Alice Example <alice@example.org>\r\n")
    g_mod.append(V(vid, "The From address is changed after the second seal (the kind of change a forger would make); AMS 2 covers From and fails, so cv=fail at 2.", "8617:5.2", raw, "fail", failed=2, flags=["NEWEST_AMS"]))
    vid = "arc-fail-newest-ams-checked-before-seals"
    raw = hops(vid, (HOP1, {"as_sign_key": "rsa-2048-b"}), (HOP2, {"cv": "pass"})) + FOOTER
    g_mod.append(V(vid, "Both the newest AMS (body changed after i=2) and the forged AS 1 are bad; 5.2 checks the newest AMS in step 4, before any AS, so the failure is reported at instance 2.", "8617:5.2", raw, "fail", failed=2, flags=["STEP_ORDER", "NEWEST_AMS"]))

    g_seal = []
    vid = "arc-fail-as-signature-altered"
    g_seal.append(V(vid, "One character of the b= value of the only AS is changed; the seal does not verify, so cv=fail at 1 (step 6).", "8617:5.2", flip_b(hops(vid, HOP1), AS, 1), "fail", failed=1, flags=["SEAL_CHECK"]))
    vid = "arc-fail-newest-as-signature-altered"
    g_seal.append(V(vid, "In a two-set chain the b= value of AS 2 is altered; the newest seal fails first: cv=fail at 2.", "8617:5.2", flip_b(hops(vid, HOP1, HOP2), AS, 2), "fail", failed=2, flags=["SEAL_CHECK"]))
    vid = "arc-fail-older-aar-altered"
    raw = hops(vid, HOP1, HOP2)
    raw = mut(raw, b"spf=pass smtp.mailfrom=example.com smtp.remote-ip=203.0.113.25", b"spf=pass smtp.mailfrom=example.com smtp.remote-ip=203.0.113.99")
    g_seal.append(V(vid, "The AAR of i=1 is edited after i=2 was sealed (a different client address); AS 2 covers AAR 1, so the newest seal already fails: cv=fail at 2.", "8617:5.1.1", raw, "fail", failed=2, flags=["SEAL_CHECK"]))
    vid = "arc-fail-older-ams-altered"
    g_seal.append(V(vid, "The b= value of AMS 1 is altered after i=2 was sealed; step 5 only lowers oldest-pass, but AS 2 signs AMS 1 with its b= value, so cv=fail at 2.", "8617:5.1.1", flip_b(hops(vid, HOP1, HOP2), AMS, 1), "fail", failed=2, flags=["SEAL_CHECK"]))
    vid = "arc-fail-older-seal-forged"
    raw = hops(vid, (HOP1, {"as_sign_key": "rsa-2048-b"}), (HOP2, {"cv": "pass"}))
    g_seal.append(V(vid, "AS 1 was made with a key other than the published one and AS 2 was then sealed over it with cv=pass; AS 2 verifies, AS 1 does not, and every AS must be checked: cv=fail at 1.", "8617:5.2", raw, "fail", failed=1, flags=["SEAL_CHECK"]))
    vid = "arc-fail-as-wrong-key"
    g_seal.append(V(vid, "The AS names selector rsa2048a but was signed with another RSA key; the signature does not verify with the published key: fail at 1.", "8617:5.2", hops(vid, (HOP1, {"as_sign_key": "rsa-2048-b"})), "fail", failed=1, flags=["SEAL_CHECK"]))
    vid = "arc-fail-as-signs-own-set-only"
    raw = hops(vid, HOP1, (HOP2, {"as_select": lambda sel: sel[-2:]}))
    g_seal.append(V(vid, "AS 2 says cv=pass but signs only its own set, the scope 5.1.2 reserves for cv=fail; a validator computes the 5.1.1 scope (sets 1 and 2) and the seal fails at 2.", "8617:5.1.1", raw, "fail", failed=2, flags=["SEAL_CHECK"]))
    vid = "arc-fail-as-fields-out-of-order"
    raw = hops(vid, (HOP1, {"as_select": lambda sel: [sel[1], sel[0]]}))
    g_seal.append(V(vid, "The AS was computed over the AMS before the AAR; 5.1.1 fixes the order AAR, AMS, AS within a set, so the seal fails at 1.", "8617:5.1.1", raw, "fail", failed=1, flags=["SEAL_CHECK"]))
    vid = "arc-fail-as-simple-canonicalization"
    raw = hops(vid, (HOP1, {"as_canon": "simple"}))
    g_seal.append(V(vid, "The AS was computed with simple header canonicalisation; only relaxed is used for the AS (4.1.3), so the value does not verify: fail at 1.", "8617:4.1.3", raw, "fail", failed=1, flags=["SEAL_CHECK"]))
    vid = "arc-fail-set-moved-to-other-message"
    donor = hops("arc-pass-two-hops-rsa", HOP1, HOP2_RSA)
    sets = [f for f in fields_of(donor)[0] if ma.field_name(f).lower() in ARC_NAMES]
    target_fields, target_body = fields_of(base(vid, subject="Invoice 2026-001", body=b"Please pay the attached invoice today.\r\n"))
    raw = rebuild(sets + target_fields, target_body)
    g_seal.append(V(vid, "The ARC Sets of another, valid message are copied onto a different message; the seals still verify but the newest AMS does not: cv=fail at 2.", "8617:5.2", raw, "fail", failed=2, flags=["NEWEST_AMS"]))

    return build_file(
        "RFC 8617: ARC chain validation, modification and oldest-pass, tampering",
        "ARC chain validation (RFC 8617 5.2) of messages sealed hop by hop as 5.1 describes: valid chains of one to three sets with rsa-sha256 and ed25519-sha256 keys, messages without ARC, hops that modify the message before sealing (older AMS broken, chain valid, oldest-pass), changes after the last seal, and tampered or forged seals. The messages were sealed by vectors/arc/generate.py with the test keys of vectors/dkim/keys.",
        [G("Chains that validate. Every sealing domain publishes the test keys under selectors rsa2048a, rsa2048b, rsa1024, eda and edb; example.com is the author's domain, which DKIM-signs the original message.", STD_ZONE, g_basic),
         G("Messages modified by a hop before it seals (chain still valid, oldest-pass) or after the last seal (newest AMS fails). Same keys as above.", STD_ZONE, g_mod),
         G("Tampered and forged seals: every AS must verify over the sets 1..i. Same keys as above.", STD_ZONE, g_seal)])


# ---- file 2: structure, instance tags, cv, limits ------------------------------------------

def file_structure() -> dict:
    g_struct = []
    vid = "arc-structure-missing-older-aar"
    g_struct.append(V(vid, "A two-set chain from which the AAR of i=1 was removed; set 1 no longer has one field of each kind (5.2 step 3A): fail.", "8617:5.2", drop(hops(vid, HOP1, HOP2), AAR, 1), "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-missing-older-ams"
    g_struct.append(V(vid, "A two-set chain without the AMS of i=1 (a filter stripped it); the structure check fails before any signature is tried.", "8617:5.2", drop(hops(vid, HOP1, HOP2), AMS, 1), "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-missing-older-as"
    g_struct.append(V(vid, "A two-set chain without the AS of i=1; set 1 is incomplete, so the chain fails.", "8617:5.2", drop(hops(vid, HOP1, HOP2), AS, 1), "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-missing-newest-as"
    g_struct.append(V(vid, "A two-set chain whose newest set has no AS; the valid i=1 set does not rescue the chain: fail.", "8617:5.2", drop(hops(vid, HOP1, HOP2), AS, 2), "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-aar-only"
    raw = default_aar("1", HOP1, "none").encode() + base(vid)
    g_struct.append(V(vid, "The message carries a lone AAR with i=1 and no AMS or AS. Read as an incomplete ARC Set it fails step 3A; read as no ARC Set at all it is none. It must not pass.", "8617:5.2", raw, ["fail", "none"], flags=["STRUCTURE", "INCOMPLETE_SET_AMBIGUOUS"], readings=[PRIMARY, Reading(incomplete_only_is_none=True)]))
    vid = "arc-structure-duplicate-ams"
    raw = hops(vid, HOP1)
    ams1 = arc_field(raw, AMS, 1)
    extra = make_ams(ma.parse_message(raw), i="1", d="example.net", s="rsa2048b", key="rsa-2048-b", h=H_DKIM, t=T0 + 60)
    raw = insert_below(raw, ams1, extra)
    g_struct.append(V(vid, "Set 1 has two valid rsa-sha256 AMS (different keys and h= lists); exactly one AMS per instance is allowed (4.2.1, 5.2 step 3A), so fail.", "8617:4.2.1", raw, "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-duplicate-aar"
    raw = hops(vid, HOP1, HOP2)
    aar2 = arc_field(raw, AAR, 2)
    raw = insert_below(raw, aar2, b"ARC-Authentication-Results: i=2; lists.example.org; dkim=fail\r\n")
    g_struct.append(V(vid, "A second AAR with i=2 is inserted next to the sealed one; two AAR for one instance fail the structure check.", "8617:5.2", raw, "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-duplicate-set"
    raw = hops(vid, HOP1)
    raw = seal(raw, HOP3, instance=1, cv="none", as_select=lambda sel: sel[-2:], vid=vid)
    g_struct.append(V(vid, "Two sealers each added a complete set with i=1 (the second ignored the first); instance values must not repeat (5.2 step 3B): fail.", "8617:5.2", raw, "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-two-algorithms-one-instance"
    raw = hops(vid, HOP1)
    msg = ma.parse_message(raw)
    ams_ed = make_ams(msg, i="1", d="example.net", s="eda", key="ed25519-a", t=T0 + 60)
    aar1 = arc_field(raw, AAR, 1)
    as_ed = make_as([aar1, ams_ed], i="1", cv="none", d="example.net", s="eda", key="ed25519-a", t=T0 + 60)
    raw = insert_below(raw, arc_field(raw, AMS, 1), ams_ed)
    raw = insert_below(raw, arc_field(raw, AS, 1), as_ed)
    g_struct.append(V(vid, "Set 1 holds an rsa-sha256 and an ed25519-sha256 AMS and AS, each valid on its own; RFC 8617 5.2 step 3A allows exactly one of each per set (multiple algorithms were left to a draft), so fail.", "8617:5.2", raw, "fail", flags=["STRUCTURE", "MULTI_ALGORITHM"]))
    vid = "arc-structure-gap"
    raw = hops(vid, HOP1, (HOP2, {"instance": 3}))
    g_struct.append(V(vid, "The second sealer numbered its set 3 instead of 2, so instances 1 and 3 exist with 2 missing; they must run 1..N without gaps: fail.", "8617:5.2", raw, "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-starts-at-two"
    raw = hops(vid, (HOP1, {"instance": 2, "cv": "pass"}))
    g_struct.append(V(vid, "The only set has i=2 (its signatures verify); instance values start at 1, so the sequence 1..2 has a gap: fail.", "8617:4.2.1", raw, "fail", flags=["STRUCTURE"]))
    vid = "arc-structure-instance-differs-within-set"
    raw = hops(vid, (HOP1, {"as_edit": set_tag("i", "2")}))
    g_struct.append(V(vid, "The AAR and AMS say i=1 but the AS says i=2; the fields share no instance, set 1 lacks an AS and set 2 its AAR and AMS: fail.", "8617:4.2", raw, "fail", flags=["STRUCTURE"]))

    g_inst = []
    vid = "arc-instance-zero"
    raw = hops(vid, (HOP1, {"instance": 0, "cv": "none"}))
    g_inst.append(V(vid, "A single set numbered i=0; instance values range over 1-50 and begin at 1, so the set is invalid: fail.", "8617:4.2.1", raw, "fail", flags=["INSTANCE_LIMIT"]))
    vid = "arc-instance-fifty-one"
    raw = hops(vid, (HOP1, {"instance": 51, "cv": "pass"}))
    g_inst.append(V(vid, "A single set numbered i=51, above the range 1-50 of the position syntax; fail.", "8617:3.9", raw, "fail", flags=["INSTANCE_LIMIT"]))
    vid = "arc-limit-fifty-sets"
    g_inst.append(V(vid, "Fifty unmodifying Ed25519 hops: 50 sets is the maximum, not beyond it, and every signature verifies, so pass with oldest-pass 0.", "8617:5.2", chain(vid, 50), "pass", oldest=0, flags=["INSTANCE_LIMIT"]))
    vid = "arc-limit-fifty-one-sets"
    g_inst.append(V(vid, "Fifty-one sets with valid signatures (the last numbered 51); more than 50 ARC Sets fail the chain in step 1 without further checks.", "8617:5.2", chain(vid, 51), "fail", flags=["INSTANCE_LIMIT"]))
    vid = "arc-instance-leading-zero"
    g_inst.append(V(vid, "All three fields of the only set say i=01; position is one or two digits, so 01 is instance 1 and the chain validates.", "8617:3.9", hops(vid, (HOP1, {"itext": "01"})), "pass", oldest=0, flags=["INSTANCE_SYNTAX"]))
    vid = "arc-instance-three-digits"
    g_inst.append(V(vid, "The fields of the only set say i=001: three digits do not match position (1*2DIGIT), the instance cannot be read, so fail.", "8617:3.9", hops(vid, (HOP1, {"itext": "001"})), "fail", flags=["INSTANCE_SYNTAX"]))
    vid = "arc-instance-not-a-number"
    g_inst.append(V(vid, "The fields of the only set say i=one; an instance must be digits, so the set cannot be placed: fail.", "8617:3.9", hops(vid, (HOP1, {"itext": "one"})), "fail", flags=["INSTANCE_SYNTAX"]))
    vid = "arc-instance-upper-case-tag"
    g_inst.append(V(vid, "The AMS writes its instance as I=1; the instance tag name is the case-sensitive %s\"i\", so this AMS has no instance and set 1 lacks an AMS: fail.", "8617:3.9", hops(vid, (HOP1, {"ams_edit": rename_tag("i", "I")})), "fail", flags=["INSTANCE_SYNTAX"]))
    vid = "arc-instance-with-whitespace"
    aar = default_aar("1", HOP1, "none").replace("i=1; ", "i = 1 ;\r\n\t", 1)
    raw = hops(vid, (HOP1, {"aar_text": aar,
                            "ams_template_edit": lambda t: t.replace(": i=1;", ": i = 1 ;", 1),
                            "as_template_edit": lambda t: t.replace(": i=1;", ":\r\n\ti =1;", 1)}))
    g_inst.append(V(vid, "The instance tags are written with spaces and a line fold around '=' and ';', which the instance ABNF (CFWS) and DKIM tag-lists (FWS) allow; the chain validates.", "8617:3.9", raw, "pass", oldest=0, flags=["INSTANCE_SYNTAX"]))
    vid = "arc-instance-not-first-tag"
    raw = hops(vid, (HOP1, {"ams_edit": move_instance_after("a"), "as_edit": move_instance_after("cv")}))
    g_inst.append(V(vid, "In the AMS and AS of the only set, i=1 follows a= or cv= instead of leading the tag-list; the ABNF requires it first (fail), the DKIM tag-list reading does not (pass).", "8617:4.1.2", raw, ["fail", "pass"], oldest=0, flags=["INSTANCE_SYNTAX", "INSTANCE_POSITION_AMBIGUOUS"], readings=[PRIMARY, Reading(instance_first=False)]))
    vid = "arc-instance-missing-in-aar"
    aar = default_aar("1", HOP1, "none").replace("i=1; ", "", 1)
    g_inst.append(V(vid, "The AAR of the only set has no instance tag (it looks like an Authentication-Results payload); it cannot belong to set 1, which therefore lacks an AAR: fail.", "8617:4.1.1", hops(vid, (HOP1, {"aar_text": aar})), "fail", flags=["INSTANCE_SYNTAX"]))
    vid = "arc-instance-dkim-auid-in-ams"
    g_inst.append(V(vid, "The AMS carries a DKIM-style i=@example.net (an AUID); in ARC i= is the instance (4.1.2), and this value is not one, so fail.", "8617:4.1.2", hops(vid, (HOP1, {"ams_edit": set_tag("i", "@example.net")})), "fail", flags=["INSTANCE_SYNTAX"]))
    vid = "arc-aar-payload-not-parseable"
    aar = "ARC-Authentication-Results: i=1; mx.example.net;\r\n\tthis is (not a result;; ==\r\n"
    g_inst.append(V(vid, "The AAR has a valid instance but its authres-payload is not valid RFC 8601 syntax; the payload does not affect the chain's validity (3.4), and the seal over it verifies: pass.", "8617:3.4", hops(vid, (HOP1, {"aar_text": aar})), "pass", oldest=0, flags=["AAR_PAYLOAD"]))

    g_cv = []
    vid = "arc-cv-none-on-second-set"
    g_cv.append(V(vid, "Set 2 is sealed with cv=none over a valid set 1; every set after the first must say cv=pass (5.2 step 3C), so fail.", "8617:5.2", hops(vid, HOP1, (HOP2, {"cv": "none"})), "fail", flags=["CV_RULES"]))
    vid = "arc-cv-pass-on-first-set"
    g_cv.append(V(vid, "The only set claims cv=pass although no chain preceded it; i=1 must say cv=none, so fail.", "8617:5.2", hops(vid, (HOP1, {"cv": "pass"})), "fail", flags=["CV_RULES"]))
    vid = "arc-cv-fail-on-first-set"
    g_cv.append(V(vid, "The only set says cv=fail; the newest AS reports a failed chain, so validation stops with fail (step 2).", "8617:5.2", hops(vid, (HOP1, {"cv": "fail"})), "fail", flags=["CV_RULES", "FAILED_CHAIN"]))
    vid = "arc-cv-missing"
    g_cv.append(V(vid, "The AS of the only set has no cv= tag; its chain status is unknown and cannot be none, so the chain fails.", "8617:5.2", hops(vid, (HOP1, {"as_edit": drop_tag("cv")})), "fail", flags=["CV_RULES"]))
    vid = "arc-cv-unknown-value"
    g_cv.append(V(vid, "Set 2 says cv=neutral, which is not a chain-status (none, fail, pass); it is not pass, so fail.", "8617:3.9", hops(vid, HOP1, (HOP2, {"cv": "neutral"})), "fail", flags=["CV_RULES"]))
    vid = "arc-cv-duplicate-tag"
    g_cv.append(V(vid, "AS 2 carries cv=pass twice; a tag-list with a repeated tag is invalid as a whole (RFC 6376 3.2), so the chain fails.", "8617:4.1.3", hops(vid, HOP1, (HOP2, {"as_extra": [("cv", "pass")]})), "fail", flags=["CV_RULES"]))
    vid = "arc-cv-mixed-case"
    g_cv.append(V(vid, "AS 2 says cv=Pass, its signature valid; as a case-insensitive ABNF string this is pass and the chain validates, as a case-sensitive tag value it is not pass and the chain fails.", "8617:3.9", hops(vid, HOP1, (HOP2, {"cv": "Pass"})), ["pass", "fail"], oldest=0, flags=["CV_RULES", "CV_CASE_AMBIGUOUS"], readings=[PRIMARY, Reading(cv_case_insensitive=False)]))
    vid = "arc-cv-fail-newest"
    raw = hops(vid, HOP1) + b"Sent from a mobile device\r\n"
    raw = seal(raw, HOP2, vid=vid)
    g_cv.append(V(vid, "The body changed between hop 1 and hop 2; hop 2 found AMS 1 broken and sealed cv=fail over its own set only (5.1.2). The newest cv=fail ends validation with fail.", "8617:5.1.2", raw, "fail", flags=["FAILED_CHAIN"]))
    vid = "arc-cv-fail-newest-full-scope"
    raw = hops(vid, HOP1) + b"Sent from a mobile device\r\n"
    prior = arc_fields(raw)
    full = [prior[1][AAR], prior[1][AMS], prior[1][AS]]
    raw = seal(raw, HOP2, vid=vid, as_select=lambda sel: full + sel)
    g_cv.append(V(vid, "As above, but the cv=fail seal covers both sets instead of its own only; whatever its scope, a newest cv=fail makes the status fail.", "8617:5.2", raw, "fail", flags=["FAILED_CHAIN"]))
    vid = "arc-cv-fail-then-sealed-fail"
    raw = seal(seal(hops(vid, HOP1) + b"Sent from a mobile device\r\n", HOP2, vid=vid), HOP3, force=True, vid=vid)
    g_cv.append(V(vid, "A third hop seals although the newest AS already says cv=fail (5.1 step 2 says it need not) and records cv=fail again; the chain stays failed.", "8617:5.1.3", raw, "fail", flags=["FAILED_CHAIN"]))
    vid = "arc-cv-fail-then-sealed-pass"
    raw = seal(seal(hops(vid, HOP1) + b"Sent from a mobile device\r\n", HOP2, vid=vid), HOP3, force=True, cv="pass", vid=vid)
    g_cv.append(V(vid, "A third hop tries to restart the chain with cv=pass over the cv=fail of set 2; no AS may say cv=fail in a valid chain (step 3C) and a broken chain cannot be continued: fail.", "8617:5.2", raw, "fail", flags=["FAILED_CHAIN"]))

    return build_file(
        "RFC 8617: ARC chain structure, instance tags and chain validation status",
        "Structural rules of RFC 8617 5.2 steps 1-3: one AAR, AMS and AS per instance, instances 1..N without gaps or repeats, at most 50 sets, the instance tag syntax (3.9, 4.2.1), the cv values (none on i=1, pass after, fail ends the chain, 5.1.2 and 5.1.3). Messages were sealed by vectors/arc/generate.py and then altered where the case needs it.",
        [G("Sets missing a field, repeated or misnumbered. Every sealing domain publishes the test keys under selectors rsa2048a, rsa2048b, rsa1024, eda and edb.", STD_ZONE, g_struct),
         G("Instance values and their syntax, the 50-set limit, and the AAR payload. Same keys as above.", STD_ZONE, g_inst),
         G("The cv tag: required values per instance, a chain already marked failed. Same keys as above.", STD_ZONE, g_cv)])


# ---- file 3: AMS and AS tags, key records and DNS -------------------------------------------

KEY_ZONE = dict(STD_ZONE)
KEY_ZONE.update({
    dk("flaky", "example.net"): ["SERVFAIL"],
    dk("slow", "example.net"): ["TIMEOUT"],
    dk("revoked", "example.net"): [txt("v=DKIM1; k=rsa; p=")],
    dk("rsa512", "example.net"): [txt(rec("rsa-512"))],
    dk("edtype", "example.net"): [txt(rec("ed25519-a"))],
    dk("sha1only", "example.net"): [txt(rec("rsa-2048-a", [("v", "DKIM1"), ("k", "rsa"), ("h", "sha1"), ("p", "{p}")]))],
    dk("nop", "example.net"): [txt("v=DKIM1; k=rsa; n=no key here")],
})


def file_signatures() -> dict:
    g_tags = []
    vid = "arc-ams-version-tag-ignored"
    g_tags.append(V(vid, "The AMS carries v=1 (a DKIM habit); the AMS defines no version tag and one that is present is ignored, so the chain validates.", "8617:4.1.2", hops(vid, (HOP1, {"ams_edit": insert_after("i", "v", "1")})), "pass", oldest=0, flags=["AMS_VERSION"]))
    vid = "arc-ams-version-tag-other-value"
    g_tags.append(V(vid, "The AMS carries v=2, which would make a DKIM-Signature unusable; in an AMS v= MUST be ignored whatever its value, so pass.", "8617:4.1.2", hops(vid, (HOP1, {"ams_edit": insert_after("i", "v", "2")})), "pass", oldest=0, flags=["AMS_VERSION"]))
    vid = "arc-ams-without-from"
    g_tags.append(V(vid, "The newest AMS signs To, Subject and the rest but not From; the AMS has DKIM semantics, where an h= without From makes the signature invalid, so fail at 1.", "8617:4.1.2", hops(vid, (HOP1, {"h": [x for x in H_AMS if x != "from"]})), "fail", failed=1, flags=["AMS_DKIM_RULES"]))
    vid = "arc-ams-without-body-hash"
    g_tags.append(V(vid, "The newest AMS has no bh= tag (required in a DKIM-Signature and so in an AMS); it cannot be verified: fail at 1.", "8617:4.1.2", hops(vid, (HOP1, {"ams_edit": drop_tag("bh")})), "fail", failed=1, flags=["AMS_DKIM_RULES"]))
    vid = "arc-ams-rsa-sha1"
    g_tags.append(V(vid, "The newest AMS is a=rsa-sha1; verification is imported from DKIM as updated by RFC 8301, which forbids verifying rsa-sha1, so fail at 1.", "8301:3.1", hops(vid, (HOP1, {"ams_alg": "rsa-sha1"})), "fail", failed=1, flags=["RFC8301"]))
    vid = "arc-ams-signs-arc-seal"
    g_tags.append(V(vid, "AMS 2 lists arc-seal in h= and really signs AS 1, which is still present, so its signature verifies; 4.1.2 forbids signing ARC fields but says nothing of the validator: fail or pass.", "8617:4.1.2", hops(vid, HOP1, (HOP2, {"h": H_AMS + ["arc-seal"]})), ["fail", "pass"], oldest=0, failed=2, flags=["AMS_FORBIDDEN_HEADERS_AMBIGUOUS"], readings=[PRIMARY, Reading(reject_forbidden_ams_headers=False)]))
    vid = "arc-ams-signs-arc-seal-added-later"
    g_tags.append(V(vid, "AMS 1 lists arc-seal while no ARC-Seal existed yet; the validator finds AS 1 for that name, so the signed data differs (and the rule of 4.1.2 is broken): fail at 1 on either reading.", "8617:4.1.2", hops(vid, (HOP1, {"h": H_AMS + ["arc-seal"]})), "fail", failed=1, flags=["NEWEST_AMS"], readings=[PRIMARY, Reading(reject_forbidden_ams_headers=False)]))
    vid = "arc-ams-signs-authentication-results"
    g_tags.append(V(vid, "AMS 2 signs the Authentication-Results of hop 1, which 4.1.2 forbids because such fields are often removed; here it was kept and the signature verifies: fail (rule) or pass (signature).", "8617:4.1.2", hops(vid, HOP1, (HOP2, {"h": H_AMS + ["authentication-results"]})), ["fail", "pass"], oldest=0, failed=2, flags=["AMS_FORBIDDEN_HEADERS_AMBIGUOUS"], readings=[PRIMARY, Reading(reject_forbidden_ams_headers=False)]))
    vid = "arc-ams-expiry-in-future"
    g_tags.append(V(vid, "The newest AMS has x= a week after the validation time; it has not expired and the chain validates.", "8617:4.1.2", hops(vid, (HOP1, {"x": NOW + 7 * 86400})), "pass", oldest=0, flags=["AMS_DKIM_RULES"]))
    vid = "arc-ams-expired"
    g_tags.append(V(vid, "The newest AMS expired (x=) a minute before validation; DKIM only allows a verifier to treat it as invalid, so pass and fail at 1 are both accepted.", "8617:4.1.2", hops(vid, (HOP1, {"x": NOW - 60})), ["pass", "fail"], oldest=0, failed=1, level="MAY", flags=["EXPIRY_OPTIONAL"], readings=[PRIMARY, Reading(enforce_expiry=True)]))
    vid = "arc-ams-older-expired"
    g_tags.append(V(vid, "AMS 1 (valid when hop 2 sealed) has since expired, AMS 2 has no x=; an older AMS never decides the chain, so cv=pass, while oldest-pass is 0 or 2 by expiry policy and not given.", "8617:5.2", hops(vid, (HOP1, {"x": NOW - 60}), HOP2), "pass", level="MUST", flags=["EXPIRY_OPTIONAL", "EARLIER_AMS_IGNORED"], readings=[PRIMARY, Reading(enforce_expiry=True)]))
    vid = "arc-ams-expiry-not-after-timestamp"
    g_tags.append(V(vid, "The newest AMS has x= a minute before its own t=; DKIM requires x= to be greater than t=, so the AMS is invalid: fail at 1.", "8617:4.1.2", hops(vid, (HOP1, {"x": T0})), "fail", failed=1, flags=["AMS_DKIM_RULES"]))
    vid = "arc-as-with-h-tag"
    raw = hops(vid, (HOP1, {"as_extra": [("h", "arc-authentication-results:arc-message-signature")]}))
    g_tags.append(V(vid, "The only AS carries h= (and its signature, h= included, verifies); an h= tag in an AS MUST result in cv=fail.", "8617:4.1.3", raw, "fail", failed=1, flags=["AS_H_TAG"]))
    vid = "arc-as-with-h-tag-older"
    raw = hops(vid, (HOP1, {"as_extra": [("h", "arc-authentication-results:arc-message-signature")]}), (HOP2, {"cv": "pass"}))
    g_tags.append(V(vid, "AS 1 carries h=, and hop 2 nevertheless sealed cv=pass; AS 2 verifies, AS 1 must give fail because of its h= tag: fail at 1.", "8617:4.1.3", raw, "fail", failed=1, flags=["AS_H_TAG"]))
    vid = "arc-as-with-bh-tag"
    bh = ma.b64(ma.body_hash(BODY, "relaxed"))
    raw = hops(vid, (HOP1, {"as_extra": [("bh", bh)]}))
    g_tags.append(V(vid, "The only AS carries a bh= body hash, which an AS does not have (4.1.3); the signature over it verifies. Ignoring the unsupported tag gives pass, rejecting it fail.", "8617:4.1.3", raw, ["pass", "fail"], oldest=0, failed=1, flags=["AS_UNSUPPORTED_TAG_AMBIGUOUS"], readings=[PRIMARY, Reading(reject_other_as_tags=True)]))
    vid = "arc-as-expired"
    raw = hops(vid, (HOP1, {"as_extra": [("x", str(NOW - 60))]}))
    g_tags.append(V(vid, "The only AS carries x= a minute before validation; x= is not among the AS tags (only t= is), so it is ignored (pass) or the AS is rejected for it (fail).", "8617:4.1.3", raw, ["pass", "fail"], oldest=0, failed=1, flags=["AS_UNSUPPORTED_TAG_AMBIGUOUS"], readings=[PRIMARY, Reading(reject_other_as_tags=True)]))
    vid = "arc-as-rsa-sha1"
    g_tags.append(V(vid, "The AMS is rsa-sha256 but the AS is a=rsa-sha1; RFC 8301 forbids verifying rsa-sha1, so the seal fails at 1.", "8301:3.1", hops(vid, (HOP1, {"as_alg": "rsa-sha1"})), "fail", failed=1, flags=["RFC8301"]))

    g_keys = []
    net = lambda **kw: dataclasses.replace(HOP1, **kw)  # noqa: E731
    vid = "arc-key-as-nxdomain"
    g_keys.append(V(vid, "The AS names selector retired, which answers NXDOMAIN; there is no key to verify the seal: fail at 1.", "8617:5.2.1", hops(vid, net(s="retired", ams_s="rsa2048a")), "fail", failed=1, flags=["KEY_RECORD"]))
    vid = "arc-key-ams-nxdomain"
    g_keys.append(V(vid, "The newest AMS names a selector that answers NXDOMAIN; step 4 fails at 1.", "8617:5.2.1", hops(vid, net(ams_s="retired")), "fail", failed=1, flags=["KEY_RECORD"]))
    vid = "arc-key-as-servfail"
    g_keys.append(V(vid, "The key query of the only AS gets SERVFAIL; in ARC a DNS failure is permanent (5.2.1), so the status is fail, not a temporary error.", "8617:5.2.1", hops(vid, net(s="flaky", ams_s="rsa2048a")), "fail", failed=1, flags=["DNS_PERMANENT"]))
    vid = "arc-key-ams-timeout"
    g_keys.append(V(vid, "The key query of the newest AMS times out; all ARC errors are permanent, so fail at 1.", "8617:5.2.1", hops(vid, net(ams_s="slow")), "fail", failed=1, flags=["DNS_PERMANENT"]))
    vid = "arc-key-older-as-servfail"
    g_keys.append(V(vid, "AS 1's key query gets SERVFAIL at validation (it worked when hop 2 sealed); AS 2 verifies, AS 1 cannot: fail at 1.", "8617:5.2.1", hops(vid, net(s="flaky", ams_s="rsa2048a"), HOP2), "fail", failed=1, flags=["DNS_PERMANENT"]))
    vid = "arc-key-older-ams-servfail"
    g_keys.append(V(vid, "AMS 1's key query gets SERVFAIL; an older AMS that cannot be validated only sets oldest-pass (2), and the seals verify, so pass.", "8617:5.2", hops(vid, net(ams_s="flaky"), HOP2), "pass", oldest=2, flags=["DNS_PERMANENT", "EARLIER_AMS_IGNORED"]))
    vid = "arc-key-older-ams-withdrawn"
    g_keys.append(V(vid, "The key of AMS 1 was withdrawn (NXDOMAIN) after hop 2 sealed; AMS 2 and both seals verify: pass with oldest-pass 2.", "8617:5.2", hops(vid, net(ams_s="retired"), HOP2), "pass", oldest=2, flags=["EARLIER_AMS_IGNORED"]))
    vid = "arc-key-as-revoked"
    g_keys.append(V(vid, "The AS key record has an empty p= (revoked); the seal cannot verify: fail at 1.", "8617:5.2", hops(vid, net(s="revoked", ams_s="rsa2048a")), "fail", failed=1, flags=["KEY_RECORD"]))
    vid = "arc-key-ams-revoked"
    g_keys.append(V(vid, "The newest AMS's key record is revoked (empty p=): fail at 1.", "8617:5.2", hops(vid, net(ams_s="revoked")), "fail", failed=1, flags=["KEY_RECORD"]))
    vid = "arc-key-rsa-512"
    g_keys.append(V(vid, "AMS and AS are signed with a 512-bit RSA key, below the 1024 bits RFC 8301 requires; the newest AMS fails first (step 4): fail at 1.", "8301:3.2", hops(vid, net(key="rsa-512")), "fail", failed=1, flags=["RFC8301"]))
    vid = "arc-key-type-mismatch"
    g_keys.append(V(vid, "The AS is rsa-sha256 but its key record says k=ed25519; the key does not fit the algorithm (RFC 6376 6.1.2): fail at 1.", "8617:5.2", hops(vid, net(s="edtype", ams_s="rsa2048a")), "fail", failed=1, flags=["KEY_RECORD"]))
    vid = "arc-key-hash-not-allowed"
    g_keys.append(V(vid, "The AS key record restricts hashes to h=sha1 while the AS uses SHA-256; the key may not be used for it: fail at 1.", "8617:5.2", hops(vid, net(s="sha1only", ams_s="rsa2048a")), "fail", failed=1, flags=["KEY_RECORD"]))
    vid = "arc-key-record-without-key"
    g_keys.append(V(vid, "The AS key record has no p= tag at all, a key record syntax error; fail at 1.", "8617:5.2", hops(vid, net(s="nop", ams_s="rsa2048a")), "fail", failed=1, flags=["KEY_RECORD"]))

    return build_file(
        "RFC 8617: AMS and AS tags, key records and DNS errors",
        "The AMS as a DKIM-Signature without v= (RFC 8617 4.1.2: v= ignored, forbidden signed fields, From, x=, RFC 8301 algorithms), the AS tag rules (4.1.3: h= fatal, tags that are not supported), and key records and DNS failures, which RFC 8617 5.2.1 makes permanent. Messages were sealed by vectors/arc/generate.py.",
        [G("AMS and AS tags. Every sealing domain publishes the test keys under selectors rsa2048a, rsa2048b, rsa1024, eda and edb.", STD_ZONE, g_tags),
         G("Key records and DNS failures for d=example.net: selector retired is absent (NXDOMAIN), flaky answers SERVFAIL, slow times out, revoked has an empty p=, rsa512 holds a 512-bit key, edtype an Ed25519 key, sha1only is restricted to h=sha1 and nop has no p=. The hop that sealed saw working keys; the zone is the one at validation time.", KEY_ZONE, g_keys)])


def all_files() -> dict[str, dict]:
    return {
        "rfc8617-validate.json": file_validate(),
        "rfc8617-structure.json": file_structure(),
        "rfc8617-signatures.json": file_signatures(),
    }


# ============================================================================================
# Cross-check with Debian's python3-dkim (a check only; never writes anything)
# ============================================================================================


def crosscheck(files: dict[str, dict]) -> int:
    import hashlib
    import dkim  # Debian python3-dkim
    dkim.ARC_HASH_ALGORITHMS.setdefault(b"ed25519-sha256", hashlib.sha256)  # 1.1.4: rsa only
    saved = time.time
    time.time = lambda: NOW
    disagree = 0
    total = 0
    try:
        for name, doc in files.items():
            for g in doc["groups"]:
                zone = g["zone"]

                def dnsfunc(qname, timeout=5, zone=zone):
                    q = qname.decode() if isinstance(qname, bytes) else qname
                    try:
                        return txt_records(zone, q.rstrip("."))[0].encode()
                    except DnsFailure:
                        return None
                for v in g["vectors"]:
                    total += 1
                    raw = v["message"].encode()
                    res = []
                    try:
                        cv, res, why = dkim.arc_verify(raw, dnsfunc=dnsfunc)
                        cv = cv.decode()
                    except Exception as e:  # noqa: BLE001
                        cv, why = "exception", repr(e)
                    if cv not in v["cv"]:
                        disagree += 1
                        print(f"{v['id']}: python3-dkim says {cv} ({why}); vector {v['cv']}")
                    elif cv == "pass" and "oldestPass" in v:
                        # oldest-pass from its per-instance AMS results (5.2 step 5)
                        valid = {r["instance"]: r["ams-valid"] for r in res}
                        n = max(valid)
                        oldest = next((m + 1 for m in range(n - 1, 0, -1) if not valid[m]), 0)
                        if oldest != v["oldestPass"]:
                            disagree += 1
                            print(f"{v['id']}: python3-dkim's AMS results give oldest-pass "
                                  f"{oldest}; vector {v['oldestPass']}")
    finally:
        time.time = saved
    print(f"python3-dkim arc_verify: {total - disagree} of {total} vectors agree")
    return disagree


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    parser.add_argument("--crosscheck", action="store_true",
                        help="also report where python3-dkim's arc_verify disagrees")
    args = parser.parse_args(argv[1:])
    files = all_files()
    status = ma.write_or_check(files, HERE, ROOT, args.check)
    if args.crosscheck:
        crosscheck(files)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

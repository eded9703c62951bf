"""The SPF vectors replayed over SMTP (issue 4 part 5): the reference MTA's authentication-only
configuration receives each query's client (XCLIENT), HELO and MAIL FROM, and the harness reads
spf=<result> from the Authentication-Results field of the copy that reaches the sink.

Every MAIL FROM case passes, except the four whose sender RFC 5321 cannot carry (an empty
label, a 64-octet label, an empty local part): the MTA refuses the MAIL command (501), no copy
arrives, and the case is inconclusive with that reason. HELO-identity cases are not-applicable:
an MTA reports its MAIL FROM check.
"""
import json
import subprocess

UNCARRIABLE = {
    "rec-domain-empty-label-none",
    "rec-domain-label-64-octets-none",
    "ident-mailfrom-empty-local-part",
    "rec-sender-empty-local-part-postmaster",
}


def test_spf_vectors_over_smtp(ascot, tmp_path):
    run = subprocess.run([ascot, "run", "--iut", "reference-mta", "--suite", "spf", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout  # the four inconclusive cases
    results = json.loads((tmp_path / "results.json").read_text())
    cases = [c for p in results["purposes"] for c in p["cases"]]
    by_verdict = {}
    for c in cases:
        by_verdict.setdefault(c["verdict"], []).append(c)
    assert {c["vector"] for c in by_verdict["inconclusive"]} == UNCARRIABLE
    for c in by_verdict["inconclusive"]:
        assert " 501 " in c["transcript"], c["transcript"]
    assert all("spf.helo" in c["reason"] or "claim" in c["reason"] for c in by_verdict["not-applicable"])
    assert len(by_verdict["pass"]) >= 240
    assert set(by_verdict) == {"pass", "inconclusive", "not-applicable"}


def test_dkim_and_arc_vectors_over_smtp(ascot, tmp_path):
    """Every DKIM and ARC vector, sent through the authentication-only reference MTA with its
    clock at the vector's time, judged from dkim= and arc= in Authentication-Results. (This
    replay found that header.b was written unquoted although base64 holds "/" and "=", RFC 2045
    tspecials that RFC 8601 2.2 allows only in a quoted-string; fixed.)"""
    for suite in ("dkim", "arc"):
        out = tmp_path / suite
        run = subprocess.run([ascot, "run", "--iut", "reference-mta", "--suite", suite, "--out", str(out)],
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout
        results = json.loads((out / "results.json").read_text())
        verdicts = {c["verdict"] for p in results["purposes"] for c in p["cases"]}
        assert verdicts == {"pass"}, (suite, verdicts)

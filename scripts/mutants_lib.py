"""mutants_lib: what scripts/mutants-spf and scripts/mutants-mailauth share.

A mutant is one deliberate fault in the reference: an exact piece of source text and what to
put in its place. main() checks that every mutant's text is there exactly once, copies the
tree to a scratch directory, builds reference_vectors_test there (two cores, that target
only) and runs the vectors of the chosen suites, first unchanged (every vector must pass)
and then once per mutant, each applied alone and undone afterwards. The working tree and its
build directories are never touched.

Matching ignores white space, so that the scripts keep working across a reformat; the
pytest in scripts/tests/test_mutants.py still asks for the exact text, so that the lists are
brought up to date when the code moves.
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from typing import NamedTuple

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = "reference_vectors_test"
JOBS = "2"
RUN_TIMEOUT = 300  # seconds for one run of the vectors; a mutant that loops is caught by it
# One failing vector case: "[  FAILED  ] All/Vector.Reference/dkim__dkim_tags_v_2, where ..."
FAILED = re.compile(r"^\[  FAILED  \] \S*?Vector\.\w+/([a-z0-9]+)__(\w+)", re.M)


class Mutant(NamedTuple):
    name: str  # short and unique: --only takes it
    path: str  # the source file, relative to the top of the tree
    old: str  # the exact text to replace; it must occur exactly once
    new: str  # what replaces it
    what: str  # the fault, with the RFC clause it breaks


class Outcome(NamedTuple):
    failed: list  # (suite, vector id) of every vector that noticed, sorted
    problem: str  # "" or what else happened: a crash, a timeout


def pattern(old):
    """A regular expression for |old| that ignores white space."""
    return re.compile(r"\s*".join(re.escape(c) for c in old if not c.isspace()))


def occurrences(mutant, root=ROOT):
    """How often the mutant's text occurs in its file: (exactly, ignoring white space)."""
    source = (pathlib.Path(root) / mutant.path).read_text()
    return source.count(mutant.old), len(pattern(mutant.old).findall(source))


def problems(mutants, root=ROOT):
    """What is wrong with a list of mutants: duplicate names, missing files, text not found
    exactly once, replacements that change nothing. Empty when all is well."""
    out = []
    names = [m.name for m in mutants]
    out += [f"the name {n} is used twice" for n in sorted({n for n in names if names.count(n) > 1})]
    for m in mutants:
        if not (pathlib.Path(root) / m.path).is_file():
            out.append(f"mutant {m.name}: {m.path} does not exist")
            continue
        exact, loose = occurrences(m, root)
        if exact != 1 or loose != 1:
            out.append(f"mutant {m.name}: the text to replace occurs {exact} times in {m.path} "
                       f"({loose} ignoring white space); it must occur exactly once")
        if m.old == m.new or not m.what:
            out.append(f"mutant {m.name}: no change, or no description")
    return out


def failing_vectors(output, suites):
    """The (suite, vector id) pairs that GoogleTest |output| reports failed, in the order of
    |suites|, then of the ids."""
    found = {(s, i.replace("_", "-")) for s, i in FAILED.findall(output) if s in suites}
    return sorted(found, key=lambda f: (suites.index(f[0]), f[1]))


class Scratch:
    """A copy of the tree with its own build directory."""

    def __init__(self):
        self.top = pathlib.Path(tempfile.mkdtemp(prefix="ascot-mutants-"))
        self.tree = self.top / "src"
        shutil.copytree(ROOT, self.tree,
                        ignore=shutil.ignore_patterns("build", "out", ".git", "__pycache__", ".pytest_cache"))
        self.build = self.tree / "build" / "mutants"
        self.command(["cmake", "-S", ".", "-B", str(self.build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                      "-DASCOT_BUILD_BENCHMARKS=OFF", "-DASCOT_WERROR=OFF"])

    def command(self, cmd):
        r = subprocess.run(cmd, cwd=self.tree, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed (scratch tree kept in {self.tree}):\n"
                     f"{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        return r

    def vectors(self, suites):
        """Builds the test program and runs the vectors of |suites|."""
        self.command(["cmake", "--build", str(self.build), "--target", TARGET, "-j", JOBS])
        test = self.build / "harness" / TARGET
        selected = ":".join(f"*/{s}__*" for s in suites)
        try:
            r = subprocess.run([str(test), "--gtest_brief=1", f"--gtest_filter={selected}"], cwd=self.tree,
                               capture_output=True, text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return Outcome([], f"no result after {RUN_TIMEOUT} s")
        failed = failing_vectors(r.stdout, suites)
        if r.returncode < 0:
            return Outcome(failed, f"the test program died of signal {-r.returncode}")
        if r.returncode != 0 and not failed:
            return Outcome(failed, f"the test program failed without a failing vector:\n{r.stdout[-2000:]}")
        return Outcome(failed, "")

    def outcome(self, mutant, suites):
        """Applies |mutant|, runs the vectors, and undoes it."""
        source = self.tree / mutant.path
        original = source.read_text()
        found = pattern(mutant.old).findall(original)
        if len(found) != 1:
            sys.exit(f"mutant {mutant.name}: the text to replace is not found exactly once in {mutant.path}")
        source.write_text(pattern(mutant.old).sub(lambda _: mutant.new, original))
        try:
            return self.vectors(suites)
        finally:
            source.write_text(original)

    def remove(self):
        shutil.rmtree(self.top)


def summary(outcome, shown, suites):
    """"3  id-a, id-b" or, over several suites, "3 (dkim 2, arc 1)  id-a, id-b"."""
    count = str(len(outcome.failed))
    if len(suites) > 1 and outcome.failed:
        per_suite = [f"{s} {n}" for s in suites if (n := sum(1 for f in outcome.failed if f[0] == s))]
        count += f" ({', '.join(per_suite)})"
    ids = [i for _, i in outcome.failed]
    listed = ", ".join(ids[:shown]) + (" ..." if len(ids) > shown else "")
    return count, (listed + ("; " if listed and outcome.problem else "") + outcome.problem)


def main(doc, mutants, suites, shown=4):
    """The command line both scripts share: [--only NAME] [--keep]. Exit status 0 when every
    mutant was caught, 1 when one was not, 2 for a bad argument or a broken mutant list."""
    mutants = [Mutant._make(m) for m in mutants]
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--only", help="run only the mutant with this name")
    parser.add_argument("--keep", action="store_true", help="keep the scratch tree")
    args = parser.parse_args()
    if args.only:
        mutants = [m for m in mutants if m.name == args.only]
        if not mutants:
            parser.error(f"no mutant is called {args.only}")
    broken = problems(mutants)
    if broken:
        print("\n".join(broken), file=sys.stderr)
        return 2
    scratch = Scratch()
    baseline = scratch.vectors(suites)
    if baseline.failed or baseline.problem:
        sys.exit(f"the unmodified reference does not pass every vector (scratch tree kept in {scratch.tree}): "
                 + " ".join(summary(baseline, shown, suites)))
    width = max([28] + [len(m.name) + 2 for m in mutants])
    count_width = 9 if len(suites) == 1 else 22
    print(f"{'mutant':{width}} {'caught by':>{count_width}}  vectors (first few)", flush=True)
    uncaught = []
    for m in mutants:
        outcome = scratch.outcome(m, suites)
        if not outcome.failed and not outcome.problem:
            uncaught.append(m.name)
        count, listed = summary(outcome, shown, suites)
        print(f"{m.name:{width}} {count:>{count_width}}  {listed}\n{'':{width + count_width + 3}}({m.what})",
              flush=True)
    if args.keep:
        print(f"\nscratch tree kept in {scratch.tree}")
    else:
        scratch.remove()
    print(f"\n{len(uncaught)} mutant(s) not caught" + (f": {', '.join(uncaught)}" if uncaught else ""))
    return 1 if uncaught else 0

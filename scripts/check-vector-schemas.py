#!/usr/bin/python3
"""check-vector-schemas: validate vector files against their JSON schemas with python3-jsonschema.

An independent check of the project's own linter (`ascot vectors lint`): a second, unrelated
JSON Schema implementation must accept every vector file the linter accepts.

Usage: check-vector-schemas.py FILE...   (exit 0 when every file is valid)
"""
import json
import pathlib
import sys

import jsonschema

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "vectors" / "schemas"


def load_schemas():
    store = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[schema["$id"]] = schema
        store[path.resolve().as_uri()] = schema
    return store


def validate(path, store):
    doc = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    name = doc.get("schema")
    if name not in store:
        return [f"{path}: unknown schema {name!r}"]
    schema = store[name]
    resolver = jsonschema.RefResolver(base_uri=(SCHEMAS / name).resolve().as_uri(),
                                      referrer=schema, store=store)
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
    return [f"{path}: {'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
            for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))]


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    store = load_schemas()
    problems = []
    for path in argv[1:]:
        problems += validate(path, store)
    for p in problems:
        print(p)
    print(f"{len(argv) - 1} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

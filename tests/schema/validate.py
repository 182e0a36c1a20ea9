#!/usr/bin/env python3
"""Validates Confide's content against its JSON Schemas (draft 2020-12).

Every content/*.json must follow content/schema/assessment.schema.json and every
content/publishers/*.json content/schema/publisher.schema.json. Each file under
tests/schema/invalid/ must be refused, at the place its entry in EXPECTED names, so that the
schemas keep catching what an editor should flag while a publisher types (a `showif` typo, a
wrong type...). The engine's own checks (`confide check`) go further: ids that must exist,
coverage, locales; the schemas are what editors can check on their own.

Uses Debian's python3-jsonschema. Prints one line per file and a summary; exits 1 on any
failure.
"""

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SCHEMAS = CONTENT / "schema"
INVALID = Path(__file__).resolve().parent / "invalid"

# file in tests/schema/invalid/ -> (schema it is checked against, JSON Pointer of the error).
# An error at that pointer or below it counts: where a schema refuses a key that
# `unevaluatedProperties` forbids, jsonschema 4.10 (Debian 12) reports the key itself and
# later versions the object that holds it, so each pointer here names the object.
EXPECTED = {
    "assessment-showif-typo.json": ("assessment", "/questions/1"),
    "assessment-required-string.json": ("assessment", "/questions/0/required"),
    "assessment-condition-two-shapes.json": ("assessment", "/outcomes/0/when"),
    "assessment-bad-id.json": ("assessment", "/questions/0/options/1/id"),
    "assessment-empty-text.json": ("assessment", "/title"),
    "assessment-unknown-type.json": ("assessment", "/questions/0/type"),
    "assessment-finding-without-when.json": ("assessment", "/findings/0"),
    "assessment-number-with-options.json": ("assessment", "/questions/0"),
    "assessment-exclusive-on-single.json": ("assessment", "/questions/0/options/1"),
    # The loader refuses these three at the same place (tests/engine/loader.tests.cpp).
    "assessment-long-version.json": ("assessment", "/version"),
    "assessment-schema-number.json": ("assessment", "/$schema"),
    "publisher-schema-number.json": ("publisher", "/$schema"),
    "publisher-http-link.json": ("publisher", "/blocks/0/links/0/url"),
    "publisher-cross-origin-image.json": ("publisher", "/blocks/0/products/0/image"),
    "publisher-products-without-notice.json": ("publisher", "/blocks/0"),
    "publisher-resource-without-date.json": ("publisher", "/resources/0"),
    "publisher-bad-colour.json": ("publisher", "/theme/accent"),
    "publisher-unless-empty.json": ("publisher", "/blocks/0/unless"),
}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def pointer(error):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path)


def at_or_below(place, where):
    """Whether JSON Pointer `place` is `where` or inside it (compared token by token)."""
    return place == where or place.startswith(where + "/")


def main():
    validators = {}
    for kind in ("assessment", "publisher"):
        schema = load_json(SCHEMAS / f"{kind}.schema.json")
        Draft202012Validator.check_schema(schema)
        validators[kind] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    passed = failed = 0

    def report(ok, name, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok    {name}{detail}")
        else:
            failed += 1
            print(f"FAIL  {name}{detail}")

    valid_files = [("assessment", p) for p in sorted(CONTENT.glob("*.json"))]
    valid_files += [("publisher", p) for p in sorted((CONTENT / "publishers").glob("*.json"))]
    for kind, path in valid_files:
        name = path.relative_to(ROOT)
        try:
            errors = sorted(validators[kind].iter_errors(load_json(path)), key=lambda e: list(e.absolute_path))
        except (OSError, ValueError) as e:
            report(False, name, f": {e}")
            continue
        if errors:
            report(False, name, "".join(f"\n      {pointer(e) or '/'}: {e.message}" for e in errors))
        else:
            report(True, name)

    present = {p.name for p in INVALID.glob("*.json")}
    for missing in sorted(set(EXPECTED) - present):
        report(False, f"tests/schema/invalid/{missing}", ": listed but missing")
    for extra in sorted(present - set(EXPECTED)):
        report(False, f"tests/schema/invalid/{extra}", ": not listed in EXPECTED")
    for fname in sorted(set(EXPECTED) & present):
        kind, where = EXPECTED[fname]
        name = f"tests/schema/invalid/{fname}"
        try:
            errors = list(validators[kind].iter_errors(load_json(INVALID / fname)))
        except (OSError, ValueError) as e:
            report(False, name, f": not JSON: {e}")
            continue
        places = sorted({pointer(e) for e in errors})
        if not errors:
            report(False, name, f": accepted, but must be refused at {where}")
        elif not any(at_or_below(place, where) for place in places):
            refused = ", ".join(places) or "/"
            report(False, name, f": refused at {refused}, expected at or below {where}")
        else:
            inside = ", ".join(place for place in places if at_or_below(place, where))
            report(True, name, f" (refused at {inside}, as expected)")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

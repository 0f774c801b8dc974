#!/usr/bin/env python3
"""Validates an iamgate report against its published schema.

    validate-report.py sarif FILE   # SARIF 2.1.0 JSON schema (fixtures/schemas/sarif-schema-2.1.0.json)
    validate-report.py junit FILE   # JUnit XML schema (fixtures/schemas/junit-10.xsd)
    validate-report.py audit FILE   # iamgate's audit report (fixtures/schemas/audit-report.schema.json)
    validate-report.py audit-diff FILE  # iamgate's audit diff (fixtures/schemas/audit-diff.schema.json)

Exit status: 0 valid; 1 invalid (the first error is printed); 2 usage error or unreadable file;
3 a required Python module (jsonschema, xmlschema) is missing.
Needs `jsonschema` and `xmlschema` from PyPI, e.g. python3 -m venv .venv && .venv/bin/pip install jsonschema xmlschema
"""

import json
import sys
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif-schema-2.1.0.json"
JUNIT_SCHEMA = SCHEMAS / "junit-10.xsd"
AUDIT_SCHEMA = SCHEMAS / "audit-report.schema.json"
AUDIT_DIFF_SCHEMA = SCHEMAS / "audit-diff.schema.json"
INSTALL_HINT = "install it with: python3 -m venv .venv && .venv/bin/pip install jsonschema xmlschema"

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_MISSING_MODULE = 3


def fail(code, message):
    print(f"validate-report: {message}", file=sys.stderr)
    return code


def require(module_name):
    try:
        return __import__(module_name)
    except ImportError:
        return None


def location_of(error):
    path = "".join(f"[{part!r}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    return "$" + path


def validate_sarif(path):
    return validate_json(path, SARIF_SCHEMA, "SARIF 2.1.0")


def validate_audit(path):
    return validate_json(path, AUDIT_SCHEMA, "iamgate audit report")


def validate_audit_diff(path):
    return validate_json(path, AUDIT_DIFF_SCHEMA, "iamgate audit diff")


def validate_json(path, schema_path, what):
    jsonschema = require("jsonschema")
    if jsonschema is None:
        return fail(EXIT_MISSING_MODULE, f"python module 'jsonschema' is missing ({sys.executable}); {INSTALL_HINT}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return fail(EXIT_USAGE, f"cannot read '{path}': {error}")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        print(f"{path}: invalid: not JSON: {error.msg} at line {error.lineno} column {error.colno}")
        return EXIT_INVALID
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        print(f"{path}: invalid: {location_of(best)}: {best.message}")
        return EXIT_INVALID
    print(f"{path}: valid {what}")
    return EXIT_VALID


def validate_junit(path):
    xmlschema = require("xmlschema")
    if xmlschema is None:
        return fail(EXIT_MISSING_MODULE, f"python module 'xmlschema' is missing ({sys.executable}); {INSTALL_HINT}")
    if not path.is_file():
        return fail(EXIT_USAGE, f"cannot read '{path}': no such file")
    schema = xmlschema.XMLSchema(str(JUNIT_SCHEMA))
    try:
        error = next(iter(schema.iter_errors(str(path))), None)
    except Exception as parse_error:  # malformed XML surfaces here as ElementTree.ParseError and friends
        print(f"{path}: invalid: not well-formed XML: {parse_error}")
        return EXIT_INVALID
    if error is not None:
        where = error.path or "document"
        reason = error.reason or error.message
        print(f"{path}: invalid: {where}: {reason}")
        return EXIT_INVALID
    print(f"{path}: valid JUnit XML")
    return EXIT_VALID


def main(arguments):
    validators = {
        "sarif": validate_sarif,
        "junit": validate_junit,
        "audit": validate_audit,
        "audit-diff": validate_audit_diff,
    }
    if len(arguments) != 2 or arguments[0] not in validators:
        return fail(EXIT_USAGE, "usage: validate-report.py sarif|junit|audit|audit-diff FILE")
    kind, name = arguments
    return validators[kind](Path(name))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

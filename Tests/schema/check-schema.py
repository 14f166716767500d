#!/usr/bin/python3
"""Checks application files (YAML or JSON) against the application JSON Schema.

Usage:
    python3 check-schema.py SCHEMA FILE...      check files; exit 1 if any fails
    python3 check-schema.py --self-test SCHEMA  check the schema against built-in cases

Every problem is printed as `FILE:LINE: $.json.path: message`. Exit codes: 0 every file
passes, 1 some file fails (or a self-test case gives the wrong answer), 2 usage error or a
file that cannot be read at all.

YAML is read as `safetyreg` reads it as far as types go: a date such as 2026-11-20 stays
the text "2026-11-20" (the timestamp resolver is removed), so the schema's date patterns
apply. Other YAML 1.1 rules still hold (13800138000 unquoted is a number, 0012345 an
octal number): the schema accepts numbers wherever the tool takes a number as written.

Needs only Debian's python3-yaml and python3-jsonschema (4.x, for draft 2020-12):
    apt-get install -y python3-yaml python3-jsonschema
"""

import copy
import json
import os
import sys

import jsonschema
import yaml

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class StringDateLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates and times as strings."""


StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path):
    """The document and a function giving the line of a JSON path (None when unknown)."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    if path.lower().endswith(".json"):
        document = json.loads(text)
    else:
        document = yaml.load(text, Loader=StringDateLoader)
    try:
        root = yaml.compose(text, Loader=StringDateLoader)  # for line numbers (JSON is YAML too)
    except yaml.YAMLError:
        root = None

    def line_of(path_items):
        node, line = root, None
        for item in path_items:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if k.value == item]
                node, line = (match[0][1], match[0][0].start_mark.line + 1) if match else (None, line)
            elif isinstance(node, yaml.SequenceNode) and isinstance(item, int) and item < len(node.value):
                node = node.value[item]
                line = node.start_mark.line + 1
            else:
                node = None
        if node is not None:
            line = node.start_mark.line + 1
        return line

    return document, line_of


def json_path(error):
    path = "$"
    for item in error.absolute_path:
        path += f"[{item}]" if isinstance(item, int) else f".{item}"
    return path


def describe(error):
    """The validator's message; where the schema has a hint for it, the value and the hint."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("patternErrorMessage") if error.validator == "pattern" else None
    hint = hint or schema.get("errorMessage")
    if hint and error.validator in ("pattern", "enum", "type", "minItems", "minimum", "maximum",
                                    "exclusiveMinimum", "maxLength", "anyOf"):
        return f"{error.instance!r}: {hint}"
    return error.message


def leaf_errors(error):
    """An anyOf failure is reported as the failures inside it: the deepest, not the type mismatches."""
    if error.context and error.validator in ("anyOf", "oneOf"):
        deepest = max(len(e.absolute_path) for e in error.context)
        best = [e for e in error.context if len(e.absolute_path) == deepest]
        # For "anyOf: [one value, a list]" report only the branch that matches the type given.
        typed = [e for e in best if e.validator != "type"]
        return [leaf for e in (typed or best[:1]) for leaf in leaf_errors(e)]
    return [error]


def check(validator, document):
    """Sorted (json path, message, error) triples for one document."""
    found = []
    for error in validator.iter_errors(document):
        for leaf in leaf_errors(error):
            found.append((json_path(leaf), describe(leaf), leaf))
    unique = {(p, m): e for p, m, e in found}
    return sorted(((p, m, e) for (p, m), e in unique.items()), key=lambda t: (t[0], t[1]))


def unexpected_key(error):
    """For an unknown key, the key itself (so that its line is reported, not its parent's)."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        extra = [key for key in error.instance if key not in known]
        return extra[:1]
    return []


def validator_for(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_files(schema_path, files):
    validator = validator_for(schema_path)
    failed = unreadable = 0
    for path in files:
        try:
            document, line_of = load(path)
        except (OSError, ValueError, yaml.YAMLError) as e:
            print(f"{path}: cannot be read: {e}", file=sys.stderr)
            unreadable += 1
            continue
        problems = check(validator, document)
        if not problems:
            print(f"{path}: ok")
            continue
        failed += 1
        for where, message, error in problems:
            line = line_of(list(error.absolute_path) + unexpected_key(error))
            place = f"{path}:{line}" if line else path
            print(f"{place}: {where}: {message}")
    if failed:
        print(f"{failed} of {len(files)} files do not match the schema")
    return 2 if unreadable else 1 if failed else 0


# ---- self-test: one valid application and small changes to it --------------------------

BASE = """
id: "2026-000101"
kind: initial
applicationDate: 2026-11-20
applicant:
  name: 张伟
  gender: male
  birthDate: 1988-04-12
  idType: resident_id
  idNumber: "110101198804120010"
  education: 本科
  phone: 13800138000
  address: 北京市东城区东直门南大街 10 号
  qualificationCertificateNo: "0012345"
  qualificationDate: 2022-03-15
category: chemical
employer:
  name: 北京华安化工有限公司
  creditCode: "91110105MA01ABCDEB"
  nature: 企业
  address: 北京市朝阳区化工路 88 号
  contact: 李四
  phone: "010-65432100"
workExperience:
  - { from: 2010-07, to: 2016-06, employer: 北京某化工厂, position: 安全员 }
  - { from: 2016-07, to: 至今, employer: 北京华安化工有限公司, position: 安全管理部主管 }
continuingEducation:
  - { date: 2024-09-10, provider: 北京市安全生产协会, course: 安全生产法, hours: 16 }
"""


DELETE = object()


def with_changes(**changes):
    """BASE with the keys named (`applicant__phone`, `workExperience__0__from`) set or deleted."""
    document = yaml.load(BASE, Loader=StringDateLoader)
    for dotted, value in changes.items():
        keys = dotted.split("__")
        target = document
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target.setdefault(key, {})
        if value is DELETE:
            target.pop(keys[-1], None)
        else:
            target[keys[-1]] = copy.deepcopy(value)
    return document


CURRENT = {"applicant__registrationCertificateNo": "1101201700123", "applicant__registrationExpiry": "2027-01-31"}

# (name, document, should pass, path expected in an error)
CASES = [
    ("the base application", with_changes(), True, None),
    ("Chinese labels for kind, category, gender and idType",
     with_changes(kind="初始注册", category="化工安全", applicant__gender="男", applicant__idType="身份证"), True, None),
    ("other date and month spellings", with_changes(applicationDate="2026年11月20日", **{"workExperience__0__from": "2010/7"}), True, None),
    ("a renewal with the current registration", with_changes(kind="renewal", **CURRENT), True, None),
    ("a cancelled registration re-registered without an expiry",
     with_changes(kind="reregistration", applicant__registrationCertificateNo="1101201700123",
                  applicant__registrationCancelled="2025-01-10"), True, None),
    ("a change with its reason as a single value",
     with_changes(kind="change", change={"previousEmployer": "北京某化工厂", "reasons": "employer"}, **CURRENT), True, None),
    ("materials as a file and as a list", with_changes(materials={"photo": "photo.jpg", "contract": ["c-1.pdf", "c-2.pdf"]}), True, None),
    ("a wrong kind", with_changes(kind="first"), False, "$.kind"),
    ("a bad date", with_changes(applicant__birthDate="1988-4-31x"), False, "$.applicant.birthDate"),
    ("a date in the wrong order", with_changes(applicationDate="20-11-2026"), False, "$.applicationDate"),
    ("an unknown key", with_changes(applicant__emial="zhangwei@example.com"), False, "$.applicant"),
    ("a renewal without registrationExpiry",
     with_changes(kind="renewal", applicant__registrationCertificateNo="1101201700123"), False, "$.applicant"),
    ("a renewal with an empty registrationExpiry",
     with_changes(kind="renewal", **dict(CURRENT, applicant__registrationExpiry=None)),
     False, "$.applicant.registrationExpiry"),
    ("an empty optional field", with_changes(applicant__email=None, applicant__major=""), True, None),
    ("an application without its name", with_changes(applicant__name=DELETE), False, "$.applicant"),
    ("a change without reasons", with_changes(kind="change", change={"previousEmployer": "北京某化工厂"}, **CURRENT),
     False, "$.change"),
    ("a change of category without previousCategory",
     with_changes(kind="change", change={"reasons": ["category"]}, **CURRENT), False, "$.change"),
    ("至今 as a start month", with_changes(**{"workExperience__0__from": "至今"}), False, "$.workExperience[0].from"),
    ("no work experience", with_changes(workExperience=[]), False, "$.workExperience"),
    ("negative hours", with_changes(**{"continuingEducation__0__hours": -4}), False, "$.continuingEducation[0].hours"),
    ("a line break inside a name", with_changes(applicant__name="张\n伟"), False, "$.applicant.name"),
    ("an unknown material type", with_changes(materials={"passport_scan": "scan.jpg"}), False, "$.materials"),
    ("change on an initial registration", with_changes(change={"reasons": ["employer"]}), False, "$.change"),
]


def self_test(schema_path):
    validator = validator_for(schema_path)
    wrong = 0
    for name, document, should_pass, expected_path in CASES:
        problems = check(validator, document)
        passed = not problems
        ok = passed == should_pass and (
            expected_path is None or any(p == expected_path for p, _, _ in problems))
        wrong += not ok
        verdict = "passes" if passed else "fails: " + "; ".join(f"{p}: {m}" for p, m, _ in problems)
        print(f"{'ok  ' if ok else 'WRONG'} {name}: {verdict}")
    print(f"{len(CASES) - wrong} of {len(CASES)} self-test cases as expected")
    return 1 if wrong else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) < 3 or argv[1].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    if not os.path.isfile(argv[1]):
        print(f"{argv[1]}: no such schema file", file=sys.stderr)
        return 2
    return check_files(argv[1], argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

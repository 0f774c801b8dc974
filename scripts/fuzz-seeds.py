#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target (Fuzz/FuzzTargets) from the project's fixtures.

usage: scripts/fuzz-seeds.py OUTPUT_DIRECTORY

OUTPUT_DIRECTORY/<target>/ is emptied and filled with one file per seed, named by its SHA-1. Seeds come from
fixtures/ (and the example policies and statements under policies/), each in the form its target reads (see each
target's doc comment): a manifest project is its stackql_manifest.yml followed, after a NUL byte each, by its
resources' query files in manifest order; a config seed is a config file, a NUL, a credentials file, a NUL and an
answer. The inputs kept in fixtures/fuzz-regressions/<target>/ are seeds too. Only the standard library is used.
"""

import hashlib
import json
import pathlib
import re
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TARGETS = [
    "policy", "evaluation-case", "sql", "manifest", "config", "xml", "cloudcontrol", "mdx", "authorization-details",
    "saved-plan", "audit-log", "expectations", "audit-report",
]
POLICY_KEYS = ("identity", "permissionsBoundary", "session", "resource", "endpoint", "scps", "rcps")


def read(path):
    return path.read_bytes()


def dump(value):
    return json.dumps(value).encode()


def policies_in_case(case):
    """Every policy document of an evaluation case, however it is nested (lists, levels)."""
    found = []

    def walk(value):
        if isinstance(value, dict) and "Statement" in value:
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for key in POLICY_KEYS:
        walk((case.get("policies") or {}).get(key))
    return found


def policies_in_details(details):
    """Every policy document of an authorization-details file (inline, managed versions, trust policies)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("PolicyDocument", "Document", "AssumeRolePolicyDocument") and isinstance(item, (dict, str)):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(details)
    return found


def evaluation_files():
    return sorted((FIXTURES / "evaluation").glob("*.json")) + sorted((ROOT / "policies/examples/cases").glob("*.json"))


def policy_seeds():
    seeds = []
    for path in evaluation_files():
        cases = json.loads(read(path))
        for case in cases if isinstance(cases, list) else [cases]:
            seeds += [dump(policy) for policy in policies_in_case(case)]
    for path in sorted((FIXTURES / "authorization-details").glob("*.json")):
        for policy in policies_in_details(json.loads(read(path))):
            seeds.append(policy.encode() if isinstance(policy, str) else dump(policy))
    for directory in ("policies/examples", "policies/least-privilege"):
        seeds += [read(path) for path in sorted((ROOT / directory).glob("*.json"))]
    return seeds


def evaluation_case_seeds():
    seeds = []
    for path in evaluation_files():
        if path.stat().st_size <= 16384:
            seeds.append(read(path))
        cases = json.loads(read(path))
        seeds += [dump(case) for case in (cases if isinstance(cases, list) else [cases])]
    return seeds


def sql_blocks(page):
    """The fenced ```sql blocks of a documentation page."""
    return [block.encode() for block in re.findall(r"```sql\n(.*?)```", page.decode(), re.S)]


def sql_seeds():
    seeds = [read(path) for path in sorted((FIXTURES / "manifests").glob("*/resources/*.iql"))]
    seeds += [read(path) for path in sorted((ROOT / "policies/examples/sql").glob("*.iql"))]
    for path in sorted((FIXTURES / "stackql-docs").glob("*.md")):
        seeds += sql_blocks(read(path))
    return seeds


def manifest_resources(manifest):
    """The query file of each resource in manifest order: `file:` when given, else NAME.iql (the fixtures write
    resources as `  - name:` entries under a top-level `resources:` key)."""
    files = []
    in_resources = False
    for line in manifest.decode().splitlines():
        if re.match(r"^\S", line):
            in_resources = line.startswith("resources:")
            continue
        if not in_resources:
            continue
        entry = re.match(r"^  - name:\s*(\S+)", line)
        if entry:
            files.append(entry.group(1).strip("'\"") + ".iql")
        given = re.match(r"^    file:\s*(\S+)", line)
        if given and files:
            files[-1] = given.group(1).strip("'\"")
    return files


def manifest_seeds():
    seeds = []
    for manifest_path in sorted((FIXTURES / "manifests").glob("*/stackql_manifest.yml")):
        manifest = read(manifest_path)
        parts = [manifest]
        for name in manifest_resources(manifest):
            query = manifest_path.parent / "resources" / name
            if query.is_file():
                parts.append(read(query))
        seeds.append(b"\0".join(parts))
    return seeds


def config_seeds():
    directory = FIXTURES / "aws-config"
    config, credentials = read(directory / "config"), read(directory / "credentials")
    answers = [read(directory / "assume-role-response.xml"), read(directory / "credential-process.json")]
    seeds = [config, config + b"\0" + credentials]
    seeds += [config + b"\0" + credentials + b"\0" + answer for answer in answers]
    return seeds


def xml_seeds():
    seeds = [read(path) for path in sorted((FIXTURES / "aws-samples").glob("*.xml"))]
    return seeds + [read(FIXTURES / "aws-config/assume-role-response.xml")]


def cloudcontrol_seeds():
    seeds = [read(path) for path in sorted((FIXTURES / "aws-samples").glob("cloudcontrol_*.json"))]
    return seeds + [read(path) for path in sorted((FIXTURES / "cloudcontrol-responses").glob("*.json"))]


def mdx_seeds():
    return [read(path) for path in sorted((FIXTURES / "stackql-docs").glob("*.md"))]


def authorization_details_seeds():
    """The fixtures' files and the README's example accounts (one with an escalation path for the audit to find)."""
    paths = sorted((FIXTURES / "authorization-details").glob("*.json"))
    paths += sorted((ROOT / "policies/examples/accounts").glob("*.json"))
    return [read(path) for path in paths]


def saved_plan_seeds():
    return [read(path) for path in sorted((FIXTURES / "exec").glob("*.plan.json"))]


def audit_log_seeds():
    logs = [read(path) for path in sorted((FIXTURES / "exec").glob("*.jsonl"))]
    # Each log cut after each of its records, so that short chains are seeds too.
    return logs + [b"".join(log.splitlines(keepends=True)[:count]) for log in logs for count in range(1, 4)]


def expectations_seeds():
    example = read(ROOT / "policies" / "examples" / "expectations.yml")
    # The file, and each of its expectations alone under the same header.
    header, _, body = example.partition(b"expectations:\n")
    items = [b"  - name:" + item for item in body.split(b"  - name:")[1:]]
    return [example] + [header + b"expectations:\n" + item for item in items]


def audit_report_seeds():
    return [read(path) for path in sorted((FIXTURES / "audit-reports").glob("*.json"))]


SEEDS = {
    "policy": policy_seeds,
    "evaluation-case": evaluation_case_seeds,
    "sql": sql_seeds,
    "manifest": manifest_seeds,
    "config": config_seeds,
    "xml": xml_seeds,
    "cloudcontrol": cloudcontrol_seeds,
    "mdx": mdx_seeds,
    "authorization-details": authorization_details_seeds,
    "saved-plan": saved_plan_seeds,
    "audit-log": audit_log_seeds,
    "expectations": expectations_seeds,
    "audit-report": audit_report_seeds,
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/fuzz-seeds.py OUTPUT_DIRECTORY")
    output = pathlib.Path(sys.argv[1])
    for target in TARGETS:
        seeds = SEEDS[target]()
        regressions = FIXTURES / "fuzz-regressions" / target
        if regressions.is_dir():
            seeds += [read(path) for path in sorted(regressions.iterdir()) if path.is_file() and path.name != "README.md"]
        if not seeds:
            sys.exit(f"fuzz-seeds: no seeds for target '{target}'")
        directory = output / target
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        for seed in seeds:
            (directory / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
        print(f"{target}: {len(set(seeds))} seeds")


if __name__ == "__main__":
    main()

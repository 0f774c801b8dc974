#!/usr/bin/env python3
"""The live part of `make demo`: `iamgate whoami`, `check --from-account`, `check --compare` and gated `exec` against
a local stand-in for IAM, STS and Cloud Control (scripts/fake-aws-server.py, which verifies every SigV4 signature as
AWS does), because this demo has no AWS account. The stand-in serves the example CI deployer role (policies/examples/ci-deployer.json with
the boundary ci-deployer-boundary.json) as the account's authorization details, and replays the simulator answers
AWS gives for that role, except one: an SCP of the organization that blocks iam:PassRole, which AWS sees and a
check from the account's policies cannot; and Cloud Control, holding the current web-server image. `exec` runs the
allowed build statements (each request followed to SUCCESS) and refuses the deploy file, whose DELETE is denied, with
nothing sent. Run with the project venv's Python (the stand-in needs botocore); exits
with 1 if iamgate fails to run (exit 1 or 64), 0 otherwise.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "debug", "iamgate")
ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ci-deployer"
BOUNDARY = f"arn:aws:iam::{ACCOUNT}:policy/ci-deployer-boundary"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/build-42"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "demo-secret-for-the-local-stand-in"
STATEMENTS = ["--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var", "env=prod"]
BUILD = ["--sql-file", "policies/examples/sql/build-image.iql", "--var", "region=us-east-1", "--var", "env=prod"]
DEPLOYER = ["--principal", SESSION, "--policy", "policies/examples/ci-deployer.json",
            "--boundary", "policies/examples/ci-deployer-boundary.json"]
IMAGE = f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:image/web-server/1.0.0/1"


def document(path):
    """A policy file's text, percent-encoded as IAM's API returns documents."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return urllib.parse.quote(handle.read(), safe="")


def authorization_details():
    """One GetAccountAuthorizationDetails page: the role, its inline policy, its boundary."""
    return f"""
        <UserDetailList/><GroupDetailList/>
        <RoleDetailList><member><Path>/</Path><RoleName>ci-deployer</RoleName><RoleId>AROAEXAMPLEDEPLOYER</RoleId>
          <Arn>{ROLE}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>
          <RolePolicyList><member><PolicyName>ci-deployer</PolicyName>
            <PolicyDocument>{document("policies/examples/ci-deployer.json")}</PolicyDocument></member></RolePolicyList>
          <AttachedManagedPolicies/>
          <PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType>
            <PermissionsBoundaryArn>{BOUNDARY}</PermissionsBoundaryArn></PermissionsBoundary>
          <Tags/></member></RoleDetailList>
        <Policies><member><PolicyName>ci-deployer-boundary</PolicyName><Arn>{BOUNDARY}</Arn>
          <DefaultVersionId>v1</DefaultVersionId><PolicyVersionList><member><VersionId>v1</VersionId>
            <IsDefaultVersion>true</IsDefaultVersion>
            <Document>{document("policies/examples/ci-deployer-boundary.json")}</Document></member>
          </PolicyVersionList></member></Policies>
        """


def statement(policy_id, policy_type, line):
    return {"sourcePolicyId": policy_id, "sourcePolicyType": policy_type, "start": [line, 5]}


# What AWS's simulator answers for the role: the policies' own decisions, and the organization's SCP on PassRole.
RULES = [
    {"action": "iam:PassRole", "decision": "implicitDeny", "allowedByOrganizations": False,
     "matchedStatements": [statement("ci-deployer", "role", 41)]},
    {"action": "imagebuilder:DeleteImage", "decision": "explicitDeny",
     "matchedStatements": [statement("ci-deployer-boundary", "permissions boundary", 21)]},
    {"action": "cloudformation:DeleteResource", "decision": "explicitDeny",
     "matchedStatements": [statement("ci-deployer-boundary", "permissions boundary", 21)]},
    {"action": "imagebuilder:CancelImageCreation", "decision": "implicitDeny"},
    {"action": "*", "decision": "allowed", "matchedStatements": [statement("ci-deployer", "role", 4)]},
]


def run(arguments, environment):
    """Runs iamgate with `arguments`, echoing the command and its exit code."""
    print(f"\n$ iamgate {' '.join(arguments)}", flush=True)
    code = subprocess.call([BINARY] + arguments, env=environment, cwd=ROOT)
    print(f"(exit {code})", flush=True)
    return code


def cloud_control_calls(port):
    """How many Cloud Control calls the stand-in's demo scenario has received."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/control/scenario/demo", timeout=10) as response:
        log = json.load(response)
    return sum(1 for request in log["requests"] if request.get("target"))


def main():
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "scripts", "fake-aws-server.py"), "--timeout", "120"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        scenario = {
            "credentials": {KEY_ID: {"secret": SECRET}},
            "identity": {"Account": ACCOUNT, "Arn": SESSION, "UserId": "AROAEXAMPLEDEPLOYER:build-42"},
            "roles": {"ci-deployer": ROLE},
            "simulate": {"rules": RULES},
            "authorizationDetails": [authorization_details()],
            # Cloud Control: the current web-server build exists; requests finish after two polls.
            "cloudControl": {
                "resources": {"AWS::ImageBuilder::Image": [{"Identifier": IMAGE, "Properties": json.dumps(
                    {"Arn": IMAGE, "Name": "web-server", "Tags": {"team": "web"}})}]},
                "pollsToFinish": 2, "retryAfter": 0.5,
            },
        }
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/control/scenario/demo", data=json.dumps(scenario).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(request, timeout=10).close()
        endpoint = f"http://127.0.0.1:{port}/aws/demo/"
        environment = dict(
            os.environ, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET, AWS_REGION="us-east-1",
            AWS_CONFIG_FILE="/nonexistent/demo-config", AWS_SHARED_CREDENTIALS_FILE="/nonexistent/demo-credentials",
            AWS_EC2_METADATA_DISABLED="true", AWS_PROFILE="")
        environment.pop("AWS_SESSION_TOKEN", None)
        commands = [
            ["whoami"],
            ["check", "--from-account"] + STATEMENTS,
            ["check", "--compare"] + STATEMENTS,
        ]
        for arguments in commands:
            if run(arguments + ["--endpoint-url", endpoint], environment) in (1, 64):
                return 1

        scratch = tempfile.mkdtemp(prefix="iamgate-demo-")
        audit = os.path.join(scratch, "audit.jsonl")
        print("\n== 6. Gated execution: statements run through Cloud Control only when every one is allowed")
        print("   (the stand-in for Cloud Control verifies signatures, stores the image, and moves each request")
        print("   PENDING -> IN_PROGRESS -> SUCCESS over its polls)")
        steps = [
            ["exec"] + DEPLOYER + BUILD + ["--dry-run"],
            ["exec"] + DEPLOYER + BUILD + ["--audit-log", audit],
            ["exec"] + DEPLOYER + STATEMENTS + ["--audit-log", audit],
        ]
        for arguments in steps:
            before = cloud_control_calls(port)
            if run(arguments + ["--endpoint-url", endpoint], environment) in (1, 64):
                return 1
            print(f"(Cloud Control calls received: {cloud_control_calls(port) - before})", flush=True)
        code = run(["audit-log", "verify", audit], environment)
        shutil.rmtree(scratch, ignore_errors=True)
        return 0 if code == 0 else 1
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())

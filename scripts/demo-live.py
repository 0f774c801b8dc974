#!/usr/bin/env python3
"""The live part of `make demo`: `iamgate whoami`, `check --from-account` and `check --compare` against a local
stand-in for IAM and STS (scripts/fake-aws-server.py, which verifies every SigV4 signature as AWS does), because this
demo has no AWS account. The stand-in serves the example CI deployer role (policies/examples/ci-deployer.json with
the boundary ci-deployer-boundary.json) as the account's authorization details, and replays the simulator answers
AWS gives for that role, except one: an SCP of the organization that blocks iam:PassRole, which AWS sees and a
check from the account's policies cannot. Run with the project venv's Python (the stand-in needs botocore); exits
with 1 if iamgate fails to run (exit 1 or 64), 0 otherwise.
"""

import json
import os
import subprocess
import sys
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
            arguments = arguments + ["--endpoint-url", endpoint]
            print(f"\n$ iamgate {' '.join(arguments)}", flush=True)
            code = subprocess.call([BINARY] + arguments, env=environment, cwd=ROOT)
            print(f"(exit {code})", flush=True)
            if code in (1, 64):
                return 1
        return 0
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())

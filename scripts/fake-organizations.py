"""The AWS Organizations half of scripts/fake-aws-server.py (loaded by it, not run on its own): AWS's JSON 1.1 protocol
(`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`, signing name `organizations`, region us-east-1) for the
read-only calls that find an account's SCPs and RCPs: DescribeOrganization, ListRoots, ListParents,
ListPoliciesForTarget and DescribePolicy.

It stands in where moto 5.2 does not behave as AWS does: moto answers a call the caller's IAM policies refuse with the
query protocol's XML (`AccessDenied`, HTTP 403) instead of `{"__type": "AccessDeniedException"}`; it has no delegated
administrator, so a member account's ListParents, ListPoliciesForTarget and DescribePolicy fail
(AccountNotFoundException, PolicyNotFoundException) where AWS answers a delegated administrator and refuses anyone
else with AccessDeniedException; and its ListRoots and ListParents never page.

A scenario's "organizations" object (every key optional):
  "organization": {"Id": "o-…", "MasterAccountId": "…", "FeatureSet": "ALL"}   absent: the caller's account is in no
                                organization, and every call answers AWSOrganizationsNotInUseException
  "root": {"Id": "r-…", "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}
  "parents": {"<account or OU id>": "<parent id>"}   the tree (a parent id starting "r-" is the root)
  "policies": {"<policy id>": {"Name": "...", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false,
                               "Content": "<the document's JSON text>"}}
  "attachments": {"<root, OU or account id>": ["<policy id>", ...]}
  "delegatedAdministrators": ["<account id>"]   member accounts that may read the organization as its management
                                account does (AWS: a delegated administrator for AWS Organizations)
  "pageSize": 100               ListRoots / ListParents / ListPoliciesForTarget entries per page (MaxResults may ask
                                for fewer); later pages are asked for with the NextToken the previous page gave
  "faults": [{"operation": "ListParents", "status": 400, "code": "TooManyRequestsException", "message": "..."}]
                                each used up by the first request for its operation (any operation when absent): that
                                JSON error instead of an answer

Who may call what, as the Organizations API reference says: the caller's account (the scenario identity's Account)
may call DescribeOrganization when it is the management account or an account of the tree; the other calls need the
management account or a delegated administrator, else AccessDeniedException ("You don't have permissions to access
this resource."). Unknown children, targets and policies are ChildNotFoundException, TargetNotFoundException and
PolicyNotFoundException; a missing required member or a NextToken this server did not give is InvalidInputException; a
body that is not a JSON object, or the wrong Content-Type, is SerializationException; another target is
UnknownOperationException. Errors are {"__type": "<Code>", "Message": "..."} with HTTP 400.
"""

import json
import re

TARGET_PREFIX = "AWSOrganizationsV20161128."
CONTENT_TYPE = "application/x-amz-json-1.1"
OPERATIONS = ("DescribeOrganization", "ListRoots", "ListParents", "ListPoliciesForTarget", "DescribePolicy")
SCENARIO_KEYS = {
    "organization",
    "root",
    "parents",
    "policies",
    "attachments",
    "delegatedAdministrators",
    "pageSize",
    "faults",
}
NO_ACCESS = "You don't have permissions to access this resource."
ACCOUNT = re.compile(r"^\d{12}$")


class OrganizationsError(Exception):
    """An answer in the JSON protocol's error form."""

    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def validate(configuration):
    """Why `configuration` is not an "organizations" scenario, or None."""
    if not isinstance(configuration, dict):
        return "organizations must be a JSON object"
    unknown = sorted(set(configuration) - SCENARIO_KEYS)
    if unknown:
        return f"unknown organizations keys {unknown}; known: {sorted(SCENARIO_KEYS)}"
    organization = configuration.get("organization")
    if organization is not None and not ({"Id", "MasterAccountId"} <= set(organization)):
        return "organizations.organization needs Id and MasterAccountId"
    if organization is not None and "Id" not in configuration.get("root", {}):
        return "organizations.root needs an Id when there is an organization"
    for policy_id, policy in configuration.get("policies", {}).items():
        if not isinstance(policy, dict) or not isinstance(policy.get("Content"), str) or "Type" not in policy:
            return f"organizations policy {policy_id} needs Type and Content (the document's JSON text)"
    for target, ids in configuration.get("attachments", {}).items():
        missing = [policy_id for policy_id in ids if policy_id not in configuration.get("policies", {})]
        if missing:
            return f"organizations attachments of {target} name unknown policies {missing}"
    for step in configuration.get("faults", []):
        if not isinstance(step, dict) or "code" not in step:
            return f"organizations fault {step} needs a 'code'"
    return None


class OrganizationsState:
    """One scenario's organization, and the faults and page tokens still outstanding."""

    def __init__(self, configuration, caller_account):
        self.configuration = configuration or {}
        self.caller = caller_account
        self.faults = list(self.configuration.get("faults", []))
        self.tokens = {}

    def take_fault(self, operation):
        for index, step in enumerate(self.faults):
            if step.get("operation") in (None, operation):
                return self.faults.pop(index)
        return None

    # MARK: - Who may read

    def organization(self):
        organization = self.configuration.get("organization")
        if organization is None:
            raise OrganizationsError(
                "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."
            )
        return organization

    def members(self):
        """Every account of the tree, and the management account."""
        accounts = {child for child in self.configuration.get("parents", {}) if ACCOUNT.match(child)}
        return accounts | {self.organization()["MasterAccountId"]}

    def require_member(self):
        if self.caller not in self.members():
            raise OrganizationsError(
                "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."
            )

    def require_reader(self):
        self.require_member()
        delegated = set(self.configuration.get("delegatedAdministrators", []))
        if self.caller not in {self.organization()["MasterAccountId"]} | delegated:
            raise OrganizationsError("AccessDeniedException", NO_ACCESS)

    # MARK: - Paging

    def page(self, operation, body, key, items):
        """One page of `items` under `key`, continued with a NextToken this server gave for the same call."""
        size = self.configuration.get("pageSize") or 100
        if "MaxResults" in body:
            limit = body["MaxResults"]
            if not isinstance(limit, int) or not 1 <= limit <= 20:
                raise OrganizationsError("InvalidInputException", "MaxResults must be between 1 and 20.")
            size = min(size, limit)
        call = json.dumps({name: value for name, value in body.items() if name not in ("NextToken", "MaxResults")})
        start = 0
        if body.get("NextToken") is not None:
            issued = self.tokens.get(body["NextToken"])
            if issued is None or issued[0] != (operation, call):
                raise OrganizationsError("InvalidInputException", "You specified an invalid value for nextToken.")
            start = issued[1]
        answer = {key: items[start : start + size]}
        if start + size < len(items):
            token = f"{operation}-{len(self.tokens) + 1}"
            self.tokens[token] = ((operation, call), start + size)
            answer["NextToken"] = token
        return answer

    # MARK: - Operations

    def answer(self, operation, body):
        if operation == "DescribeOrganization":
            self.require_member()
            organization = self.organization()
            master = organization["MasterAccountId"]
            return {
                "Organization": {
                    "Id": organization["Id"],
                    "Arn": f"arn:aws:organizations::{master}:organization/{organization['Id']}",
                    "FeatureSet": organization.get("FeatureSet", "ALL"),
                    "MasterAccountArn": f"arn:aws:organizations::{master}:account/{organization['Id']}/{master}",
                    "MasterAccountId": master,
                    "MasterAccountEmail": "management@example.com",
                    "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
                }
            }
        self.require_reader()
        organization = self.organization()
        root = self.configuration.get("root", {})
        if operation == "ListRoots":
            master = organization["MasterAccountId"]
            entry = {
                "Id": root["Id"],
                "Arn": f"arn:aws:organizations::{master}:root/{organization['Id']}/{root['Id']}",
                "Name": "Root",
                "PolicyTypes": root.get("PolicyTypes", []),
            }
            return self.page(operation, body, "Roots", [entry])
        if operation == "ListParents":
            child = required(body, "ChildId")
            parent = self.configuration.get("parents", {}).get(child)
            if parent is None:
                message = "We can't find an organizational unit (OU) or AWS account with the ChildId you specified."
                raise OrganizationsError("ChildNotFoundException", message)
            kind = "ROOT" if parent.startswith("r-") else "ORGANIZATIONAL_UNIT"
            return self.page(operation, body, "Parents", [{"Id": parent, "Type": kind}])
        if operation == "ListPoliciesForTarget":
            target = required(body, "TargetId")
            policy_type = required(body, "Filter")
            known = set(self.configuration.get("parents", {})) | {root.get("Id")}
            if target not in known:
                message = "We can't find a root, OU, account, or policy with the TargetId that you specified."
                raise OrganizationsError("TargetNotFoundException", message)
            policies = self.configuration.get("policies", {})
            summaries = [
                summary(policy_id, policies[policy_id], organization)
                for policy_id in self.configuration.get("attachments", {}).get(target, [])
                if policies[policy_id]["Type"] == policy_type
            ]
            return self.page(operation, body, "Policies", summaries)
        policy_id = required(body, "PolicyId")
        policy = self.configuration.get("policies", {}).get(policy_id)
        if policy is None:
            message = "We can't find a policy with the PolicyId that you specified."
            raise OrganizationsError("PolicyNotFoundException", message)
        return {"Policy": {"PolicySummary": summary(policy_id, policy, organization), "Content": policy["Content"]}}


def summary(policy_id, policy, organization):
    master, kind = organization["MasterAccountId"], policy["Type"].lower()
    return {
        "Id": policy_id,
        "Arn": f"arn:aws:organizations::{master}:policy/{organization['Id']}/{kind}/{policy_id}",
        "Name": policy.get("Name", policy_id),
        "Description": policy.get("Description", ""),
        "Type": policy["Type"],
        "AwsManaged": bool(policy.get("AwsManaged", False)),
    }


def required(body, name):
    value = body.get(name)
    if not isinstance(value, str) or not value:
        message = f"You provided a value that does not match the required pattern: {name} is required."
        raise OrganizationsError("InvalidInputException", message)
    return value


def handle(state, target, content_type, raw_body):
    """Answers one correctly signed Organizations request: (the operation, the answer as a JSON value)."""
    operation = target[len(TARGET_PREFIX) :] if target and target.startswith(TARGET_PREFIX) else None
    if operation not in OPERATIONS:
        raise OrganizationsError("UnknownOperationException", f"unknown operation {target!r}")
    if content_type.split(";")[0].strip().lower() != CONTENT_TYPE:
        raise OrganizationsError("SerializationException", f"Content-Type {content_type!r} is not {CONTENT_TYPE}")
    try:
        body = json.loads(raw_body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise OrganizationsError("SerializationException", "the body is not a JSON object")
    return state.answer(operation, body)


def error_body(error):
    return json.dumps({"__type": error.code, "Message": error.message})

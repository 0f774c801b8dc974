#!/usr/bin/env python3
"""A stand-in for IAM and STS over the real query protocol, for the Cloud Control API over its JSON 1.0 protocol
(scripts/fake-cloudcontrol.py, which documents that half) and for AWS Organizations' read-only calls over its JSON 1.1
protocol (scripts/fake-organizations.py, which documents that part), for the live-mode and exec tests: it checks
every request's SigV4 signature the way AWS does and answers with AWS's XML or JSON, so a signing or encoding bug fails
the tests as it would fail against AWS. Needs botocore (the project venv's `.venv/bin/python3`), whose SigV4 code
recomputes the signatures: an oracle independent of the Swift signer under test.

Binds 127.0.0.1 on an ephemeral port, prints the port as the first line of stdout, and exits when its stdin closes or
after --timeout seconds (the lifetime rules of scripts/test-http-server.py, whose connection handling it reuses).

Tests configure named scenarios, so tests sharing one server do not see each other's calls:
  POST /control/scenario/<name>   body: the scenario (JSON, below); replaces it, with its request log, faults and
                                  paging markers; 204, or 400 naming what is wrong with the JSON
  GET  /control/scenario/<name>   {"requests": [{"action", "params" (decoded form fields), "signatureValid",
                                  "requestId", "status", "error" (the error code or null)}], "rejected": <requests
                                  refused for their signature or credentials>, "resources": <the Cloud Control
                                  resources now stored: {TypeName: [{"Identifier", "Properties" (JSON text)}]}>};
                                  a Cloud Control or Organizations request's entry also has "target" (X-Amz-Target)
                                  and "body" (the JSON text as received), a Cloud Control one "clientToken",
                                  "typeName", "identifier" and "requestToken"
  /aws/<name>/...                 the AWS endpoint of the scenario: give clients http://127.0.0.1:<port>/aws/<name>/
                                  (the path is part of what is signed); a request whose X-Amz-Target starts with
                                  AWSOrganizationsV20161128. is an Organizations call, one with another X-Amz-Target a
                                  Cloud Control call, any other an IAM or STS one

A scenario (every key optional):
  "credentials": {"<access key id>": {"secret": "...", "sessionToken": "..."}}   the keys the server accepts; with a
        sessionToken, X-Amz-Security-Token must carry it (and without one, must be absent)
  "identity": {"Account", "Arn", "UserId"}            what STS GetCallerIdentity answers (by default
        123456789012, arn:aws:iam::123456789012:user/test, AIDATEST)
  "roles": {"<role name>": "<role ARN, with its path>"}   what IAM GetRole answers (404 NoSuchEntity for others)
  "simulate": {"rules": [{"action": "s3:Get*" (case-insensitive, * and ? wildcards), "resource": "<glob>" ("*"),
                          "decision": "allowed" | "explicitDeny" | "implicitDeny",
                          "matchedStatements": [{"sourcePolicyId", "sourcePolicyType", "start": [line, column],
                                                 "end": [line, column]}],
                          "missingContextValues": ["aws:SourceIp"], "allowedByPermissionsBoundary": true,
                          "allowedByOrganizations": false,
                          "decisionDetails": {"IAM Policy": "allowed"}}],
               "default": "implicitDeny", "pageSize": <results per page>}
        answers SimulatePrincipalPolicy and SimulateCustomPolicy: one EvaluationResults member per action and
        resource (ResourceArns, or "*" when none), decided by the first matching rule; pages of min(pageSize, MaxItems
        or 100) results, continued with IsTruncated/Marker (a Marker this server did not issue for the same call is
        400 InvalidInput)
  "authorizationDetails": "<xml>" or ["<xml page 1>", "<xml page 2>", ...]
        the GetAccountAuthorizationDetails pages: the lists of each page, or a whole Result element or Response
        document, whose IsTruncated and Marker are replaced by the server's own paging (Filter is recorded, not applied)
  "cloudControl": {...}   the Cloud Control stand-in: stored resources, how requests progress, its own faults (see
        scripts/fake-cloudcontrol.py)
  "organizations": {...}  the Organizations stand-in: the organization, its tree, policies and attachments, who may
        read it, paging and its own faults (see scripts/fake-organizations.py); the caller is the identity's Account
  "faults": [step, ...]   consumed one per correctly signed IAM or STS request, before the normal answer:
        {"status": 400, "code": "Throttling", "message": "Rate exceeded"}   that error (status >= 500 without a code:
                                                                          InternalFailure)
        {"action": "malformed-xml"}   200 with a body that is not XML
        {"action": "reset"}           the connection reset (RST) without a response
        {"action": "close"}           the connection closed without a response
        {"sleep": <seconds>}          waits, then answers normally (or as the rest of the step says)

What is checked, in order, with AWS's codes and messages: an Authorization header (403 MissingAuthenticationToken), its
form (400 IncompleteSignature), the access key id (403 InvalidClientTokenId), the session token (403
InvalidClientTokenId), the credential scope: service iam or sts as the action needs, region us-east-1 for IAM, date of
X-Amz-Date (403 SignatureDoesNotMatch), X-Amz-Date within 15 minutes of now (403 SignatureDoesNotMatch, "Signature
expired"), and the signature itself (403 SignatureDoesNotMatch); then Action and Version (400 MissingAction,
InvalidAction) and the operation's parameters (400 InvalidInput, ValidationError). Cloud Control requests go through the
same checks with signing name cloudcontrolapi and any region, answered in the JSON protocol's words (400
MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException,
InvalidSignatureException), and so do Organizations requests, with signing name organizations and region us-east-1.
Every response carries a request id and a Date header (which clients use to correct a
skewed clock).
"""

import argparse
import datetime
import hashlib
import hmac
import importlib.util
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import uuid
from xml.sax.saxutils import escape

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

# Loaded by path (its name has dashes); without a __pycache__ left beside the scripts.
sys.dont_write_bytecode = True
_spec = importlib.util.spec_from_file_location(
    "test_http_server", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-http-server.py")
)
test_http_server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(test_http_server)
_spec = importlib.util.spec_from_file_location(
    "fake_cloudcontrol", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-cloudcontrol.py")
)
cloudcontrol = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cloudcontrol)
_spec = importlib.util.spec_from_file_location(
    "fake_organizations", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-organizations.py")
)
organizations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(organizations)

IAM_VERSION = "2010-05-08"
STS_VERSION = "2011-06-15"
IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
DECISIONS = {"allowed", "explicitDeny", "implicitDeny"}
AUTHORIZATION_FILTERS = {"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}
SCENARIO_KEYS = {
    "credentials",
    "identity",
    "roles",
    "simulate",
    "authorizationDetails",
    "cloudControl",
    "organizations",
    "faults",
}
DEFAULT_IDENTITY = {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/test", "UserId": "AIDATEST"}
MAX_SKEW = datetime.timedelta(minutes=15)
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
    "and signing method. Consult the service documentation for details."
)
INVALID_TOKEN = "The security token included in the request is invalid."

SCENARIOS = {}
LOCK = threading.Lock()


class AWSError(Exception):
    """An answer in AWS's query-protocol error XML."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class Scenario:
    """One test's configuration with what it has seen: the faults still to play, the request log, the markers issued."""

    def __init__(self, configuration):
        self.configuration = configuration
        self.faults = list(configuration.get("faults", []))
        self.requests = []
        self.rejected = 0
        self.markers = {}
        account = {**DEFAULT_IDENTITY, **configuration.get("identity", {})}["Account"]
        self.cloud = cloudcontrol.CloudControlState(configuration.get("cloudControl", {}), account)
        self.organizations = organizations.OrganizationsState(configuration.get("organizations"), account)


def validate(configuration):
    """Why `configuration` is not a scenario, or None: catches misspelt keys before a test trusts them."""
    if not isinstance(configuration, dict):
        return "the scenario must be a JSON object"
    unknown = sorted(set(configuration) - SCENARIO_KEYS)
    if unknown:
        return f"unknown scenario keys {unknown}; known: {sorted(SCENARIO_KEYS)}"
    for key, entry in configuration.get("credentials", {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("secret"), str):
            return f"credentials '{key}' need a 'secret' string"
    pages = configuration.get("authorizationDetails", [])
    if not isinstance(pages, (str, list)) or not all(isinstance(page, str) for page in pages):
        return "authorizationDetails must be an XML string or a list of them"
    simulate = configuration.get("simulate", {})
    for rule in simulate.get("rules", []):
        if "action" not in rule or rule.get("decision") not in DECISIONS:
            return f"simulate rule {rule} needs 'action' and a 'decision' in {sorted(DECISIONS)}"
    if simulate.get("default", "implicitDeny") not in DECISIONS:
        return f"simulate default must be one of {sorted(DECISIONS)}"
    if "cloudControl" in configuration:
        problem = cloudcontrol.validate(configuration["cloudControl"])
        if problem:
            return problem
    if "organizations" in configuration:
        problem = organizations.validate(configuration["organizations"])
        if problem:
            return problem
    for step in configuration.get("faults", []):
        if not isinstance(step, dict) or not ({"status", "action", "sleep"} & set(step)):
            return f"fault {step} needs 'status', 'action' or 'sleep'"
        if step.get("action") not in (None, "malformed-xml", "reset", "close"):
            return f"fault action {step['action']!r} is not malformed-xml, reset or close"
    return None


# MARK: - Signature check


class SignedHeadersOnly(SigV4Auth):
    """botocore's SigV4 over exactly the headers the request says it signed (botocore's own list of headers never to
    sign applies when signing, not when checking a signature someone else made)."""

    def headers_to_sign(self, request):
        header_map = HTTPHeaders()
        for name, value in request.headers.items():
            header_map[name.lower()] = value
        return header_map


AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)/(\d{8})/([^/,\s]+)/([^/,\s]+)/aws4_request\s*,\s*"
    r"SignedHeaders=([a-z0-9\-;]+)\s*,\s*Signature=([0-9a-f]{64})\s*$"
)


def verify(scenario, method, path, headers, body, service):
    """Checks the request's SigV4 signature as AWS does; raises AWSError for the first problem. `service` is the
    signing name the action belongs to (`iam`, `sts`, `cloudcontrolapi`, `organizations`), or None for an unknown
    action."""
    authorization = headers.get("Authorization")
    if not authorization:
        raise AWSError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
    match = AUTHORIZATION.match(authorization)
    if not match:
        raise AWSError(
            400,
            "IncompleteSignature",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters "
            "(AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, ...). "
            f"Authorization={authorization}",
        )
    key_id, scope_date, region, scope_service, signed_list, signature = match.groups()
    signed = signed_list.split(";")
    if "host" not in signed:
        raise AWSError(400, "IncompleteSignature", "'Host' must be a 'SignedHeader' in the AWS Authorization.")

    entry = scenario.configuration.get("credentials", {}).get(key_id)
    if entry is None:
        raise AWSError(403, "InvalidClientTokenId", INVALID_TOKEN)
    if headers.get("X-Amz-Security-Token") != entry.get("sessionToken"):
        raise AWSError(403, "InvalidClientTokenId", INVALID_TOKEN)

    known = ("iam", "sts", "cloudcontrolapi", "organizations")
    if scope_service not in known or (service is not None and scope_service != service):
        expected = service or "iam' or 'sts"
        raise AWSError(403, "SignatureDoesNotMatch", f"Credential should be scoped to correct service: '{expected}'. ")
    if scope_service in ("iam", "organizations") and region != "us-east-1":
        raise AWSError(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ")
    amz_date = headers.get("X-Amz-Date", "")
    try:
        signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise AWSError(
            400,
            "IncompleteSignature",
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        ) from None
    if scope_date != amz_date[:8]:
        raise AWSError(
            403,
            "SignatureDoesNotMatch",
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{scope_date}' != '{amz_date[:8]}', from '{amz_date}'.",
        )
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = "%Y%m%dT%H%M%SZ"
    if signed_at < now - MAX_SKEW:
        raise AWSError(
            403,
            "SignatureDoesNotMatch",
            f"Signature expired: {amz_date} is now earlier than {(now - MAX_SKEW).strftime(stamp)} "
            f"({now.strftime(stamp)} - 15 min.)",
        )
    if signed_at > now + MAX_SKEW:
        raise AWSError(
            403,
            "SignatureDoesNotMatch",
            f"Signature not yet current: {amz_date} is still later than {(now + MAX_SKEW).strftime(stamp)} "
            f"({now.strftime(stamp)} + 15 min.)",
        )

    request = AWSRequest(method=method, url="http://" + headers.get("Host", "") + path, data=body)
    for name, value in headers.items():
        if name.lower() in signed:
            request.headers[name] = value
    request.context["timestamp"] = amz_date
    signer = SignedHeadersOnly(Credentials(key_id, entry["secret"], entry.get("sessionToken")), scope_service, region)
    canonical_request = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical_request), request)
    if not hmac.compare_digest(expected, signature):
        raise AWSError(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH)


# MARK: - Operations


def members(params, name):
    """The values of list parameter `name` (`Name.member.N`), in N order."""
    prefix = name + ".member."
    indexed = []
    for key, value in params.items():
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            indexed.append((int(key[len(prefix):]), value))
    return [value for _, value in sorted(indexed)]


def max_items(params):
    text = params.get("MaxItems")
    if text is None:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise AWSError(
            400,
            "ValidationError",
            f"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: Member must "
            "have value between 1 and 1000",
        )
    return int(text)


def page_start(scenario, params, kind):
    """The offset the request's Marker stands for: 0 without one; a Marker this server did not hand out for the same
    call (same parameters apart from Marker) is InvalidInput."""
    marker = params.get("Marker")
    if marker is None:
        return 0
    issued = scenario.markers.get(marker)
    if issued is None or issued[0] != (kind, call_digest(params)):
        raise AWSError(400, "InvalidInput", f"Invalid Marker '{marker}': it was not issued for this call.")
    return issued[1]


def paging(scenario, params, kind, next_offset):
    """IsTruncated (and a new Marker for `next_offset`, when not None)."""
    if next_offset is None:
        return "<IsTruncated>false</IsTruncated>"
    marker = f"{kind}-{next_offset}-{uuid.uuid4().hex[:12]}"
    scenario.markers[marker] = ((kind, call_digest(params)), next_offset)
    return f"<IsTruncated>true</IsTruncated><Marker>{marker}</Marker>"


def call_digest(params):
    return hashlib.sha256(json.dumps(sorted((k, v) for k, v in params.items() if k != "Marker")).encode()).hexdigest()


def glob_match(pattern, text, ignore_case):
    """IAM's wildcards: `*` any run of characters, `?` one character; nothing else is special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch(regex, text, flags) is not None


def decide(simulate, action, resource):
    for rule in simulate.get("rules", []):
        if glob_match(rule["action"], action, True) and glob_match(rule.get("resource", "*"), resource, False):
            return rule
    return {"decision": simulate.get("default", "implicitDeny")}


def text_element(name, value):
    return f"<{name}>{escape(str(value))}</{name}>"


def evaluation_details(rule, with_missing_context):
    """MatchedStatements, MissingContextValues (filled only when `with_missing_context`) and the boundary detail."""
    statements = ""
    for statement in rule.get("matchedStatements", []):
        parts = ""
        if "sourcePolicyId" in statement:
            parts += text_element("SourcePolicyId", statement["sourcePolicyId"])
        if "sourcePolicyType" in statement:
            parts += text_element("SourcePolicyType", statement["sourcePolicyType"])
        for key, name in (("start", "StartPosition"), ("end", "EndPosition")):
            if key in statement:
                line, column = statement[key]
                parts += f"<{name}>{text_element('Line', line)}{text_element('Column', column)}</{name}>"
        statements += f"<member>{parts}</member>"
    missing = rule.get("missingContextValues", []) if with_missing_context else []
    xml = f"<MatchedStatements>{statements}</MatchedStatements>"
    xml += "<MissingContextValues>" + "".join(text_element("member", key) for key in missing) + "</MissingContextValues>"
    if "allowedByPermissionsBoundary" in rule:
        allowed = "true" if rule["allowedByPermissionsBoundary"] else "false"
        xml += f"<PermissionsBoundaryDecisionDetail>{text_element('AllowedByPermissionsBoundary', allowed)}"
        xml += "</PermissionsBoundaryDecisionDetail>"
    return xml


def evaluation_result(rule, action, resource):
    """One EvaluationResults member, laid out as in aws-samples/simulate_principal_policy_response.xml: missing
    context values at the top level for "*", inside ResourceSpecificResults for a named resource; the SCP detail
    (OrganizationsDecisionDetail) at the top level only."""
    decision = rule["decision"]
    star = resource == "*"
    xml = text_element("EvalActionName", action) + text_element("EvalResourceName", resource)
    xml += text_element("EvalDecision", decision) + evaluation_details(rule, star)
    if "allowedByOrganizations" in rule:
        allowed = "true" if rule["allowedByOrganizations"] else "false"
        xml += f"<OrganizationsDecisionDetail>{text_element('AllowedByOrganizations', allowed)}"
        xml += "</OrganizationsDecisionDetail>"
    details = rule.get("decisionDetails")
    if details is not None or not star:
        entries = "".join(
            f"<entry>{text_element('key', key)}{text_element('value', value)}</entry>"
            for key, value in (details or {}).items()
        )
        xml += f"<EvalDecisionDetails>{entries}</EvalDecisionDetails>"
    if not star:
        specific = text_element("EvalResourceName", resource) + text_element("EvalResourceDecision", decision)
        xml += f"<ResourceSpecificResults><member>{specific}{evaluation_details(rule, True)}</member>"
        xml += "</ResourceSpecificResults>"
    return f"<member>{xml}</member>"


def simulate(scenario, action, params):
    if action == "SimulatePrincipalPolicy" and not params.get("PolicySourceArn"):
        raise AWSError(400, "InvalidInput", "PolicySourceArn is required.")
    if action == "SimulateCustomPolicy" and "PolicyInputList" not in params and not members(params, "PolicyInputList"):
        raise AWSError(400, "InvalidInput", "PolicyInputList is required.")
    actions = members(params, "ActionNames")
    if not actions:
        raise AWSError(400, "InvalidInput", "ActionNames is required and must not be empty.")
    resources = members(params, "ResourceArns") or ["*"]
    settings = scenario.configuration.get("simulate", {})
    size = min(settings.get("pageSize") or 100, max_items(params) or 100)
    start = page_start(scenario, params, action)
    pairs = [(a, r) for a in actions for r in resources]
    page = pairs[start : start + size]
    results = "".join(evaluation_result(decide(settings, a, r), a, r) for a, r in page)
    more = start + size if start + size < len(pairs) else None
    return paging(scenario, params, action, more) + f"<EvaluationResults>{results}</EvaluationResults>"


def authorization_page_body(text):
    """The lists of one configured page: the inside of its Result element when it has one, without paging elements."""
    result = re.search(
        r"<GetAccountAuthorizationDetailsResult[^>]*>(.*)</GetAccountAuthorizationDetailsResult>", text, re.DOTALL
    )
    inner = result.group(1) if result else text
    return re.sub(r"<(IsTruncated|Marker)>.*?</\1>|<(IsTruncated|Marker)\s*/>", "", inner, flags=re.DOTALL)


def authorization_details(scenario, action, params):
    for value in members(params, "Filter"):
        if value not in AUTHORIZATION_FILTERS:
            raise AWSError(
                400,
                "ValidationError",
                f"1 validation error detected: Value '[{value}]' at 'filter' failed to satisfy constraint: Member "
                f"must satisfy constraint: [Member must satisfy enum value set: {sorted(AUTHORIZATION_FILTERS)}]",
            )
    max_items(params)
    pages = scenario.configuration.get("authorizationDetails", "")
    if isinstance(pages, str):
        pages = [pages]
    index = page_start(scenario, params, action)
    if index >= len(pages):
        return "<IsTruncated>false</IsTruncated>"
    more = index + 1 if index + 1 < len(pages) else None
    return paging(scenario, params, action, more) + authorization_page_body(pages[index])


def caller_identity(scenario, action, params):
    identity = {**DEFAULT_IDENTITY, **scenario.configuration.get("identity", {})}
    return "".join(text_element(key, identity[key]) for key in ("Arn", "UserId", "Account"))


def get_role(scenario, action, params):
    name = params.get("RoleName", "")
    arn = scenario.configuration.get("roles", {}).get(name)
    if arn is None:
        raise AWSError(404, "NoSuchEntity", f"The role with name {name} cannot be found.")
    path = arn.split(":role", 1)[-1].rsplit("/", 1)[0] + "/"
    return "<Role>" + text_element("Path", path) + text_element("RoleName", name) + text_element("Arn", arn) + "</Role>"


# Each action: the service that signs it, its API version and namespace, and what answers it.
OPERATIONS = {
    "SimulatePrincipalPolicy": ("iam", IAM_VERSION, IAM_NAMESPACE, simulate),
    "SimulateCustomPolicy": ("iam", IAM_VERSION, IAM_NAMESPACE, simulate),
    "GetAccountAuthorizationDetails": ("iam", IAM_VERSION, IAM_NAMESPACE, authorization_details),
    "GetCallerIdentity": ("sts", STS_VERSION, STS_NAMESPACE, caller_identity),
    "GetRole": ("iam", IAM_VERSION, IAM_NAMESPACE, get_role),
}


# MARK: - HTTP


def record(scenario, entry, status, error, rejected=False):
    """Adds the answered request to the scenario's log (before the answer goes out, so a client that has its answer
    finds its request logged)."""
    with LOCK:
        entry.update(status=status, error=error)
        scenario.requests.append(entry)
        scenario.rejected += 1 if rejected else 0


class Handler(test_http_server.QuietHandler):
    server_version = "fake-aws-server"

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/control/scenario/"):
            self.control(url.path[len("/control/scenario/"):], body)
            return
        match = re.match(r"^/aws/([^/]+)(/.*)?$", url.path)
        if not match:
            self.respond_json(404, {"error": f"unknown route {url.path}; AWS requests go to /aws/<scenario>/"})
            return
        name = match.group(1)
        with LOCK:
            scenario = SCENARIOS.get(name)
        request_id = str(uuid.uuid4())
        if scenario is None:
            message = f"no scenario '{name}' is configured (POST /control/scenario/{name} first)"
            self.respond_error(AWSError(404, "NoSuchScenario", message), request_id, IAM_NAMESPACE)
            return
        self.aws(scenario, url, body, request_id)

    def control(self, name, body):
        if self.command == "POST":
            try:
                configuration = json.loads(body or b"{}")
            except ValueError as error:
                self.respond_json(400, {"error": f"the scenario is not JSON: {error}"})
                return
            problem = validate(configuration)
            if problem:
                self.respond_json(400, {"error": problem})
                return
            with LOCK:
                SCENARIOS[name] = Scenario(configuration)
            self.respond(204, [], b"")
            return
        with LOCK:
            scenario = SCENARIOS.get(name)
            if scenario is None:
                self.respond_json(404, {"error": f"no scenario '{name}'"})
                return
            log = {
                "requests": list(scenario.requests),
                "rejected": scenario.rejected,
                "resources": scenario.cloud.snapshot(),
            }
        self.respond_json(200, log)

    def aws(self, scenario, url, body, request_id):
        target = self.headers.get("X-Amz-Target")
        if target is not None and target.startswith(organizations.TARGET_PREFIX):
            self.organizations(scenario, body, request_id)
            return
        if target is not None:
            self.cloud_control(scenario, body, request_id)
            return
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            params.update(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        action = params.get("Action")
        operation = OPERATIONS.get(action)
        namespace = operation[2] if operation else IAM_NAMESPACE
        entry = {"action": action, "params": params, "signatureValid": False, "requestId": request_id}
        try:
            verify(scenario, self.command, self.path, self.headers, body, operation[0] if operation else None)
        except AWSError as error:
            record(scenario, entry, error.status, error.code, rejected=True)
            self.respond_error(error, request_id, namespace)
            return
        entry["signatureValid"] = True
        with LOCK:
            step = scenario.faults.pop(0) if scenario.faults else None
        if step is not None and self.play(scenario, step, entry, namespace):
            return
        try:
            if not action:
                raise AWSError(400, "MissingAction", "Request is missing Action")
            if operation is None or params.get("Version") != operation[1]:
                raise AWSError(
                    400, "InvalidAction", f"Could not find operation {action} for version {params.get('Version')}"
                )
            with LOCK:
                result = operation[3](scenario, action, params)
        except AWSError as error:
            record(scenario, entry, error.status, error.code)
            self.respond_error(error, request_id, namespace)
            return
        record(scenario, entry, 200, None)
        xml = (
            f'<{action}Response xmlns="{namespace}"><{action}Result>{result}</{action}Result>'
            f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{action}Response>"
        )
        self.respond(200, [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)], xml.encode())

    def play(self, scenario, step, entry, namespace):
        """Answers with fault `step`; False when the step only waits and the normal answer follows."""
        if step.get("sleep"):
            time.sleep(float(step["sleep"]))
        action = step.get("action")
        if action in ("reset", "close"):
            record(scenario, entry, None, action)
            self.drop(reset=action == "reset")
            return True
        if action == "malformed-xml":
            record(scenario, entry, 200, action)
            headers = [("Content-Type", "text/xml"), ("x-amzn-RequestId", entry["requestId"])]
            self.respond(200, headers, b"<ErrorResponse><Error><Code>X</Error></ErrorResponse>")
            return True
        if "status" in step:
            status = int(step["status"])
            code = step.get("code") or ("InternalFailure" if status >= 500 else "BadRequest")
            message = step.get("message") or (
                "The request processing has failed because of an unknown error, exception or failure."
                if status >= 500
                else "The request was rejected."
            )
            record(scenario, entry, status, code)
            self.respond_error(AWSError(status, code, message), entry["requestId"], namespace)
            return True
        return False

    def cloud_control(self, scenario, body, request_id):
        """A Cloud Control call: the signature (signing name cloudcontrolapi), the scenario's Cloud Control faults,
        then the answer of scripts/fake-cloudcontrol.py."""
        target = self.headers.get("X-Amz-Target")
        text = body.decode("utf-8", "replace")
        entry = {"action": target.rsplit(".", 1)[-1], "target": target, "params": {}, "body": text}
        entry.update(signatureValid=False, requestId=request_id)
        try:
            fields = json.loads(body or b"{}")
        except ValueError:
            fields = {}
        if isinstance(fields, dict):
            for key, name in (("clientToken", "ClientToken"), ("typeName", "TypeName"), ("identifier", "Identifier")):
                if isinstance(fields.get(name), str):
                    entry[key] = fields[name]
            if isinstance(fields.get("RequestToken"), str):
                entry["requestToken"] = fields["RequestToken"]
        try:
            verify(scenario, self.command, self.path, self.headers, body, "cloudcontrolapi")
        except AWSError as error:
            failure = cloudcontrol.authentication_error(error.code, error.message)
            record(scenario, entry, failure.status, failure.code, rejected=True)
            self.respond_cloud_control_error(failure, request_id)
            return
        entry["signatureValid"] = True
        region = AUTHORIZATION.match(self.headers.get("Authorization", "")).group(3)
        with LOCK:
            step = scenario.cloud.take_fault(entry["action"], outcome=False)
        if step is not None:
            if step.get("sleep"):
                time.sleep(float(step["sleep"]))
            action = step.get("action")
            if action in ("reset", "close"):
                record(scenario, entry, None, action)
                self.drop(reset=action == "reset")
                return
            if action == "malformed-json":
                record(scenario, entry, 200, action)
                headers = [("Content-Type", cloudcontrol.CONTENT_TYPE), ("x-amzn-RequestId", request_id)]
                self.respond(200, headers, b'{"ProgressEvent": {"RequestToken": "x", ')
                return
            if "status" in step:
                failure = cloudcontrol.CloudControlError(
                    step.get("code") or "InternalFailure",
                    step.get("message") or "The request was rejected.",
                    status=int(step["status"]),
                    namespace=step.get("namespace", cloudcontrol.SERVICE_NAMESPACE),
                )
                record(scenario, entry, failure.status, failure.code)
                self.respond_cloud_control_error(failure, request_id)
                return
        try:
            with LOCK:
                value, token, identifier = cloudcontrol.handle(
                    scenario.cloud, region, target, self.headers.get("Content-Type", ""), body
                )
        except cloudcontrol.CloudControlError as error:
            record(scenario, entry, error.status, error.code)
            self.respond_cloud_control_error(error, request_id)
            return
        if token is not None:
            entry["requestToken"] = token
        if identifier is not None:
            entry["identifier"] = identifier
        lost = step is not None and step.get("action") == "reset-after"
        record(scenario, entry, 200, "reset-after" if lost else None)
        if lost:
            self.drop(reset=True)
            return
        headers = [("Content-Type", cloudcontrol.CONTENT_TYPE), ("x-amzn-RequestId", request_id)]
        self.respond(200, headers, cloudcontrol.encode(value).encode())

    def organizations(self, scenario, body, request_id):
        """An Organizations call: the signature (signing name organizations, region us-east-1), the scenario's
        Organizations faults, then the answer of scripts/fake-organizations.py."""
        target = self.headers.get("X-Amz-Target")
        operation = target[len(organizations.TARGET_PREFIX) :]
        entry = {"action": operation, "target": target, "params": {}, "body": body.decode("utf-8", "replace")}
        entry.update(signatureValid=False, requestId=request_id)
        headers = [("Content-Type", organizations.CONTENT_TYPE), ("x-amzn-RequestId", request_id)]
        try:
            verify(scenario, self.command, self.path, self.headers, body, "organizations")
        except AWSError as error:
            failure = cloudcontrol.authentication_error(error.code, error.message)
            record(scenario, entry, failure.status, failure.code, rejected=True)
            self.respond(failure.status, headers, cloudcontrol.error_body(failure).encode())
            return
        entry["signatureValid"] = True
        try:
            with LOCK:
                step = scenario.organizations.take_fault(operation)
                if step is not None:
                    message = step.get("message", "The request was rejected.")
                    status = int(step.get("status", 400))
                    raise organizations.OrganizationsError(step["code"], message, status=status)
                value = organizations.handle(
                    scenario.organizations, target, self.headers.get("Content-Type", ""), body
                )
        except organizations.OrganizationsError as error:
            record(scenario, entry, error.status, error.code)
            self.respond(error.status, headers, organizations.error_body(error).encode())
            return
        record(scenario, entry, 200, None)
        self.respond(200, headers, json.dumps(value).encode())

    def respond_cloud_control_error(self, error, request_id):
        headers = [("Content-Type", cloudcontrol.CONTENT_TYPE), ("x-amzn-RequestId", request_id)]
        if error.namespace == cloudcontrol.CORAL_NAMESPACE:
            headers.append(("x-amzn-ErrorType", f"{error.code}:http://internal.amazon.com/coral/{error.namespace}/"))
        self.respond(error.status, headers, cloudcontrol.error_body(error).encode())

    def respond_error(self, error, request_id, namespace):
        kind = "Receiver" if error.status >= 500 else "Sender"
        xml = (
            f'<ErrorResponse xmlns="{namespace}"><Error><Type>{kind}</Type>{text_element("Code", error.code)}'
            f"{text_element('Message', error.message)}</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        headers = [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)]
        self.respond(error.status, headers, xml.encode())

    def respond_json(self, status, value):
        self.respond(status, [("Content-Type", "application/json")], json.dumps(value).encode())


def main():
    parser = argparse.ArgumentParser(
        description="Fake IAM, STS, Cloud Control and Organizations that verify SigV4, for iamgate's tests."
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="exit after this many seconds (default 300)")
    arguments = parser.parse_args()
    test_http_server.serve(Handler, arguments.timeout)


if __name__ == "__main__":
    main()

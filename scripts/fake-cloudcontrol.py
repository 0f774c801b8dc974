"""The Cloud Control API half of scripts/fake-aws-server.py (loaded by it, not run on its own): AWS's JSON 1.0
protocol (`X-Amz-Target: CloudApiService.<Operation>`, signing name `cloudcontrolapi`), resources stored per TypeName,
and resource requests that move PENDING -> IN_PROGRESS -> a final state as they are polled.

A scenario's "cloudControl" object (every key optional):
  "account": "123456789012"     the account in the ARNs it makes (default: the scenario's identity Account)
  "resources": {"<TypeName>": [{"Identifier": "...", "Properties": "<JSON object text>"}]}   what exists at the start
  "pollsToFinish": 2            GetResourceRequestStatus calls after which a request is final: the write answers
                                PENDING, the polls before the last IN_PROGRESS, the last one the final state (0: the
                                write's own answer is final)
  "retryAfter": 1.5             seconds from now put in RetryAfter of every event that is not final (absent: none)
  "pageSize": 100               ListResources / ListResourceRequests entries per page (MaxResults may ask for fewer)
  "faults": [step, ...]         each used up by the first Cloud Control request it matches ("operation": one name or
                                a list; by default the writes CreateResource, UpdateResource and DeleteResource):
      {"outcome": "FAILED", "errorCode": "Throttling", "statusMessage": "Rate exceeded"}
                                the write is accepted and its request ends FAILED with that ErrorCode (nothing changes)
      {"outcome": "CANCEL_COMPLETE"}   the request ends cancelled (through CANCEL_IN_PROGRESS)
      {"outcome": "IN_PROGRESS"}       the request never ends
      {"status": 400, "code": "AccessDeniedException", "message": "...", "namespace": "com.amazon.coral.service"}
                                that JSON error instead of an answer (the request is not processed)
      {"action": "malformed-json"}     200 with a body that is not JSON (not processed)
      {"action": "reset"} / {"action": "close"}   the connection dropped before the request is processed
      {"action": "reset-after"}        the request processed, then the connection reset: the answer is lost
      {"sleep": <seconds>}             waits first
  Outcome steps are used up only by a write that starts a new request (not by a ClientToken replay).

Behaviour, as the Cloud Control API Reference and user guide describe it:
  CreateResource    an Identifier at once (AWS::ImageBuilder::Image: its primary identifier Arn,
                    arn:aws:imagebuilder:REGION:ACCOUNT:image/NAME/VERSION/BUILD from the recipe ARN; other types: the
                    DesiredState's "Id", else a new UUID); the resource exists once the request succeeds. A missing
                    required property fails the request with InvalidRequest ("Model validation failed").
  UpdateResource    applies the RFC 6902 PatchDocument (add, remove, replace, move, copy, test) on success; an operation
                    that cannot apply fails the request with InvalidRequest and changes nothing; a create-only or
                    read-only property fails it with NotUpdatable; an unknown Identifier fails it with NotFound.
  DeleteResource    removes the resource on success; an unknown Identifier fails the request with NotFound.
  GetResource       ResourceNotFoundException for an unknown Identifier.
  ListResources     the type's resources (those matching ResourceModel's top-level properties), paged by NextToken.
  GetResourceRequestStatus / CancelResourceRequest   RequestTokenNotFoundException for an unknown token; cancelling a
                    request that is already final is ConcurrentModificationException.
  ListResourceRequests   every request of the scenario, filtered by ResourceRequestStatusFilter, paged by NextToken.
  ClientToken       the same token with the same request answers with that request's progress (same RequestToken);
                    with a different request, ClientTokenConflictException.
  Concurrency       a write to a resource with a request still in progress is ConcurrentOperationException.
  Validation        ValidationException for a missing required member, a TypeName, ClientToken or RequestToken that
                    does not fit the model's pattern, or MaxResults outside 1-100; SerializationException for a body
                    that is not a JSON object or the wrong Content-Type; UnknownOperationException for another target.
Errors are {"__type": "<namespace>#<Code>", "Message": "..."} with HTTP 400 (the model gives no statuses); the
authentication errors (InvalidSignatureException, UnrecognizedClientException, MissingAuthenticationTokenException,
IncompleteSignatureException) are coral's, with "message" and an x-amzn-ErrorType header, as AWS's JSON services send.
"""

import copy
import hashlib
import json
import re
import time
import uuid

TARGET_PREFIX = "CloudApiService."
CONTENT_TYPE = "application/x-amz-json-1.0"
SERVICE_NAMESPACE = "com.amazon.cloudapiservice"
CORAL_NAMESPACE = "com.amazon.coral.service"
WRITES = ("CreateResource", "UpdateResource", "DeleteResource")
OPERATIONS = WRITES + (
    "GetResource",
    "ListResources",
    "GetResourceRequestStatus",
    "CancelResourceRequest",
    "ListResourceRequests",
)
OUTCOMES = ("FAILED", "CANCEL_COMPLETE", "IN_PROGRESS")
FINAL = ("SUCCESS", "FAILED", "CANCEL_COMPLETE")
TYPE_NAME = re.compile(r"^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$")
TOKEN = re.compile(r"^[-A-Za-z0-9+/=]{1,128}$")
SCENARIO_KEYS = {"account", "resources", "pollsToFinish", "retryAfter", "pageSize", "faults"}
FAULT_ACTIONS = ("malformed-json", "reset", "close", "reset-after")

# What the stand-in knows of a type's schema (the registry schema of AWS::ImageBuilder::Image, as StackQL's awscc
# provider carries it: primary identifier Arn; read-only Arn, Name, ImageId, ImageUri; the create-only properties).
IMAGE = "AWS::ImageBuilder::Image"
SCHEMAS = {
    IMAGE: {
        "primaryIdentifier": "Arn",
        "readOnly": ["Arn", "Name", "ImageId", "ImageUri"],
        "createOnly": [
            "ImageRecipeArn",
            "ContainerRecipeArn",
            "InfrastructureConfigurationArn",
            "Workflows",
            "DistributionConfigurationArn",
            "ImageTestsConfiguration",
            "ImageScanningConfiguration",
            "EnhancedImageMetadataEnabled",
        ],
    }
}


class CloudControlError(Exception):
    """An answer in the JSON protocol's error form."""

    def __init__(self, code, message, status=400, namespace=SERVICE_NAMESPACE):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.namespace = namespace


def validate(configuration):
    """Why the scenario's "cloudControl" object is not one, or None."""
    if not isinstance(configuration, dict):
        return "cloudControl must be a JSON object"
    unknown = sorted(set(configuration) - SCENARIO_KEYS)
    if unknown:
        return f"unknown cloudControl keys {unknown}; known: {sorted(SCENARIO_KEYS)}"
    for type_name, resources in configuration.get("resources", {}).items():
        if not TYPE_NAME.match(type_name) or not isinstance(resources, list):
            return f"cloudControl resources '{type_name}' must be a TypeName with a list of resources"
        for resource in resources:
            if not isinstance(resource, dict) or not isinstance(resource.get("Identifier"), str):
                return f"cloudControl resource {resource} needs an 'Identifier' string"
            try:
                properties = json.loads(resource.get("Properties", "{}"))
            except (TypeError, ValueError):
                return f"cloudControl resource '{resource['Identifier']}' has Properties that are not JSON text"
            if not isinstance(properties, dict):
                return f"cloudControl resource '{resource['Identifier']}' has Properties that are not an object"
    polls = configuration.get("pollsToFinish", 2)
    if not isinstance(polls, int) or polls < 0:
        return "cloudControl pollsToFinish must be a whole number >= 0"
    for step in configuration.get("faults", []):
        if not isinstance(step, dict) or not ({"outcome", "status", "action", "sleep"} & set(step)):
            return f"cloudControl fault {step} needs 'outcome', 'status', 'action' or 'sleep'"
        if step.get("outcome") not in (None,) + OUTCOMES:
            return f"cloudControl fault outcome {step['outcome']!r} is not one of {list(OUTCOMES)}"
        if step.get("action") not in (None,) + FAULT_ACTIONS:
            return f"cloudControl fault action {step['action']!r} is not one of {list(FAULT_ACTIONS)}"
        operations = step.get("operation", [])
        for name in [operations] if isinstance(operations, str) else operations:
            if name not in OPERATIONS:
                return f"cloudControl fault operation {name!r} is not one of {list(OPERATIONS)}"
    return None


def now():
    return time.time()


# MARK: - JSON


class Timestamp:
    """Epoch seconds, written as AWS writes them: a number in exponent form such as 1.714554753123E9."""

    def __init__(self, seconds):
        self.seconds = seconds


def encode(value):
    """`value` as JSON text, Timestamps in AWS's exponent form."""
    marks = {}

    def mark(item):
        if isinstance(item, Timestamp):
            key = f"@@timestamp{len(marks)}@@"
            marks[key] = "%.13gE9" % (item.seconds / 1e9)
            return key
        if isinstance(item, dict):
            return {name: mark(member) for name, member in item.items()}
        if isinstance(item, list):
            return [mark(member) for member in item]
        return item

    text = json.dumps(mark(value), separators=(",", ":"))
    for key, number in marks.items():
        text = text.replace(f'"{key}"', number)
    return text


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


# MARK: - RFC 6902


class PatchError(Exception):
    pass


def pointer_tokens(path):
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise PatchError(f"path {path!r} is not a JSON Pointer (RFC 6901): it must start with '/'")
    if path == "":
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in path[1:].split("/")]


def parent_of(document, tokens, path):
    target = document
    for token in tokens[:-1]:
        if isinstance(target, dict) and token in target:
            target = target[token]
        elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
            target = target[int(token)]
        else:
            raise PatchError(f"path {path!r} does not exist")
    return target


def get_at(document, path):
    tokens = pointer_tokens(path)
    if not tokens:
        return document
    parent = parent_of(document, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict) and last in parent:
        return parent[last]
    if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        return parent[int(last)]
    raise PatchError(f"path {path!r} does not exist")


def remove_at(document, path):
    tokens = pointer_tokens(path)
    if not tokens:
        raise PatchError("the whole document cannot be removed")
    parent = parent_of(document, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict) and last in parent:
        return parent.pop(last)
    if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        return parent.pop(int(last))
    raise PatchError(f"path {path!r} does not exist")


def add_at(document, path, value, replace=False):
    tokens = pointer_tokens(path)
    if not tokens:
        raise PatchError("the whole document cannot be replaced")
    parent = parent_of(document, tokens, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        if replace and last not in parent:
            raise PatchError(f"path {path!r} does not exist")
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-" and not replace:
            parent.append(value)
        elif last.isdigit() and int(last) <= len(parent) - (1 if replace else 0):
            if replace:
                parent[int(last)] = value
            else:
                parent.insert(int(last), value)
        else:
            raise PatchError(f"path {path!r} is not a valid array index")
    else:
        raise PatchError(f"path {path!r} does not exist")


def apply_patch(document, operations):
    """`document` with RFC 6902 `operations` applied in order; PatchError, the document untouched, when one fails."""
    result = copy.deepcopy(document)
    for operation in operations:
        if not isinstance(operation, dict) or "op" not in operation or "path" not in operation:
            raise PatchError(f"operation {operation} needs 'op' and 'path'")
        op, path = operation["op"], operation["path"]
        if op in ("add", "replace", "test") and "value" not in operation:
            raise PatchError(f"operation {op!r} at {path!r} needs a 'value'")
        if op == "add":
            add_at(result, path, copy.deepcopy(operation["value"]))
        elif op == "remove":
            remove_at(result, path)
        elif op == "replace":
            add_at(result, path, copy.deepcopy(operation["value"]), replace=True)
        elif op in ("move", "copy"):
            source = operation.get("from")
            value = get_at(result, source)
            if op == "move":
                if path.startswith(source + "/"):
                    raise PatchError(f"cannot move {source!r} into its own child {path!r}")
                remove_at(result, source)
            add_at(result, path, copy.deepcopy(value))
        elif op == "test":
            if get_at(result, path) != operation["value"]:
                raise PatchError(f"test failed: the value at {path!r} is not {operation['value']!r}")
        else:
            raise PatchError(f"unknown operation {op!r}")
    return result


# MARK: - State


class ResourceRequest:
    """One write: where it stands, what it does when it succeeds, and how it ends."""

    def __init__(self, operation, type_name, identifier, client_token, fingerprint, polls_to_finish):
        self.token = str(uuid.uuid4())
        self.operation = operation
        self.type_name = type_name
        self.identifier = identifier
        self.client_token = client_token
        self.fingerprint = fingerprint
        self.polls_to_finish = polls_to_finish
        self.polls = 0
        self.final = "SUCCESS"  # or FAILED, CANCEL_COMPLETE, None (never ends)
        self.error_code = None
        self.status_message = None
        self.effect = None  # called once when the request succeeds
        self.resource_model = None
        self.cancelled = False
        self.status = None
        self.event_time = now()

    def advance(self, polled):
        """Moves the request on by one poll (when `polled`) and returns its status: PENDING until the first poll,
        IN_PROGRESS (CANCEL_IN_PROGRESS on the way to CANCEL_COMPLETE) until the last, then the final state; a
        request cancelled with CancelResourceRequest is CANCEL_COMPLETE at the next poll."""
        if self.status in FINAL:
            return self.status
        if polled:
            self.polls += 1
            self.event_time = now()
        if self.cancelled:
            status = "CANCEL_COMPLETE" if polled else "CANCEL_IN_PROGRESS"
        elif self.final is not None and self.polls >= self.polls_to_finish:
            status = self.final
        elif self.polls == 0:
            status = "PENDING"
        elif self.final == "CANCEL_COMPLETE":
            status = "CANCEL_IN_PROGRESS"
        else:
            status = "IN_PROGRESS"
        if status == "SUCCESS" and self.effect is not None:
            self.effect()
            self.effect = None
        self.status = status
        return status

    def event(self, state):
        status = self.status
        event = {"TypeName": self.type_name, "RequestToken": self.token, "Operation": self.operation}
        if self.identifier is not None:
            event["Identifier"] = self.identifier
        event["OperationStatus"] = status
        event["EventTime"] = Timestamp(self.event_time)
        if status == "FAILED":
            event["ErrorCode"] = self.error_code
        if self.status_message is not None and status in ("FAILED", "CANCEL_COMPLETE"):
            event["StatusMessage"] = self.status_message
        if status == "SUCCESS" and self.resource_model is not None:
            event["ResourceModel"] = self.resource_model
        if status not in FINAL and state.retry_after is not None:
            event["RetryAfter"] = Timestamp(now() + state.retry_after)
        return event


class CloudControlState:
    """One scenario's resources, requests, client tokens and paging tokens."""

    def __init__(self, configuration, account):
        self.configuration = configuration
        self.account = configuration.get("account", account)
        self.polls_to_finish = configuration.get("pollsToFinish", 2)
        self.retry_after = configuration.get("retryAfter")
        self.page_size = configuration.get("pageSize") or 100
        self.faults = list(configuration.get("faults", []))
        self.resources = {}
        for type_name, resources in configuration.get("resources", {}).items():
            self.resources[type_name] = {
                resource["Identifier"]: json.loads(resource.get("Properties", "{}")) for resource in resources
            }
        self.requests = []
        self.by_token = {}
        self.by_client_token = {}
        self.page_tokens = {}

    def snapshot(self):
        """The stored resources, for the control log: {TypeName: [{"Identifier", "Properties" (JSON text)}]}."""
        return {
            type_name: [{"Identifier": key, "Properties": canonical(value)} for key, value in resources.items()]
            for type_name, resources in self.resources.items()
        }

    def fault_for(self, operation):
        """The index of the first fault step that `operation` matches, or None."""
        for index, step in enumerate(self.faults):
            names = step.get("operation", list(WRITES))
            if operation in ([names] if isinstance(names, str) else names):
                return index
        return None

    def take_fault(self, operation, outcome):
        """Removes and returns the first matching step that is (`outcome`) or is not an outcome step, or None."""
        index = self.fault_for(operation)
        if index is None or ("outcome" in self.faults[index]) != outcome:
            return None
        return self.faults.pop(index)


# MARK: - Input checks


def required(body, name, pattern=None, pattern_text=None):
    value = body.get(name)
    if value is None:
        raise CloudControlError(
            "ValidationException",
            f"1 validation error detected: Value null at '{name[0].lower() + name[1:]}' failed to satisfy "
            "constraint: Member must not be null",
        )
    return checked(name, value, pattern, pattern_text)


def checked(name, value, pattern=None, pattern_text=None):
    if value is None:
        return None
    if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
        raise CloudControlError(
            "ValidationException",
            f"1 validation error detected: Value '{value}' at '{name[0].lower() + name[1:]}' failed to satisfy "
            f"constraint: Member must satisfy regular expression pattern: {pattern_text or '.+'}",
        )
    return value


def max_results(body):
    value = body.get("MaxResults")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise CloudControlError(
            "ValidationException",
            f"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy constraint: Member must "
            "have value between 1 and 100",
        )
    return value


def json_text(name, text, kind):
    try:
        value = json.loads(text)
    except ValueError:
        raise CloudControlError("InvalidRequestException", f"{name} is not valid JSON text") from None
    if not isinstance(value, kind):
        expected = "an object" if kind is dict else "an array"
        raise CloudControlError("InvalidRequestException", f"{name} must be JSON text of {expected}")
    return value


def not_found_message(type_name, identifier):
    return (
        f"{type_name} Handler returned status FAILED: Resource of type '{type_name}' with identifier "
        f"'{identifier}' was not found."
    )


# MARK: - Operations


def submit(state, region, operation, body):
    """A write: a new request, or the earlier one its ClientToken names."""
    type_name = required(body, "TypeName", TYPE_NAME, TYPE_NAME.pattern)
    client_token = checked("ClientToken", body.get("ClientToken"), TOKEN, TOKEN.pattern)
    checked("RoleArn", body.get("RoleArn"))
    if operation == "CreateResource":
        desired = json_text("DesiredState", required(body, "DesiredState"), dict)
        identifier = None
    else:
        identifier = required(body, "Identifier")
        desired = None
    patch = json_text("PatchDocument", required(body, "PatchDocument"), list) if operation == "UpdateResource" else None

    fingerprint = (operation, canonical({key: value for key, value in body.items() if key != "ClientToken"}))
    if client_token is None:
        client_token = str(uuid.uuid4())
    earlier = state.by_client_token.get(client_token)
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            raise CloudControlError(
                "ClientTokenConflictException",
                f"Client token '{client_token}' has already been used in another resource request.",
            )
        return earlier, False

    if identifier is not None:
        for other in state.requests:
            if other.type_name == type_name and other.identifier == identifier and other.status not in FINAL:
                raise CloudControlError(
                    "ConcurrentOperationException",
                    f"Another resource operation is currently being performed on the resource '{identifier}' of "
                    f"type '{type_name}' (request {other.token}).",
                )

    kind = {"CreateResource": "CREATE", "UpdateResource": "UPDATE", "DeleteResource": "DELETE"}[operation]
    request = ResourceRequest(kind, type_name, identifier, client_token, fingerprint, state.polls_to_finish)
    store = state.resources.setdefault(type_name, {})
    try:
        if operation == "CreateResource":
            create(state, region, request, type_name, desired, store)
        elif operation == "UpdateResource":
            update(request, type_name, identifier, patch, store)
        else:
            delete(request, type_name, identifier, store)
    except PatchError as error:
        request.final, request.error_code, request.status_message = "FAILED", "InvalidRequest", str(error)
        request.effect = None

    step = state.take_fault(operation, outcome=True)
    if step is not None:
        request.final = None if step["outcome"] == "IN_PROGRESS" else step["outcome"]
        request.effect = None
        if step["outcome"] == "FAILED":
            request.error_code = step.get("errorCode", "InternalFailure")
            request.status_message = step.get(
                "statusMessage", f"{type_name} Handler returned status FAILED ({request.error_code})"
            )
        elif step["outcome"] == "CANCEL_COMPLETE":
            request.status_message = step.get("statusMessage", "Resource request was cancelled.")
    state.requests.append(request)
    state.by_token[request.token] = request
    state.by_client_token[client_token] = request
    return request, True


def create(state, region, request, type_name, desired, store):
    properties = dict(desired)
    schema = SCHEMAS.get(type_name)
    if type_name == IMAGE:
        missing = [name for name in ("InfrastructureConfigurationArn",) if name not in properties]
        if "ImageRecipeArn" not in properties and "ContainerRecipeArn" not in properties:
            missing.insert(0, "ImageRecipeArn")
        if missing:
            request.final, request.error_code = "FAILED", "InvalidRequest"
            request.status_message = f"Model validation failed (#: required key [{missing[0]}] not found)"
            return
        recipe = properties.get("ImageRecipeArn") or properties.get("ContainerRecipeArn")
        match = re.search(r":(?:image|container)-recipe/([^/]+)/([^/]+)$", str(recipe))
        name, version = (match.group(1), match.group(2)) if match else ("image", "1.0.0")
        prefix = f"arn:aws:imagebuilder:{region}:{state.account}:image/{name}/{version}/"
        taken = set(store) | {other.identifier for other in state.requests if other.type_name == type_name}
        build = 1
        while f"{prefix}{build}" in taken:
            build += 1
        identifier = f"{prefix}{build}"
        image_id = "ami-" + hashlib.sha256(identifier.encode()).hexdigest()[:17]
        properties.update(Arn=identifier, Name=name, ImageId=image_id)
    else:
        key = schema["primaryIdentifier"] if schema else "Id"
        identifier = str(properties.get(key) or uuid.uuid4())
        properties[key] = identifier
        if identifier in store:
            request.identifier = identifier
            request.final, request.error_code = "FAILED", "AlreadyExists"
            request.status_message = f"Resource of type '{type_name}' with identifier '{identifier}' already exists."
            return
    request.identifier = identifier
    request.resource_model = canonical(properties)

    def effect():
        store[identifier] = properties

    request.effect = effect


def update(request, type_name, identifier, patch, store):
    if identifier not in store:
        request.final, request.error_code = "FAILED", "NotFound"
        request.status_message = not_found_message(type_name, identifier)
        return
    schema = SCHEMAS.get(type_name, {})
    fixed = set(schema.get("createOnly", [])) | set(schema.get("readOnly", []))
    for operation in patch:
        paths = [operation.get("path"), operation.get("from")] if isinstance(operation, dict) else []
        for path in paths:
            if isinstance(path, str) and path.startswith("/") and pointer_tokens(path)[0] in fixed:
                request.final, request.error_code = "FAILED", "NotUpdatable"
                request.status_message = (
                    f"Invalid patch update: createOnlyProperties and readOnlyProperties [/properties{path}] cannot "
                    "be updated"
                )
                return
    patched = apply_patch(store[identifier], patch)
    request.resource_model = canonical(patched)

    def effect():
        store[identifier] = patched

    request.effect = effect


def delete(request, type_name, identifier, store):
    if identifier not in store:
        request.final, request.error_code = "FAILED", "NotFound"
        request.status_message = not_found_message(type_name, identifier)
        return

    def effect():
        store.pop(identifier, None)

    request.effect = effect


def find_request(state, body):
    token = required(body, "RequestToken", TOKEN, TOKEN.pattern)
    request = state.by_token.get(token)
    if request is None:
        raise CloudControlError(
            "RequestTokenNotFoundException", f"Request with token {token} was not found in the resource requests."
        )
    return request


def page(state, operation, body, items):
    """One page of `items` and the NextToken of the next (issued for this call only), or None."""
    size = min(state.page_size, max_results(body) or 100)
    call = canonical({key: value for key, value in body.items() if key not in ("NextToken", "MaxResults")})
    start = 0
    token = body.get("NextToken")
    if token is not None:
        issued = state.page_tokens.get(token)
        if issued is None or issued[0] != (operation, call):
            raise CloudControlError("InvalidRequestException", f"Invalid NextToken '{token}' for this request.")
        start = issued[1]
    more = None
    if start + size < len(items):
        more = uuid.uuid4().hex
        state.page_tokens[more] = ((operation, call), start + size)
    return items[start : start + size], more


def answer(state, region, operation, body):
    """The JSON answer of `operation`, as (value, request token or None, identifier or None)."""
    if operation in WRITES:
        request, _ = submit(state, region, operation, body)
        request.advance(polled=False)
        return {"ProgressEvent": request.event(state)}, request.token, request.identifier
    if operation == "GetResourceRequestStatus":
        request = find_request(state, body)
        request.advance(polled=True)
        return {"ProgressEvent": request.event(state)}, request.token, request.identifier
    if operation == "CancelResourceRequest":
        request = find_request(state, body)
        if request.status in FINAL:
            raise CloudControlError(
                "ConcurrentModificationException",
                f"Resource request {request.token} is already {request.status} and cannot be cancelled.",
            )
        request.cancelled = True
        request.effect = None
        request.status = "CANCEL_IN_PROGRESS"
        request.event_time = now()
        return {"ProgressEvent": request.event(state)}, request.token, request.identifier
    if operation == "ListResourceRequests":
        max_results(body)
        filters = body.get("ResourceRequestStatusFilter") or {}
        if not isinstance(filters, dict):
            raise CloudControlError("SerializationException", "ResourceRequestStatusFilter must be an object")
        operations = filters.get("Operations") or []
        statuses = filters.get("OperationStatuses") or []
        for request in state.requests:
            request.advance(polled=False)
        selected = [
            request.event(state)
            for request in state.requests
            if (not operations or request.operation in operations) and (not statuses or request.status in statuses)
        ]
        items, more = page(state, operation, body, selected)
        result = {"ResourceRequestStatusSummaries": items}
        if more:
            result["NextToken"] = more
        return result, None, None

    type_name = required(body, "TypeName", TYPE_NAME, TYPE_NAME.pattern)
    checked("RoleArn", body.get("RoleArn"))
    store = state.resources.get(type_name, {})
    if operation == "GetResource":
        identifier = required(body, "Identifier")
        if identifier not in store:
            raise CloudControlError("ResourceNotFoundException", not_found_message(type_name, identifier))
        description = {"Identifier": identifier, "Properties": canonical(store[identifier])}
        return {"TypeName": type_name, "ResourceDescription": description}, None, identifier
    # ListResources
    model = body.get("ResourceModel")
    selection = json_text("ResourceModel", model, dict) if model is not None else {}
    matching = [
        {"Identifier": key, "Properties": canonical(value)}
        for key, value in store.items()
        if all(value.get(name) == wanted for name, wanted in selection.items())
    ]
    items, more = page(state, operation, body, matching)
    result = {"TypeName": type_name, "ResourceDescriptions": items}
    if more:
        result["NextToken"] = more
    return result, None, None


def handle(state, region, target, content_type, raw_body):
    """Answers one correctly signed Cloud Control request: (status, JSON text, log fields)."""
    operation = target[len(TARGET_PREFIX) :] if target and target.startswith(TARGET_PREFIX) else None
    if operation not in OPERATIONS:
        raise CloudControlError("UnknownOperationException", f"unknown operation {target!r}", namespace=CORAL_NAMESPACE)
    if content_type.split(";")[0].strip().lower() != CONTENT_TYPE:
        raise CloudControlError(
            "SerializationException",
            f"Content-Type {content_type!r} is not {CONTENT_TYPE}",
            namespace=CORAL_NAMESPACE,
        )
    try:
        body = json.loads(raw_body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise CloudControlError("SerializationException", "the body is not a JSON object", namespace=CORAL_NAMESPACE)
    return answer(state, region, operation, body)


def error_body(error):
    key = "message" if error.namespace == CORAL_NAMESPACE else "Message"
    return json.dumps({"__type": f"{error.namespace}#{error.code}", key: error.message})


# The query protocol's authentication errors and the JSON protocol's names for them.
AUTHENTICATION_CODES = {
    "MissingAuthenticationToken": "MissingAuthenticationTokenException",
    "IncompleteSignature": "IncompleteSignatureException",
    "InvalidClientTokenId": "UnrecognizedClientException",
    "SignatureDoesNotMatch": "InvalidSignatureException",
}


def authentication_error(code, message):
    return CloudControlError(AUTHENTICATION_CODES.get(code, code), message, status=400, namespace=CORAL_NAMESPACE)

#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth so the Swift signer can be compared with it.

    sigv4-compare.py REQUESTS.jsonl

Each input line is one JSON object:
    {"id": 7, "method": "POST", "url": "https://iam.amazonaws.com/", "headers": [["Content-Type", "..."], ...],
     "body_base64": "...", "service": "iam", "region": "us-east-1", "access_key_id": "AKIA...",
     "secret_access_key": "...", "session_token": null, "epoch_seconds": 1440938160.25}
Headers are a list of pairs so that duplicates and their order survive. For each line one JSON object is printed:
    {"id": 7, "canonical_request": "...", "string_to_sign": "...", "signature": "...", "authorization": "..."}

Signing uses botocore as the reference: botocore's clock is pinned to the request's time, and the
steps of SigV4Auth.add_auth are run one by one so the intermediates can be printed. Each request is also signed with
add_auth itself and the two Authorization headers must agree, so the split steps cannot drift from botocore.

Exit status: 0 all signed; 1 a request could not be signed; 2 usage error or unreadable input;
3 botocore is missing (install it with: python3 -m venv .venv && .venv/bin/pip install botocore).
"""

import base64
import datetime
import json
import sys
from unittest import mock

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_MISSING_MODULE = 3


def fail(code, message):
    print(f"sigv4-compare: {message}", file=sys.stderr)
    return code


def build_request(AWSRequest, spec):
    body = base64.b64decode(spec.get("body_base64") or "")
    request = AWSRequest(method=spec["method"], url=spec["url"], data=body or None)
    for name, value in spec.get("headers", []):
        # HTTPHeaders (an email.message.Message) appends on assignment, so duplicates keep their order.
        request.headers[name] = value
    return request


def sign(botocore_auth, AWSRequest, Credentials, spec):
    fixed = datetime.datetime.fromtimestamp(spec["epoch_seconds"], tz=datetime.timezone.utc).replace(tzinfo=None)
    credentials = Credentials(spec["access_key_id"], spec["secret_access_key"], spec.get("session_token"))
    auth = botocore_auth.SigV4Auth(credentials, spec["service"], spec["region"])
    request = build_request(AWSRequest, spec)
    with mock.patch.object(botocore_auth, "get_current_datetime", return_value=fixed):
        # The steps of SigV4Auth.add_auth, split as in sigv4_reference.py.
        request.context["timestamp"] = fixed.strftime("%Y%m%dT%H%M%SZ")
        auth._modify_request_before_signing(request)
        canonical_request = auth.canonical_request(request)
        string_to_sign = auth.string_to_sign(request, canonical_request)
        signature = auth.signature(string_to_sign, request)
        auth._inject_signature_to_request(request, signature)

        whole = build_request(AWSRequest, spec)
        auth.add_auth(whole)
    authorization = request.headers["Authorization"]
    if whole.headers["Authorization"] != authorization:
        raise RuntimeError(f"add_auth gave {whole.headers['Authorization']!r} but the split steps {authorization!r}")
    return {
        "id": spec["id"],
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "authorization": authorization,
    }


def main(argv):
    if len(argv) != 2:
        return fail(EXIT_USAGE, "usage: sigv4-compare.py REQUESTS.jsonl")
    try:
        import botocore
        import botocore.auth as botocore_auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
    except ImportError as error:
        return fail(
            EXIT_MISSING_MODULE,
            f"{error} with {sys.executable}; install it with: python3 -m venv .venv && .venv/bin/pip install botocore",
        )
    try:
        with open(argv[1], encoding="utf-8") as handle:
            lines = [line for line in handle.read().split("\n") if line.strip()]
    except OSError as error:
        return fail(EXIT_USAGE, f"cannot read '{argv[1]}': {error}")
    print(json.dumps({"botocore": botocore.__version__, "python": sys.executable}))
    for number, line in enumerate(lines, start=1):
        try:
            spec = json.loads(line)
            result = sign(botocore_auth, AWSRequest, Credentials, spec)
        except Exception as error:  # report which request broke, then stop
            return fail(EXIT_FAILED, f"'{argv[1]}' line {number}: {type(error).__name__}: {error}")
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

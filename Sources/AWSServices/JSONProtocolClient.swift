import AWSCore
import Foundation
import JSON

/// Sends AWS JSON-protocol calls (JSON 1.0: Cloud Control; JSON 1.1: Organizations): a SigV4-signed `POST /` with
/// `Content-Type: application/x-amz-json-<version>` and `X-Amz-Target: <prefix>.<Operation>`, retried per a
/// ``RetryPolicy`` through a ``RetryingClient``; the 2xx body is read with the JSON module's located reader, and an
/// error answer (`{"__type": …}`) becomes an ``AWSServiceError`` with AWS's code, message and request id. The two
/// versions differ on the wire only in the content type.
public struct JSONProtocolClient: Sendable {
    /// The endpoint every call is posted to, for example `https://cloudcontrolapi.us-east-1.amazonaws.com/`.
    public let endpoint: URL
    /// The prefix of every `X-Amz-Target`, the model's `targetPrefix` (`CloudApiService` for Cloud Control).
    public let targetPrefix: String
    /// The signer (signing name and region).
    public let signer: SigV4Signer
    /// The credentials each attempt is signed with.
    public let credentials: AWSCredentials
    /// The transport.
    public let transport: any HTTPTransport
    /// Retries, waits and the signing clock.
    public let retrying: RetryingClient
    /// Connect and total time limits of each attempt.
    public let timeouts: HTTPTimeouts
    /// The model's `jsonVersion`: `1.0` (Cloud Control) or `1.1` (Organizations).
    public let jsonVersion: String

    public init(
        endpoint: URL, targetPrefix: String, signer: SigV4Signer, credentials: AWSCredentials,
        transport: any HTTPTransport, retrying: RetryingClient, timeouts: HTTPTimeouts = .default,
        jsonVersion: String = "1.0"
    ) {
        self.endpoint = endpoint
        self.targetPrefix = targetPrefix
        self.signer = signer
        self.credentials = credentials
        self.transport = transport
        self.retrying = retrying
        self.timeouts = timeouts
        self.jsonVersion = jsonVersion
    }

    /// The content type of a request of JSON protocol `version`: `application/x-amz-json-1.0` for `1.0`.
    public static func contentType(version: String) -> String {
        "application/x-amz-json-\(version)"
    }

    /// The content type of every request of this client.
    public var contentType: String { Self.contentType(version: jsonVersion) }

    /// The `X-Amz-Target` of `operation`, for example `CloudApiService.CreateResource`.
    public func target(_ operation: String) -> String {
        "\(targetPrefix).\(operation)"
    }

    /// The unsigned POST of `operation` carrying `body` (a JSON object's UTF-8 bytes).
    public func request(_ operation: String, body: [UInt8]) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: endpoint,
            headers: [HTTPHeader("Content-Type", contentType), HTTPHeader("X-Amz-Target", target(operation))],
            body: body)
    }

    /// The host (and non-default port) of the endpoint, as errors name it.
    public var host: String {
        HTTPRequest(method: "POST", url: endpoint).authority
    }

    /// Calls `operation` with `body` and returns the response's JSON root, which must be an object; a 2xx body that
    /// is not one is ``AWSServiceError/malformedResponse(operation:host:detail:)``.
    public func call(_ operation: String, body: [UInt8]) throws(AWSServiceError) -> JSONNode {
        let unsigned = request(operation, body: body)
        let response: HTTPResponse
        do {
            response = try retrying.send(transport, timeout: timeouts, errors: AWSErrorResponse.json) { date in
                signer.sign(unsigned, credentials: credentials, date: date)
            }
        } catch {
            throw AWSServiceError(error)
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(response.body)
        } catch {
            throw .malformedResponse(operation: operation, host: host, detail: "the body is not JSON: \(error)")
        }
        guard case .object = root.kind else {
            throw .malformedResponse(
                operation: operation, host: host, detail: "the body is \(root.typeDescription), not a JSON object")
        }
        return root
    }

    /// Calls `operation` and returns the response's root object, ready to be read field by field.
    func callObject(_ operation: String, body: [UInt8]) throws(AWSServiceError) -> JSONResponseObject {
        try JSONResponseObject(root: call(operation, body: body), operation: operation, host: host)
    }

    /// Calls `NextToken`-paged `operation` until a page has no `NextToken` (botocore's paginators: `NextToken` in and
    /// out), handing each page's root object to `page`; `body` builds a page's request body from the previous page's
    /// token (`nil` for the first). A token that comes back a second time would loop forever, so it makes the response
    /// malformed.
    func paged(
        _ operation: String, body: (_ nextToken: String?) -> [UInt8],
        page: (JSONResponseObject) throws(AWSServiceError) -> Void
    ) throws(AWSServiceError) {
        var token: String?
        var seen: Set<String> = []
        while true {
            let root = try callObject(operation, body: body(token))
            try page(root)
            guard let next = try root.string("NextToken"), !next.isEmpty else { return }
            guard seen.insert(next).inserted else {
                throw root.malformed("NextToken", "repeated an earlier page's token '\(next)'")
            }
            token = next
        }
    }
}

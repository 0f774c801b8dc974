import AWSCore
import Foundation
import JSON

/// Sends AWS JSON 1.0 calls (Cloud Control): a SigV4-signed `POST /` with `Content-Type: application/x-amz-json-1.0`
/// and `X-Amz-Target: <prefix>.<Operation>`, retried per a ``RetryPolicy`` through a ``RetryingClient``; the 2xx body
/// is read with the JSON module's located reader, and an error answer (`{"__type": …}`) becomes an
/// ``AWSServiceError`` with AWS's code, message and request id.
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

    public init(
        endpoint: URL, targetPrefix: String, signer: SigV4Signer, credentials: AWSCredentials,
        transport: any HTTPTransport, retrying: RetryingClient, timeouts: HTTPTimeouts = .default
    ) {
        self.endpoint = endpoint
        self.targetPrefix = targetPrefix
        self.signer = signer
        self.credentials = credentials
        self.transport = transport
        self.retrying = retrying
        self.timeouts = timeouts
    }

    /// The content type of every JSON 1.0 request.
    public static let contentType = "application/x-amz-json-1.0"

    /// The `X-Amz-Target` of `operation`, for example `CloudApiService.CreateResource`.
    public func target(_ operation: String) -> String {
        "\(targetPrefix).\(operation)"
    }

    /// The unsigned POST of `operation` carrying `body` (a JSON object's UTF-8 bytes).
    public func request(_ operation: String, body: [UInt8]) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: endpoint,
            headers: [HTTPHeader("Content-Type", Self.contentType), HTTPHeader("X-Amz-Target", target(operation))],
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
}

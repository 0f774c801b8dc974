import Foundation

/// An error AWS answered with: its code (`NoSuchEntity`, `ThrottlingException`, …), message, request id and HTTP
/// status. Read from the query protocol's XML (IAM, STS) or the JSON protocol's body (Cloud Control); a body that
/// cannot be read still gives a value, coded with the status number as botocore does (`500`, message
/// `Internal Server Error`), so callers and the retry policy always have something to classify.
public struct AWSErrorResponse: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code, normalised: `com.amazon.cloudapiservice#ResourceNotFoundException` becomes
    /// `ResourceNotFoundException`.
    public var code: String
    /// The human-readable message; empty when AWS sent none.
    public var message: String
    /// The request id, for AWS support; from the body or the `x-amzn-RequestId` header.
    public var requestId: String?
    /// `Sender` or `Receiver` in query-protocol errors; `nil` otherwise.
    public var type: String?
    /// The HTTP status of the response.
    public var status: Int

    public init(code: String, message: String, requestId: String? = nil, type: String? = nil, status: Int) {
        self.code = code
        self.message = message
        self.requestId = requestId
        self.type = type
        self.status = status
    }

    public var description: String {
        var context = "http \(status)"
        if let requestId { context += ", request id \(requestId)" }
        let message = message.isEmpty ? "" : ": \(message)"
        return "aws error \(code) (\(context))\(message)"
    }

    /// The error in a query-protocol response (IAM, STS): `<ErrorResponse><Error><Type/><Code/><Message/></Error>
    /// <RequestId/></ErrorResponse>`, also with `<Errors>` around `<Error>` (moto, EC2) and a bare `<Error>` root.
    public static func query(_ response: HTTPResponse) -> AWSErrorResponse {
        guard let root = try? XMLReader.parse(response.body) else { return unreadable(response) }
        let error: XMLElement?
        switch root.name {
        case "Error": error = root
        default: error = root.child("Error") ?? root.path("Errors", "Error")
        }
        guard let error, let code = error.value(at: "Code"), !code.isEmpty else { return unreadable(response) }
        let requestId =
            root.value(at: "RequestId") ?? root.value(at: "RequestID") ?? error.value(at: "RequestId")
            ?? headerRequestId(response)
        return AWSErrorResponse(
            code: code, message: error.value(at: "Message") ?? "", requestId: requestId,
            type: error.value(at: "Type"), status: response.status)
    }

    /// The error in a JSON-protocol response (Cloud Control, Organizations): `{"__type": "…#Code", "Message": "…"}`,
    /// the code also taken from an `x-amzn-ErrorType` header, the message from `message` or `Message`, the request id
    /// from the `x-amzn-RequestId` header. A body with neither is read as a query-protocol XML error, the form moto
    /// answers a JSON-protocol call with when the caller's IAM policies refuse it (`<ErrorResponse><Errors><Error>
    /// <Code>AccessDenied</Code>…`, HTTP 403).
    public static func json(_ response: HTTPResponse) -> AWSErrorResponse {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        let rawCode = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
        guard let code = (rawCode ?? response.headerValue(named: "x-amzn-ErrorType")).map(normalisedCode),
            !code.isEmpty
        else { return query(response) }
        let message =
            (object["message"] as? String) ?? (object["Message"] as? String) ?? (object["errorMessage"] as? String)
            ?? ""
        return AWSErrorResponse(
            code: code, message: message, requestId: headerRequestId(response), type: nil, status: response.status)
    }

    /// A JSON error code as botocore and smithy read it: everything from the first `:` dropped (the header form
    /// `Code:http://…`), then only what follows the last `#` (the shape's namespace).
    public static func normalisedCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }

    private static func headerRequestId(_ response: HTTPResponse) -> String? {
        response.headerValue(named: "x-amzn-RequestId") ?? response.headerValue(named: "x-amz-request-id")
    }

    /// The stand-in for a body with no readable error: the status as the code and its reason phrase as the message.
    private static func unreadable(_ response: HTTPResponse) -> AWSErrorResponse {
        AWSErrorResponse(
            code: String(response.status), message: reasonPhrases[response.status] ?? "",
            requestId: headerRequestId(response), type: nil, status: response.status)
    }

    private static let reasonPhrases: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
        408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large", 429: "Too Many Requests",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout",
    ]
}

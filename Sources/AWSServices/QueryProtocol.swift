import AWSCore
import Foundation

/// The parameters of one AWS query-protocol call, in the order they go on the wire, flattened the way botocore's
/// `QuerySerializer` flattens them: lists as `Name.member.N`, structures in lists as `Name.member.N.Field`, an empty
/// list as `Name=`.
public struct QueryParameters: Sendable, Hashable {
    /// The name–value pairs, not yet percent-encoded.
    public private(set) var pairs: [(name: String, value: String)] = []

    /// Parameters starting with `Action` and `Version`.
    public init(action: String, version: String) {
        pairs = [("Action", action), ("Version", version)]
    }

    /// Appends one scalar parameter.
    public mutating func add(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// Appends one scalar parameter when `value` is not `nil`.
    public mutating func add(_ name: String, _ value: String?) {
        if let value { pairs.append((name, value)) }
    }

    /// Appends an integer parameter when `value` is not `nil`.
    public mutating func add(_ name: String, _ value: Int?) {
        if let value { pairs.append((name, String(value))) }
    }

    /// Appends a list of strings as `Name.member.1`, `Name.member.2`, …; an empty list is sent as `Name=` as botocore
    /// does.
    public mutating func addList(_ name: String, _ values: [String]) {
        guard !values.isEmpty else {
            pairs.append((name, ""))
            return
        }
        for (index, value) in values.enumerated() {
            pairs.append(("\(name).member.\(index + 1)", value))
        }
    }

    /// Appends a list of strings unless it is empty (an optional parameter left out).
    public mutating func addListIfPresent(_ name: String, _ values: [String]) {
        if !values.isEmpty { addList(name, values) }
    }

    /// Appends a list of structures: each element's fields are written by `fields` under `Name.member.N`.
    public mutating func addList<Element>(
        _ name: String, _ values: [Element], fields: (Element, _ prefix: String, inout QueryParameters) -> Void
    ) {
        guard !values.isEmpty else {
            pairs.append((name, ""))
            return
        }
        for (index, value) in values.enumerated() {
            fields(value, "\(name).member.\(index + 1)", &self)
        }
    }

    /// The form body: `name=value` pairs joined with `&`, names and values percent-encoded per RFC 3986 (only
    /// `A-Za-z0-9-_.~` left as they are), as botocore's `percent_encode_sequence` does.
    public var formBody: String {
        pairs.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }.joined(separator: "&")
    }

    /// `text` as UTF-8 with every byte except the RFC 3986 unreserved characters percent-encoded in upper-case hex.
    public static func percentEncode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return output
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }
}

/// Why an AWS service call failed, as one sentence: AWS's error code, message and request id, a transport failure
/// naming the host, or a response that could not be read.
public enum AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS answered with an error; `attempts` counts every attempt the retrying client made.
    case service(AWSErrorResponse, attempts: Int, quotaExhausted: Bool)
    /// No complete response arrived.
    case transport(TransportError, attempts: Int, quotaExhausted: Bool)
    /// A 2xx response whose body is not the expected XML or JSON: `detail` says what was wrong.
    case malformedResponse(operation: String, host: String, detail: String)

    /// The error a ``RetryingClient`` gave up with.
    public init(_ error: AWSRequestError) {
        let quotaExhausted = error.stopReason == .retryQuotaExhausted
        switch error.failure {
        case .service(let response):
            self = .service(response, attempts: error.attempts, quotaExhausted: quotaExhausted)
        case .transport(let failure):
            self = .transport(failure, attempts: error.attempts, quotaExhausted: quotaExhausted)
        }
    }

    /// The AWS error code (`AccessDenied`, `Throttling`, …), when AWS answered.
    public var code: String? {
        if case .service(let response, _, _) = self { return response.code }
        return nil
    }

    /// The request id AWS gave, when it answered with one.
    public var requestId: String? {
        if case .service(let response, _, _) = self { return response.requestId }
        return nil
    }

    public var description: String {
        switch self {
        case .service(let response, let attempts, let quotaExhausted):
            var head: String
            if response.code.allSatisfy(\.isNumber) {
                // No readable error body: AWSErrorResponse coded it with the status and its reason phrase.
                head = "http \(response.status)"
                if !response.message.isEmpty { head += " \(response.message)" }
            } else {
                head = response.code
                let message = response.message.trimmingCharacters(in: .whitespacesAndNewlines)
                if !message.isEmpty { head += ": \(message)" }
            }
            var context: [String] = []
            if let requestId = response.requestId, !requestId.isEmpty { context.append("request \(requestId)") }
            if let retries = Self.attemptsNote(attempts, quotaExhausted) { context.append(retries) }
            return context.isEmpty ? head : "\(head) (\(context.joined(separator: "; ")))"
        case .transport(let failure, let attempts, let quotaExhausted):
            guard let retries = Self.attemptsNote(attempts, quotaExhausted) else { return failure.description }
            return "\(failure.description) (\(retries))"
        case .malformedResponse(let operation, let host, let detail):
            return "the \(operation) response from \(host) could not be read: \(detail)"
        }
    }

    private static func attemptsNote(_ attempts: Int, _ quotaExhausted: Bool) -> String? {
        if quotaExhausted { return "after \(attempts) attempt\(attempts == 1 ? "" : "s"), retry quota exhausted" }
        return attempts > 1 ? "after \(attempts) attempts" : nil
    }
}

/// Sends AWS query-protocol calls (IAM, STS): a SigV4-signed form POST to one endpoint, retried per a
/// ``RetryPolicy`` through a ``RetryingClient``, the XML result element returned or the error turned into an
/// ``AWSServiceError``.
public struct QueryProtocolClient: Sendable {
    /// The endpoint every call is posted to, for example `https://iam.amazonaws.com/`.
    public let endpoint: URL
    /// The API version sent with every call, for example `2010-05-08`.
    public let version: String
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
        endpoint: URL, version: String, signer: SigV4Signer, credentials: AWSCredentials,
        transport: any HTTPTransport, retrying: RetryingClient, timeouts: HTTPTimeouts = .default
    ) {
        self.endpoint = endpoint
        self.version = version
        self.signer = signer
        self.credentials = credentials
        self.transport = transport
        self.retrying = retrying
        self.timeouts = timeouts
    }

    /// The content type of every query-protocol request.
    public static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// The unsigned POST carrying `parameters` as its form body.
    public func request(_ parameters: QueryParameters) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: endpoint, headers: [HTTPHeader("Content-Type", Self.contentType)],
            body: Array(parameters.formBody.utf8))
    }

    /// The host (and non-default port) of the endpoint, as errors name it.
    public var host: String {
        let request = HTTPRequest(method: "POST", url: endpoint)
        return request.authority
    }

    /// Calls `action` with `parameters` (which must start with that action and this client's version) and returns the
    /// `<ActionResult>` element of the response; an empty element when the response has none.
    public func call(_ action: String, _ parameters: QueryParameters) throws(AWSServiceError) -> XMLElement {
        let unsigned = request(parameters)
        let response: HTTPResponse
        do {
            response = try retrying.send(transport, timeout: timeouts, errors: AWSErrorResponse.query) { date in
                signer.sign(unsigned, credentials: credentials, date: date)
            }
        } catch {
            throw AWSServiceError(error)
        }
        let root: XMLElement
        do {
            root = try XMLReader.parse(response.body)
        } catch {
            throw .malformedResponse(operation: action, host: host, detail: "\(error)")
        }
        guard root.name == "\(action)Response" else {
            throw .malformedResponse(
                operation: action, host: host, detail: "expected <\(action)Response> but the root is <\(root.name)>")
        }
        return root.child("\(action)Result") ?? XMLElement(name: "\(action)Result")
    }

    /// Calls a `Marker`/`IsTruncated`-paged action until a page is not truncated, handing each page's result element
    /// to `page`. `parameters` builds the parameters for the given marker (`nil` for the first page).
    public func callPaged(
        _ action: String, parameters: (_ marker: String?) -> QueryParameters,
        page: (XMLElement) throws(AWSServiceError) -> Void
    ) throws(AWSServiceError) {
        var marker: String?
        var seen: Set<String> = []
        while true {
            let result = try call(action, parameters(marker))
            try page(result)
            guard result.value(at: "IsTruncated") == "true" else { return }
            guard let next = result.value(at: "Marker"), !next.isEmpty else {
                throw .malformedResponse(
                    operation: action, host: host, detail: "IsTruncated is true but no Marker was given")
            }
            guard seen.insert(next).inserted else {
                throw .malformedResponse(operation: action, host: host, detail: "the Marker \(next) repeated")
            }
            marker = next
        }
    }
}

extension XMLElement {
    /// The `<member>` children of the list element `name`; empty when the list is missing or empty.
    func members(_ name: String) -> [XMLElement] {
        child(name)?.children("member") ?? []
    }

    /// The trimmed texts of the `<member>` children of the list element `name`.
    func memberValues(_ name: String) -> [String] {
        members(name).map(\.textValue)
    }

    /// The `<entry><key/><value/></entry>` pairs of the map element `name`.
    func mapValues(_ name: String) -> [String: String] {
        var map: [String: String] = [:]
        for entry in child(name)?.children("entry") ?? [] {
            guard let key = entry.value(at: "key") else { continue }
            map[key] = entry.value(at: "value") ?? ""
        }
        return map
    }

    /// `true`/`false` at `name`, `nil` when absent or something else.
    func bool(at name: String) -> Bool? {
        switch value(at: name) {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// An integer at `name`, `nil` when absent or not a number.
    func int(at name: String) -> Int? {
        value(at: name).flatMap { Int($0) }
    }
}

import Foundation

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
    /// The credentials each attempt is signed with; `nil` sends every call unsigned (STS
    /// `AssumeRoleWithWebIdentity`, which the web identity token authenticates).
    public let credentials: AWSCredentials?
    /// The transport.
    public let transport: any HTTPTransport
    /// Retries, waits and the signing clock.
    public let retrying: RetryingClient
    /// Connect and total time limits of each attempt.
    public let timeouts: HTTPTimeouts

    public init(
        endpoint: URL, version: String, signer: SigV4Signer, credentials: AWSCredentials?,
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

    /// The unsigned POST carrying `parameters` as its form body, to the endpoint's path (`/` when it has none).
    public func request(_ parameters: QueryParameters) -> HTTPRequest {
        var request = HTTPRequest(
            method: "POST", url: endpoint, headers: [HTTPHeader("Content-Type", Self.contentType)],
            body: Array(parameters.formBody.utf8))
        if request.path.isEmpty { request.path = "/" }
        return request
    }

    /// The host (and non-default port) of the endpoint, as errors name it.
    public var host: String {
        let request = HTTPRequest(method: "POST", url: endpoint)
        return request.authority
    }

    /// Calls `action` with `parameters` (which must start with that action and this client's version) and returns the
    /// `<ActionResult>` element of the response; an empty element when the response has none.
    public func call(_ action: String, _ parameters: QueryParameters) throws(AWSServiceError) -> XMLElement {
        let response: HTTPResponse
        do {
            response = try send(parameters)
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

    /// Posts `parameters`, signed anew for each attempt (unless the client has no credentials) and retried per the
    /// policy; the first 2xx response, whatever its body.
    public func send(_ parameters: QueryParameters) throws(AWSRequestError) -> HTTPResponse {
        let unsigned = request(parameters)
        return try retrying.send(transport, timeout: timeouts, errors: AWSErrorResponse.query) { date in
            guard let credentials else { return unsigned }
            return signer.sign(unsigned, credentials: credentials, date: date)
        }
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

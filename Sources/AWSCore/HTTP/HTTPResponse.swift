/// An HTTP response as it came off the wire: the final status, every header field in order (duplicates kept) and the
/// body bytes. Any status counts as a response; deciding what a 4xx or 5xx means is the caller's job.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code of the final response, for example `200`.
    public var status: Int
    /// The header fields of the final response in the order received; names keep the case the server sent.
    public var headers: [HTTPHeader]
    /// The body, exactly as received (no content decoding is requested).
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name`, ignoring case, as HTTP field names are compared.
    public func headerValue(named name: String) -> String? {
        headers.first { $0.hasName(name) }?.value
    }

    /// The values of every header called `name` (ignoring case), in order.
    public func headerValues(named name: String) -> [String] {
        headers.filter { $0.hasName(name) }.map(\.value)
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

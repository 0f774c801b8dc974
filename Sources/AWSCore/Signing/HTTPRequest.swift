import Foundation

/// An HTTP request exactly as it goes on the wire: the value the SigV4 signer signs and the transport sends.
///
/// `path` and `query` are kept as the percent-encoded text of the request line rather than as a `URL`, because SigV4
/// signs that text: non-S3 services encode the path a second time, so `/a%20b` and `/a b` sign differently.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, for example `POST`.
    public var method: String
    /// `https` or `http`.
    public var scheme: String
    /// The host name or IP address, without the port; an IPv6 address may be written with or without brackets.
    public var host: String
    /// The port, or `nil` for the scheme's default.
    public var port: Int?
    /// The path of the request line, percent-encoded as sent, for example `/` or `/a%2Fb`.
    public var path: String
    /// The query of the request line without the `?`, percent-encoded as sent; `nil` when there is no `?`.
    public var query: String?
    /// The header fields in order, duplicates included.
    public var headers: [HTTPHeader]
    /// The body; empty for none.
    public var body: [UInt8]

    public init(
        method: String, scheme: String = "https", host: String, port: Int? = nil, path: String = "/",
        query: String? = nil, headers: [HTTPHeader] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A request for `url`, taking its path and query in their percent-encoded form.
    public init(method: String, url: URL, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.init(
            method: method, scheme: url.scheme?.lowercased() ?? "https", host: url.host(percentEncoded: true) ?? "",
            port: url.port, path: url.path(percentEncoded: true), query: url.query(percentEncoded: true),
            headers: headers, body: body)
    }

    /// The value of the `Host` header: the lowercased host, with the port only when it is not the scheme's default.
    public var authority: String {
        var host = self.host.lowercased()
        if host.contains(":") && !host.hasPrefix("[") {
            host = "[\(host)]"
        }
        guard let port, port != Self.defaultPort(scheme: scheme) else { return host }
        return "\(host):\(port)"
    }

    /// The full URL, or `nil` if the parts do not make one; characters a URL cannot hold are percent-encoded.
    public var url: URL? {
        var text = "\(scheme)://\(authority)\(path.isEmpty ? "/" : path)"
        if let query { text += "?\(query)" }
        return URL(string: text)
    }

    /// The values of every header called `name` (ignoring case), in order.
    public func headerValues(named name: String) -> [String] {
        headers.filter { $0.hasName(name) }.map(\.value)
    }

    /// The value of the first header called `name` (ignoring case).
    public func headerValue(named name: String) -> String? {
        headers.first { $0.hasName(name) }?.value
    }

    /// Removes every header called `name` (ignoring case).
    public mutating func removeHeaders(named name: String) {
        headers.removeAll { $0.hasName(name) }
    }

    /// Replaces every header called `name` (ignoring case) with one field appended at the end.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeaders(named: name)
        headers.append(HTTPHeader(name, value))
    }

    static func defaultPort(scheme: String) -> Int? {
        switch scheme.lowercased() {
        case "https": return 443
        case "http": return 80
        default: return nil
        }
    }
}

extension HTTPRequest: CustomStringConvertible {
    /// The method, URL and sizes only: header values can carry a session token or a signature.
    public var description: String {
        let target = path.isEmpty ? "/" : path
        let query = self.query.map { "?\($0)" } ?? ""
        return "\(method) \(scheme)://\(authority)\(target)\(query) (\(headers.count) headers, \(body.count)-byte body)"
    }
}

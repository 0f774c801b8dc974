import Foundation

/// Renders requests and responses for a debug log without secrets: the values of `Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Set-Cookie` and of every header whose name contains `secret`, `token` or
/// `credential` (so `X-Amz-Security-Token` and `x-aws-ec2-metadata-token`) become `<redacted>`, and so do query
/// parameters named like a signature, credential, token or secret (presigned URLs). Bodies are left out unless the
/// caller asks for them, because credential responses carry secret keys in their bodies.
public struct WireLog: Sendable {
    /// Where each rendered message goes, one call per request and one per response or failure.
    public let sink: @Sendable (String) -> Void
    /// Whether request and response bodies are written too (as UTF-8 text, cut at `bodyLimit` bytes).
    public let includesBodies: Bool
    /// The most body bytes written per message when `includesBodies` is set.
    public let bodyLimit: Int

    public init(includesBodies: Bool = false, bodyLimit: Int = 4096, sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.includesBodies = includesBodies
        self.bodyLimit = bodyLimit
    }

    static let redacted = "<redacted>"

    /// Whether the value of a header called `name` must not be logged.
    public static func isSensitiveHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "proxy-authorization", "cookie", "set-cookie"].contains(lower) { return true }
        return ["secret", "token", "credential", "signature", "password"].contains { lower.contains($0) }
    }

    /// The request line and headers (and body, when enabled), each line prefixed with `> `.
    func render(_ request: HTTPRequest) -> String {
        let query = request.query.map { "?" + Self.redactingQuery($0) } ?? ""
        let target = request.path.isEmpty ? "/" : request.path
        var lines = ["> \(request.method) \(request.scheme)://\(request.authority)\(target)\(query)"]
        lines += request.headers.map { "> \(Self.render($0))" }
        if includesBodies { lines += renderBody(request.body, prefix: "> ") }
        return lines.joined(separator: "\n")
    }

    /// The status, timing and headers (and body, when enabled), each line prefixed with `< `.
    func render(_ response: HTTPResponse, host: String, elapsed: Duration) -> String {
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        var lines = ["< HTTP \(response.status) from \(host) in \(milliseconds) ms, \(response.body.count)-byte body"]
        lines += response.headers.map { "< \(Self.render($0))" }
        if includesBodies { lines += renderBody(response.body, prefix: "< ") }
        return lines.joined(separator: "\n")
    }

    /// A failed exchange: `! ` and the error's sentence.
    func render(_ error: TransportError) -> String {
        "! \(error)"
    }

    static func render(_ header: HTTPHeader) -> String {
        "\(header.name): \(isSensitiveHeader(header.name) ? redacted : header.value)"
    }

    /// `query` with the values of sensitive parameters (`X-Amz-Signature`, `X-Amz-Credential`,
    /// `X-Amz-Security-Token`, …) replaced.
    static func redactingQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals]
            let decodedName = String(name).removingPercentEncoding ?? String(name)
            return isSensitiveHeader(decodedName) ? "\(name)=\(redacted)" : String(pair)
        }.joined(separator: "&")
    }

    private func renderBody(_ body: [UInt8], prefix: String) -> [String] {
        guard !body.isEmpty else { return [] }
        let shown = String(decoding: body.prefix(bodyLimit), as: UTF8.self)
        var lines = [""] + shown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if body.count > bodyLimit { lines.append("… (\(body.count - bodyLimit) more bytes)") }
        return lines.map { prefix + $0 }
    }
}

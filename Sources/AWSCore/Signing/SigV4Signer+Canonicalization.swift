/// The canonical request: the rules by which signer and AWS agree on the bytes that are signed.
extension SigV4Signer {
    /// The canonical header block of a request and the list of the headers in it.
    struct CanonicalHeaders: Sendable, Hashable {
        /// `name:value` lines, each followed by a newline.
        let block: String
        /// The names joined with `;`.
        let signedHeaders: String
    }

    /// Headers botocore never signs: hop-by-hop fields a proxy may change, `User-Agent` and the tracing header.
    static let unsignedHeaderNames: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// The canonical request of a request that already carries `X-Amz-Date` (and the token, if any).
    func canonicalRequest(of request: HTTPRequest) -> String {
        canonicalRequest(of: request, headers: canonicalHeaders(of: request))
    }

    func canonicalRequest(of request: HTTPRequest, headers: CanonicalHeaders) -> String {
        // An explicit X-Amz-Content-SHA256 (for example UNSIGNED-PAYLOAD) stands for the payload, as in botocore.
        let payloadHash = request.headerValue(named: "X-Amz-Content-SHA256") ?? Self.payloadHash(request.body)
        return [
            request.method.uppercased(),
            Self.canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            headers.block,
            headers.signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
    }

    /// Lower-cased names, values trimmed with runs of whitespace collapsed, repeated headers joined with `,` in
    /// order, sorted by name; `host` comes from the URL when the request has no `Host` header.
    func canonicalHeaders(of request: HTTPRequest) -> CanonicalHeaders {
        var values: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            guard !Self.unsignedHeaderNames.contains(name) else { continue }
            values[name, default: []].append(Self.trimmingAll(header.value))
        }
        if values["host"] == nil {
            values["host"] = [request.authority]
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var block = ""
        for name in names {
            block += "\(name):\(values[name, default: []].joined(separator: ","))\n"
        }
        return CanonicalHeaders(block: block, signedHeaders: names.joined(separator: ";"))
    }

    /// The path with dot segments and empty segments removed, then percent-encoded again with `/` kept: the
    /// double encoding every service but S3 expects (`/a%20b/./c` becomes `/a%2520b/c`). An empty path is `/`.
    static func canonicalURI(_ path: String) -> String {
        URIEncoding.encode(removingDotSegments(path), keepingSlash: true)
    }

    /// RFC 3986 §5.2.4 dot-segment removal that also drops empty segments (`//`), keeping a leading and a trailing
    /// `/`; botocore's `normalize_url_path`.
    static func removingDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch segment {
            case "", ".":
                continue
            case "..":
                if !segments.isEmpty { segments.removeLast() }
            default:
                segments.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return leading + segments.joined(separator: "/") + trailing
    }

    /// Each `name=value` pair decoded and re-encoded with the unreserved set (a key without `=` gets an empty
    /// value), sorted by encoded name and then by encoded value, joined with `&`. An already canonical query comes
    /// out as botocore signs it; raw characters (`ሴ`, a space) are encoded as AWS does on its side.
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let name: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair
                value = ""
            }
            return (
                name: URIEncoding.encode(bytes: URIEncoding.decode(name)),
                value: URIEncoding.encode(bytes: URIEncoding.decode(value))
            )
        }
        let sorted = pairs.sorted { left, right in
            left.name == right.name
                ? left.value.utf8.lexicographicallyPrecedes(right.value.utf8)
                : left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// The value with leading and trailing whitespace removed and each inner run of spaces, tabs or line breaks
    /// (folded lines) replaced by one space.
    static func trimmingAll(_ value: String) -> String {
        value.unicodeScalars.split(whereSeparator: { isWhitespace($0) }).map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}": return true
        default: return false
        }
    }
}

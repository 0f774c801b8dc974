/// An ``HTTPRequest`` checked and turned into what libcurl needs: the URL text, the header lines and how the method
/// and body are set. Checking happens before the handle is touched, so a bad request never reaches the wire.
struct CurlRequestPlan {
    /// How libcurl is told the method.
    enum Mode: Equatable {
        /// `CURLOPT_HTTPGET`.
        case get
        /// `CURLOPT_NOBODY`.
        case head
        /// `CURLOPT_CUSTOMREQUEST` without a body (`DELETE`, `OPTIONS`, …).
        case custom
        /// `CURLOPT_POST` with `CURLOPT_POSTFIELDS`; `custom` also sets `CURLOPT_CUSTOMREQUEST` (`PUT`, `PATCH`, …).
        case withBody(custom: Bool)
    }

    let method: String
    let url: String
    let headerLines: [String]
    let body: [UInt8]
    let mode: Mode

    init(_ request: HTTPRequest) throws(TransportError) {
        let host = request.authority
        func invalid(_ reason: String) -> TransportError { .invalidRequest(host: host, reason: reason) }

        guard !request.method.isEmpty, request.method.utf8.allSatisfy(Self.isTokenByte) else {
            throw invalid("method '\(request.method)' is not an http token")
        }
        let scheme = request.scheme.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw invalid("scheme '\(request.scheme)' is not http or https")
        }
        guard !request.host.isEmpty else { throw invalid("the url has no host") }
        for text in [request.host, request.path, request.query ?? ""] where text.utf8.contains(where: Self.isUnsafe) {
            throw invalid("the url contains a space or control character")
        }
        var url = "\(scheme)://\(request.authority)\(request.path.isEmpty ? "/" : request.path)"
        if let query = request.query { url += "?\(query)" }

        var lines: [String] = []
        for header in request.headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(Self.isTokenByte) else {
                throw invalid("header name '\(header.name)' is not an http token")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw invalid("header '\(header.name)' contains a line break")
            }
            // libcurl reads `Name:` as "remove this header"; `Name;` is how it sends an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }

        // Methods are case-sensitive: `get` is not `GET` and goes out as a custom method.
        let method = request.method
        let mode: Mode
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            mode = .withBody(custom: method != "POST")
        } else if method == "GET" {
            mode = .get
        } else if method == "HEAD" {
            mode = .head
        } else {
            mode = .custom
        }
        // Headers libcurl would add on its own and the request did not ask for.
        for name in ["Expect", "Accept", "Content-Type"] where request.headerValue(named: name) == nil {
            lines.append("\(name):")
        }

        self.method = request.method
        self.url = url
        self.headerLines = lines
        self.body = request.body
        self.mode = mode
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Bytes that cannot appear raw in a URL libcurl is given.
    static func isUnsafe(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F
    }
}

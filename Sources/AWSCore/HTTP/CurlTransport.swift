import CCurl
import Foundation

/// The real ``HTTPTransport``: libcurl with one easy handle reused for every call, so connections, TLS sessions and
/// DNS answers are kept between requests. Calls are serialised by a lock; the CLI sends one request at a time anyway.
///
/// What it sends and checks:
/// - The method, headers (order and duplicates kept) and body exactly as given. libcurl's own `Accept`,
///   `Expect: 100-continue` and default form `Content-Type` are suppressed; it adds only `Host` (when the request has
///   none) and `Content-Length`. No `Accept-Encoding` is sent, so the body arrives as the server wrote it.
/// - TLS peer and host-name verification are always on. `AWS_CA_BUNDLE`, when set, replaces the CA file.
/// - Proxies come from the environment, read by libcurl itself because `CURLOPT_PROXY` is never set:
///   `http_proxy` (lowercase only), `https_proxy`/`HTTPS_PROXY`, `all_proxy`/`ALL_PROXY`, and `no_proxy`/`NO_PROXY`.
/// - Redirects are not followed; only `http` and `https` URLs are accepted.
/// - libcurl resends a request once by itself when a reused keep-alive connection turns out to be dead before any
///   byte of the response arrived (the server closed an idle connection); every other failure is reported.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: the handle, the error buffer and the per-call state are only touched while `lock` is held.
    private let lock = NSLock()
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The CA bundle that replaces the system one, from `AWS_CA_BUNDLE`.
    public let caBundle: String?
    /// Where requests and responses are logged with secrets redacted; `nil` logs nothing.
    public let wireLog: WireLog?
    /// The largest response body accepted; a larger one fails with ``TransportError/responseTooLarge(host:limit:)``.
    public let maximumResponseBytes: Int

    /// libcurl's process-wide initialisation, run once before the first handle is made.
    private static let globalInitialisation: Int = Int(iamgate_curl_global_init_default().rawValue)

    /// A transport with its own easy handle. `environment` supplies `AWS_CA_BUNDLE` (the process environment when
    /// omitted); an empty value is ignored.
    public init(
        wireLog: WireLog? = nil, maximumResponseBytes: Int = 256 * 1024 * 1024,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TransportError) {
        guard Self.globalInitialisation == Int(CURLE_OK.rawValue), let handle = curl_easy_init() else {
            throw .curlUnavailable(code: Self.globalInitialisation)
        }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.wireLog = wireLog
        self.maximumResponseBytes = maximumResponseBytes
        let bundle = environment["AWS_CA_BUNDLE"] ?? ""
        self.caBundle = bundle.isEmpty ? nil : bundle
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    public func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse {
        let host = request.authority
        let plan = try CurlRequestPlan(request)
        wireLog.map { $0.sink($0.render(request)) }
        let started = ContinuousClock.now
        let result: Result<HTTPResponse, TransportError>
        lock.lock()
        result = perform(plan, host: host, timeout: timeout)
        lock.unlock()
        switch result {
        case .success(let response):
            wireLog.map { $0.sink($0.render(response, host: host, elapsed: ContinuousClock.now - started)) }
            return response
        case .failure(let error):
            wireLog.map { $0.sink($0.render(error)) }
            throw error
        }
    }

    /// One exchange on the shared handle; the caller holds the lock.
    private func perform(_ plan: CurlRequestPlan, host: String, timeout: HTTPTimeouts) -> Result<
        HTTPResponse, TransportError
    > {
        // Reset forgets every option of the previous call but keeps the connection, TLS-session and DNS caches.
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let collector = ResponseCollector(limit: maximumResponseBytes)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for line in plan.headerLines {
            guard let appended = curl_slist_append(headerList, line) else {
                return .failure(.curlFailed(host: host, code: -1, detail: "out of memory building the header list"))
            }
            headerList = appended
        }
        // libcurl reads the body straight from this buffer during the transfer; it always has at least one byte so
        // the pointer is never null (a null POSTFIELDS would make libcurl read the body from stdin).
        var body = plan.body
        body.append(0)
        let code = body.withUnsafeMutableBytes { bodyBytes -> CURLcode in
            let context = Unmanaged.passUnretained(collector).toOpaque()
            var options = OptionSetter(handle: handle)
            options.set(CURLOPT_URL, plan.url)
            options.set(CURLOPT_PATH_AS_IS, 1)
            options.set(CURLOPT_PROTOCOLS_STR, "http,https")
            options.set(CURLOPT_FOLLOWLOCATION, 0)
            options.set(CURLOPT_NOSIGNAL, 1)
            options.set(CURLOPT_CONNECTTIMEOUT_MS, HTTPTimeouts.milliseconds(timeout.connect))
            options.set(CURLOPT_TIMEOUT_MS, HTTPTimeouts.milliseconds(timeout.total))
            options.set(CURLOPT_SSL_VERIFYPEER, 1)
            options.set(CURLOPT_SSL_VERIFYHOST, 2)
            if let caBundle { options.set(CURLOPT_CAINFO, caBundle) }
            options.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
            options.setPointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
            options.record(iamgate_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
            switch plan.mode {
            case .get:
                options.set(CURLOPT_HTTPGET, 1)
            case .head:
                options.set(CURLOPT_NOBODY, 1)
            case .custom:
                options.set(CURLOPT_CUSTOMREQUEST, plan.method)
            case .withBody(let custom):
                options.set(CURLOPT_POST, 1)
                options.record(
                    iamgate_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(plan.body.count)))
                options.setPointer(CURLOPT_POSTFIELDS, bodyBytes.baseAddress)
                if custom { options.set(CURLOPT_CUSTOMREQUEST, plan.method) }
            }
            options.record(
                iamgate_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                    guard let context else { return 0 }
                    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
                    return collector.appendBody(data, size * count)
                })
            options.setPointer(CURLOPT_WRITEDATA, context)
            options.record(
                iamgate_curl_setopt_header_function(handle) { data, size, count, context in
                    guard let context else { return 0 }
                    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
                    return collector.appendHeaderLine(data, size * count)
                })
            options.setPointer(CURLOPT_HEADERDATA, context)
            if let failure = options.firstFailure { return failure }
            return withExtendedLifetime(collector) { curl_easy_perform(handle) }
        }
        guard code == CURLE_OK else {
            return .failure(error(for: code, host: host, timeout: timeout, collector: collector))
        }
        var status = 0
        _ = iamgate_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: collector.headers, body: collector.body))
    }

    /// The ``TransportError`` for a failed `curl_easy_perform`.
    private func error(for code: CURLcode, host: String, timeout: HTTPTimeouts, collector: ResponseCollector)
        -> TransportError
    {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_WRITE_ERROR where collector.exceededLimit:
            return .responseTooLarge(host: host, limit: maximumResponseBytes)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .hostNotFound(host: host)
        case CURLE_COULDNT_CONNECT:
            // libcurl's text ("Failed to connect to … Couldn't connect to server") hides the reason; errno has it.
            let systemError = osErrno()
            if systemError == ECONNREFUSED { return .connectionRefused(host: host) }
            return .connectionFailed(
                host: host, detail: systemError != 0 ? String(cString: strerror(systemError)) : detail)
        case CURLE_OPERATION_TIMEDOUT:
            // libcurl says "Connection timed out …" or "Resolving timed out …" before the connection is up, and
            // "Operation timed out …" afterwards.
            let connecting =
                detail.hasPrefix("Connection") || detail.hasPrefix("Resolving")
                || detail.hasPrefix("Failed to connect")
            let limit = connecting ? min(timeout.connect, timeout.total) : timeout.total
            return .timedOut(host: host, limit: limit, connecting: connecting)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            return .connectionClosed(host: host, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            return .tlsFailed(host: host, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidRequest(host: host, reason: detail.asSentenceTail)
        default:
            return .curlFailed(host: host, code: Int(code.rawValue), detail: detail)
        }
    }

    /// The `errno` of the last failed system call libcurl made for the transfer, or 0.
    private func osErrno() -> Int32 {
        var value = 0
        guard iamgate_curl_getinfo_long(handle, CURLINFO_OS_ERRNO, &value) == CURLE_OK else { return 0 }
        return Int32(truncatingIfNeeded: value)
    }
}

/// Records the first failing `curl_easy_setopt`, so a run of options reads as a list.
private struct OptionSetter {
    let handle: UnsafeMutableRawPointer
    private(set) var firstFailure: CURLcode?

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    mutating func record(_ code: CURLcode) {
        if code != CURLE_OK && firstFailure == nil { firstFailure = code }
    }

    mutating func set(_ option: CURLoption, _ value: Int) {
        record(iamgate_curl_setopt_long(handle, option, value))
    }

    mutating func set(_ option: CURLoption, _ value: String) {
        // libcurl copies string options (CURLOPT_URL, CURLOPT_CUSTOMREQUEST, …) before returning.
        record(iamgate_curl_setopt_string(handle, option, value))
    }

    mutating func setPointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        record(iamgate_curl_setopt_pointer(handle, option, value))
    }
}

/// Collects what libcurl hands to the header and body callbacks during one transfer.
private final class ResponseCollector {
    let limit: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [HTTPHeader] = []
    private(set) var exceededLimit = false

    init(limit: Int) {
        self.limit = limit
    }

    /// Appends body bytes; returning a count other than `count` makes libcurl abort with `CURLE_WRITE_ERROR`.
    func appendBody(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let data else { return count }
        guard body.count + count <= limit else {
            exceededLimit = true
            return 0
        }
        body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count))
        return count
    }

    /// Takes one header line. A status line starts a new header block (an interim `100 Continue` or a proxy's reply
    /// comes first), so only the final response's headers remain.
    func appendHeaderLine(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let data else { return count }
        var bytes = UnsafeRawBufferPointer(start: data, count: count)[...]
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // An obsolete folded continuation of the previous field's value.
            headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append(HTTPHeader(name, value))
        }
        return count
    }
}

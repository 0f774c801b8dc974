import Foundation

/// Why no complete HTTP response arrived. Each case names the host (with the port when it is not the scheme's
/// default) and reads as one lowercase sentence, for example `connection to 127.0.0.1:8443 refused`.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request cannot be sent as written: a bad method, header name or value, or URL.
    case invalidRequest(host: String, reason: String)
    /// The host name did not resolve (or the proxy's did not).
    case hostNotFound(host: String)
    /// Nothing listens on the host and port: the connection was refused.
    case connectionRefused(host: String)
    /// The connection could not be established for another reason, such as no route to the host.
    case connectionFailed(host: String, detail: String)
    /// The connection was reset or closed before a complete response arrived.
    case connectionClosed(host: String, detail: String)
    /// The connection (`connecting` is true) or the whole exchange did not finish within `limit`.
    case timedOut(host: String, limit: Duration, connecting: Bool)
    /// The TLS handshake failed or the server's certificate was not trusted for the host.
    case tlsFailed(host: String, detail: String)
    /// The response body was larger than the transport accepts.
    case responseTooLarge(host: String, limit: Int)
    /// Any other libcurl failure, with libcurl's own description.
    case curlFailed(host: String, code: Int, detail: String)
    /// libcurl itself could not be set up (`curl_global_init` or `curl_easy_init` failed); no host involved.
    case curlUnavailable(code: Int)

    /// The host (and non-default port) the failure concerns.
    public var host: String {
        switch self {
        case .invalidRequest(let host, _), .hostNotFound(let host), .connectionRefused(let host),
            .connectionFailed(let host, _), .connectionClosed(let host, _), .timedOut(let host, _, _),
            .tlsFailed(let host, _), .responseTooLarge(let host, _), .curlFailed(let host, _, _):
            return host
        case .curlUnavailable:
            return ""
        }
    }

    /// Whether the failure is one AWS's standard retry mode retries as a connection error: the host may answer on
    /// a second try. TLS failures are not retried: a certificate that is rejected once is rejected again.
    public var isConnectionError: Bool {
        switch self {
        case .hostNotFound, .connectionRefused, .connectionFailed, .connectionClosed: return true
        default: return false
        }
    }

    /// Whether the failure is a timeout (retried, at a higher retry-quota cost).
    public var isTimeout: Bool {
        if case .timedOut = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .invalidRequest(let host, let reason):
            return "request to \(host) is invalid: \(reason)"
        case .hostNotFound(let host):
            return "could not resolve host \(host)"
        case .connectionRefused(let host):
            return "connection to \(host) refused"
        case .connectionFailed(let host, let detail):
            return "could not connect to \(host): \(detail.asSentenceTail)"
        case .connectionClosed(let host, let detail):
            return "connection to \(host) closed before a complete response arrived (\(detail.asSentenceTail))"
        case .timedOut(let host, let limit, let connecting):
            let limitText = HTTPTimeouts.describe(limit)
            return connecting
                ? "could not connect to \(host) within \(limitText)" : "no response from \(host) within \(limitText)"
        case .tlsFailed(let host, let detail):
            return "tls connection to \(host) failed: \(detail.asSentenceTail)"
        case .responseTooLarge(let host, let limit):
            return "response from \(host) is larger than the \(limit)-byte limit"
        case .curlFailed(let host, let code, let detail):
            return "request to \(host) failed: \(detail.asSentenceTail) (libcurl error \(code))"
        case .curlUnavailable(let code):
            return "libcurl could not be initialised (libcurl error \(code))"
        }
    }
}

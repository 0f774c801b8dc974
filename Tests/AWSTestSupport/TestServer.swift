import AWSCore
import Foundation

/// `scripts/test-http-server.py` running as a child process for one test: started on an ephemeral port of
/// 127.0.0.1, stopped by ``stop()`` or when the value is released. The server also exits by itself when its stdin
/// closes, so it cannot outlive the test process even if the test crashes.
public final class TestServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// `https` when started with a certificate, `http` otherwise.
    public let scheme: String
    private let server: ServerProcess

    public static let script = ServerProcess.packageRoot.appendingPathComponent("scripts/test-http-server.py")

    /// Starts the server; with `tls` (PEM file paths) it serves HTTPS with that certificate.
    public init(timeout: Int = 300, tls: (certificate: String, key: String)? = nil) throws {
        var arguments = ["python3", Self.script.path, "--timeout", String(timeout)]
        if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.key] }
        server = try ServerProcess(executable: "/usr/bin/env", arguments: arguments)
        port = try server.readPort(name: "test server")
        scheme = tls == nil ? "http" : "https"
    }

    /// The server's process id, while it runs.
    public var processIdentifier: Int32 { server.processIdentifier }

    /// A request to `path` on the server.
    public func request(
        _ method: String = "GET", _ path: String, query: String? = nil, headers: [HTTPHeader] = [], body: [UInt8] = []
    ) -> HTTPRequest {
        HTTPRequest(
            method: method, scheme: scheme, host: "127.0.0.1", port: port, path: path, query: query, headers: headers,
            body: body)
    }

    /// Installs the steps of script `name` (served from `/script/<name>`).
    public func setScript(_ name: String, _ steps: [[String: Any]], using transport: some HTTPTransport) throws {
        let body = try JSONSerialization.data(withJSONObject: steps)
        let response = try transport.send(
            request("POST", "/control/script/\(name)", body: Array(body)), timeout: HTTPTimeouts())
        guard response.status == 204 else {
            throw TestServerFailure(description: "test server refused script '\(name)': http \(response.status)")
        }
    }

    /// How many requests script `name` has served.
    public func served(_ name: String, using transport: some HTTPTransport) throws -> Int {
        let response = try transport.send(request("GET", "/control/script/\(name)"), timeout: HTTPTimeouts())
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return object?["served"] as? Int ?? -1
    }

    /// Closes the server's stdin (which makes it exit), terminates it if it is still running, and reaps it.
    public func stop() {
        server.stop()
    }

    /// Waits for the server to exit on its own (its timeout), stdin left open; returns its exit status.
    public func waitForExit() -> Int32 {
        server.waitForExit()
    }

    /// Closes only stdin and waits for the server to exit on its own; returns its exit status.
    public func closeInputAndWait() -> Int32 {
        server.closeInputAndWait()
    }
}

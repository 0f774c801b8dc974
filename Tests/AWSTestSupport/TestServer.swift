import AWSCore
import Foundation

/// `scripts/test-http-server.py` running as a child process for one test: started on an ephemeral port of
/// 127.0.0.1, stopped by ``stop()`` or when the value is released. The server also exits by itself when its stdin
/// closes, so it cannot outlive the test process even if the test crashes.
public final class TestServer: @unchecked Sendable {
    // @unchecked: `process` and `input` are only touched by `stop()`, which `lock` serialises.
    /// The port the server listens on.
    public let port: Int
    /// `https` when started with a certificate, `http` otherwise.
    public let scheme: String
    private let process: Process
    private let input: Pipe
    private let lock = NSLock()

    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/test-http-server.py")

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Starts the server; with `tls` (PEM file paths) it serves HTTPS with that certificate.
    public init(timeout: Int = 300, tls: (certificate: String, key: String)? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--timeout", String(timeout)]
        if let tls { process.arguments? += ["--tls-cert", tls.certificate, "--tls-key", tls.key] }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.terminate()
            process.waitUntilExit()
            throw StartFailure(description: "test server did not print its port (got '\(text)')")
        }
        self.port = port
        self.scheme = tls == nil ? "http" : "https"
        self.process = process
        self.input = input
    }

    deinit {
        stop()
    }

    /// The server's process id, while it runs.
    public var processIdentifier: Int32 { process.processIdentifier }

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
            throw StartFailure(description: "test server refused script '\(name)': http \(response.status)")
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
        lock.withLock {
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// Waits for the server to exit on its own (its timeout), stdin left open; returns its exit status.
    public func waitForExit() -> Int32 {
        lock.withLock {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Closes only stdin and waits for the server to exit on its own; returns its exit status.
    public func closeInputAndWait() -> Int32 {
        lock.withLock {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}

import Foundation

/// A throw-away self-signed certificate for `127.0.0.1`, made with the `openssl` command line in a temporary
/// directory; for the TLS tests of the transport.
struct TestCertificate {
    let directory: URL
    var certificate: String { directory.appendingPathComponent("cert.pem").path }
    var key: String { directory.appendingPathComponent("key.pem").path }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Fails (never skips) without `/usr/bin/openssl`, which `scripts/ensure-deps.sh` installs for `make test`.
    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw Failure(description: "/usr/bin/openssl is missing: the TLS tests need it (apt-get install openssl)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iamgate-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory.appendingPathComponent("key.pem").path,
            "-out", directory.appendingPathComponent("cert.pem").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl could not make a test certificate")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// Collects wire-log messages from the transport's lock-free callback.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var messages: [String] { lock.withLock { stored } }
    var text: String { messages.joined(separator: "\n") }

    func append(_ message: String) {
        lock.withLock { stored.append(message) }
    }
}

@Suite("CurlTransport wire log")
struct TransportWireLogTests {
    let timeouts = HTTPTimeouts(connect: .seconds(5), total: .seconds(10))
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLETOKEN"

    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    func signedLookingRequest(_ server: TestServer) -> HTTPRequest {
        server.request(
            "POST", "/status/200",
            query: "body=\(Self.queryEncoded("<SecretAccessKey>\(Self.secret)</SecretAccessKey>"))"
                + "&header=Set-Cookie:session%3Dabc",
            headers: [
                HTTPHeader("X-Amz-Date", "20150830T123600Z"),
                HTTPHeader(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, Signature=abc"),
                HTTPHeader("X-Amz-Security-Token", Self.token),
                HTTPHeader("X-Client-Secret-Hint", "hunter2"),
                HTTPHeader("x-aws-ec2-metadata-token", "imds-token-value"),
            ], body: Array("Action=GetCallerIdentity&Password=\(Self.secret)".utf8))
    }

    @Test("headers carrying credentials are redacted and bodies are left out by default")
    func redactsByDefault() throws {
        let server = try TestServer()
        defer { server.stop() }
        let log = LogLines()
        let transport = try CurlTransport(wireLog: WireLog { log.append($0) })
        let response = try transport.send(signedLookingRequest(server), timeout: timeouts)
        #expect(response.status == 200)
        #expect(response.body == Array("<SecretAccessKey>\(Self.secret)</SecretAccessKey>".utf8))

        #expect(log.messages.count == 2)
        let request = log.messages.first ?? ""
        let reply = log.messages.last ?? ""
        #expect(request.hasPrefix("> POST http://127.0.0.1:\(server.port)/status/200?body="))
        #expect(request.contains("> X-Amz-Date: 20150830T123600Z"))
        #expect(request.contains("> Authorization: <redacted>"))
        #expect(request.contains("> X-Amz-Security-Token: <redacted>"))
        #expect(request.contains("> X-Client-Secret-Hint: <redacted>"))
        #expect(request.contains("> x-aws-ec2-metadata-token: <redacted>"))
        #expect(reply.hasPrefix("< HTTP 200 from 127.0.0.1:\(server.port) in "))
        #expect(reply.contains("< Set-Cookie: <redacted>"))
        #expect(reply.contains("< Content-Length: "))
        for secret in ["AKIDEXAMPLE/", "Signature=abc", Self.token, "hunter2", "imds-token-value", "session=abc"] {
            #expect(!log.text.contains(secret), "log shows \(secret)")
        }
        // The secret appears in the query text too; only the body switch may show it, and it is off.
        #expect(!log.text.contains("Password="))
        #expect(!log.text.contains("<SecretAccessKey>"))
    }

    @Test("bodies are logged only when asked for, headers stay redacted")
    func bodiesOnRequest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let log = LogLines()
        let transport = try CurlTransport(wireLog: WireLog(includesBodies: true) { log.append($0) })
        _ = try transport.send(signedLookingRequest(server), timeout: timeouts)
        #expect(log.text.contains("> Action=GetCallerIdentity&Password="))
        #expect(log.text.contains("< <SecretAccessKey>"))
        #expect(log.text.contains("> Authorization: <redacted>"))
        #expect(!log.text.contains(Self.token))
    }

    @Test("a failed exchange is logged as its error sentence")
    func failureIsLogged() throws {
        let port = try LocalPort.unused()
        let log = LogLines()
        let transport = try CurlTransport(wireLog: WireLog { log.append($0) })
        let request = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: port, path: "/")
        #expect(throws: TransportError.self) { try transport.send(request, timeout: timeouts) }
        #expect(log.messages.last == "! connection to 127.0.0.1:\(port) refused")
    }

    @Test(
        "sensitive header names",
        arguments: [
            ("Authorization", true), ("authorization", true), ("X-Amz-Security-Token", true),
            ("Proxy-Authorization", true), ("X-My-Credential", true), ("client_secret", true), ("Cookie", true),
            ("X-Amz-Date", false), ("Content-Type", false), ("X-Amz-Target", false), ("Host", false),
        ])
    func sensitiveNames(name: String, sensitive: Bool) {
        #expect(WireLog.isSensitiveHeader(name) == sensitive)
    }

    @Test("presigned query parameters are redacted in the request line")
    func presignedQuery() throws {
        let log = LogLines()
        let port = try LocalPort.unused()
        let transport = try CurlTransport(wireLog: WireLog { log.append($0) })
        let request = HTTPRequest(
            method: "GET", scheme: "http", host: "127.0.0.1", port: port, path: "/",
            query:
                "Action=ListUsers&X-Amz-Credential=AKIDEXAMPLE%2F20150830&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok"
        )
        _ = try? transport.send(request, timeout: timeouts)
        #expect(
            log.messages.first
                == "> GET http://127.0.0.1:\(port)/?Action=ListUsers&X-Amz-Credential=<redacted>"
                + "&X-Amz-Signature=<redacted>&X-Amz-Security-Token=<redacted>")
    }
}

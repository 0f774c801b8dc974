import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// `CurlTransport` against `scripts/test-http-server.py` on 127.0.0.1: what goes out, what comes back, and how each
/// kind of network failure reads.
@Suite("CurlTransport against the local test server")
struct TransportTests {
    let timeouts = HTTPTimeouts(connect: .seconds(5), total: .seconds(10))

    @Test("a GET carries exactly the request's headers, in order, duplicates and empty values included")
    func getHeadersArriveExactly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let request = server.request(
            "GET", "/echo", query: "a=1&b=%2F",
            headers: [
                HTTPHeader("X-Amz-Date", "20150830T123600Z"), HTTPHeader("x-dup", "one"), HTTPHeader("X-Dup", "two"),
                HTTPHeader("X-Empty", ""), HTTPHeader("User-Agent", "iamgate/test"),
            ])
        let response = try transport.send(request, timeout: timeouts)
        #expect(response.status == 200)
        let echo = try EchoedRequest(response)
        #expect(echo.method == "GET")
        #expect(echo.path == "/echo")
        #expect(echo.query == "a=1&b=%2F")
        #expect(
            echo.headerPairs == [
                HTTPHeader("Host", "127.0.0.1:\(server.port)"), HTTPHeader("X-Amz-Date", "20150830T123600Z"),
                HTTPHeader("x-dup", "one"), HTTPHeader("X-Dup", "two"), HTTPHeader("X-Empty", ""),
                HTTPHeader("User-Agent", "iamgate/test"),
            ])
    }

    @Test("a POST carries its body byte for byte, its own Content-Type and Host, and no Expect or Accept")
    func postBodyArrivesExactly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        // Binary, and over libcurl's 1 MiB threshold for adding `Expect: 100-continue` on its own.
        let body = (0..<(1_100_000)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let request = server.request(
            "POST", "/echo",
            headers: [
                HTTPHeader("Host", "127.0.0.1:\(server.port)"),
                HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ], body: body)
        let echo = try EchoedRequest(transport.send(request, timeout: timeouts))
        #expect(echo.method == "POST")
        #expect(echo.bodyBytes == body)
        #expect(echo.values("Content-Type") == ["application/x-www-form-urlencoded; charset=utf-8"])
        #expect(echo.values("Host") == ["127.0.0.1:\(server.port)"])
        #expect(echo.values("Content-Length") == ["\(body.count)"])
        #expect(echo.values("Expect").isEmpty)
        #expect(echo.values("Accept").isEmpty)
    }

    @Test("a POST without Content-Type gets none from libcurl, and an empty POST says Content-Length: 0")
    func postWithoutContentType() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let echo = try EchoedRequest(
            transport.send(server.request("POST", "/echo", body: Array("a=b".utf8)), timeout: timeouts))
        #expect(echo.values("Content-Type").isEmpty)
        #expect(echo.body == "a=b")
        let empty = try EchoedRequest(transport.send(server.request("POST", "/echo"), timeout: timeouts))
        #expect(empty.values("Content-Length") == ["0"])
        #expect(empty.body.isEmpty)
    }

    @Test("other methods are sent as written", arguments: ["PUT", "DELETE", "PATCH", "OPTIONS"])
    func otherMethods(method: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let body: [UInt8] = method == "DELETE" || method == "OPTIONS" ? [] : Array("{\"x\":1}".utf8)
        let echo = try EchoedRequest(transport.send(server.request(method, "/echo", body: body), timeout: timeouts))
        #expect(echo.method == method)
        #expect(echo.bodyBytes == body)
    }

    @Test("status, repeated headers (found ignoring case) and body of the response are read")
    func responseIsRead() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let response = try transport.send(
            server.request(
                "GET", "/status/418", query: "body=short%20and%20stout&header=X-Thing:one&header=X-Thing:two"),
            timeout: timeouts)
        #expect(response.status == 418)
        #expect(response.body == Array("short and stout".utf8))
        #expect(response.headerValues(named: "x-thing") == ["one", "two"])
        #expect(response.headerValue(named: "CONTENT-LENGTH") == "15")
        #expect(response.headerValue(named: "X-Absent") == nil)
        #expect(!response.isSuccess)
    }

    @Test("one handle serves 20 calls over one kept-alive connection")
    func handleIsReused() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        var ports: Set<Int> = []
        for index in 0..<20 {
            let method = index.isMultiple(of: 2) ? "GET" : "POST"
            let body: [UInt8] = method == "POST" ? Array("call \(index)".utf8) : []
            let echo = try EchoedRequest(transport.send(server.request(method, "/echo", body: body), timeout: timeouts))
            #expect(echo.method == method)
            #expect(echo.bodyBytes == body)
            ports.insert(echo.clientPort)
        }
        #expect(ports.count == 1)
    }

    @Test("calls from several threads at once are serialised on the one handle")
    func concurrentCalls() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let request = server.request("POST", "/echo", body: Array("same".utf8))
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { try EchoedRequest(transport.send(request, timeout: timeouts)).body }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(bodies == Array(repeating: "same", count: 8))
    }

    @Test("a port nobody listens on is a refused connection naming host and port")
    func connectionRefused() throws {
        let port = try LocalPort.unused()
        let transport = try CurlTransport()
        let request = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: port, path: "/")
        let error = #expect(throws: TransportError.self) { try transport.send(request, timeout: timeouts) }
        #expect(error == .connectionRefused(host: "127.0.0.1:\(port)"))
        #expect(error?.description == "connection to 127.0.0.1:\(port) refused")
        #expect(error?.isConnectionError == true)
    }

    @Test("a host under .invalid does not resolve")
    func hostNotFound() throws {
        let transport = try CurlTransport()
        let request = HTTPRequest(method: "GET", scheme: "http", host: "iamgate-test.invalid", path: "/")
        let error = #expect(throws: TransportError.self) { try transport.send(request, timeout: timeouts) }
        #expect(error == .hostNotFound(host: "iamgate-test.invalid"))
        #expect(error?.description == "could not resolve host iamgate-test.invalid")
    }

    @Test("a connection closed or reset without a response is a closed connection, and the handle recovers")
    func closedAndReset() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        for path in ["/close", "/reset"] {
            let error = #expect(throws: TransportError.self) {
                try transport.send(server.request("GET", path), timeout: timeouts)
            }
            guard case .connectionClosed(let host, _) = error else {
                Issue.record("\(path): expected a closed connection, got \(String(describing: error))")
                continue
            }
            #expect(host == "127.0.0.1:\(server.port)")
            #expect(error?.description.hasPrefix("connection to 127.0.0.1:\(server.port) closed before") == true)
            #expect(error?.isConnectionError == true)
            #expect(try transport.send(server.request("GET", "/echo"), timeout: timeouts).status == 200)
        }
    }

    @Test("libcurl resends once by itself when a reused connection dies before any response byte")
    func staleConnectionResent() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        try server.setScript("stale", [["action": "reset"], ["status": 200, "body": "fresh"]], using: transport)
        // The script was set over the connection this call reuses; its reset looks like a stale keep-alive.
        let response = try transport.send(server.request("GET", "/script/stale"), timeout: timeouts)
        #expect(response.body == Array("fresh".utf8))
        #expect(try server.served("stale", using: transport) == 2)
    }

    @Test("a response slower than the total timeout is a timeout naming the host and the limit")
    func totalTimeout() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let started = ContinuousClock.now
        let error = #expect(throws: TransportError.self) {
            try transport.send(
                server.request("GET", "/slow", query: "seconds=3"),
                timeout: HTTPTimeouts(connect: .seconds(2), total: .milliseconds(300)))
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(error == .timedOut(host: "127.0.0.1:\(server.port)", limit: .milliseconds(300), connecting: false))
        #expect(error?.description == "no response from 127.0.0.1:\(server.port) within 0.3 s")
        #expect(error?.isTimeout == true)
        #expect(try transport.send(server.request("GET", "/echo"), timeout: timeouts).status == 200)
    }

    @Test("a body over the limit is refused instead of filling memory")
    func responseTooLarge() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport(maximumResponseBytes: 1000)
        #expect(
            try transport.send(server.request("GET", "/bytes", query: "count=1000"), timeout: timeouts).body.count
                == 1000)
        let error = #expect(throws: TransportError.self) {
            try transport.send(server.request("GET", "/bytes", query: "count=5000"), timeout: timeouts)
        }
        #expect(error == .responseTooLarge(host: "127.0.0.1:\(server.port)", limit: 1000))
    }

    @Test(
        "requests that cannot be sent as written are refused before anything is sent",
        arguments: [
            (HTTPHeader("X-Injected", "a\r\nX-Evil: 1"), "header 'X-Injected' contains a line break"),
            (HTTPHeader("Bad Name", "v"), "header name 'Bad Name' is not an http token"),
            (HTTPHeader("Colon:Name", "v"), "header name 'Colon:Name' is not an http token"),
        ])
    func invalidHeaders(header: HTTPHeader, reason: String) throws {
        let transport = try CurlTransport()
        let request = HTTPRequest(
            method: "GET", scheme: "http", host: "127.0.0.1", port: 9, path: "/", headers: [header])
        let error = #expect(throws: TransportError.self) { try transport.send(request, timeout: timeouts) }
        #expect(error == .invalidRequest(host: "127.0.0.1:9", reason: reason))
    }

    @Test("methods with spaces and schemes other than http and https are refused")
    func invalidMethodAndScheme() throws {
        let transport = try CurlTransport()
        let badMethod = HTTPRequest(method: "GET /x", scheme: "http", host: "127.0.0.1", port: 9)
        #expect(
            throws: TransportError.invalidRequest(host: "127.0.0.1:9", reason: "method 'GET /x' is not an http token")
        ) {
            try transport.send(badMethod, timeout: timeouts)
        }
        let file = HTTPRequest(method: "GET", scheme: "file", host: "localhost", path: "/etc/passwd")
        #expect(throws: TransportError.invalidRequest(host: "localhost", reason: "scheme 'file' is not http or https"))
        {
            try transport.send(file, timeout: timeouts)
        }
    }
}

@Suite("CurlTransport over TLS")
struct TransportTLSTests {
    let timeouts = HTTPTimeouts(connect: .seconds(5), total: .seconds(10))

    @Test(
        "an untrusted certificate is refused; AWS_CA_BUNDLE makes it trusted")
    func certificateVerification() throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let server = try TestServer(tls: (certificate.certificate, certificate.key))
        defer { server.stop() }

        let untrusting = try CurlTransport(environment: [:])
        let error = #expect(throws: TransportError.self) {
            try untrusting.send(server.request("GET", "/echo"), timeout: timeouts)
        }
        guard case .tlsFailed(let host, _) = error else {
            Issue.record("expected a tls failure, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1:\(server.port)")
        #expect(error?.description.hasPrefix("tls connection to 127.0.0.1:\(server.port) failed: ") == true)
        #expect(error?.isConnectionError == false)

        let trusting = try CurlTransport(environment: ["AWS_CA_BUNDLE": certificate.certificate])
        #expect(trusting.caBundle == certificate.certificate)
        let echo = try EchoedRequest(
            trusting.send(server.request("POST", "/echo", body: [1, 2, 3]), timeout: timeouts))
        #expect(echo.bodyBytes == [1, 2, 3])
    }

    @Test(
        "a certificate valid for another name is refused even when its CA is trusted")
    func hostNameVerification() throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let server = try TestServer(tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        let transport = try CurlTransport(environment: ["AWS_CA_BUNDLE": certificate.certificate])
        // The certificate names 127.0.0.1 only; `localhost` reaches the same server under another name.
        let request = HTTPRequest(method: "GET", scheme: "https", host: "localhost", port: server.port, path: "/echo")
        let error = #expect(throws: TransportError.self) { try transport.send(request, timeout: timeouts) }
        guard case .tlsFailed = error else {
            Issue.record("expected a tls failure, got \(String(describing: error))")
            return
        }
    }

    @Test(
        "a missing AWS_CA_BUNDLE file is a tls failure naming the file, not a fallback to the system CAs")
    func missingBundle() throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let server = try TestServer(tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        let transport = try CurlTransport(environment: ["AWS_CA_BUNDLE": "/nonexistent/iamgate-ca.pem"])
        let error = #expect(throws: TransportError.self) {
            try transport.send(server.request("GET", "/echo"), timeout: timeouts)
        }
        guard case .tlsFailed(_, let detail) = error else {
            Issue.record("expected a tls failure, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("/nonexistent/iamgate-ca.pem"))
    }
}

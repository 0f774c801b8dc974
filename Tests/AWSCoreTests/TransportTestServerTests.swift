import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// The test server itself: it starts, reports its port, and leaves no process behind.
@Suite("Transport test server lifecycle")
struct TransportTestServerTests {
    static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    @Test("stop() ends and reaps the server process")
    func stopLeavesNoProcess() throws {
        let server = try TestServer()
        let pid = server.processIdentifier
        #expect(pid > 0)
        #expect(Self.processExists(pid))
        server.stop()
        #expect(!Self.processExists(pid))
        server.stop()  // idempotent
    }

    @Test("the server exits by itself when its stdin closes")
    func exitsWhenStdinCloses() throws {
        let server = try TestServer()
        let pid = server.processIdentifier
        #expect(server.closeInputAndWait() == 0)
        #expect(!Self.processExists(pid))
    }

    @Test("the server exits by itself after its timeout")
    func exitsAfterTimeout() throws {
        let server = try TestServer(timeout: 1)
        let pid = server.processIdentifier
        let started = ContinuousClock.now
        #expect(server.waitForExit() == 0)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(!Self.processExists(pid))
    }

    @Test("releasing the server stops it")
    func deinitStops() throws {
        var pid: Int32 = 0
        do {
            let server = try TestServer()
            pid = server.processIdentifier
            #expect(Self.processExists(pid))
        }
        #expect(pid > 0)
        #expect(!Self.processExists(pid))
    }

    @Test("scripts play their steps in order and count what they served")
    func scripts() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        try server.setScript(
            "s", [["status": 503, "body": "busy"], ["status": 200, "body": "ok", "headers": [["X-Step", "2"]]]],
            using: transport)
        let first = try transport.send(server.request("POST", "/script/s"), timeout: HTTPTimeouts())
        let second = try transport.send(server.request("POST", "/script/s"), timeout: HTTPTimeouts())
        let third = try transport.send(server.request("POST", "/script/s"), timeout: HTTPTimeouts())
        #expect([first.status, second.status, third.status] == [503, 200, 200] as [Int])
        #expect(second.headerValue(named: "x-step") == "2")
        #expect(first.body == Array("busy".utf8))
        #expect(try server.served("s", using: transport) == 3)
    }
}

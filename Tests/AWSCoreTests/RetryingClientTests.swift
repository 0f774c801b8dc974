import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// Collects retry events.
final class RetryEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RetryEvent] = []
    var all: [RetryEvent] { lock.withLock { stored } }

    func append(_ event: RetryEvent) {
        lock.withLock { stored.append(event) }
    }
}

@Suite("RetryingClient with a recording sleeper and fixed jitter")
struct RetryingClientTests {
    /// 2026-11-26T12:00:00Z.
    static let localNow = Date(timeIntervalSince1970: 1_795_694_400)

    let sleeper = RecordingSleeper()
    let quota = RetryQuota()
    let events = RetryEvents()
    let clock = SigningClock(source: { RetryingClientTests.localNow })

    func client(policy: RetryPolicy = .standard, quota: RetryQuota? = nil) -> RetryingClient {
        let events = self.events
        return RetryingClient(
            policy: policy, quota: quota ?? self.quota, clock: clock, sleeper: sleeper, random: FixedRandomSource(0.5),
            onRetry: { events.append($0) })
    }

    @Test("throttling then success takes 2 attempts, waits 0.5 s and refunds the retry's cost")
    func throttlingThenSuccess() throws {
        let attempts = ScriptedAttempts([ScriptedAttempts.queryError("Throttling", status: 400), ScriptedAttempts.ok])
        let response = try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        #expect(response.status == 200)
        #expect(attempts.count == 2)
        #expect(sleeper.sleeps == [0.5])
        #expect(quota.available == 500)
        #expect(events.all.map(\.description) == ["Throttling; attempt 2 of 3 in 500 ms"])
    }

    @Test("three 500s are the final error after 3 attempts, with waits of 0.5 s and 1 s")
    func threeServerErrors() throws {
        let attempts = ScriptedAttempts([ScriptedAttempts.queryError("ServiceFailure", status: 500)])
        let error = #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 3)
        #expect(sleeper.sleeps == [0.5, 1.0])
        #expect(error?.attempts == 3)
        #expect(error?.stopReason == .attemptsExhausted)
        #expect(error?.serviceError?.code == "ServiceFailure")
        #expect(
            error?.description
                == "aws error ServiceFailure (http 500, request id req-ServiceFailure): message (after 3 attempts)")
        // Two retries paid for, no success to refund them.
        #expect(quota.available == 490)
    }

    @Test("with more attempts allowed the waits double up to the 20 s cap")
    func waitsGrowToCap() throws {
        let attempts = ScriptedAttempts([.success(HTTPResponse(status: 503))])
        let policy = RetryPolicy(maxAttempts: 8)
        #expect(throws: AWSRequestError.self) {
            try client(policy: policy).perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 8)
        #expect(sleeper.sleeps == [0.5, 1, 2, 4, 8, 10, 10])
    }

    @Test(
        "errors retrying cannot fix take 1 attempt and no wait",
        arguments: [("AccessDenied", 403), ("ExpiredToken", 403), ("NoSuchEntity", 404), ("InvalidInput", 400)])
    func notRetried(code: String, status: Int) throws {
        let attempts = ScriptedAttempts([ScriptedAttempts.queryError(code, status: status), ScriptedAttempts.ok])
        let error = #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 1)
        #expect(sleeper.sleeps.isEmpty)
        #expect(error?.stopReason == .notRetryable)
        #expect(error?.serviceError?.code == code)
        #expect(error?.description == "aws error \(code) (http \(status), request id req-\(code)): message")
        #expect(quota.available == 500)
    }

    @Test("a success without retries adds 1 token back")
    func noRetryIncrement() throws {
        #expect(quota.acquire(10))
        let attempts = ScriptedAttempts([ScriptedAttempts.ok])
        _ = try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        #expect(quota.available == 491)
    }

    @Test("an empty quota stops retrying before the attempts run out")
    func quotaExhaustion() throws {
        let small = RetryQuota(capacity: 7)
        let attempts = ScriptedAttempts([ScriptedAttempts.queryError("Throttling", status: 400)])
        let error = #expect(throws: AWSRequestError.self) {
            try client(quota: small).perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        // 7 tokens pay for one retry (5), not a second.
        #expect(attempts.count == 2)
        #expect(sleeper.sleeps == [0.5])
        #expect(error?.stopReason == .retryQuotaExhausted)
        #expect(error?.description.hasSuffix("(after 2 attempts; retry quota exhausted)") == true)
        #expect(small.available == 2)
    }

    @Test("a timeout costs 10 tokens, so a bucket of 9 cannot retry it")
    func timeoutCost() throws {
        let timeout = TransportError.timedOut(host: "iam.amazonaws.com", limit: .seconds(10), connecting: false)
        let small = RetryQuota(capacity: 9)
        let attempts = ScriptedAttempts([.failure(timeout), ScriptedAttempts.ok])
        let error = #expect(throws: AWSRequestError.self) {
            try client(quota: small).perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 1)
        #expect(error?.failure == .transport(timeout))
        #expect(error?.stopReason == .retryQuotaExhausted)
        #expect(
            error?.description
                == "no response from iam.amazonaws.com within 10 s (after 1 attempt; retry quota exhausted)")

        let retried = ScriptedAttempts([.failure(timeout), ScriptedAttempts.ok])
        _ = try client().perform(errors: AWSErrorResponse.query, retried.attempt)
        #expect(retried.count == 2)
        #expect(quota.available == 500)
    }

    @Test("connection failures are retried; TLS failures are not")
    func transportFailures() throws {
        let refused = ScriptedAttempts([
            .failure(.connectionRefused(host: "127.0.0.1:1")),
            .failure(.connectionClosed(host: "127.0.0.1:1", detail: "reset")),
            ScriptedAttempts.ok,
        ])
        #expect(try client().perform(errors: AWSErrorResponse.query, refused.attempt).status == 200)
        #expect(refused.count == 3)
        #expect(sleeper.sleeps == [0.5, 1.0])

        let tls = ScriptedAttempts([
            .failure(.tlsFailed(host: "iam.amazonaws.com", detail: "bad cert")), ScriptedAttempts.ok,
        ])
        let error = #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, tls.attempt)
        }
        #expect(tls.count == 1)
        #expect(error?.description == "tls connection to iam.amazonaws.com failed: bad cert")
    }

    @Test("JSON errors are classified through the JSON parser")
    func jsonThrottling() throws {
        let body = #"{"__type":"com.amazon.cloudapiservice#ThrottlingException","Message":"Rate exceeded"}"#
        let attempts = ScriptedAttempts([
            .success(HTTPResponse(status: 400, body: Array(body.utf8))), ScriptedAttempts.ok,
        ])
        _ = try client().perform(errors: AWSErrorResponse.json, attempts.attempt)
        #expect(attempts.count == 2)
    }

    @Test("a skew error whose Date is 10 min ahead is re-signed once, at once, 10 min later")
    func clockSkewCorrection() throws {
        let skewed = ScriptedAttempts.queryError(
            "SignatureDoesNotMatch", status: 403, message: "Signature expired",
            headers: [HTTPHeader("Date", "Thu, 26 Nov 2026 12:10:00 GMT")])
        let attempts = ScriptedAttempts([skewed, ScriptedAttempts.ok])
        let response = try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        #expect(response.status == 200)
        #expect(attempts.signingDates == [Self.localNow, Self.localNow.addingTimeInterval(600)])
        #expect(clock.offset == 600)
        #expect(sleeper.sleeps.isEmpty)
        #expect(quota.available == 500)
        #expect(
            events.all.map(\.description)
                == ["SignatureDoesNotMatch: local clock is 600 s behind aws; re-signing for attempt 2 of 3 at once"])

        // The corrected clock serves the next call too.
        let next = ScriptedAttempts([ScriptedAttempts.ok])
        _ = try client().perform(errors: AWSErrorResponse.query, next.attempt)
        #expect(next.signingDates == [Self.localNow.addingTimeInterval(600)])
    }

    @Test("the skew correction happens once per call even if the clock looks wrong again")
    func clockSkewOnce() throws {
        let first = ScriptedAttempts.queryError(
            "RequestExpired", status: 400, headers: [HTTPHeader("Date", "Thu, 26 Nov 2026 11:50:00 GMT")])
        let second = ScriptedAttempts.queryError(
            "RequestExpired", status: 400, headers: [HTTPHeader("Date", "Fri, 31 Dec 2027 12:00:00 GMT")])
        let attempts = ScriptedAttempts([first, second, ScriptedAttempts.ok])
        let error = #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 2)
        #expect(attempts.signingDates == [Self.localNow, Self.localNow.addingTimeInterval(-600)])
        #expect(clock.offset == -600)
        #expect(error?.stopReason == .notRetryable)
        #expect(error?.attempts == 2)
        #expect(error?.description.hasSuffix("(after 2 attempts)") == true)
    }

    @Test(
        "a skew code is not retried when the Date header is close, missing or unreadable",
        arguments: [
            [HTTPHeader("Date", "Thu, 26 Nov 2026 12:04:00 GMT")], [], [HTTPHeader("Date", "yesterday at noon")],
        ])
    func clockSkewNotNeeded(headers: [HTTPHeader]) throws {
        let attempts = ScriptedAttempts([
            ScriptedAttempts.queryError("SignatureDoesNotMatch", status: 403, headers: headers), ScriptedAttempts.ok,
        ])
        let error = #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 1)
        #expect(error?.stopReason == .notRetryable)
        #expect(clock.offset == 0)
    }

    @Test("a wrong clock is not blamed for an error that is not a skew error")
    func noSkewForOtherCodes() throws {
        let attempts = ScriptedAttempts([
            ScriptedAttempts.queryError(
                "AccessDenied", status: 403, headers: [HTTPHeader("Date", "Fri, 31 Dec 2027 12:00:00 GMT")]),
            ScriptedAttempts.ok,
        ])
        #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 1)
        #expect(clock.offset == 0)
    }

    @Test("the skew retry counts toward the 3 attempts")
    func skewWithinAttempts() throws {
        let skewed = ScriptedAttempts.queryError(
            "RequestTimeTooSkewed", status: 403, headers: [HTTPHeader("Date", "Thu, 26 Nov 2026 12:10:00 GMT")])
        let attempts = ScriptedAttempts([
            ScriptedAttempts.queryError("Throttling", status: 400),
            ScriptedAttempts.queryError("Throttling", status: 400),
            skewed,
        ])
        let error = #expect(throws: AWSRequestError.self) {
            try client().perform(errors: AWSErrorResponse.query, attempts.attempt)
        }
        #expect(attempts.count == 3)
        #expect(error?.stopReason == .attemptsExhausted)
        #expect(error?.serviceError?.code == "RequestTimeTooSkewed")
    }

    @Test("the signing clock adds its offset and corrects only beyond the threshold")
    func signingClock() {
        let clock = SigningClock(offset: 30, source: { RetryingClientTests.localNow })
        #expect(clock.now() == Self.localNow.addingTimeInterval(30))
        #expect(!clock.correct(toServerDate: Self.localNow.addingTimeInterval(300), threshold: 300))
        #expect(clock.offset == 30)
        #expect(clock.correct(toServerDate: Self.localNow.addingTimeInterval(-400), threshold: 300))
        #expect(clock.offset == -400)
        #expect(clock.now() == Self.localNow.addingTimeInterval(-400))
    }
}

@Suite("RetryingClient over CurlTransport and the local test server")
struct RetryTransportTests {
    @Test("throttling then success against the real transport: 2 requests reach the server")
    func throttlingThenSuccess() throws {
        let server = try TestServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        let throttling = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>
            """
        try server.setScript(
            "throttle",
            [["status": 400, "body": throttling], ["status": 200, "body": "<GetUserResponse/>"]],
            using: transport)
        let sleeper = RecordingSleeper()
        let client = RetryingClient(sleeper: sleeper, random: FixedRandomSource(0.25))
        var signed: [Date] = []
        let response = try client.send(
            transport, timeout: HTTPTimeouts(connect: .seconds(5), total: .seconds(10)), errors: AWSErrorResponse.query
        ) { date in
            signed.append(date)
            return server.request("POST", "/script/throttle", body: Array("Action=GetUser".utf8))
        }
        #expect(response.body == Array("<GetUserResponse/>".utf8))
        #expect(signed.count == 2)
        #expect(sleeper.sleeps == [0.25])
        #expect(try server.served("throttle", using: transport) == 2)
    }

    @Test("a reset connection three times over is the transport error after 3 attempts")
    func resetThreeTimes() throws {
        let server = try TestServer()
        defer { server.stop() }
        // The script is set through another transport: libcurl resends once by itself when a *reused* connection
        // dies before any response byte (a stale keep-alive), and this test counts the client's attempts only.
        let control = try CurlTransport()
        let transport = try CurlTransport()
        try server.setScript("reset", [["action": "reset"]], using: control)
        let sleeper = RecordingSleeper()
        let client = RetryingClient(sleeper: sleeper, random: FixedRandomSource(0.5))
        let request = server.request("GET", "/script/reset")
        let error = #expect(throws: AWSRequestError.self) {
            try client.perform(errors: AWSErrorResponse.query) { _ throws(TransportError) in
                try transport.send(request, timeout: HTTPTimeouts(connect: .seconds(5), total: .seconds(10)))
            }
        }
        #expect(error?.attempts == 3)
        guard case .transport(.connectionClosed(let host, _)) = error?.failure else {
            Issue.record("expected a closed connection, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1:\(server.port)")
        #expect(sleeper.sleeps == [0.5, 1.0])
        #expect(try server.served("reset", using: control) == 3)
    }
}

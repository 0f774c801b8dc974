import AWSCore
import Foundation
import Testing

@Suite("RetryPolicy (standard mode)")
struct RetryPolicyTests {
    let policy = RetryPolicy.standard

    @Test("standard mode's numbers")
    func defaults() {
        #expect(policy.maxAttempts == 3)
        #expect(policy.baseDelay == 1)
        #expect(policy.maxBackoff == 20)
        #expect(policy.clockSkewThreshold == 300)
        #expect(policy.retryCost == 5)
        #expect(policy.timeoutRetryCost == 10)
        #expect(policy.noRetryIncrement == 1)
        #expect(RetryQuota().capacity == 500)
        #expect(RetryQuota().available == 500)
    }

    @Test(
        "full-jitter backoff: random × min(2^(attempt−1), 20) seconds",
        arguments: [
            (1, 0.5, 0.5), (2, 0.5, 1.0), (3, 0.5, 2.0), (4, 0.5, 4.0), (5, 0.5, 8.0), (6, 0.5, 10.0), (7, 0.5, 10.0),
            (1, 0.0, 0.0), (3, 0.25, 1.0), (5, 0.999, 15.984), (10, 0.999, 19.98), (60, 0.75, 15.0), (1000, 0.5, 10.0),
        ])
    func backoff(attempt: Int, random: Double, seconds: Double) {
        #expect(abs(policy.delay(afterAttempt: attempt, random: random) - seconds) < 1e-9)
    }

    @Test("the wait never exceeds 20 s, whatever the attempt or the random number")
    func backoffCap() {
        for attempt in 1...200 {
            for random in [0.0, 0.3, 0.999_999, 1.0, 7.0] {
                let delay = policy.delay(afterAttempt: attempt, random: random)
                #expect(delay >= 0 && delay <= 20)
            }
        }
        #expect(policy.delay(afterAttempt: 9, random: 1.0) == 20)
    }

    @Test(
        "throttling codes, and HTTP 429 whatever the code",
        arguments: [
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
            "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
            "EC2ThrottledException",
        ])
    func throttling(code: String) {
        #expect(policy.classify(AWSErrorResponse(code: code, message: "", status: 400)) == .throttling)
    }

    @Test("HTTP 429 is throttling even with an unknown code")
    func status429() {
        #expect(policy.classify(AWSErrorResponse(code: "Whatever", message: "", status: 429)) == .throttling)
    }

    @Test(
        "transient codes and statuses",
        arguments: [
            ("RequestTimeout", 400), ("RequestTimeoutException", 400), ("PriorRequestNotComplete", 400),
            ("IDPCommunicationError", 400), ("InternalFailure", 500), ("PolicyEvaluation", 500), ("502", 502),
            ("ServiceUnavailable", 503), ("504", 504),
        ])
    func transient(code: String, status: Int) {
        #expect(policy.classify(AWSErrorResponse(code: code, message: "", status: status)) == .transient)
    }

    @Test(
        "clock-skew codes",
        arguments: [
            "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
            "SignatureDoesNotMatch", "AuthFailure",
        ])
    func clockSkew(code: String) {
        #expect(policy.classify(AWSErrorResponse(code: code, message: "", status: 403)) == .clockSkew)
    }

    @Test(
        "errors retrying cannot fix",
        arguments: [
            ("AccessDenied", 403), ("ExpiredToken", 403), ("NoSuchEntity", 404), ("InvalidInput", 400),
            ("MalformedPolicyDocument", 400), ("InvalidClientTokenId", 403), ("ResourceNotFoundException", 400),
            ("501", 501), ("LimitExceeded", 409),
        ])
    func notRetryable(code: String, status: Int) {
        #expect(policy.classify(AWSErrorResponse(code: code, message: "", status: status)) == .notRetryable)
    }

    @Test("transport failures: connection errors and timeouts are retried, TLS and invalid requests are not")
    func transportClassification() {
        let host = "iam.amazonaws.com"
        #expect(policy.classify(TransportError.connectionRefused(host: host)) == .transient)
        #expect(policy.classify(TransportError.hostNotFound(host: host)) == .transient)
        #expect(policy.classify(TransportError.connectionClosed(host: host, detail: "reset")) == .transient)
        #expect(policy.classify(TransportError.connectionFailed(host: host, detail: "no route")) == .transient)
        #expect(policy.classify(TransportError.timedOut(host: host, limit: .seconds(1), connecting: false)) == .timeout)
        #expect(policy.classify(TransportError.tlsFailed(host: host, detail: "bad cert")) == .notRetryable)
        #expect(policy.classify(TransportError.invalidRequest(host: host, reason: "x")) == .notRetryable)
        #expect(policy.classify(TransportError.responseTooLarge(host: host, limit: 1)) == .notRetryable)
        #expect(policy.retryCost(for: .timeout) == 10)
        #expect(policy.retryCost(for: .transient) == 5)
        #expect(policy.retryCost(for: .throttling) == 5)
    }

    @Test("the quota pays out only what it holds and never refills beyond its capacity")
    func quota() {
        let quota = RetryQuota(capacity: 12)
        #expect(quota.acquire(5))
        #expect(quota.acquire(5))
        #expect(!quota.acquire(5))
        #expect(quota.available == 2)
        quota.release(100)
        #expect(quota.available == 12)
    }
}

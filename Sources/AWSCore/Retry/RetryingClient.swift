import Foundation

/// Runs one AWS call with standard-mode retries: classifies each failure with its ``RetryPolicy``, waits with full
/// jitter through its ``Sleeper``, pays for retries from its ``RetryQuota``, and corrects its ``SigningClock`` once
/// per call when AWS rejects a signature and its `Date` header shows the local clock is off.
///
/// Each attempt is signed anew with the time the client hands out, so a retry after a clock correction carries the
/// corrected time:
/// ```swift
/// let response = try client.send(transport, errors: AWSErrorResponse.query) { date in
///     signer.sign(request, credentials: credentials, date: date)
/// }
/// ```
/// Only resend requests that are safe to repeat; Cloud Control writes carry a `ClientToken` for this.
public struct RetryingClient: Sendable {
    /// Which failures are retried and how long to wait.
    public var policy: RetryPolicy
    /// The token bucket retries draw from; share it between calls to the same endpoint.
    public let quota: RetryQuota
    /// The clock whose time each attempt is signed with.
    public let clock: SigningClock
    /// What waits between attempts.
    public var sleeper: any Sleeper
    /// The jitter.
    public var random: any RandomSource
    /// Told about each retry before its wait, for `--verbose` output.
    public var onRetry: (@Sendable (RetryEvent) -> Void)?

    public init(
        policy: RetryPolicy = .standard, quota: RetryQuota = RetryQuota(), clock: SigningClock = SigningClock(),
        sleeper: any Sleeper = ThreadSleeper(), random: any RandomSource = SystemRandomSource(),
        onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.policy = policy
        self.quota = quota
        self.clock = clock
        self.sleeper = sleeper
        self.random = random
        self.onRetry = onRetry
    }

    /// Sends the request `sign` makes for the given signing time through `transport`, retrying as the policy says;
    /// returns the first 2xx response. Non-2xx responses are read with `errors` (``AWSErrorResponse/query(_:)`` or
    /// ``AWSErrorResponse/json(_:)``).
    public func send(
        _ transport: some HTTPTransport, timeout: HTTPTimeouts = .default,
        errors parseError: (HTTPResponse) -> AWSErrorResponse,
        signing sign: (_ signingDate: Date) -> HTTPRequest
    ) throws(AWSRequestError) -> HTTPResponse {
        try perform(errors: parseError) { date throws(TransportError) in
            try transport.send(sign(date), timeout: timeout)
        }
    }

    /// Calls `attempt` with the time to sign with until it returns a 2xx response, which is returned. A non-2xx
    /// response is read with `errors` (``AWSErrorResponse/query(_:)`` or ``AWSErrorResponse/json(_:)``) and, like a
    /// ``TransportError``, retried or thrown as an ``AWSRequestError``.
    public func perform(
        errors parseError: (HTTPResponse) -> AWSErrorResponse,
        _ attempt: (_ signingDate: Date) throws(TransportError) -> HTTPResponse
    ) throws(AWSRequestError) -> HTTPResponse {
        var attemptNumber = 1
        var clockCorrected = false
        var lastRetryCost: Int?
        while true {
            let failure: AWSRequestError.Failure
            var kind: RetryPolicy.FailureKind
            do {
                let response = try attempt(clock.now())
                if response.isSuccess {
                    quota.release(lastRetryCost ?? policy.noRetryIncrement)
                    return response
                }
                let error = parseError(response)
                failure = .service(error)
                kind = policy.classify(error)
                if kind == .clockSkew {
                    kind = .notRetryable
                    if !clockCorrected, correctClock(from: response) {
                        clockCorrected = true
                        kind = .clockSkew
                    }
                }
            } catch {
                failure = .transport(error)
                kind = policy.classify(error)
            }

            guard kind != .notRetryable else {
                throw AWSRequestError(failure: failure, attempts: attemptNumber, stopReason: .notRetryable)
            }
            guard attemptNumber < policy.maxAttempts else {
                throw AWSRequestError(failure: failure, attempts: attemptNumber, stopReason: .attemptsExhausted)
            }
            var delay = 0.0
            if kind != .clockSkew {
                // A clock correction is retried at once and costs no quota: it says nothing about the service's
                // health. Every other retry is paid for and waits.
                let cost = policy.retryCost(for: kind)
                guard quota.acquire(cost) else {
                    throw AWSRequestError(failure: failure, attempts: attemptNumber, stopReason: .retryQuotaExhausted)
                }
                lastRetryCost = cost
                delay = policy.delay(afterAttempt: attemptNumber, random: random.unitInterval())
            }
            onRetry?(
                RetryEvent(
                    failedAttempt: attemptNumber, maxAttempts: policy.maxAttempts, kind: kind, failure: failure,
                    delay: delay, clockOffset: clock.offset))
            if delay > 0 { sleeper.sleep(seconds: delay) }
            attemptNumber += 1
        }
    }

    /// Sets the clock from the response's `Date` when it is further from the signing time than the threshold.
    private func correctClock(from response: HTTPResponse) -> Bool {
        guard let text = response.headerValue(named: "Date"), let serverDate = HTTPDate.parse(text) else {
            return false
        }
        return clock.correct(toServerDate: serverDate, threshold: policy.clockSkewThreshold)
    }
}

/// One retry about to happen: which attempt failed and how, and how long the client waits before the next.
public struct RetryEvent: Sendable, Hashable, CustomStringConvertible {
    /// The attempt that failed, 1 for the first.
    public var failedAttempt: Int
    /// The attempts allowed in all.
    public var maxAttempts: Int
    /// How the failure was classified.
    public var kind: RetryPolicy.FailureKind
    /// The failure.
    public var failure: AWSRequestError.Failure
    /// Seconds before the next attempt.
    public var delay: Double
    /// The signing clock's offset for the next attempt, in seconds.
    public var clockOffset: Double

    public var description: String {
        let cause: String
        switch failure {
        case .service(let error): cause = error.code
        case .transport(let error): cause = error.description
        }
        let next = "attempt \(failedAttempt + 1) of \(maxAttempts)"
        if kind == .clockSkew {
            let direction = clockOffset < 0 ? "ahead of" : "behind"
            let seconds = Int(abs(clockOffset).rounded())
            return "\(cause): local clock is \(seconds) s \(direction) aws; re-signing for \(next) at once"
        }
        let milliseconds = Int((delay * 1000).rounded())
        return "\(cause); \(next) in \(milliseconds) ms"
    }
}

/// AWS's *standard* retry mode as botocore implements it (`botocore/retries/standard.py`): which failures are worth
/// another attempt, how long to wait before it, and what a retry costs from the ``RetryQuota``. A pure value; the
/// ``RetryingClient`` applies it.
public struct RetryPolicy: Sendable, Hashable {
    /// What a failure is, for retrying.
    public enum FailureKind: Sendable, Hashable {
        /// The service asked to slow down (`Throttling`, HTTP 429, …): retried with backoff.
        case throttling
        /// A failure the next attempt may not see (HTTP 500/502/503/504, `RequestTimeout`, a refused or reset
        /// connection): retried with backoff.
        case transient
        /// No response in time: retried with backoff at the higher quota cost.
        case timeout
        /// The signature was rejected in a way a wrong local clock explains (`RequestTimeTooSkewed`, …): retried
        /// once, at once, when the response's `Date` shows the clock is off.
        case clockSkew
        /// Anything else (`AccessDenied`, `NoSuchEntity`, `ExpiredToken`, a TLS failure, …): not retried.
        case notRetryable
    }

    /// Attempts in all, the first one included. Standard mode: 3.
    public var maxAttempts: Int
    /// The backoff base in seconds: the wait before attempt `n + 1` is `random(0, 1) × min(base × 2^(n−1), cap)`.
    public var baseDelay: Double
    /// The backoff cap in seconds: 20.
    public var maxBackoff: Double
    /// How far, in seconds, the server's `Date` must be from the local clock for a skew correction: 300 (5 min).
    public var clockSkewThreshold: Double
    /// Quota tokens a retry costs: 5.
    public var retryCost: Int
    /// Quota tokens a retry after a timeout costs: 10.
    public var timeoutRetryCost: Int
    /// Quota tokens a success that needed no retry returns: 1.
    public var noRetryIncrement: Int

    public init(
        maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20, clockSkewThreshold: Double = 300,
        retryCost: Int = 5, timeoutRetryCost: Int = 10, noRetryIncrement: Int = 1
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.clockSkewThreshold = clockSkewThreshold
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
    }

    /// Standard mode with its defaults.
    public static let standard = RetryPolicy()

    /// Error codes that mean "slow down", from botocore's standard mode.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "EC2ThrottledException",
    ]

    /// Error codes that are transient whatever the status, plus the one error the IAM, STS and Cloud Control models
    /// mark retryable (`IDPCommunicationError`, STS).
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError",
    ]

    /// HTTP statuses that are transient whatever the code.
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Error codes a wrong local clock can cause (aws-sdk-js-v3's `CLOCK_SKEW_ERROR_CODES`).
    public static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        "SignatureDoesNotMatch", "AuthFailure",
    ]

    /// The kind of an error response. Throttling wins over transient, transient over clock skew.
    public func classify(_ error: AWSErrorResponse) -> FailureKind {
        if Self.throttlingCodes.contains(error.code) || error.status == 429 { return .throttling }
        if Self.transientCodes.contains(error.code) || Self.transientStatuses.contains(error.status) {
            return .transient
        }
        if Self.clockSkewCodes.contains(error.code) { return .clockSkew }
        return .notRetryable
    }

    /// The kind of a transport failure: timeouts and connection errors are retried, the rest are not.
    public func classify(_ error: TransportError) -> FailureKind {
        if error.isTimeout { return .timeout }
        if error.isConnectionError { return .transient }
        return .notRetryable
    }

    /// Seconds to wait after attempt `attempt` (1 for the first) failed, given `random` in `[0, 1)`: full jitter,
    /// `random × min(base × 2^(attempt−1), cap)`.
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 62)))
        let ceiling = min(baseDelay * Double.pow2(exponent), maxBackoff)
        return min(max(random, 0), 1) * ceiling
    }

    /// Quota tokens a retry after a failure of this kind costs.
    public func retryCost(for kind: FailureKind) -> Int {
        kind == .timeout ? timeoutRetryCost : retryCost
    }
}

extension Double {
    /// 2 raised to `exponent`, exactly for whole exponents.
    fileprivate static func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}

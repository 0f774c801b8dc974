/// The failure a ``RetryingClient`` reports once it stops: the last attempt's error, how many attempts were made,
/// and why it stopped there.
public struct AWSRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the last attempt ran into.
    public enum Failure: Sendable, Hashable {
        /// AWS answered with an error.
        case service(AWSErrorResponse)
        /// No complete response arrived.
        case transport(TransportError)
    }

    /// Why the client gave up.
    public enum StopReason: Sendable, Hashable {
        /// The error is not one that retrying fixes.
        case notRetryable
        /// Every allowed attempt was made.
        case attemptsExhausted
        /// The retry quota had no tokens left for another attempt.
        case retryQuotaExhausted
    }

    /// The last attempt's error.
    public var failure: Failure
    /// Attempts made, the first included.
    public var attempts: Int
    /// Why no further attempt was made.
    public var stopReason: StopReason

    public init(failure: Failure, attempts: Int, stopReason: StopReason) {
        self.failure = failure
        self.attempts = attempts
        self.stopReason = stopReason
    }

    /// The service error, when AWS answered.
    public var serviceError: AWSErrorResponse? {
        if case .service(let error) = failure { return error }
        return nil
    }

    public var description: String {
        let cause: String
        switch failure {
        case .service(let error): cause = error.description
        case .transport(let error): cause = error.description
        }
        let count = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        switch stopReason {
        case .notRetryable where attempts == 1:
            return cause
        case .notRetryable, .attemptsExhausted:
            return "\(cause) (after \(count))"
        case .retryQuotaExhausted:
            return "\(cause) (after \(count); retry quota exhausted)"
        }
    }
}

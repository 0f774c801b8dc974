import Foundation

/// The retry token bucket of standard mode: retries draw tokens, successes put some back, and when the bucket
/// cannot pay for a retry the client stops retrying. It keeps a struggling service from being hammered by every
/// request's retries at once. Share one bucket per endpoint across calls.
public final class RetryQuota: @unchecked Sendable {
    // @unchecked: `tokens` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var tokens: Int
    /// The most tokens the bucket holds: 500 in standard mode.
    public let capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.tokens = capacity
    }

    /// The tokens left.
    public var available: Int {
        lock.withLock { tokens }
    }

    /// Takes `cost` tokens when the bucket has that many, and says whether it did.
    public func acquire(_ cost: Int) -> Bool {
        lock.withLock {
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    /// Puts `amount` tokens back, never beyond the capacity.
    public func release(_ amount: Int) {
        lock.withLock { tokens = min(capacity, tokens + amount) }
    }
}

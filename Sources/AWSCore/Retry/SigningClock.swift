import Foundation

/// The time requests are signed with: the local clock plus an offset that the ``RetryingClient`` sets when AWS's
/// `Date` header shows the local clock is wrong (a VM resumed from sleep, a container without NTP). Share one per
/// process so a correction learned on one call serves the next.
public final class SigningClock: @unchecked Sendable {
    // @unchecked: `storedOffset` is only read or written while `lock` is held; `source` is immutable.
    private let lock = NSLock()
    private var storedOffset: TimeInterval
    private let source: @Sendable () -> Date

    /// A clock reading `source` (the system clock by default), shifted by `offset` seconds.
    public init(offset: TimeInterval = 0, source: @escaping @Sendable () -> Date = { Date() }) {
        self.storedOffset = offset
        self.source = source
    }

    /// Seconds added to the local clock: the server's time minus the local time when they last disagreed.
    public var offset: TimeInterval {
        lock.withLock { storedOffset }
    }

    /// The time to sign with: the local time plus the offset.
    public func now() -> Date {
        let offset = self.offset
        return source().addingTimeInterval(offset)
    }

    /// Adopts `serverDate` as the truth when the corrected local time is more than `threshold` seconds away from
    /// it; says whether it did.
    public func correct(toServerDate serverDate: Date, threshold: TimeInterval) -> Bool {
        lock.withLock {
            let local = source()
            let corrected = local.addingTimeInterval(storedOffset)
            guard abs(serverDate.timeIntervalSince(corrected)) > threshold else { return false }
            storedOffset = serverDate.timeIntervalSince(local)
            return true
        }
    }
}

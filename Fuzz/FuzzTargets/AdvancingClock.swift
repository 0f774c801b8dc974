import AWSCore
import Foundation

/// A sleeper that does not sleep but moves a clock on, so that retries and waiters take no real time and still reach
/// their deadlines.
final class AdvancingClock: Sleeper, @unchecked Sendable {
    // @unchecked: `current` is only touched while `lock` is held.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)

    var now: Date { lock.withLock { current } }

    func sleep(seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

import AWSCore
import Foundation

/// A clock that only moves when something sleeps on it: the sleeper and the clock of a waiter under test, so a wait of
/// hours takes no time and every wait is recorded.
final class SimulatedTime: Sleeper, @unchecked Sendable {
    // @unchecked: `current` and `recorded` are only touched while `lock` is held.
    private let lock = NSLock()
    private var current: Date
    private var recorded: [Double] = []

    init(start: Date = Date(timeIntervalSince1970: 1_714_554_753)) {
        current = start
    }

    /// The simulated time now.
    func now() -> Date {
        lock.withLock { current }
    }

    /// The waits asked for, in order, in seconds.
    var sleeps: [Double] {
        lock.withLock { recorded }
    }

    /// Seconds slept in all.
    var elapsed: Double { sleeps.reduce(0, +) }

    func sleep(seconds: Double) {
        lock.withLock {
            recorded.append(seconds)
            current = current.addingTimeInterval(max(seconds, 0))
        }
    }
}

import Foundation

/// Waits between retries. Injected so tests run without waiting and can check every wait.
public protocol Sleeper: Sendable {
    /// Blocks the calling thread for `seconds`.
    func sleep(seconds: Double)
}

/// The real sleeper: blocks the thread.
public struct ThreadSleeper: Sleeper {
    public init() {}

    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}

/// A sleeper that does not wait and remembers every wait it was asked for; for tests and for counting backoff.
public final class RecordingSleeper: Sleeper, @unchecked Sendable {
    // @unchecked: `recorded` is only touched while `lock` is held.
    private let lock = NSLock()
    private var recorded: [Double] = []

    public init() {}

    /// The waits asked for, in order, in seconds.
    public var sleeps: [Double] {
        lock.withLock { recorded }
    }

    public func sleep(seconds: Double) {
        lock.withLock { recorded.append(seconds) }
    }
}

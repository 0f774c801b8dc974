import Dispatch
import Foundation

/// Work spread over the machine's cores with results in input order: each thread takes the next few items until
/// none is left, and writes each result into that item's own slot.
enum Parallel {
    /// `transform` applied to every element of `items` on `threads` threads (default: one per active core);
    /// `progress` is told (done, total) after each few items, one call at a time.
    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil,
        _ transform: @Sendable (Item) -> Result
    ) -> [Result] {
        let count = items.count
        guard count > 0 else { return [] }
        let slots = Slots<Result>(count: count)
        let state = Cursor()
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let batch = max(1, min(16, count / (workers * 8)))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let start = state.take(batch)
                guard start < count else { return }
                let end = min(start + batch, count)
                for index in start..<end {
                    slots.set(index, transform(items[index]))
                }
                state.finished(end - start, total: count, progress: progress)
            }
        }
        return slots.values()
    }

    /// The next index to hand out, and how many are done.
    private final class Cursor: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var done = 0

        func take(_ count: Int) -> Int {
            lock.withLock {
                let start = next
                next += count
                return start
            }
        }

        func finished(_ count: Int, total: Int, progress: (@Sendable (Int, Int) -> Void)?) {
            lock.withLock {
                done += count
                progress?(done, total)
            }
        }
    }

    /// One slot per item, each written once by one thread, read after every thread is done.
    private final class Slots<Value>: @unchecked Sendable {
        private let storage: UnsafeMutablePointer<Value?>
        private let count: Int

        init(count: Int) {
            self.count = count
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil, count: count)
        }

        deinit {
            storage.deinitialize(count: count)
            storage.deallocate()
        }

        func set(_ index: Int, _ value: Value) {
            storage[index] = value
        }

        func values() -> [Value] {
            (0..<count).compactMap { storage[$0] }
        }
    }
}

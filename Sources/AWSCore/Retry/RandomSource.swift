/// The jitter of the backoff. Injected so tests know each wait exactly.
public protocol RandomSource: Sendable {
    /// A number in `[0, 1)`.
    func unitInterval() -> Double
}

/// The system's random number generator.
public struct SystemRandomSource: RandomSource {
    public init() {}

    public func unitInterval() -> Double {
        Double.random(in: 0..<1)
    }
}

/// Always the same number; for tests.
public struct FixedRandomSource: RandomSource {
    /// The number returned, in `[0, 1)`.
    public let value: Double

    public init(_ value: Double) {
        self.value = value
    }

    public func unitInterval() -> Double {
        value
    }
}

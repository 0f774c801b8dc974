/// A value with its hash computed once, when it is made: a table shared between threads looks it up by that number
/// inside its lock, instead of hashing the whole value there (hashing a template, a decision or a list of policy names
/// inside one shared lock kept the other threads of an audit waiting).
public struct Prehashed<Value: Hashable & Sendable>: Hashable, Sendable {
    public let value: Value
    /// `value.hashValue`.
    public let hash: Int

    public init(_ value: Value) {
        self.init(value, hash: value.hashValue)
    }

    /// `value` with the hash of an equal value computed before.
    public init(_ value: Value, hash: Int) {
        self.value = value
        self.hash = hash
    }

    public static func == (lhs: Prehashed, rhs: Prehashed) -> Bool {
        lhs.hash == rhs.hash && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// Which of `count` shards the value belongs to.
    public func shard(of count: Int) -> Int {
        Int(UInt(bitPattern: hash) % UInt(count))
    }
}

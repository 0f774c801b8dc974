/// Where a glob's bytes are in some buffer and where its wildcards are: plain values, so that globs can be kept in
/// flat arrays beside one shared byte buffer (IAMPolicy's `ARNPattern` parts, its evaluation plan) and matched
/// without touching anything reference-counted. The matching is `@inlinable`: the evaluation plan's hot loop
/// inlines it across the module boundary.
public struct Glob: Sendable, Hashable {
    /// What a glob's wildcards allow, for the one-comparison fast paths.
    public enum Shape: UInt8, Sendable, Hashable {
        /// Only `*` characters: matches everything.
        case anything
        /// No wildcard at all.
        case literal
        /// A literal prefix followed by a single trailing `*`.
        case prefix
        /// Anything else.
        case general
    }

    /// The offset of the pattern's first byte in its buffer, and its length.
    public let start: Int
    public let count: Int
    public let shape: Shape
    /// Bytes before the first wildcard; any subject must start with them.
    public let literalPrefixCount: Int
    /// Bytes after the last wildcard (`.general` patterns); any subject must end with them.
    public let literalSuffixCount: Int
    /// Bytes that are not `*`: any subject has at least as many bytes (a literal byte matches itself, `?` a
    /// scalar of one byte or more).
    public let minimumSubjectCount: Int

    /// Describes the glob `pattern`, whose bytes start at `start` in their buffer.
    public init(start: Int, pattern: UnsafeBufferPointer<UInt8>) {
        self.start = start
        count = pattern.count
        var firstWildcard: Int?
        var lastWildcard = -1
        var stars = 0
        for index in pattern.indices {
            let byte = pattern[index]
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") {
                if firstWildcard == nil { firstWildcard = index }
                lastWildcard = index
            }
            if byte == UInt8(ascii: "*") { stars += 1 }
        }
        let allStars = stars == pattern.count
        literalPrefixCount = firstWildcard ?? pattern.count
        literalSuffixCount = firstWildcard == nil ? 0 : pattern.count - 1 - lastWildcard
        minimumSubjectCount = pattern.count - stars
        if !pattern.isEmpty && allStars {
            shape = .anything
        } else if firstWildcard == nil {
            shape = .literal
        } else if firstWildcard == pattern.count - 1 && pattern[pattern.count - 1] == UInt8(ascii: "*") {
            shape = .prefix
        } else {
            shape = .general
        }
    }

    @usableFromInline
    init(
        start: Int, count: Int, shape: Shape, literalPrefixCount: Int, literalSuffixCount: Int,
        minimumSubjectCount: Int
    ) {
        self.start = start
        self.count = count
        self.shape = shape
        self.literalPrefixCount = literalPrefixCount
        self.literalSuffixCount = literalSuffixCount
        self.minimumSubjectCount = minimumSubjectCount
    }

    /// The same glob for its bytes moved `offset` further into their buffer.
    public func moved(by offset: Int) -> Glob {
        Glob(
            start: start + offset, count: count, shape: shape, literalPrefixCount: literalPrefixCount,
            literalSuffixCount: literalSuffixCount, minimumSubjectCount: minimumSubjectCount)
    }

    /// Whether the pattern's last byte is `*`.
    @inlinable @inline(__always)
    public func endsWithStar(in storage: UnsafeBufferPointer<UInt8>) -> Bool {
        count > 0 && storage[start + count - 1] == UInt8(ascii: "*")
    }

    /// Whether `subject` matches the whole pattern, whose bytes are in `storage`. Every shape but `.general` is its
    /// literal prefix — all of a `.literal` pattern, none of `.anything` — then nothing (`.literal`) or anything, so
    /// those are one length check and one comparison, without a branch per shape.
    @inlinable @inline(__always)
    public func matches(in storage: UnsafeBufferPointer<UInt8>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        if shape == .general {
            return subject.count >= minimumSubjectCount && matchesGenerally(in: storage, subject)
        }
        guard shape == .literal ? subject.count == literalPrefixCount : subject.count >= literalPrefixCount else {
            return false
        }
        return Self.equal(storage, start, subject, count: literalPrefixCount)
    }

    /// `matches` for a `.general` glob and a subject at least `minimumSubjectCount` long.
    @inlinable
    func matchesGenerally(in storage: UnsafeBufferPointer<UInt8>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        // The text before the first wildcard must start the subject and the text after the last one end it, byte
        // for byte: cheap ways to reject most subjects before the glob runs on the rest.
        var index = 0
        let patternTail = start + count - literalSuffixCount
        let subjectTail = subject.count - literalSuffixCount
        while index < literalSuffixCount {
            if storage[patternTail + index] != subject[subjectTail + index] { return false }
            index += 1
        }
        guard Self.equal(storage, start, subject, count: literalPrefixCount) else { return false }
        return Self.globMatch(
            pattern: UnsafeBufferPointer(rebasing: storage[(start + literalPrefixCount)..<(start + count)]),
            UnsafeBufferPointer(rebasing: subject[literalPrefixCount...]))
    }

    /// Whether `count` bytes of `storage` from `start` equal the first `count` bytes of `subject`, eight at a time
    /// (the last eight overlapping the ones before when `count` is not a multiple of eight).
    @inlinable @inline(__always)
    public static func equal(
        _ storage: UnsafeBufferPointer<UInt8>, _ start: Int, _ subject: UnsafeBufferPointer<UInt8>, count: Int
    ) -> Bool {
        guard count > 0 else { return true }
        guard let storageBase = storage.baseAddress, let subjectBase = subject.baseAddress else { return false }
        let a = UnsafeRawPointer(storageBase + start)
        let b = UnsafeRawPointer(subjectBase)
        if count < 8 {
            var index = 0
            while index < count {
                if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) {
                    return false
                }
                index += 1
            }
            return true
        }
        var index = 0
        while index + 8 < count {
            if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            {
                return false
            }
            index += 8
        }
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    /// The classic linear-time glob with one backtrack point: on a mismatch, retry from the last `*`, consuming
    /// one more subject scalar.
    @inlinable
    static func globMatch(pattern: UnsafeBufferPointer<UInt8>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var s = 0
        var starP = -1
        var starS = 0
        while s < subject.count {
            if p < pattern.count {
                let c = pattern[p]
                if c == UInt8(ascii: "*") {
                    starP = p
                    starS = s
                    p += 1
                    continue
                }
                if c == UInt8(ascii: "?") {
                    s = nextScalar(subject, after: s)
                    p += 1
                    continue
                }
                if c == subject[s] {
                    p += 1
                    s += 1
                    continue
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starS = nextScalar(subject, after: starS)
            s = starS
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") {
            p += 1
        }
        return p == pattern.count
    }

    /// The index after the UTF-8 scalar that starts at `index`.
    @inlinable @inline(__always)
    static func nextScalar(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        var next = index + 1
        while next < bytes.count && bytes[next] & 0xC0 == 0x80 {
            next += 1
        }
        return next
    }
}

/// A glob compiled once from a policy string: `*` matches any run of characters (including none), `?` exactly one
/// Unicode scalar; everything else is literal. Matching works on UTF-8 bytes and builds nothing per request.
public struct WildcardPattern: Sendable, Hashable {
    enum Shape: Sendable, Hashable {
        /// Only `*` characters: matches everything.
        case anything
        /// No wildcard at all.
        case literal
        /// A literal prefix followed by a single trailing `*`.
        case prefix
        /// Anything else.
        case general
    }

    /// The pattern text (already case-folded when the pattern is case-insensitive).
    public let text: String
    let bytes: [UInt8]
    let shape: Shape
    /// Bytes before the first wildcard; any subject must start with them.
    let literalPrefixCount: Int
    /// Bytes after the last wildcard (`.general` patterns); any subject must end with them.
    let literalSuffixCount: Int
    public let caseInsensitive: Bool
    /// The pattern holds escaped literal `*`/`?` (from policy variables); subjects are escaped alike before matching.
    let hasEscapes: Bool

    /// Compiles `text`. With `caseInsensitive`, ASCII letters are folded on both sides.
    public init(_ text: String, caseInsensitive: Bool = false) {
        let folded = caseInsensitive ? text.lowercased() : text
        self.text = folded
        self.caseInsensitive = caseInsensitive
        let bytes = Array(folded.utf8)
        self.bytes = bytes
        hasEscapes = containsEscapes(folded)
        let firstWildcard = bytes.firstIndex { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
        literalPrefixCount = firstWildcard ?? bytes.count
        let lastWildcard = bytes.lastIndex { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
        literalSuffixCount = lastWildcard.map { bytes.count - 1 - $0 } ?? 0
        if !bytes.isEmpty && bytes.allSatisfy({ $0 == UInt8(ascii: "*") }) {
            shape = .anything
        } else if firstWildcard == nil {
            shape = .literal
        } else if firstWildcard == bytes.count - 1 && bytes.last == UInt8(ascii: "*") {
            shape = .prefix
        } else {
            shape = .general
        }
    }

    /// True when the pattern has `*` or `?`.
    public var hasWildcards: Bool { shape != .literal }

    /// Whether `subject` matches the whole pattern.
    public func matches(_ subject: String) -> Bool {
        if caseInsensitive {
            return matchesFolded(subject.lowercased())
        }
        return matchesFolded(subject)
    }

    /// Matches a subject that the caller has already case-folded when the pattern is case-insensitive.
    @inline(__always)
    public func matchesFolded(_ subject: String) -> Bool {
        var subject = hasEscapes ? escapeWildcards(subject) : subject
        return subject.withUTF8 { matches(utf8: $0) }
    }

    /// Matches UTF-8 bytes (already case-folded when the pattern is case-insensitive).
    @inline(__always)
    public func matches(utf8 subject: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .anything:
            return true
        case .literal:
            return subject.count == bytes.count
                && bytes.withUnsafeBufferPointer { Self.equal($0, subject, count: $0.count) }
        case .prefix:
            return subject.count >= literalPrefixCount
                && bytes.withUnsafeBufferPointer { Self.equal($0, subject, count: literalPrefixCount) }
        case .general:
            guard subject.count >= literalPrefixCount + literalSuffixCount else { return false }
            return bytes.withUnsafeBufferPointer { pattern in
                // The text after the last wildcard must end the subject, byte for byte: a cheap way to reject
                // most subjects before the glob runs.
                var index = 0
                let patternTail = pattern.count - literalSuffixCount
                let subjectTail = subject.count - literalSuffixCount
                while index < literalSuffixCount {
                    if pattern[patternTail + index] != subject[subjectTail + index] { return false }
                    index += 1
                }
                return Self.globMatch(pattern: pattern, subject: subject)
            }
        }
    }

    /// Whether the first `count` bytes of `a` and `b` are equal, eight at a time.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        guard let aBase = a.baseAddress, let bBase = b.baseAddress else { return count == 0 }
        let aRaw = UnsafeRawPointer(aBase)
        let bRaw = UnsafeRawPointer(bBase)
        var index = 0
        while index + 8 <= count {
            if aRaw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != bRaw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            {
                return false
            }
            index += 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    /// The classic linear-time glob with one backtrack point: on a mismatch, retry from the last `*`, consuming
    /// one more subject scalar.
    static func globMatch(pattern: UnsafeBufferPointer<UInt8>, subject: UnsafeBufferPointer<UInt8>) -> Bool {
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
    @inline(__always)
    static func nextScalar(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        var next = index + 1
        while next < bytes.count && bytes[next] & 0xC0 == 0x80 {
            next += 1
        }
        return next
    }
}

/// IAM's wildcard matcher: a glob compiled once from its text, where `*` matches any run of characters (including
/// none), `?` exactly one Unicode scalar, and everything else, escaped `*` and `?` included
/// (``escapeWildcards(_:)``), only itself. Policies (actions, resources, `StringLike`) and the service reference
/// (action patterns, templated condition keys) match with it. Matching works on UTF-8 bytes and builds nothing per
/// subject.
public struct WildcardPattern: Sendable, Hashable {
    /// The pattern's UTF-8 bytes, already case-folded when the pattern is case-insensitive.
    public let bytes: [UInt8]
    /// Where the wildcards are in `bytes`.
    public let glob: Glob
    public let caseInsensitive: Bool
    /// The pattern holds escaped literal `*`/`?` (from policy variables); subjects are escaped alike before matching.
    public let hasEscapes: Bool

    /// The pattern text (already case-folded when the pattern is case-insensitive).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Compiles `text`. With `caseInsensitive`, letters are folded on both sides.
    public init(_ text: String, caseInsensitive: Bool = false) {
        var source = text
        if let pattern = source.withUTF8({
            isASCIIBytes($0) ? WildcardPattern(ascii: $0, caseInsensitive: caseInsensitive) : nil
        }) {
            self = pattern
            return
        }
        let foldedText = caseInsensitive ? text.lowercased() : text
        bytes = Array(foldedText.utf8)
        hasEscapes = containsEscapes(foldedText)
        self.caseInsensitive = caseInsensitive
        glob = bytes.withUnsafeBufferPointer { Glob(start: 0, pattern: $0) }
    }

    /// Compiles text known to be ASCII, given as its bytes: lowercasing ASCII text folds exactly A–Z, and the
    /// stand-ins for escaped wildcards are not ASCII.
    public init(ascii text: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool) {
        bytes = Array(unsafeUninitializedCapacity: text.count) { buffer, count in
            for index in text.indices {
                buffer[index] = caseInsensitive ? asciiLowercased(text[index]) : text[index]
            }
            count = text.count
        }
        hasEscapes = false
        self.caseInsensitive = caseInsensitive
        glob = bytes.withUnsafeBufferPointer { Glob(start: 0, pattern: $0) }
    }

    /// True when the pattern has `*` or `?`.
    public var hasWildcards: Bool { glob.shape != .literal }

    /// Whether `subject` matches the whole pattern.
    public func matches(_ subject: String) -> Bool {
        if caseInsensitive {
            return matchesFolded(subject.lowercased())
        }
        return matchesFolded(subject)
    }

    /// Matches a subject that the caller has already case-folded when the pattern is case-insensitive.
    @inlinable @inline(__always)
    public func matchesFolded(_ subject: String) -> Bool {
        var subject = hasEscapes ? escapeWildcards(subject) : subject
        return subject.withUTF8 { matches(utf8: $0) }
    }

    /// Matches UTF-8 bytes (already case-folded when the pattern is case-insensitive).
    @inlinable @inline(__always)
    public func matches(utf8 subject: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { glob.matches(in: $0, subject) }
    }
}

/// Splits an ARN into its six colon-separated parts: `arn`, partition, service, region, account and the resource
/// (which keeps any further colons). Returns fewer parts when the text has fewer than five colons.
func splitARN(_ text: Substring) -> [Substring] {
    var parts: [Substring] = []
    parts.reserveCapacity(6)
    if text.isASCIIText {
        // Every byte is a character boundary next to a colon, so splitting the UTF-8 view gives the same parts.
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex && parts.count < 5 {
            if utf8[index] == UInt8(ascii: ":") {
                parts.append(text[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }
    var start = text.startIndex
    var index = text.startIndex
    while index < text.endIndex && parts.count < 5 {
        if text[index] == ":" {
            parts.append(text[start..<index])
            start = text.index(after: index)
        }
        index = text.index(after: index)
    }
    parts.append(text[start...])
    return parts
}

/// A resource pattern from a `Resource`, `NotResource` or `Arn*` condition, compiled for matching ARNs part by part
/// (`reference_policies_elements_resource.md`: wildcards work within each colon-separated part; resource ARNs are
/// case-sensitive).
public struct ARNPattern: Sendable, Hashable {
    /// The text as written in the policy.
    public let text: String
    let parts: [WildcardPattern]
    /// `*` alone (or only stars): matches every resource, including the `*` of actions without resource types.
    public let matchesEverything: Bool
    /// Whether a part ending in `*` may also consume the colons of the parts after it (the current AWS text:
    /// "a trailing `*` in a segment can expand across colons"). Off for `ArnLike`, which the operator page defines
    /// as six separately matched components.
    let trailingStarSpansColons: Bool
    let hasEscapes: Bool
    /// True when the pattern has no wildcard, so matching is a plain comparison.
    let isLiteral: Bool
    /// The text is ASCII, so ASCII resources can be matched on their bytes without splitting them into strings.
    let isASCII: Bool
    /// For an ASCII pattern that matches exactly the resources equal to it (`isLiteral`), or exactly those that
    /// start with a literal prefix (see `literalPrefixShape`), those bytes: matching is one comparison. `nil`
    /// otherwise.
    let literalBytes: [UInt8]?
    /// Whether `literalBytes` is a prefix (the pattern ends in a wildcard that takes the rest) rather than the
    /// whole text.
    let literalBytesArePrefix: Bool

    /// A placeholder that is never matched (the storage of resource entries that hold a template).
    static let nothing = ARNPattern("")

    /// Compiles a pattern.
    public init(_ text: String, trailingStarSpansColons: Bool = true) {
        self.text = text
        self.trailingStarSpansColons = trailingStarSpansColons
        isASCII = text.isASCIIText
        hasEscapes = containsEscapes(text)
        if isASCII {
            var copy = text
            matchesEverything = copy.withUTF8 { !$0.isEmpty && $0.allSatisfy { $0 == UInt8(ascii: "*") } }
        } else {
            matchesEverything = !text.isEmpty && text.allSatisfy { $0 == "*" }
        }
        let parts = splitARN(Substring(text)).map { WildcardPattern(String($0)) }
        self.parts = parts
        isLiteral = !matchesEverything && parts.allSatisfy { !$0.hasWildcards }
        if isASCII && !hasEscapes && !matchesEverything, let prefix = Self.literalPrefixShape(parts, isLiteral) {
            literalBytes = Array(text.utf8.prefix(prefix.count))
            literalBytesArePrefix = prefix.isPrefix
        } else {
            literalBytes = nil
            literalBytesArePrefix = false
        }
    }

    /// The shapes of ASCII pattern that match on one comparison, with the number of leading bytes to compare:
    ///
    /// - a literal pattern matches exactly the resource with the same bytes (every part equal, the same number of
    ///   parts);
    /// - a pattern of six parts whose first five are literal and whose last is a literal prefix then only `*`s
    ///   (`arn:aws:s3:::bucket/*`) matches exactly the resources that start with its bytes up to that star: those
    ///   bytes hold five colons, so equal bytes put the resource's first five colons in the same places, making its
    ///   first five parts equal to the pattern's and its last part (the rest, colons included) start with the
    ///   literal prefix, which the trailing star completes; a star in the last part spans nothing after it.
    ///
    /// `nil` for other shapes (they are matched part by part).
    private static func literalPrefixShape(
        _ parts: [WildcardPattern], _ isLiteral: Bool
    ) -> (count: Int, isPrefix: Bool)? {
        let textCount = parts.reduce(parts.count - 1) { $0 + $1.bytes.count }
        if isLiteral { return (textCount, false) }
        guard parts.count == 6, let last = parts.last, parts.dropLast().allSatisfy({ $0.shape == .literal }) else {
            return nil
        }
        switch last.shape {
        case .prefix, .anything:
            return (textCount - last.bytes.count + last.literalPrefixCount, true)
        case .literal, .general:
            return nil
        }
    }

    /// Whether `resource` (an ARN, or `*` for actions without resource-level permissions) matches.
    public func matches(_ resource: String) -> Bool {
        if isASCII, let layout = ARNLayout(resource) {
            var subject = resource
            if let matched = subject.withUTF8({ matches(asciiResource: $0, layout: layout) }) {
                return matched
            }
        }
        if matchesEverything { return true }
        if resource == "*" { return false }
        let resource = hasEscapes ? escapeWildcards(resource) : resource
        if isLiteral { return resource == text }
        let subject = splitARN(Substring(resource))
        return match(patternIndex: 0, subject: subject, subjectIndex: 0)
    }

    /// `matches` for an ASCII resource given as bytes with its layout; `nil` when the pattern is not ASCII (then
    /// use `matches(_:)`). ASCII on both sides means no escaped wildcards, and parts and joined parts that are byte
    /// ranges between colons, so the parts are matched in place; a literal pattern matches exactly when every part
    /// is equal, which is when the texts are.
    @inline(__always)
    func matches(asciiResource resource: UnsafeBufferPointer<UInt8>, layout: ARNLayout) -> Bool? {
        if matchesEverything { return true }
        guard isASCII else { return nil }
        if layout.isStar { return false }
        if let literalBytes {
            let count = literalBytes.count
            guard literalBytesArePrefix ? resource.count >= count : resource.count == count else { return false }
            return literalBytes.withUnsafeBufferPointer { WildcardPattern.equal($0, resource, count: count) }
        }
        return parts.withUnsafeBufferPointer { parts in
            Self.match(parts, spans: trailingStarSpansColons, from: 0, in: resource, layout: layout, from: 0)
        }
    }

    /// The part-by-part match of `match(patternIndex:subject:subjectIndex:)` on the bytes of an ASCII resource.
    private static func match(
        _ parts: UnsafeBufferPointer<WildcardPattern>, spans trailingStarSpansColons: Bool, from patternIndex: Int,
        in resource: UnsafeBufferPointer<UInt8>, layout: ARNLayout, from subjectIndex: Int
    ) -> Bool {
        if patternIndex == parts.count {
            return subjectIndex == layout.partCount
        }
        guard subjectIndex < layout.partCount else { return false }
        let isLastPattern = patternIndex == parts.count - 1
        let spans = trailingStarSpansColons && parts[patternIndex].bytes.last == UInt8(ascii: "*")
        let start = layout.start(ofPart: subjectIndex)
        // The part on its own.
        if parts[patternIndex].matches(
            utf8: UnsafeBufferPointer(rebasing: resource[start..<layout.end(ofPart: subjectIndex)]))
            && match(
                parts, spans: trailingStarSpansColons, from: patternIndex + 1, in: resource, layout: layout,
                from: subjectIndex + 1)
        {
            return true
        }
        guard spans || (isLastPattern && parts[patternIndex].shape == .anything) else { return false }
        // A trailing star: let it consume the following parts, colons included.
        var end = subjectIndex + 1
        while end < layout.partCount {
            end += 1
            let joined = UnsafeBufferPointer(rebasing: resource[start..<layout.end(ofPart: end - 1)])
            if parts[patternIndex].matches(utf8: joined)
                && match(
                    parts, spans: trailingStarSpansColons, from: patternIndex + 1, in: resource, layout: layout,
                    from: end)
            {
                return true
            }
        }
        return false
    }

    private func match(patternIndex: Int, subject: [Substring], subjectIndex: Int) -> Bool {
        if patternIndex == parts.count {
            return subjectIndex == subject.count
        }
        guard subjectIndex < subject.count else { return false }
        let part = parts[patternIndex]
        let isLastPattern = patternIndex == parts.count - 1
        let spans = trailingStarSpansColons && part.bytes.last == UInt8(ascii: "*")
        // The part on its own.
        if part.matchesFolded(String(subject[subjectIndex])) {
            if match(patternIndex: patternIndex + 1, subject: subject, subjectIndex: subjectIndex + 1) {
                return true
            }
        }
        guard spans || (isLastPattern && part.shape == .anything) else { return false }
        // A trailing star: let it consume the following parts, colons included.
        var joined = String(subject[subjectIndex])
        var end = subjectIndex + 1
        while end < subject.count {
            joined += ":" + subject[end]
            end += 1
            if part.matchesFolded(joined)
                && match(patternIndex: patternIndex + 1, subject: subject, subjectIndex: end)
            {
                return true
            }
        }
        return false
    }
}

/// Where the parts of an ASCII ARN are: the offsets of its first five colons. Computed once per request, so that
/// every resource pattern can match the parts in place.
struct ARNLayout: Sendable, Hashable {
    /// The colons that separate the parts, in order (the first `partCount - 1` lanes are used).
    let colons: SIMD8<Int32>
    /// How many parts the text has: one more than its colons, at most six.
    let partCount: Int
    let byteCount: Int
    /// The text is `*`.
    let isStar: Bool

    /// The layout of `text`; `nil` when it is not ASCII (or absurdly long).
    init?(_ text: String) {
        var copy = text
        guard
            let found = copy.withUTF8({ bytes -> (colons: SIMD8<Int32>, count: Int)? in
                guard bytes.count < Int32.max, isASCIIBytes(bytes) else { return nil }
                var colons = SIMD8<Int32>()
                var count = 0
                for index in bytes.indices where bytes[index] == UInt8(ascii: ":") {
                    colons[count] = Int32(index)
                    count += 1
                    if count == 5 { break }
                }
                return (colons, count)
            })
        else { return nil }
        colons = found.colons
        partCount = found.count + 1
        byteCount = text.utf8.count
        isStar = text == "*"
    }

    @inline(__always)
    func start(ofPart part: Int) -> Int {
        part == 0 ? 0 : Int(colons[part - 1]) + 1
    }

    @inline(__always)
    func end(ofPart part: Int) -> Int {
        part == partCount - 1 ? byteCount : Int(colons[part])
    }
}

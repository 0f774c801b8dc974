import Wildcard

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
    /// The text's UTF-8 bytes, which `parts` describe (empty unless the text is ASCII).
    let bytes: [UInt8]
    /// The colon-separated parts of an ASCII pattern as globs over `bytes` (empty for other patterns, which are
    /// split by character when matched).
    let parts: [Glob]
    /// How to match the parts; plain values, like `parts`, so that the evaluation plan can copy them.
    let code: ARNCode
    /// `*` alone (or only stars): matches every resource, including the `*` of actions without resource types.
    public var matchesEverything: Bool { code.matchesEverything }
    /// Whether a part ending in `*` may also consume the colons of the parts after it (the current AWS text:
    /// "a trailing `*` in a segment can expand across colons"). Off for `ArnLike`, which the operator page defines
    /// as six separately matched components.
    var trailingStarSpansColons: Bool { code.trailingStarSpansColons }
    let hasEscapes: Bool
    /// True when the pattern has no wildcard, so matching is a plain comparison.
    let isLiteral: Bool

    /// A placeholder that is never matched (the storage of resource entries that hold a template).
    static let nothing = ARNPattern("")

    /// Compiles a pattern.
    public init(_ text: String, trailingStarSpansColons: Bool = true) {
        self.text = text
        var source = text
        let ascii: [UInt8]? = source.withUTF8 { isASCIIBytes($0) ? Array($0) : nil }
        var matchesEverything: Bool
        if let ascii {
            bytes = ascii
            hasEscapes = false
            matchesEverything = !ascii.isEmpty && ascii.allSatisfy { $0 == UInt8(ascii: "*") }
            isLiteral = !matchesEverything && !ascii.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
            parts = ascii.withUnsafeBufferPointer { Self.asciiParts($0) }
        } else {
            bytes = []
            hasEscapes = containsEscapes(text)
            matchesEverything = !text.isEmpty && text.allSatisfy { $0 == "*" }
            isLiteral = !matchesEverything && !text.contains { $0 == "*" || $0 == "?" }
            parts = []
        }
        var literalCount: Int?
        var literalIsPrefix = false
        if ascii != nil && !matchesEverything, let prefix = Self.literalPrefixShape(parts, isLiteral) {
            literalCount = prefix.count
            literalIsPrefix = prefix.isPrefix
        }
        code = ARNCode(
            isASCII: ascii != nil, matchesEverything: matchesEverything,
            trailingStarSpansColons: trailingStarSpansColons, literalCount: literalCount,
            literalIsPrefix: literalIsPrefix, partStart: 0, partCount: parts.count)
    }

    /// The parts of ASCII text between its first five colons, as globs over the same bytes.
    private static func asciiParts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Glob] {
        var parts: [Glob] = []
        parts.reserveCapacity(6)
        var start = 0
        for index in bytes.indices where parts.count < 5 && bytes[index] == UInt8(ascii: ":") {
            parts.append(Glob(start: start, pattern: UnsafeBufferPointer(rebasing: bytes[start..<index])))
            start = index + 1
        }
        parts.append(Glob(start: start, pattern: UnsafeBufferPointer(rebasing: bytes[start...])))
        return parts
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
    private static func literalPrefixShape(_ parts: [Glob], _ isLiteral: Bool) -> (count: Int, isPrefix: Bool)? {
        let textCount = parts.reduce(parts.count - 1) { $0 + $1.count }
        if isLiteral { return (textCount, false) }
        guard parts.count == 6, let last = parts.last, parts.dropLast().allSatisfy({ $0.shape == .literal }) else {
            return nil
        }
        switch last.shape {
        case .prefix, .anything:
            return (textCount - last.count + last.literalPrefixCount, true)
        case .literal, .general:
            return nil
        }
    }

    /// Whether `resource` (an ARN, or `*` for actions without resource-level permissions) matches.
    public func matches(_ resource: String) -> Bool {
        if code.isASCII, let layout = ARNLayout(resource) {
            var subject = resource
            if let matched = subject.withUTF8({ matches(asciiResource: $0, layout: layout) }) {
                return matched
            }
        }
        if matchesEverything { return true }
        if resource == "*" { return false }
        let resource = hasEscapes ? escapeWildcards(resource) : resource
        if isLiteral { return resource == text }
        let parts = splitARN(Substring(text)).map { WildcardPattern(String($0)) }
        let subject = splitARN(Substring(resource))
        return Self.match(parts, trailingStarSpansColons, patternIndex: 0, subject: subject, subjectIndex: 0)
    }

    /// `matches` for an ASCII resource given as bytes with its layout; `nil` when the pattern is not ASCII (then
    /// use `matches(_:)`).
    @inline(__always)
    func matches(asciiResource resource: UnsafeBufferPointer<UInt8>, layout: ARNLayout) -> Bool? {
        bytes.withUnsafeBufferPointer { bytes in
            parts.withUnsafeBufferPointer { parts in
                code.matches(asciiResource: resource, layout: layout, bytes: bytes, parts: parts)
            }
        }
    }

    /// The part-by-part match of a pattern split by character (the general case of `matches(_:)`).
    private static func match(
        _ parts: [WildcardPattern], _ trailingStarSpansColons: Bool, patternIndex: Int, subject: [Substring],
        subjectIndex: Int
    ) -> Bool {
        if patternIndex == parts.count {
            return subjectIndex == subject.count
        }
        guard subjectIndex < subject.count else { return false }
        let part = parts[patternIndex]
        let isLastPattern = patternIndex == parts.count - 1
        let spans = trailingStarSpansColons && part.bytes.last == UInt8(ascii: "*")
        // The part on its own.
        if part.matchesFolded(String(subject[subjectIndex])) {
            if match(
                parts, trailingStarSpansColons, patternIndex: patternIndex + 1, subject: subject,
                subjectIndex: subjectIndex + 1)
            {
                return true
            }
        }
        guard spans || (isLastPattern && part.glob.shape == .anything) else { return false }
        // A trailing star: let it consume the following parts, colons included.
        var joined = String(subject[subjectIndex])
        var end = subjectIndex + 1
        while end < subject.count {
            joined += ":" + subject[end]
            end += 1
            if part.matchesFolded(joined)
                && match(
                    parts, trailingStarSpansColons, patternIndex: patternIndex + 1, subject: subject, subjectIndex: end)
            {
                return true
            }
        }
        return false
    }
}

/// How to match an ARN pattern, in plain values: its flags and where its parts are among some globs, whose bytes
/// are in some buffer. `ARNPattern` keeps its own; the evaluation plan keeps many in flat arrays.
struct ARNCode: Sendable, Hashable {
    /// The pattern text is ASCII (only then does it have parts to match bytes with).
    let isASCII: Bool
    let matchesEverything: Bool
    let trailingStarSpansColons: Bool
    /// For an ASCII pattern that matches exactly the resources equal to it (no wildcard), or exactly those that
    /// start with a literal prefix (`ARNPattern.literalPrefixShape`), the number of leading bytes to compare;
    /// `nil` otherwise.
    let literalCount: Int?
    /// Whether those bytes are a prefix (the pattern ends in a wildcard that takes the rest) rather than the whole
    /// text.
    let literalIsPrefix: Bool
    /// Where the parts are among their globs.
    let partStart: Int
    let partCount: Int

    /// The same code for parts that start at `partStart` among their globs.
    func moved(partStart: Int) -> ARNCode {
        ARNCode(
            isASCII: isASCII, matchesEverything: matchesEverything, trailingStarSpansColons: trailingStarSpansColons,
            literalCount: literalCount, literalIsPrefix: literalIsPrefix, partStart: partStart, partCount: partCount)
    }

    /// Whether an ASCII resource, given as bytes with its layout, matches; `nil` when the pattern is not ASCII.
    /// `bytes` holds the pattern's text from its first part's start; `parts` holds its parts from `partStart`.
    /// ASCII on both sides means no escaped wildcards, and parts and joined parts that are byte ranges between
    /// colons, so the parts are matched in place; a literal pattern matches exactly when every part is equal,
    /// which is when the texts are.
    @inline(__always)
    func matches(
        asciiResource resource: UnsafeBufferPointer<UInt8>, layout: ARNLayout, bytes: UnsafeBufferPointer<UInt8>,
        parts: UnsafeBufferPointer<Glob>
    ) -> Bool? {
        if matchesEverything { return true }
        guard isASCII else { return nil }
        if layout.isStar { return false }
        if let literalCount {
            guard literalIsPrefix ? resource.count >= literalCount : resource.count == literalCount else {
                return false
            }
            let textStart = parts[partStart].start
            return Glob.equal(bytes, textStart, resource, count: literalCount)
        }
        let ownParts = UnsafeBufferPointer(rebasing: parts[partStart..<partStart + partCount])
        return Self.match(
            ownParts, spans: trailingStarSpansColons, from: 0, bytes: bytes, in: resource, layout: layout, from: 0)
    }

    /// The part-by-part match on the bytes of an ASCII resource.
    private static func match(
        _ parts: UnsafeBufferPointer<Glob>, spans trailingStarSpansColons: Bool, from patternIndex: Int,
        bytes: UnsafeBufferPointer<UInt8>, in resource: UnsafeBufferPointer<UInt8>, layout: ARNLayout,
        from subjectIndex: Int
    ) -> Bool {
        if patternIndex == parts.count {
            return subjectIndex == layout.partCount
        }
        guard subjectIndex < layout.partCount else { return false }
        let part = parts[patternIndex]
        let isLastPattern = patternIndex == parts.count - 1
        let spans = trailingStarSpansColons && part.endsWithStar(in: bytes)
        let start = layout.start(ofPart: subjectIndex)
        // The part on its own.
        if part.matches(in: bytes, UnsafeBufferPointer(rebasing: resource[start..<layout.end(ofPart: subjectIndex)]))
            && match(
                parts, spans: trailingStarSpansColons, from: patternIndex + 1, bytes: bytes, in: resource,
                layout: layout, from: subjectIndex + 1)
        {
            return true
        }
        guard spans || (isLastPattern && part.shape == .anything) else { return false }
        // A trailing star: let it consume the following parts, colons included.
        var end = subjectIndex + 1
        while end < layout.partCount {
            end += 1
            let joined = UnsafeBufferPointer(rebasing: resource[start..<layout.end(ofPart: end - 1)])
            if part.matches(in: bytes, joined)
                && match(
                    parts, spans: trailingStarSpansColons, from: patternIndex + 1, bytes: bytes, in: resource,
                    layout: layout, from: end)
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
        guard let layout = copy.withUTF8({ ARNLayout(utf8: $0) }) else { return nil }
        self = layout
    }

    /// The layout of text given as UTF-8 bytes; `nil` when it is not ASCII (or absurdly long).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count < Int32.max, isASCIIBytes(bytes) else { return nil }
        var colons = SIMD8<Int32>()
        var count = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: ":") {
            colons[count] = Int32(index)
            count += 1
            if count == 5 { break }
        }
        self.colons = colons
        partCount = count + 1
        byteCount = bytes.count
        isStar = bytes.count == 1 && bytes[0] == UInt8(ascii: "*")
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

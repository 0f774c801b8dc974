import Wildcard

/// A string with policy variables (`reference_policies_variables.md`): `${key}`, `${key, 'default'}` and the
/// special `${*}`, `${?}`, `${$}`. Key names are case-insensitive.
public struct VariableTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        /// `key` is lowercased for lookup; `name` keeps the written form for messages.
        case variable(key: String, name: String, defaultValue: String?)
        /// `${*}`, `${?}` or `${$}`: the character itself, never a wildcard.
        case special(Character)
    }

    /// The parts in order; empty when the text is `plainText`.
    let segments: [Segment]
    /// The text when it is ASCII without `${`, the common case, kept without allocating segments.
    let plainText: String?

    /// Parses `text`; returns `nil` only for an empty string. A `${` without its closing `}` stays literal.
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        if text.isASCIIText {
            if !Self.containsVariableOpening(text) {
                segments = []
                plainText = text
                return
            }
            var copy = text
            segments = copy.withUTF8 { Self.segments(ofASCII: $0) }
        } else {
            segments = Self.segments(ofCharacters: Substring(text))
        }
        plainText = nil
    }

    /// The segments of any text, parsed character by character. A `${` without its closing `}` stays literal, and
    /// so does a `${…}` that is not a variable.
    static func segments(ofCharacters text: Substring) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var rest = text
        while let open = rest.range(of: "${") {
            literal += rest[rest.startIndex..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                literal += rest[open.lowerBound...]
                rest = rest[rest.endIndex...]
                break
            }
            let body = afterOpen[afterOpen.startIndex..<close]
            if let segment = Self.segment(for: body) {
                if !literal.isEmpty {
                    segments.append(.literal(literal))
                    literal = ""
                }
                segments.append(segment)
            } else {
                literal += rest[open.lowerBound...close]
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty {
            segments.append(.literal(literal))
        }
        return segments
    }

    /// `segments(ofCharacters:)` for ASCII text, on its bytes: in ASCII text every byte is a character except in
    /// `"\r\n"`, which has no `$`, `{`, `}`, `,`, `'` or space, so the byte positions of those are the positions the
    /// character-based parsing finds, and the text between them is the same.
    static func segments(ofASCII bytes: UnsafeBufferPointer<UInt8>) -> [Segment] {
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var segments: [Segment] = []
        var literalStart = 0
        var literalPieces: [Range<Int>] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "$") && bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let bodyStart = index + 2
            guard let close = bytes[bodyStart...].firstIndex(of: UInt8(ascii: "}")) else { break }
            if let segment = segment(ofASCII: UnsafeBufferPointer(rebasing: bytes[bodyStart..<close])) {
                literalPieces.append(literalStart..<index)
                let literal = literalPieces.map(text).joined()
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literalPieces = []
                segments.append(segment)
            } else {
                literalPieces.append(literalStart..<close + 1)
            }
            literalStart = close + 1
            index = close + 1
        }
        literalPieces.append(literalStart..<bytes.count)
        let literal = literalPieces.map(text).joined()
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    /// `segment(for:)` for the ASCII bytes between `${` and `}`.
    private static func segment(ofASCII body: UnsafeBufferPointer<UInt8>) -> Segment? {
        if body.count == 1 {
            switch body[0] {
            case UInt8(ascii: "*"): return .special("*")
            case UInt8(ascii: "?"): return .special("?")
            case UInt8(ascii: "$"): return .special("$")
            default: break
            }
        }
        var name = 0..<body.count
        var defaultValue: String?
        if let comma = body.firstIndex(of: UInt8(ascii: ",")) {
            name = 0..<comma
            let rawDefault = trimmingSpaces(comma + 1..<body.count, in: body)
            guard rawDefault.count >= 2, body[rawDefault.lowerBound] == UInt8(ascii: "'"),
                body[rawDefault.upperBound - 1] == UInt8(ascii: "'")
            else { return nil }
            defaultValue = String(decoding: body[rawDefault.lowerBound + 1..<rawDefault.upperBound - 1], as: UTF8.self)
        }
        let key = trimmingSpaces(name, in: body)
        guard !key.isEmpty,
            !body[key].contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "$") }
            )
        else { return nil }
        return .variable(
            key: String(decoding: body[key].map(asciiLowercased), as: UTF8.self),
            name: String(decoding: body[key], as: UTF8.self), defaultValue: defaultValue)
    }

    /// `range` without the spaces at either end.
    private static func trimmingSpaces(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && bytes[lower] == UInt8(ascii: " ") { lower += 1 }
        while upper > lower && bytes[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
        return lower..<upper
    }

    /// Whether ASCII `text` holds `${`.
    private static func containsVariableOpening(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            guard bytes.count >= 2 else { return false }
            for index in 0..<(bytes.count - 1)
            where bytes[index] == UInt8(ascii: "$") && bytes[index + 1] == UInt8(ascii: "{") {
                return true
            }
            return false
        }
    }

    private static func segment(for body: Substring) -> Segment? {
        switch body {
        case "*": return .special("*")
        case "?": return .special("?")
        case "$": return .special("$")
        default: break
        }
        var name = body
        var defaultValue: String?
        if let comma = body.firstIndex(of: ",") {
            name = body[body.startIndex..<comma]
            let rawDefault = body[body.index(after: comma)...].trimmingSpaces()
            guard rawDefault.count >= 2, rawDefault.first == "'", rawDefault.last == "'" else { return nil }
            defaultValue = String(rawDefault.dropFirst().dropLast())
        }
        let key = name.trimmingSpaces()
        guard !key.isEmpty, !key.contains(where: { $0 == " " || $0 == "{" || $0 == "$" }) else { return nil }
        return .variable(key: key.lowercased(), name: String(key), defaultValue: defaultValue)
    }

    /// Whether the text has any `${…}` at all (special characters included).
    public var hasVariables: Bool {
        segments.contains {
            if case .literal = $0 { return false }
            return true
        }
    }

    /// The context keys the template reads, as written.
    public var variableNames: [String] {
        segments.compactMap {
            if case .variable(_, let name, _) = $0 { return name }
            return nil
        }
    }

    /// The substituted text for wildcard matching: literal text keeps its wildcards; characters from `${*}`,
    /// `${?}` and from substituted values are escaped so they only match themselves. Returns the first key that
    /// could not be resolved when a variable has neither a value nor a default.
    func substitute(_ resolve: (String) -> String?) -> Result<String, UnresolvedVariable> {
        if let plainText { return .success(plainText) }
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text):
                output += text
            case .special(let character):
                output += escapeWildcards(String(character))
            case .variable(let key, let name, let defaultValue):
                if let value = resolve(key) ?? defaultValue {
                    output += escapeWildcards(value)
                } else {
                    return .failure(UnresolvedVariable(name: name))
                }
            }
        }
        return .success(output)
    }
}

/// A variable with no value in the request and no default.
struct UnresolvedVariable: Error, Sendable {
    var name: String
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " { result = result.dropFirst() }
        while let last = result.last, last == " " { result = result.dropLast() }
        return result
    }
}

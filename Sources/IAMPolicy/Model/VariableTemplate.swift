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
        let isASCII = text.isASCIIText
        if isASCII && !Self.containsVariableOpening(text) {
            segments = []
            plainText = text
            return
        }
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let open = isASCII ? Self.firstVariableOpening(inASCII: rest) : rest.range(of: "${") {
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
        self.segments = segments
        plainText = nil
    }

    /// Where the first `${` of ASCII text is (what `range(of:)` finds, without a Foundation search).
    private static func firstVariableOpening(inASCII text: Substring) -> Range<String.Index>? {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == UInt8(ascii: "$") && next < utf8.endIndex && utf8[next] == UInt8(ascii: "{") {
                return index..<utf8.index(after: next)
            }
            index = next
        }
        return nil
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

/// Private-use stand-ins for a literal `*` and `?` inside a pattern (from `${*}`, `${?}` or a substituted value).
let escapedStar: Character = "\u{E000}"
let escapedQuestion: Character = "\u{E001}"

/// Replaces `*` and `?` with their escaped stand-ins so a glob treats them as plain characters.
func escapeWildcards(_ text: String) -> String {
    if text.isASCIIText {
        var copy = text
        let hasWildcard = copy.withUTF8 { containsByte($0, UInt8(ascii: "*")) || containsByte($0, UInt8(ascii: "?")) }
        guard hasWildcard else { return text }
    }
    guard text.contains(where: { $0 == "*" || $0 == "?" }) else { return text }
    return String(text.map { $0 == "*" ? escapedStar : ($0 == "?" ? escapedQuestion : $0) })
}

/// Whether a pattern text contains escaped stand-ins, so subjects must be escaped the same way before matching.
func containsEscapes(_ text: String) -> Bool {
    // The stand-ins are not ASCII.
    if text.isASCIIText { return false }
    return text.contains { $0 == escapedStar || $0 == escapedQuestion }
}

/// Undoes `escapeWildcards`, for literal comparisons and messages.
func unescapeWildcards(_ text: String) -> String {
    guard containsEscapes(text) else { return text }
    return String(text.map { $0 == escapedStar ? "*" : ($0 == escapedQuestion ? "?" : $0) })
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " { result = result.dropFirst() }
        while let last = result.last, last == " " { result = result.dropLast() }
        return result
    }
}

// How a pattern says that a `*` or `?` is literal.

/// Private-use stand-ins for a literal `*` and `?` inside a pattern: a policy's `${*}`, `${?}` or substituted value,
/// or a service reference condition key that has a `*` of its own.
public let escapedStar: Character = "\u{E000}"
public let escapedQuestion: Character = "\u{E001}"

/// Replaces `*` and `?` with their escaped stand-ins so a glob treats them as plain characters.
public func escapeWildcards(_ text: String) -> String {
    var copy = text
    let asciiWithoutWildcard = copy.withUTF8 {
        isASCIIBytes($0) && !containsByte($0, UInt8(ascii: "*")) && !containsByte($0, UInt8(ascii: "?"))
    }
    if asciiWithoutWildcard { return text }
    guard text.contains(where: { $0 == "*" || $0 == "?" }) else { return text }
    return String(text.map { $0 == "*" ? escapedStar : ($0 == "?" ? escapedQuestion : $0) })
}

/// Whether a pattern text contains escaped stand-ins, so subjects must be escaped the same way before matching.
public func containsEscapes(_ text: String) -> Bool {
    // The stand-ins are not ASCII.
    var copy = text
    if copy.withUTF8({ isASCIIBytes($0) }) { return false }
    return text.contains { $0 == escapedStar || $0 == escapedQuestion }
}

/// Undoes `escapeWildcards`, for literal comparisons and messages.
public func unescapeWildcards(_ text: String) -> String {
    guard containsEscapes(text) else { return text }
    return String(text.map { $0 == escapedStar ? "*" : ($0 == escapedQuestion ? "?" : $0) })
}

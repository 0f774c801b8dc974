import JSON

/// One value of a row StackQL read, as its SQLite engine holds it: NULL, a number, or text (a JSON object or array
/// is its compact JSON text; a JSON boolean is 1 or 0, as SQLite's JSON functions give it).
public enum RowValue: Sendable, Hashable {
    case null
    case number(Double)
    case text(String)

    /// The value of a JSON property.
    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let value): self = .number(value ? 1 : 0)
        case .number(let literal): self = Double(literal).map(RowValue.number) ?? .text(literal)
        case .string(let text): self = .text(text)
        case .array, .object: self = .text(JSONOutput(node).rendered(pretty: false))
        }
    }

    /// Whether a condition holds: NULL does not, a number holds when it is not 0, text as SQLite reads it (its
    /// leading number, so `'1'` holds and `'yes'` does not).
    public var holds: Bool {
        switch self {
        case .null: return false
        case .number(let value): return value != 0
        case .text(let text): return (Self.leadingNumber(text) ?? 0) != 0
        }
    }

    /// The text as SQLite would print it: a whole number without a fraction.
    public var text: String? {
        switch self {
        case .null: return nil
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .text(let text): return text
        }
    }

    /// A number at the start of `text` (after spaces), as SQLite converts text to a number.
    static func leadingNumber(_ text: String) -> Double? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        var end = trimmed.startIndex
        var seenDigit = false
        for (offset, character) in trimmed.enumerated() {
            let allowed =
                character.isASCII
                && (character.isNumber || character == "." || character == "e" || character == "E"
                    || ((character == "-" || character == "+") && offset == 0))
            guard allowed else { break }
            if character.isNumber { seenDigit = true }
            end = trimmed.index(after: end)
        }
        guard seenDigit else { return nil }
        var candidate = trimmed[trimmed.startIndex..<end]
        while !candidate.isEmpty, Double(candidate) == nil { candidate = candidate.dropLast() }
        return Double(candidate)
    }
}

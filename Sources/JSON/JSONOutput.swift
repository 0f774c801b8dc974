/// A JSON value for output, with object keys kept in the order written so reports read in contract order.
public indirect enum JSONOutput: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number literal exactly as parsed (`1.5e3`), so a value read from input is written back without loss.
    case number(String)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    public static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
        lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
    }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONOutput { .array(values.map(JSONOutput.string)) }

    /// Serialises the value with ``JSONWriter``: `pretty` indents by two spaces, otherwise compact.
    public func rendered(pretty: Bool = true) -> String {
        String(decoding: bytes(pretty: pretty), as: UTF8.self)
    }

    /// The value serialised as UTF-8, laid out as ``rendered(pretty:)`` does.
    public func bytes(pretty: Bool = true) -> [UInt8] {
        var writer = JSONWriter(layout: pretty ? .indented(spaces: 2) : .compact)
        writer.value(self)
        return writer.bytes
    }

    /// The same value with every object's members sorted by the UTF-8 bytes of their keys, at every depth.
    public func sortingKeys() -> JSONOutput {
        switch self {
        case .null, .bool, .int, .number, .string: return self
        case .array(let items): return .array(items.map { $0.sortingKeys() })
        case .object(let members):
            let sorted = members.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            return .object(sorted.map { ($0.0, $0.1.sortingKeys()) })
        }
    }
}

extension JSONOutput {
    /// A parsed value as an output value: members in document order, numbers as written, duplicate keys kept as the
    /// parser gave them (a caller that forbids them checks first).
    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let literal): self = .number(literal)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSONOutput.init))
        case .object(let members): self = .object(members.map { ($0.key, JSONOutput($0.value)) })
        }
    }
}

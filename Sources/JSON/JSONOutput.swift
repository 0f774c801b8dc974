/// A JSON value for output, with object keys kept in the order written so reports read in contract order.
public indirect enum JSONOutput: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
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
        case .null, .bool, .int, .string: return self
        case .array(let items): return .array(items.map { $0.sortingKeys() })
        case .object(let members):
            let sorted = members.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            return .object(sorted.map { ($0.0, $0.1.sortingKeys()) })
        }
    }
}

import Catalog
import IAMPolicy
import JSON

/// A manifest value resolved as stackql-deploy resolves it, with what cannot be known at check time kept as named
/// unknowns: an external value not given, another resource's export, a value made at run time, an expression iamgate
/// does not evaluate.
public indirect enum DeployValue: Sendable, Hashable {
    /// Text, possibly with unknown parts (`arn:aws:iam::{{ account }}:role/x`).
    case text([PartialValue.Part])
    /// A number as written.
    case number(String)
    case bool(Bool)
    case null
    case list([DeployValue])
    case object([DeployMember])
    /// Nothing is known of the value; the name says what it stands for.
    case unknown(String)

    /// Known text.
    public static func string(_ text: String) -> DeployValue { .text([.literal(text)]) }

    /// The value as stackql-deploy writes it into a query: text as it is, a list or mapping as compact JSON
    /// (unknown parts kept as parts).
    public var rendered: [PartialValue.Part] {
        switch self {
        case .text(let parts): return parts
        case .number(let text): return [.literal(text)]
        case .bool(let flag): return [.literal(flag ? "true" : "false")]
        case .null: return [.literal("")]
        case .list, .object: return json
        case .unknown(let name): return [.unknown(name)]
        }
    }

    /// The value as compact JSON. Unknown text stays an unknown part inside its JSON string; a wholly unknown value
    /// inside a list or mapping is written as a JSON string holding the unknown (the catalog reads it as a value it
    /// does not know).
    public var json: [PartialValue.Part] {
        var builder = PartsBuilder()
        appendJSON(to: &builder)
        return builder.parts
    }

    private func appendJSON(to builder: inout PartsBuilder) {
        switch self {
        case .text(let parts):
            builder.literal("\"")
            for part in parts {
                switch part {
                case .literal(let text): builder.literal(Self.escaped(text))
                case .unknown(let name): builder.unknown(name)
                }
            }
            builder.literal("\"")
        case .number(let text): builder.literal(text)
        case .bool(let flag): builder.literal(flag ? "true" : "false")
        case .null: builder.literal("null")
        case .list(let items):
            builder.literal("[")
            for (index, item) in items.enumerated() {
                if index > 0 { builder.literal(",") }
                item.appendJSON(to: &builder)
            }
            builder.literal("]")
        case .object(let members):
            builder.literal("{")
            for (index, member) in members.enumerated() {
                if index > 0 { builder.literal(",") }
                builder.literal("\"\(Self.escaped(member.key))\":")
                member.value.appendJSON(to: &builder)
            }
            builder.literal("}")
        case .unknown(let name):
            builder.literal("\"")
            builder.unknown(name)
            builder.literal("\"")
        }
    }

    /// `text` as the inside of a JSON string.
    static func escaped(_ text: String) -> String {
        String(JSONOutput.string(text).rendered(pretty: false).dropFirst().dropLast())
    }

    /// The text when every part is known (a list or mapping as JSON).
    public var knownText: String? { PartialValue(parts: rendered).knownText }

    /// Whether some part of the value is unknown.
    public var hasUnknowns: Bool {
        rendered.contains {
            if case .unknown = $0 { return true }
            return false
        }
    }

    /// The value JSON text stands for, if it is JSON (strings keep their text, numbers as written).
    static func parsingJSON(_ text: String) -> DeployValue? {
        guard let node = try? JSONParser.parse(text) else { return nil }
        return from(node)
    }

    static func from(_ node: JSONNode) -> DeployValue {
        switch node.kind {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let text): return .number(text)
        case .string(let text): return .string(text)
        case .array(let items): return .list(items.map(from))
        case .object(let members): return .object(members.map { DeployMember(key: $0.key, value: from($0.value)) })
        }
    }
}

/// One key of a resolved mapping, in the order written.
public struct DeployMember: Sendable, Hashable {
    public var key: String
    public var value: DeployValue

    public init(key: String, value: DeployValue) {
        self.key = key
        self.value = value
    }
}

/// Collects literal runs and unknown parts, merging adjacent literals.
struct PartsBuilder {
    var parts: [PartialValue.Part] = []

    mutating func literal(_ text: String) {
        guard !text.isEmpty else { return }
        if case .literal(let previous) = parts.last {
            parts[parts.count - 1] = .literal(previous + text)
        } else {
            parts.append(.literal(text))
        }
    }

    mutating func unknown(_ name: String) {
        parts.append(.unknown(name))
    }

    mutating func append(_ more: [PartialValue.Part]) {
        for part in more {
            switch part {
            case .literal(let text): literal(text)
            case .unknown(let name): unknown(name)
            }
        }
    }
}

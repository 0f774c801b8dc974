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

    /// The longest value a template may resolve to: the most a resource's `Properties` or an update's
    /// `PatchDocument` may hold (Cloud Control API model, 2021-09-30: `max` 262144), so no longer value could be sent.
    static let maximumLength = 262_144
    /// The deepest a resolved value may nest lists and mappings (a YAML document nests at most 1,000 deep).
    static let maximumDepth = 512

    /// Why the value, written out, is longer than ``maximumLength`` or nests deeper than ``maximumDepth``; `nil` when
    /// it is neither. A value made from references shares the values it repeats, so it can stand for far more text
    /// than it holds in memory: the count stops at the limit, so this takes no longer than a value of that length.
    var sizeProblem: String? {
        var remaining = Self.maximumLength
        switch measure(&remaining, depth: 0) {
        case .fits: return nil
        case .tooLong:
            return "the value is longer than \(Self.maximumLength) characters once its templates are resolved, more "
                + "than Cloud Control accepts (a value that repeats others grows with every repetition)"
        case .tooDeep:
            return "the value nests lists and mappings more than \(Self.maximumDepth) deep once its templates are "
                + "resolved"
        }
    }

    private enum Measure { case fits, tooLong, tooDeep }

    /// Takes the value's written length from `remaining` (at least one per list item and mapping member), stopping
    /// as soon as it runs out.
    private func measure(_ remaining: inout Int, depth: Int) -> Measure {
        switch self {
        case .text(let parts):
            for part in parts {
                switch part {
                case .literal(let text): remaining -= text.utf8.count
                case .unknown(let name): remaining -= name.utf8.count
                }
            }
        case .number(let text): remaining -= text.utf8.count
        case .bool: remaining -= 5
        case .null: remaining -= 4
        case .unknown(let name): remaining -= name.utf8.count + 2
        case .list(let items):
            guard depth < Self.maximumDepth else { return .tooDeep }
            remaining -= 2
            for item in items {
                remaining -= 1
                guard remaining >= 0 else { return .tooLong }
                let inner = item.measure(&remaining, depth: depth + 1)
                guard inner == .fits else { return inner }
            }
        case .object(let members):
            guard depth < Self.maximumDepth else { return .tooDeep }
            remaining -= 2
            for member in members {
                remaining -= member.key.utf8.count + 4
                guard remaining >= 0 else { return .tooLong }
                let inner = member.value.measure(&remaining, depth: depth + 1)
                guard inner == .fits else { return inner }
            }
        }
        return remaining >= 0 ? .fits : .tooLong
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

/// Collects literal runs and unknown parts, merging adjacent literals. Known text collects in `pending` until an
/// unknown part comes: appending to the last part instead copied the text joined so far every time (writing a list
/// of n items as JSON took time quadratic in n).
struct PartsBuilder {
    private var finished: [PartialValue.Part] = []
    private var pending = ""

    /// The parts so far.
    var parts: [PartialValue.Part] { pending.isEmpty ? finished : finished + [.literal(pending)] }

    mutating func literal(_ text: String) {
        pending += text
    }

    mutating func unknown(_ name: String) {
        if !pending.isEmpty { finished.append(.literal(pending)) }
        pending = ""
        finished.append(.unknown(name))
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

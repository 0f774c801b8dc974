import Diagnostics
import JSON
import Wildcard

/// The condition operators of `reference_policies_elements_condition_operators.md`.
public enum ConditionOperatorKind: String, Sendable, Hashable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringNotEquals = "StringNotEquals"
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
    case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    case stringLike = "StringLike"
    case stringNotLike = "StringNotLike"
    case numericEquals = "NumericEquals"
    case numericNotEquals = "NumericNotEquals"
    case numericLessThan = "NumericLessThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThan = "NumericGreaterThan"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case dateEquals = "DateEquals"
    case dateNotEquals = "DateNotEquals"
    case dateLessThan = "DateLessThan"
    case dateLessThanEquals = "DateLessThanEquals"
    case dateGreaterThan = "DateGreaterThan"
    case dateGreaterThanEquals = "DateGreaterThanEquals"
    case bool = "Bool"
    case binaryEquals = "BinaryEquals"
    case ipAddress = "IpAddress"
    case notIpAddress = "NotIpAddress"
    case arnEquals = "ArnEquals"
    case arnLike = "ArnLike"
    case arnNotEquals = "ArnNotEquals"
    case arnNotLike = "ArnNotLike"
    case null = "Null"

    /// Negated operators: a missing key makes them true, and several values combine as NOR.
    public var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
            .notIpAddress, .arnNotEquals, .arnNotLike:
            return true
        default:
            return false
        }
    }

    /// The positive operator a negated one inverts (itself when not negated).
    public var positive: ConditionOperatorKind {
        switch self {
        case .stringNotEquals: return .stringEquals
        case .stringNotEqualsIgnoreCase: return .stringEqualsIgnoreCase
        case .stringNotLike: return .stringLike
        case .numericNotEquals: return .numericEquals
        case .dateNotEquals: return .dateEquals
        case .notIpAddress: return .ipAddress
        case .arnNotEquals: return .arnEquals
        case .arnNotLike: return .arnLike
        default: return self
        }
    }

    /// Operators whose values may hold policy variables (the variables page names string, ARN and Bool operators).
    public var acceptsVariables: Bool {
        switch positive {
        case .stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnEquals, .arnLike, .bool: return true
        default: return false
        }
    }
}

/// `ForAllValues:` or `ForAnyValue:`.
public enum SetQualifier: String, Sendable, Hashable {
    case forAllValues = "ForAllValues"
    case forAnyValue = "ForAnyValue"
}

/// A full operator as written: optional set qualifier, the operator, optional `IfExists`.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    public var kind: ConditionOperatorKind
    public var ifExists: Bool
    public var qualifier: SetQualifier?

    public init(kind: ConditionOperatorKind, ifExists: Bool = false, qualifier: SetQualifier? = nil) {
        self.kind = kind
        self.ifExists = ifExists
        self.qualifier = qualifier
    }

    /// Parses `ForAnyValue:StringEqualsIfExists` and the like; `nil` for an unknown operator or `NullIfExists`.
    public init?(parsing text: String) {
        guard let known = Self.spellings[text] else { return nil }
        self = known
    }

    /// Every spelling `init(parsing:)` accepts, parsed once: policies repeat the same few operators.
    private static let spellings: [String: ConditionOperator] = {
        var spellings: [String: ConditionOperator] = [:]
        for kind in ConditionOperatorKind.allCases {
            for qualifier in [nil, SetQualifier.forAllValues, .forAnyValue] {
                for ifExists in [false, true] {
                    let candidate = ConditionOperator(kind: kind, ifExists: ifExists, qualifier: qualifier)
                    if let parsed = ConditionOperator(parsingSlowly: candidate.description) {
                        spellings[candidate.description] = parsed
                    }
                }
            }
        }
        return spellings
    }()

    /// The parsing rules themselves; `spellings` holds every text they accept.
    private init?(parsingSlowly text: String) {
        var rest = Substring(text)
        var qualifier: SetQualifier?
        if let colon = rest.firstIndex(of: ":") {
            guard let parsed = SetQualifier(rawValue: String(rest[rest.startIndex..<colon])) else { return nil }
            qualifier = parsed
            rest = rest[rest.index(after: colon)...]
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let kind = ConditionOperatorKind(rawValue: String(rest)) else { return nil }
        if kind == .null && ifExists { return nil }
        self.init(kind: kind, ifExists: ifExists, qualifier: qualifier)
    }

    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + kind.rawValue + (ifExists ? "IfExists" : "")
    }

    /// The closest known operator name to an unknown one, for "did you mean" messages.
    public static func suggestion(for text: String) -> String? {
        let base = text.split(separator: ":").last.map(String.init) ?? text
        let candidates =
            ConditionOperatorKind.allCases.map(\.rawValue)
            + ConditionOperatorKind.allCases.map {
                $0.rawValue + "IfExists"
            }
        return Suggestion.closest(to: base, among: candidates, maxDistance: 3)
    }
}

/// One `operator → key → values` entry of a `Condition` block.
public struct ConditionClause: Sendable {
    public var conditionOperator: ConditionOperator
    /// The key as written, e.g. `aws:RequestTag/Team`.
    public var key: String
    /// The key lowercased, for the case-insensitive lookup.
    public var lookupKey: String {
        didSet { lookupHash = contextKeyHash(lookupKey) }
    }
    /// `contextKeyHash(lookupKey)`, computed once.
    private(set) var lookupHash: UInt64?
    public var values: [ConditionValue] {
        didSet { hasTemplates = Self.hasTemplates(values) }
    }
    public var location: SourceLocation
    /// Some value holds policy variables, so it is prepared per request.
    private(set) var hasTemplates: Bool

    public init(
        conditionOperator: ConditionOperator, key: String, values: [ConditionValue], location: SourceLocation
    ) {
        self.conditionOperator = conditionOperator
        self.key = key
        lookupKey = key.lowercased()
        self.values = values
        self.location = location
        hasTemplates = Self.hasTemplates(values)
        lookupHash = contextKeyHash(lookupKey)
    }

    private static func hasTemplates(_ values: [ConditionValue]) -> Bool {
        values.contains { $0.prepared == nil && $0.template != nil }
    }
}

/// A condition value as written, with its form prepared for the operator (`nil` when it holds variables and is
/// prepared per request).
public struct ConditionValue: Sendable {
    public var text: String
    var template: VariableTemplate?
    var prepared: PreparedValue?

    init(text: String, template: VariableTemplate?, prepared: PreparedValue?) {
        self.text = text
        self.template = template
        self.prepared = prepared
    }
}

/// A policy value parsed once for its operator.
enum PreparedValue: Sendable {
    case string(String)
    case lowercased(String)
    case glob(WildcardPattern)
    case number(Double)
    case date(Double)
    case bool(Bool)
    case binary([UInt8])
    case network(IPNetwork)
    case arn(ARNPattern)
}

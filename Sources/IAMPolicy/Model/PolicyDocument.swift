/// The policy language version (`reference_policies_elements_version.md`). Only `2012-10-17` turns on policy
/// variables; with `2008-10-17` or no `Version` at all, `${…}` is literal text.
public enum PolicyVersion: String, Sendable, Hashable {
    case v2012_10_17 = "2012-10-17"
    case v2008_10_17 = "2008-10-17"
    case absent = ""

    /// Whether `${…}` is substituted.
    public var supportsVariables: Bool { self == .v2012_10_17 }
}

/// Where a policy came from, for messages and reports.
public struct PolicySource: Sendable, Hashable, CustomStringConvertible {
    /// A file path, `-` for standard input, or a description such as `cases.json case 'x' identity[0]`.
    public var name: String
    /// The file the policy is written in, when `name` describes a place inside it.
    public var file: String?

    public init(_ name: String, file: String? = nil) {
        self.name = name
        self.file = file
    }

    public var description: String { name }
}

/// A parsed, validated IAM policy document with its statements compiled for evaluation.
public struct PolicyDocument: Sendable {
    public var version: PolicyVersion
    public var id: String?
    public var statements: [Statement]
    public var source: PolicySource

    public init(version: PolicyVersion, id: String? = nil, statements: [Statement], source: PolicySource) {
        self.version = version
        self.id = id
        self.statements = statements
        self.source = source
    }
}

/// `Allow` or `Deny`.
public enum Effect: String, Sendable, Hashable, Codable {
    case allow = "Allow"
    case deny = "Deny"
}

/// One statement: who, what, on which resources, under which conditions.
public struct Statement: Sendable {
    public var sid: String?
    public var effect: Effect
    public var actions: ActionElement
    /// `nil` when the statement has neither `Resource` nor `NotResource` (valid only in trust policies).
    public var resources: ResourceElement?
    /// `nil` when the statement has neither `Principal` nor `NotPrincipal` (identity-style statements).
    public var principals: PrincipalElement?
    public var conditions: [ConditionClause]
    /// The statement's position in its policy, from 0.
    public var index: Int
    /// Where the statement starts in its file.
    public var location: SourceLocation

    public init(
        sid: String?, effect: Effect, actions: ActionElement, resources: ResourceElement?,
        principals: PrincipalElement?, conditions: [ConditionClause], index: Int, location: SourceLocation
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.principals = principals
        self.conditions = conditions
        self.index = index
        self.location = location
    }
}

/// `Action` or `NotAction` with their compiled patterns.
public struct ActionElement: Sendable {
    public var isNegated: Bool
    public var patterns: [ActionPattern]

    public init(isNegated: Bool, patterns: [ActionPattern]) {
        self.isNegated = isNegated
        self.patterns = patterns
    }

    /// Whether the element applies to an action already lowercased (`service:name`).
    @inline(__always)
    public func applies(toLowercased action: String) -> Bool {
        var matched = false
        for pattern in patterns where pattern.matches(lowercased: action) {
            matched = true
            break
        }
        return matched != isNegated
    }
}

/// One `Action` entry (`reference_policies_elements_action.md`): service prefix and name, case-insensitive, with
/// `*` and `?` wildcards.
public struct ActionPattern: Sendable {
    public let text: String
    let pattern: WildcardPattern
    /// Entries with whitespace, commas, or no colon (other than `*`) can never name an action.
    public let isMalformed: Bool
    /// Where the entry is written, when parsed from a file.
    public var location: SourceLocation?

    public init(_ text: String, location: SourceLocation? = nil) {
        self.text = text
        self.location = location
        pattern = WildcardPattern(text, caseInsensitive: true)
        let isStar = !text.isEmpty && text.allSatisfy { $0 == "*" }
        isMalformed =
            !isStar
            && (text.contains(where: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }) || !text.contains(":"))
    }

    /// Whether this entry names `action`, which must already be lowercased.
    @inline(__always)
    public func matches(lowercased action: String) -> Bool {
        guard !isMalformed else { return false }
        return pattern.matchesFolded(action)
    }
}

/// `Resource` or `NotResource`.
public struct ResourceElement: Sendable {
    public var isNegated: Bool
    public var entries: [ResourceEntry]

    public init(isNegated: Bool, entries: [ResourceEntry]) {
        self.isNegated = isNegated
        self.entries = entries
    }
}

/// One resource entry; entries with policy variables are compiled after substitution, per request.
public struct ResourceEntry: Sendable {
    public let text: String
    /// The compiled pattern when the entry has no variable (or variables are off for the document's version).
    public let compiled: ARNPattern?
    /// The parsed template when the entry has variables and the document's version substitutes them.
    public let template: VariableTemplate?
    /// Where the entry is written, when parsed from a file.
    public var location: SourceLocation?

    public init(_ text: String, variablesEnabled: Bool, location: SourceLocation? = nil) {
        self.text = text
        self.location = location
        if variablesEnabled, let template = VariableTemplate(text), template.hasVariables {
            self.template = template
            compiled = nil
        } else {
            template = nil
            compiled = ARNPattern(text)
        }
    }
}

import JSON

/// The three answers of AWS's `SimulatePrincipalPolicy` (`EvalDecision`).
public enum EvalDecision: String, Sendable, Hashable, Codable {
    case allowed
    case explicitDeny
    case implicitDeny
}

/// `strict`: a missing key is missing. `discovery`: a condition on a missing key is reported, not failed.
public enum EvaluationMode: String, Sendable, Hashable, Codable, CaseIterable {
    case strict
    case discovery
}

/// Identifies a statement: which policy type, which policy, which statement.
public struct StatementReference: Sendable, Hashable, Codable {
    public var policyType: PolicyType
    /// The policy's index among those of its type (within its level for SCPs and RCPs).
    public var policyIndex: Int
    /// The organization level for SCPs and RCPs (0 = root); `nil` otherwise.
    public var level: Int?
    public var statementIndex: Int
    public var sid: String?
    public var effect: Effect
    /// The policy's source (file path or case description).
    public var source: String
    public var location: SourceLocation?

    enum CodingKeys: String, CodingKey {
        case policyType, policyIndex, level, statementIndex, sid, effect, source, line, column
    }

    public init(
        policyType: PolicyType, policyIndex: Int, level: Int?, statementIndex: Int, sid: String?, effect: Effect,
        source: String, location: SourceLocation?
    ) {
        self.policyType = policyType
        self.policyIndex = policyIndex
        self.level = level
        self.statementIndex = statementIndex
        self.sid = sid
        self.effect = effect
        self.source = source
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policyType = try container.decode(PolicyType.self, forKey: .policyType)
        policyIndex = try container.decode(Int.self, forKey: .policyIndex)
        level = try container.decodeIfPresent(Int.self, forKey: .level)
        statementIndex = try container.decode(Int.self, forKey: .statementIndex)
        sid = try container.decodeIfPresent(String.self, forKey: .sid)
        effect = try container.decode(Effect.self, forKey: .effect)
        source = try container.decodeIfPresent(String.self, forKey: .source) ?? ""
        if let line = try container.decodeIfPresent(Int.self, forKey: .line),
            let column = try container.decodeIfPresent(Int.self, forKey: .column)
        {
            location = SourceLocation(line: line, column: column)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policyType, forKey: .policyType)
        try container.encode(policyIndex, forKey: .policyIndex)
        try container.encodeIfPresent(level, forKey: .level)
        try container.encode(statementIndex, forKey: .statementIndex)
        try container.encode(sid, forKey: .sid)
        try container.encode(effect, forKey: .effect)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(location?.line, forKey: .line)
        try container.encodeIfPresent(location?.column, forKey: .column)
    }

    /// `identity[0] statement 2 (Sid "AllowRead")`.
    public var label: String {
        let levelText = level.map { "[\($0)]" } ?? ""
        let sidText = sid.map { " (Sid \"\($0)\")" } ?? ""
        return "\(policyType.rawValue)\(levelText)[\(policyIndex)] statement \(statementIndex)\(sidText)"
    }
}

/// A condition the decision depends on because its key is unknown (discovery mode).
public struct UnknownCondition: Sendable, Hashable, Codable {
    public enum Requirement: String, Sendable, Hashable, Codable {
        /// An `Allow` needs it to hold.
        case mustHold
        /// A `Deny` would apply if it held.
        case mustNotHold
    }

    public var statement: StatementReference
    /// The operator as written (`StringEquals`, `ForAnyValue:StringLike`…), or `Resource` for a resource entry
    /// whose policy variable is unknown.
    public var conditionOperator: String
    public var key: String
    public var values: [String]
    public var requirement: Requirement

    enum CodingKeys: String, CodingKey {
        case statement, conditionOperator = "operator", key, values, requirement
    }

    public init(
        statement: StatementReference, conditionOperator: String, key: String, values: [String],
        requirement: Requirement
    ) {
        self.statement = statement
        self.conditionOperator = conditionOperator
        self.key = key
        self.values = values
        self.requirement = requirement
    }
}

/// Why a statement did not apply to the request.
public enum StatementMiss: Sendable, Hashable {
    case action
    case resource
    case principal
    /// The first condition that was false: operator, key, the request's values (`nil` when absent).
    case condition(operator: String, key: String, requestValues: [String]?, policyValues: [String])
    /// A policy variable in `Resource` has no value in the request.
    case unresolvedVariable(String)
}

/// A statement that did not apply, and why.
public struct NonMatchingStatement: Sendable, Hashable {
    public var statement: StatementReference
    public var reason: StatementMiss
}

/// The outcome of one authorization request, with everything needed to explain it.
public struct Decision: Sendable, Hashable {
    public var decision: EvalDecision
    /// Explicit deny: the policy types holding an applicable `Deny`. Implicit deny: the gates that failed.
    public var blockedBy: [PolicyType]
    /// Every statement that applied (allows and denies), in evaluation order.
    public var matchedStatements: [StatementReference] {
        get { matched.references }
        set { matched = .listed(newValue) }
    }
    /// The matched statements: as the engine found them (indices into its plan, named when read, so that deciding
    /// copies no statement's names) or as given.
    var matched: MatchedStatements
    /// Context keys the evaluated conditions looked up but the request did not have.
    public var missingContextKeys: [String]
    /// Discovery mode: conditions on unknown keys the decision assumed.
    public var conditions: [UnknownCondition]
    /// Statements that did not apply, with the reason (filled only when explanations are asked for).
    public var nonMatchingStatements: [NonMatchingStatement]
    /// Facts about the evaluation worth telling, e.g. that RCPs do not cover the service (each says itself in
    /// `description`).
    public var notes: [DecisionNote]
    /// The context the engine used: the request's keys plus the ones it filled in.
    public var effectiveContext: RequestContext
    /// The documented rule that decided beyond what the policies say (`ServiceRule`), when one did.
    public var rule: ServiceRule?

    public init(
        decision: EvalDecision, blockedBy: [PolicyType] = [], matchedStatements: [StatementReference] = [],
        missingContextKeys: [String] = [], conditions: [UnknownCondition] = [],
        nonMatchingStatements: [NonMatchingStatement] = [], notes: [DecisionNote] = [],
        effectiveContext: RequestContext = RequestContext(), rule: ServiceRule? = nil
    ) {
        self.decision = decision
        self.blockedBy = blockedBy
        matched = .listed(matchedStatements)
        self.missingContextKeys = missingContextKeys
        self.conditions = conditions
        self.nonMatchingStatements = nonMatchingStatements
        self.notes = notes
        self.effectiveContext = effectiveContext
        self.rule = rule
    }

    /// A decision with the matched statements as the engine keeps them.
    init(
        decision: EvalDecision, blockedBy: [PolicyType], matched: MatchedStatements, missingContextKeys: [String],
        conditions: [UnknownCondition], nonMatchingStatements: [NonMatchingStatement], notes: [DecisionNote],
        effectiveContext: RequestContext, rule: ServiceRule?
    ) {
        self.decision = decision
        self.blockedBy = blockedBy
        self.matched = matched
        self.missingContextKeys = missingContextKeys
        self.conditions = conditions
        self.nonMatchingStatements = nonMatchingStatements
        self.notes = notes
        self.effectiveContext = effectiveContext
        self.rule = rule
    }

    /// Allowed only under conditions on unknown keys.
    public var isConditional: Bool { decision == .allowed && !conditions.isEmpty }
}

/// A decision's matched statements, compared and hashed by the statements they name however they are kept.
enum MatchedStatements: Sendable, Hashable {
    case listed([StatementReference])
    /// Statements of a plan, by their index in `EvaluationPlan.references`.
    case planned(EvaluationPlan, [Int32])

    var references: [StatementReference] {
        switch self {
        case .listed(let references):
            return references
        case .planned(let plan, let indices):
            return indices.map { plan.references[Int($0)] }
        }
    }

    static func == (lhs: MatchedStatements, rhs: MatchedStatements) -> Bool {
        lhs.references == rhs.references
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(references)
    }
}

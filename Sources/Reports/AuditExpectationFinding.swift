import IAMPolicy

/// One principal × operation (or one principal, or the lack of any) that breaks an expectation or leaves it
/// undecided.
public struct AuditExpectationFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `only`: a principal that matches none of the patterns is allowed.
        case allowed
        /// `must`: a principal that matches is denied.
        case denied
        /// The cell that decides is undetermined (its conditions say on what).
        case undetermined
        /// A principal whose policies could not be resolved, which might decide the expectation either way.
        case unresolved
        /// `must`: no audited user or role matches the patterns.
        case noPrincipal
        /// `only`: a principal that matches none of the patterns can act, in one hop of escalation, as a role that is
        /// allowed (or may be) the operation: it breaks the expectation when the hop and the role's cell are both
        /// allowed, else leaves it undetermined.
        case escalation
    }

    public var kind: Kind
    /// The principal's ARN; `nil` for `noPrincipal`.
    public var principal: String?
    /// The audit column; `nil` for `unresolved` and `noPrincipal`.
    public var column: String?
    /// A denied cell's blocking policy types.
    public var blockedBy: [PolicyType]
    /// An undetermined cell's unknown conditions.
    public var conditions: [UnknownCondition]
    /// `escalation`: the escalation that reaches the operation (its path, the role, the hop's verdict) and the role's
    /// verdict for the operation.
    public var escalation: AuditEscalation.Path?
    public var via: String?
    public var hopVerdict: Verdict?
    public var roleVerdict: Verdict?

    public init(
        kind: Kind, principal: String? = nil, column: String? = nil, blockedBy: [PolicyType] = [],
        conditions: [UnknownCondition] = []
    ) {
        self.kind = kind
        self.principal = principal
        self.column = column
        self.blockedBy = blockedBy
        self.conditions = conditions
    }

    /// An `escalation` finding: `principal` reaches `column` through `escalation`.
    public init(escalation: AuditEscalation, column: String, roleVerdict: Verdict) {
        self.init(kind: .escalation, principal: escalation.principal, column: column)
        self.escalation = escalation.path
        via = escalation.reaches
        hopVerdict = escalation.verdict
        self.roleVerdict = roleVerdict
    }

    /// Whether it breaks the expectation for certain (otherwise it leaves it undetermined).
    public var breaks: Bool {
        switch kind {
        case .allowed, .denied, .noPrincipal: return true
        case .undetermined, .unresolved: return false
        case .escalation: return hopVerdict == .allowed && roleVerdict == .allowed
        }
    }

    /// The cell's verdict, for the kinds that are a cell.
    public var verdict: Verdict? {
        switch kind {
        case .allowed: return .allowed
        case .denied: return .denied
        case .undetermined: return .undetermined
        case .escalation: return breaks ? .allowed : .undetermined
        case .unresolved, .noPrincipal: return nil
        }
    }
}

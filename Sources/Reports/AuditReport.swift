import IAMPolicy

/// What `iamgate audit` found: for every user and role of one or more accounts, the verdict of each operation with the
/// evidence `check` gives. Each principal's result is a `CheckReport`, so every sentence and every piece of evidence is
/// the check's own; the audit adds who the principals are, the principals that could not be resolved, and room for
/// what later audits add (escalation paths, expectations).
public struct AuditReport: Sendable {
    /// The StackQL resource the operations are on.
    public var resource: String
    public var source: CheckSource
    public var mode: EvaluationMode
    /// One line per input, in the order read: each authorization-details file (or account fetch), the organization
    /// levels, the resource, the operations or SQL, the region, the principal patterns.
    public var inputs: [String]
    /// The operations every principal was checked for (column titles), in plan order: `get_resource`, or
    /// `create_resource @ deploy.iql:3` for a statement.
    public var columns: [String]
    /// Every user and role, ordered by account, then users before roles, then ARN.
    public var principals: [AuditedPrincipal]
    /// Principals whose policies could not be resolved, in the same order: never dropped silently.
    public var errors: [AuditError]
    /// Privilege-escalation paths (a later audit fills them; empty for now).
    public var escalations: [AuditEscalation]
    /// What the report says once, for every principal (e.g. discovery mode's unknown context).
    public var notes: [String]

    public init(
        resource: String, source: CheckSource, mode: EvaluationMode, inputs: [String], columns: [String],
        principals: [AuditedPrincipal], errors: [AuditError], escalations: [AuditEscalation] = [],
        notes: [String] = []
    ) {
        self.resource = resource
        self.source = source
        self.mode = mode
        self.inputs = inputs
        self.columns = columns
        self.principals = principals
        self.errors = errors
        self.escalations = escalations
        self.notes = notes
    }

    /// The accounts the principals and errors belong to, in report order.
    public var accounts: [String] {
        var seen: Set<String> = []
        return (principals.map(\.account) + errors.map(\.account)).filter { seen.insert($0).inserted }
    }

    /// Per column, how many principals are allowed, denied and undetermined.
    public var totals: [AuditTotal] {
        columns.indices.map { column in
            var total = AuditTotal(column: columns[column])
            for principal in principals where column < principal.check.operations.count {
                switch principal.check.operations[column].verdict {
                case .allowed: total.allowed += 1
                case .denied: total.denied += 1
                case .undetermined: total.undetermined += 1
                }
            }
            return total
        }
    }
}

/// A user or a role; groups are reported through their members.
public enum AuditPrincipalType: String, Sendable, Hashable, CaseIterable {
    case user
    case role
}

/// One user or role and what it may do: the check of its policies, operation by operation.
public struct AuditedPrincipal: Sendable {
    public var type: AuditPrincipalType
    public var account: String
    /// The user or role name (without its path).
    public var name: String
    /// A user's groups, whose policies its check includes; empty for a role.
    public var groups: [String]
    /// The check of this principal: its ARN (`principal`), its operations with their evidence, the policies that
    /// govern it (`policySummary`).
    public var check: CheckReport
    /// The name of each identity-based policy, in `identity[i]` order (`managed policy arn:… v2 (default)`,
    /// `inline policy 'x' (role)`, `group 'g' inline policy 'y'`).
    public var identityPolicyNames: [String]
    /// The permissions boundary's name, if it has one.
    public var boundaryName: String?

    public init(
        type: AuditPrincipalType, account: String, name: String, groups: [String], check: CheckReport,
        identityPolicyNames: [String] = [], boundaryName: String? = nil
    ) {
        self.type = type
        self.account = account
        self.name = name
        self.groups = groups
        self.check = check
        self.identityPolicyNames = identityPolicyNames
        self.boundaryName = boundaryName
    }

    /// The policy a statement of this principal's decisions is in: its name for identity policies and the boundary,
    /// else its type, level and file (`scp level 0: scp.json`).
    public func policy(of statement: StatementReference) -> String {
        switch statement.policyType {
        case .identity where statement.policyIndex < identityPolicyNames.count:
            return identityPolicyNames[statement.policyIndex]
        case .permissionsBoundary where boundaryName != nil:
            return boundaryName ?? ""
        default:
            let level = statement.level.map { " level \($0)" } ?? ""
            return "\(statement.policyType.rawValue)\(level) \(statement.source)"
        }
    }

    /// The principal's ARN.
    public var arn: String { check.principal }

    /// `user/engineering/alice`, `role/ci`: the ARN after the account, as the matrix names principals.
    public var shortName: String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[5]) : arn
    }
}

/// A principal whose policies could not be resolved (a missing managed policy or group, a policy with errors): its
/// permissions are unknown, so it is listed, with why, and the audit does not exit 0.
public struct AuditError: Sendable, Hashable {
    public var principal: String
    public var type: AuditPrincipalType
    public var account: String
    /// One sentence naming the file and the missing or broken record.
    public var message: String

    public init(principal: String, type: AuditPrincipalType, account: String, message: String) {
        self.principal = principal
        self.type = type
        self.account = account
        self.message = message
    }
}

/// A path by which a principal can gain another's permissions (filled by a later audit; the report keeps its place).
public struct AuditEscalation: Sendable, Hashable {
    public var principal: String
    /// What the path leads to, e.g. a role's ARN.
    public var reaches: String
    /// The steps, in words.
    public var steps: [String]

    public init(principal: String, reaches: String, steps: [String]) {
        self.principal = principal
        self.reaches = reaches
        self.steps = steps
    }
}

/// One column's tally.
public struct AuditTotal: Sendable, Hashable {
    public var column: String
    public var allowed = 0
    public var denied = 0
    public var undetermined = 0

    public init(column: String) {
        self.column = column
    }
}

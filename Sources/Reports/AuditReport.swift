import Catalog
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
    /// One hop of escalation: each way a principal can act with a role's permissions that it does not have itself
    /// (`AuditEscalation`), in principal order; reported apart from what each may do directly.
    public var escalations: [AuditEscalation]
    /// What the report says once, for every principal (e.g. discovery mode's unknown context).
    public var notes: [ReportNote]
    /// How many of the first `inputs` describe the accounts read (one per authorization-details file or account
    /// fetch); the others apply to every account. `audit merge` concatenates the first kind and keeps one of the other.
    public var accountInputs = 0
    /// `--from-organization`: the audited account's SCPs and RCPs as read from AWS Organizations, or why they are not
    /// known (then every allow is undetermined).
    public var organization: OrganizationPolicies?
    /// What each expectation of `--expectations FILE` found, in file order; empty without one.
    public var expectations: [AuditExpectationResult] = []
    /// The day expiries were judged on (`--as-of`, else today in UTC); `nil` without expectations.
    public var expectationsAsOf: CalendarDate?

    public init(
        resource: String, source: CheckSource, mode: EvaluationMode, inputs: [String], columns: [String],
        principals: [AuditedPrincipal], errors: [AuditError], escalations: [AuditEscalation] = [],
        notes: [ReportNote] = [], organization: OrganizationPolicies? = nil
    ) {
        self.organization = organization
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
            for principal in principals where column < principal.cells.count {
                switch principal.cells[column].verdict {
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

/// One user or role and what it may do. An audit keeps thousands of them, so each keeps only its verdicts and each
/// request's evidence; the requests themselves are the account's plan's (`AuditPlan`, shared), and `check` puts the
/// two together into the check report of this principal whenever a renderer asks.
public struct AuditedPrincipal: Sendable {
    public var type: AuditPrincipalType
    public var account: String
    /// The user or role name (without its path).
    public var name: String
    /// The principal's ARN.
    public var arn: String
    /// A user's groups, whose policies its check includes; empty for a role.
    public var groups: [String]
    /// What the report says about its policies beyond their names: the organization's levels (shared by every
    /// principal) and, when it has no identity-based policy, that nothing is allowed.
    public var otherPolicyLines: [PolicyLine]
    /// Each identity-based policy, in `identity[i]` order (a managed policy at its version, an inline policy of the
    /// principal or of one of its groups).
    public var identityPolicyLines: [PolicyLine]
    /// The permissions boundary, if it has one.
    public var boundaryLine: PolicyLine?
    /// One cell per operation of the plan, in plan order.
    public var cells: [AuditCell]
    /// The operations and requests of the principal's account.
    public var plan: AuditPlan

    public init(
        type: AuditPrincipalType, account: String, name: String, arn: String, groups: [String],
        identityPolicyLines: [PolicyLine] = [], boundaryLine: PolicyLine? = nil, otherPolicyLines: [PolicyLine] = [],
        cells: [AuditCell], plan: AuditPlan
    ) {
        self.type = type
        self.account = account
        self.name = name
        self.arn = arn
        self.groups = groups
        self.otherPolicyLines = otherPolicyLines
        self.identityPolicyLines = identityPolicyLines
        self.boundaryLine = boundaryLine
        self.cells = cells
        self.plan = plan
    }

    /// The policies that govern it, one line each, as the check report lists them (`policySummary`): the identity
    /// policies, the boundary, then the rest.
    public var policySummary: [PolicyLine] {
        identityPolicyLines + (boundaryLine.map { [$0] } ?? []) + otherPolicyLines
    }

    /// `user/engineering/alice`, `role/ci`: the ARN after the account, as the matrix names principals.
    public var shortName: String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[5]) : arn
    }

    /// The check of this principal, as `check --authorization-details` reports it: its operations with every request's
    /// decision and evidence, and the policies that govern it.
    ///
    /// Each evaluated request's `authorization` names the principal, the action and the resource; the context it was
    /// asked with is not kept.
    public var check: CheckReport {
        // The ARN came from a parsed principal, so it parses again.
        let principal = try? Principal.parse(arn).get()
        var named: AuthorizationRequest?
        func authorization(_ operation: Int, _ index: Int, _ request: RequiredRequest) -> AuthorizationRequest? {
            guard let principal else { return nil }
            guard operation < plan.named.count, index < plan.named[operation].count else {
                return AuthorizationRequest(
                    principal: principal, action: request.action, resource: request.resource.description)
            }
            var made = plan.named[operation][index]
            // Every named request has the same empty context: what derives from it and the principal is derived once.
            made.reassign(principal: principal, context: AuditPlan.noContext, sharingWith: named)
            named = named ?? made
            return made
        }
        let operations = zip(plan.operations, cells).enumerated().map { position, pair in
            let (planned, cell) = pair
            var operation = planned.result
            operation.verdict = cell.verdict
            operation.requests = zip(planned.requests, cell.requests).enumerated().map { index, pair in
                let (request, kept) = pair
                return RequestOutcome(
                    request: request,
                    authorization: kept.decision == nil ? nil : authorization(position, index, request),
                    decision: kept.decision, verdict: kept.verdict, evidence: kept.evidence)
            }
            return operation
        }
        return CheckReport(
            principal: arn, resource: plan.resource, source: .local, mode: plan.mode, operations: operations,
            policySummary: policySummary, notes: [])
    }

    /// The policy a statement of this principal's decisions is in: its name for identity policies and the boundary,
    /// else its type, level and file (`scp level 0 scp.json`).
    public func policy(of statement: StatementReference) -> String {
        switch statement.policyType {
        case .identity where statement.policyIndex < identityPolicyLines.count:
            return ReportSentences.policyLine(identityPolicyLines[statement.policyIndex])
        case .permissionsBoundary:
            if let boundaryLine { return ReportSentences.policyLine(boundaryLine) }
            fallthrough
        default:
            let level = statement.level.map { " level \($0)" } ?? ""
            return "\(statement.policyType.rawValue)\(level) \(statement.source)"
        }
    }
}

/// The operations every principal of an account is checked for, with the requests each makes: one per account,
/// shared by reference by all its principals.
public final class AuditPlan: Sendable {
    /// One operation: its result without verdict or requests (name, SQL verb, statement, resource), and its requests.
    public struct Operation: Sendable {
        public var result: OperationResult
        public var requests: [RequiredRequest]

        public init(result: OperationResult, requests: [RequiredRequest]) {
            self.result = result
            self.requests = requests
        }
    }

    /// The report's `resource`.
    public let resource: String
    public let mode: EvaluationMode
    public let operations: [Operation]
    /// Each request named as a principal of the account asks it (no context), for `AuditedPrincipal.check` to
    /// reassign; empty when no principal was given.
    let named: [[AuthorizationRequest]]

    /// `principal`: any principal of the account, so that each principal's check only renews what depends on who
    /// asks.
    public init(resource: String, mode: EvaluationMode, operations: [Operation], principal: Principal? = nil) {
        self.resource = resource
        self.mode = mode
        self.operations = operations
        named =
            principal.map { principal in
                operations.map { operation in
                    operation.requests.map {
                        AuthorizationRequest(
                            principal: principal, action: $0.action, resource: $0.resource.description,
                            context: Self.noContext)
                    }
                }
            } ?? []
    }

    /// The one empty context every named request carries.
    static let noContext = RequestContext()
}

/// One principal × operation: the verdict, and what decided each of the operation's requests.
public struct AuditCell: Sendable, Hashable {
    public var verdict: Verdict
    /// In the plan's request order.
    public var requests: [AuditedRequest]

    public init(verdict: Verdict, requests: [AuditedRequest]) {
        self.verdict = verdict
        self.requests = requests
    }
}

/// What an audit keeps of one request's outcome: its verdict, its evidence and the engine's decision, cut to what the
/// audit's reports read: of the statements that did not apply, only the near misses the evidence names (an implicit
/// deny with none names no statement); no context; no plan. A reference, so that the many principals with the same
/// outcome for a request can share one.
public final class AuditedRequest: Sendable, Hashable {
    public let verdict: Verdict?
    public let evidence: VerdictEvidence
    public let decision: Decision?

    public init(_ outcome: RequestOutcome) {
        verdict = outcome.verdict
        evidence = outcome.evidence
        guard var decision = outcome.decision else {
            decision = nil
            return
        }
        decision.nonMatchingStatements = ReportEvidence.nearMisses(decision)
        decision.matchedStatements = decision.matchedStatements
        decision.effectiveContext = Self.emptyContext
        self.decision = decision
    }

    /// A request kept as given (its decision already cut).
    public init(verdict: Verdict?, evidence: VerdictEvidence, decision: Decision?) {
        self.verdict = verdict
        self.evidence = evidence
        self.decision = decision
    }

    public static func == (lhs: AuditedRequest, rhs: AuditedRequest) -> Bool {
        lhs === rhs || (lhs.verdict == rhs.verdict && lhs.evidence == rhs.evidence && lhs.decision == rhs.decision)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(verdict)
        hasher.combine(evidence)
        hasher.combine(decision)
    }

    /// One empty context for every decision kept.
    private static let emptyContext = RequestContext()
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

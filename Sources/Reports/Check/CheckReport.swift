import Catalog
import IAMPolicy
import JSON

/// Where the decisions came from.
public enum CheckSource: String, Sendable, Hashable {
    case local
    case live
    case compare
}

/// An operation's verdict (DESIGN.md): every required request allowed; any denied; or allowed only under conditions
/// nobody can check beforehand.
public enum Verdict: String, Sendable, Hashable, Comparable {
    case allowed
    case undetermined
    case denied

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        let order: [Verdict] = [.allowed, .undetermined, .denied]
        return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
    }
}

/// The SQL statement an operation was checked for.
public struct StatementOrigin: Sendable, Hashable {
    /// The file, or `--sql`.
    public var source: String
    public var location: SourceLocation
    public var text: String
    /// A statement of a stackql-deploy project (`check --manifest`): its resource, anchor and when it runs.
    public var deployment: DeploymentStep?

    public init(source: String, location: SourceLocation, text: String, deployment: DeploymentStep? = nil) {
        self.source = source
        self.location = location
        self.text = text
        self.deployment = deployment
    }

    /// `resources/image.iql:12`, and for a stackql-deploy statement its resource and anchor: `… (image.create)`.
    public var place: String {
        let place = "\(source):\(location.line)"
        guard let deployment else { return place }
        return "\(place) (\(deployment.resource).\(deployment.anchor))"
    }
}

/// One request of an operation, with the engine's decision.
public struct RequestOutcome: Sendable {
    public var request: RequiredRequest
    /// The request as evaluated; `nil` when the statement does not make it.
    public var authorization: AuthorizationRequest?
    public var decision: Decision?
    /// What this request contributes to the verdict.
    public var verdict: Verdict?
    /// Why this request is allowed, denied or undetermined; `ReportSentences` says it in words.
    public var evidence: VerdictEvidence
    /// AWS's answer (`--live`, `--compare`).
    public var live: LiveDecision?
    /// `--compare`: the local engine's decision for exactly what AWS was asked, and whether the two agree.
    public var comparison: Comparison?

    public init(
        request: RequiredRequest, authorization: AuthorizationRequest?, decision: Decision?, verdict: Verdict?,
        evidence: VerdictEvidence, live: LiveDecision? = nil, comparison: Comparison? = nil
    ) {
        self.request = request
        self.authorization = authorization
        self.decision = decision
        self.verdict = verdict
        self.evidence = evidence
        self.live = live
        self.comparison = comparison
    }
}

/// The local engine and AWS's simulator on the same question: the same principal (a session's role, as AWS
/// simulates it), action, resource text and context, in strict mode (the simulator treats a missing key as absent).
public struct Comparison: Sendable {
    /// What the local engine was asked.
    public var authorization: AuthorizationRequest
    public var local: Decision
    /// `local.decision` equals AWS's `EvalDecision`.
    public var agree: Bool

    public init(authorization: AuthorizationRequest, local: Decision, agree: Bool) {
        self.authorization = authorization
        self.local = local
        self.agree = agree
    }
}

/// One operation's result.
public struct OperationResult: Sendable {
    /// The catalog method name (`create_resource`).
    public var operation: String
    /// The StackQL resource, when a report covers several (`check --manifest`); `nil`: the report's `resource`.
    public var resource: String?
    public var sqlVerb: String
    public var statement: StatementOrigin?
    public var verdict: Verdict
    /// Its requests' outcomes; `ReportSentences.reasons` says why a verdict is not allowed.
    public var requests: [RequestOutcome]

    public init(
        operation: String, sqlVerb: String, statement: StatementOrigin?, verdict: Verdict, requests: [RequestOutcome]
    ) {
        self.operation = operation
        self.resource = nil
        self.sqlVerb = sqlVerb
        self.statement = statement
        self.verdict = verdict
        self.requests = requests
    }
}

/// What `iamgate check` found (the check-report contract of DESIGN.md).
public struct CheckReport: Sendable {
    public var principal: String
    public var resource: String
    public var source: CheckSource
    public var mode: EvaluationMode
    public var operations: [OperationResult]
    /// Which policies governed the principal (files or authorization-details entries), and what AWS simulated.
    public var policySummary: [PolicyLine]
    /// What the report must say about how its decisions were reached.
    public var notes: [ReportNote]
    /// Live modes: the AWS calls made.
    public var statistics: CallStatistics?
    /// `--from-organization`: the organization's SCPs and RCPs for the principal's account, or why they are not known.
    public var organization: OrganizationPolicies?

    public init(
        principal: String, resource: String, source: CheckSource, mode: EvaluationMode, operations: [OperationResult],
        policySummary: [PolicyLine], notes: [ReportNote], statistics: CallStatistics? = nil
    ) {
        self.principal = principal
        self.resource = resource
        self.source = source
        self.mode = mode
        self.operations = operations
        self.policySummary = policySummary
        self.notes = notes
        self.statistics = statistics
    }

    /// `--compare`: the requests where the local engine and AWS disagree.
    public var disagreements: [RequestOutcome] {
        operations.flatMap(\.requests).filter { $0.comparison?.agree == false }
    }

    /// The worst verdict.
    public var overall: Verdict {
        operations.map(\.verdict).max() ?? .allowed
    }
}

/// The policy types AWS combines (`reference_policies_evaluation-logic.md`), named as reports name them.
public enum PolicyType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case scp
    case rcp
    case endpoint
    case resource
    case identity
    case permissionsBoundary
    case session

    public static func < (lhs: PolicyType, rhs: PolicyType) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// A readable name for explanations.
    public var displayName: String {
        switch self {
        case .scp: return "service control policy"
        case .rcp: return "resource control policy"
        case .endpoint: return "VPC endpoint policy"
        case .resource: return "resource-based policy"
        case .identity: return "identity-based policy"
        case .permissionsBoundary: return "permissions boundary"
        case .session: return "session policy"
        }
    }
}

/// Everything that governs one request: the principal's policies and the resource's.
public struct PolicySet: Sendable {
    /// Inline, managed and group policies alike.
    public var identity: [PolicyDocument] { didSet { plan = EvaluationPlan(self) } }
    public var permissionsBoundary: PolicyDocument? { didSet { plan = EvaluationPlan(self) } }
    public var session: PolicyDocument? { didSet { plan = EvaluationPlan(self) } }
    public var resource: PolicyDocument? { didSet { plan = EvaluationPlan(self) } }
    public var endpoint: PolicyDocument? { didSet { plan = EvaluationPlan(self) } }
    /// SCPs of the principal's account, one array per organization level, root first; `nil` = no organization.
    public var scps: [[PolicyDocument]]? { didSet { plan = EvaluationPlan(self) } }
    /// RCPs of the resource's account, one array per level, root first; `nil` = no organization. Each level also
    /// carries AWS's implicit `RCPFullAWSAccess`.
    public var rcps: [[PolicyDocument]]? { didSet { plan = EvaluationPlan(self) } }
    /// Whether `resource` is a role's trust policy (`reference_policies_elements_principal.md`: "the IAM
    /// resource-based policy type is a role trust policy"): it then decides who may assume the role and grants
    /// nothing else (`docs/evaluation.md` §4.4).
    public var resourceIsTrustPolicy: Bool
    /// The policies compiled for the engine, rebuilt whenever one of them changes, so that every evaluation
    /// against the set reuses it.
    private(set) var plan: EvaluationPlan

    public init(
        identity: [PolicyDocument] = [], permissionsBoundary: PolicyDocument? = nil, session: PolicyDocument? = nil,
        resource: PolicyDocument? = nil, endpoint: PolicyDocument? = nil, scps: [[PolicyDocument]]? = nil,
        rcps: [[PolicyDocument]]? = nil, resourceIsTrustPolicy: Bool = false
    ) {
        self.resourceIsTrustPolicy = resourceIsTrustPolicy
        self.identity = identity
        self.permissionsBoundary = permissionsBoundary
        self.session = session
        self.resource = resource
        self.endpoint = endpoint
        self.scps = scps
        self.rcps = rcps
        plan = EvaluationPlan(
            identity: identity, permissionsBoundary: permissionsBoundary, session: session, resource: resource,
            endpoint: endpoint, scps: scps, rcps: rcps)
    }
}

extension PolicySet {
    /// The same policies with a plan that compiles nothing, so that the engine decides every statement with its
    /// general checks: the reference the compiled plan is tested against.
    var withReferencePlan: PolicySet {
        var set = self
        set.plan = EvaluationPlan(set, compiles: false)
        return set
    }
}

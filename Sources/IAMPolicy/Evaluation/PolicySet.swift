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
    public var identity: [PolicyDocument]
    public var permissionsBoundary: PolicyDocument?
    public var session: PolicyDocument?
    public var resource: PolicyDocument?
    public var endpoint: PolicyDocument?
    /// SCPs of the principal's account, one array per organization level, root first; `nil` = no organization.
    public var scps: [[PolicyDocument]]?
    /// RCPs of the resource's account, one array per level, root first; `nil` = no organization. Each level also
    /// carries AWS's implicit `RCPFullAWSAccess`.
    public var rcps: [[PolicyDocument]]?

    public init(
        identity: [PolicyDocument] = [], permissionsBoundary: PolicyDocument? = nil, session: PolicyDocument? = nil,
        resource: PolicyDocument? = nil, endpoint: PolicyDocument? = nil, scps: [[PolicyDocument]]? = nil,
        rcps: [[PolicyDocument]]? = nil
    ) {
        self.identity = identity
        self.permissionsBoundary = permissionsBoundary
        self.session = session
        self.resource = resource
        self.endpoint = endpoint
        self.scps = scps
        self.rcps = rcps
    }
}

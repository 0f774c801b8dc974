import AWSServices
import IAMPolicy

/// One request as iamgate asks AWS's policy simulator about it: the action, the resource ARN sent (unknown parts of
/// a partly known ARN become `*`) and the context entries sent.
public struct SimulatedRequest: Sendable, Hashable {
    public var action: String
    public var resource: String
    public var context: [ContextEntry]

    public init(action: String, resource: String, context: [ContextEntry]) {
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// AWS's answer for one request (`SimulatePrincipalPolicy`).
public struct LiveDecision: Sendable, Hashable {
    /// `EvalDecision` as AWS sent it.
    public var rawDecision: String
    /// The decision when AWS sent one of the three documented values, `nil` otherwise.
    public var decision: EvalDecision?
    public var matchedStatements: [MatchedStatement]
    public var missingContextValues: [String]
    /// `OrganizationsDecisionDetail`: `false` when the organization's SCPs block the request.
    public var allowedByOrganizations: Bool?
    /// `PermissionsBoundaryDecisionDetail`: `false` when the permissions boundary blocks the request.
    public var allowedByPermissionsBoundary: Bool?
    public var decisionDetails: [String: String]
    /// What was sent.
    public var simulated: SimulatedRequest

    public init(
        rawDecision: String, decision: EvalDecision?, matchedStatements: [MatchedStatement],
        missingContextValues: [String], allowedByOrganizations: Bool?, allowedByPermissionsBoundary: Bool?,
        decisionDetails: [String: String], simulated: SimulatedRequest
    ) {
        self.rawDecision = rawDecision
        self.decision = decision
        self.matchedStatements = matchedStatements
        self.missingContextValues = missingContextValues
        self.allowedByOrganizations = allowedByOrganizations
        self.allowedByPermissionsBoundary = allowedByPermissionsBoundary
        self.decisionDetails = decisionDetails
        self.simulated = simulated
    }

    /// `user-managed ImageBuilderRead line 3:17`.
    static func label(_ statement: MatchedStatement) -> String {
        var parts: [String] = []
        if let type = statement.sourcePolicyType, !type.isEmpty { parts.append(type) }
        parts.append(statement.sourcePolicyId ?? "(unnamed policy)")
        if let start = statement.startPosition { parts.append("line \(start.line):\(start.column)") }
        return parts.joined(separator: " ")
    }

    /// One sentence: AWS's decision and what it rests on.
    public var explanation: String {
        let allows = matchedStatements.map(Self.label)
        var text: String
        switch decision {
        case .allowed:
            text = "AWS allows it" + (allows.isEmpty ? "" : " (matched: \(allows.joined(separator: "; ")))")
        case .explicitDeny:
            text =
                "AWS denies it explicitly"
                + (allows.isEmpty ? "" : " (matched: \(allows.joined(separator: "; ")))")
        case .implicitDeny:
            text = "AWS denies it implicitly"
            var blockers: [String] = []
            if allowedByOrganizations == false { blockers.append("the organization's SCPs do not allow it") }
            if allowedByPermissionsBoundary == false { blockers.append("the permissions boundary does not allow it") }
            text += blockers.isEmpty ? " (no statement allows it)" : " (\(blockers.joined(separator: "; ")))"
        case nil:
            text = "AWS answered '\(rawDecision)', which iamgate does not know"
        }
        if !missingContextValues.isEmpty {
            text += "; AWS treated as absent: \(missingContextValues.joined(separator: ", "))"
        }
        return text
    }
}

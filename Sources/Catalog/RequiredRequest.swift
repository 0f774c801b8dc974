import IAMPolicy

/// Why a request is part of an operation.
public enum RequestRole: String, Sendable, Hashable, Codable {
    /// The Cloud Control API call StackQL makes (`cloudformation:CreateResource`…).
    case cloudControl
    /// Following a mutation to completion (`cloudformation:GetResourceRequestStatus`).
    case followUp
    /// A permission the resource's CloudFormation handler documents, made with the caller's credentials.
    case handler
}

/// How much an operation depends on a request.
public enum Necessity: Sendable, Hashable {
    /// The operation fails without it.
    case required
    /// Needed only in a situation iamgate cannot see (e.g. the service-linked role does not exist yet); if denied,
    /// the operation is undetermined rather than denied.
    case situational(Situation)
    /// Not made for this statement (e.g. no `ExecutionRole`, so no `iam:PassRole`); reported, not evaluated.
    case notNeeded(NotNeededReason)

    /// Why the request is not made, when it is not; `nil` when it is (always, or in a situation).
    public var notNeededReason: NotNeededReason? {
        if case .notNeeded(let why) = self { return why }
        return nil
    }
}

/// One authorization request an operation makes, as far as it is known before anything runs.
public struct RequiredRequest: Sendable, Hashable {
    public var action: String
    /// The resource: known in full, or an ARN with unknown parts (`${ImageName}`, a `{{ role }}` nobody gave).
    public var resource: PartialValue
    /// Context values known for this request.
    public var context: [String: ContextValue]
    /// Keys known to be absent from the real request (`aws:RequestTag/*` when the statement sets no tags). Other
    /// absent keys are unknown. Lowercased; a trailing `*` covers a prefix.
    public var knownAbsentKeys: [String]
    /// The service-specific condition keys the action supports; other service keys are known to be absent.
    public var applicableServiceKeys: [String]?
    public var role: RequestRole
    public var necessity: Necessity
    /// Why the request is made: a handler permission and the statement value it was built from, the Cloud Control
    /// call… (`ReportSentences.requestReason` says it: "create handler permission; ImageRecipeArn from the statement").
    public var reason: RequestReason

    public init(
        action: String, resource: PartialValue, context: [String: ContextValue] = [:],
        knownAbsentKeys: [String] = [], role: RequestRole, necessity: Necessity = .required, reason: RequestReason
    ) {
        self.action = action
        self.resource = resource
        self.context = context
        self.knownAbsentKeys = knownAbsentKeys
        self.role = role
        self.necessity = necessity
        self.reason = reason
    }
}

import AWSCore

/// A policy as `ListPoliciesForTarget` lists it (the model's `PolicySummary`): who it is, not what it says
/// (``OrganizationPolicy`` has its content).
public struct OrganizationPolicySummary: Sendable, Hashable {
    /// `Id`, for example `p-FullAWSAccess` or `p-examplepolicyid111`.
    public var id: String
    /// `Arn`.
    public var arn: String?
    /// `Name`.
    public var name: String?
    /// `Description`.
    public var description: String?
    /// `Type`.
    public var type: OrganizationPolicyType?
    /// `AwsManaged`: an AWS managed policy (`FullAWSAccess`, `RCPFullAWSAccess`).
    public var awsManaged: Bool

    public init(
        id: String, arn: String? = nil, name: String? = nil, description: String? = nil,
        type: OrganizationPolicyType? = nil, awsManaged: Bool = false
    ) {
        self.id = id
        self.arn = arn
        self.name = name
        self.description = description
        self.type = type
        self.awsManaged = awsManaged
    }

    /// Reads a `PolicySummary` object; `Id` must be there (the policy is fetched by it).
    init(_ object: JSONResponseObject) throws(AWSServiceError) {
        self.init(
            id: try object.requiredString("Id"), arn: try object.string("Arn"), name: try object.string("Name"),
            description: try object.string("Description"),
            type: try object.string("Type").map(OrganizationPolicyType.init(rawValue:)),
            awsManaged: try object.bool("AwsManaged") ?? false)
    }
}

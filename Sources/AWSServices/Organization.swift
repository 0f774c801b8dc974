import AWSCore

/// An organization as `DescribeOrganization` describes it (the model's `Organization`), less the deprecated
/// `AvailablePolicyTypes`: which policy types are enabled is the root's to say (``OrganizationRoot/policyTypes``).
public struct Organization: Sendable, Hashable {
    /// `Id`, for example `o-exampleorgid`.
    public var id: String
    /// `Arn`.
    public var arn: String?
    /// `FeatureSet`: `ALL`, or `CONSOLIDATED_BILLING` (no policies can be attached).
    public var featureSet: String?
    /// `MasterAccountId`: the management account, which SCPs do not restrict.
    public var managementAccountId: String
    /// `MasterAccountArn`.
    public var managementAccountArn: String?

    public init(
        id: String, arn: String? = nil, featureSet: String? = nil, managementAccountId: String,
        managementAccountArn: String? = nil
    ) {
        self.id = id
        self.arn = arn
        self.featureSet = featureSet
        self.managementAccountId = managementAccountId
        self.managementAccountArn = managementAccountArn
    }

    /// Reads an `Organization` object; `Id` and `MasterAccountId` must be there (without them nobody can tell whose
    /// organization it is, or whether an account is its management account).
    init(_ object: JSONResponseObject) throws(AWSServiceError) {
        self.init(
            id: try object.requiredString("Id"), arn: try object.string("Arn"),
            featureSet: try object.string("FeatureSet"),
            managementAccountId: try object.requiredString("MasterAccountId"),
            managementAccountArn: try object.string("MasterAccountArn"))
    }
}

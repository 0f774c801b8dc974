/// Everything `iamgate policy` was asked: which operations or statements the policy must allow, and what is known
/// about where they run.
public struct LeastPrivilegeOptions: Sendable {
    /// Catalog method names (`create_resource`…); with SQL, only the statements that run one of them.
    public var operations: [String] = []
    public var sql: String?
    public var sqlFile: String?
    /// The region, when the statement does not say; unknown regions become `*`.
    public var region: String?
    /// The account that owns the resources; unknown accounts become `*`.
    public var account: String?
    /// `name=value` template variables.
    public var variables: [String] = []
    public var resource = "awscc.imagebuilder.images"
    public var catalogDirectory: String?

    public init() {}
}

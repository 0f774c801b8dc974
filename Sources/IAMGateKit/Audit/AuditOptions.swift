/// Everything `iamgate audit` was asked.
public struct AuditOptions: Sendable {
    /// Authorization-details files (`aws iam get-account-authorization-details`), one per account.
    public var authorizationDetails: [String] = []
    /// One entry per organization level, root first; an entry may list several files separated by commas. The same
    /// levels govern every account audited.
    public var scps: [String] = []
    public var rcps: [String] = []
    public var resource = "awscc.imagebuilder.images"
    /// Catalog method names; empty means every method of the resource.
    public var operations: [String] = []
    public var sql: String?
    public var sqlFile: String?
    /// `name=value` template variables.
    public var variables: [String] = []
    public var region: String?
    /// `KEY=VALUE` context entries; a value in `[a,b]` form is a set.
    public var context: [String] = []
    /// Which users and roles: patterns matched against the ARN, the name, or the ARN's `user/…` / `role/…` part, with
    /// `*` for any run of characters and `?` for one; empty means every user and role.
    public var principalPatterns: [String] = []
    public var catalogDirectory: String?
    /// Strict mode: absent context keys are absent instead of unknown.
    public var strict = false
    /// `--from-organization` (with `--from-account`): the audited account's SCPs and RCPs read from AWS Organizations,
    /// with the caller's credentials or those of `organizationProfile`.
    public var fromOrganization = false
    public var organizationProfile: String?
    /// How many threads check principals; `nil`: one per core.
    public var threads: Int?
    /// An expectations file (YAML) whose expectations the report judges as held, broken or undetermined.
    public var expectationsFile: String?
    /// The day expectations' expiries are judged on (`YYYY-MM-DD`); `nil`: today in UTC.
    public var asOf: String?
    /// Look for one hop of escalation (`EscalationSearch`); `--no-escalations` turns it off.
    public var escalations = true

    public init() {}
}

/// What `iamgate whoami` shows: the caller, the principal iamgate checks for it, and where the credentials and settings
/// came from. Data only: IAMGateKit fills it (`WhoAmIReport.run`); `WhoAmIText` and `WhoAmIJSON` render it.
public struct WhoAmIReport: Sendable, Hashable {
    /// `GetCallerIdentity`'s account.
    public var account: String
    /// `GetCallerIdentity`'s ARN: the caller (a session, for assumed-role credentials).
    public var arn: String
    /// `GetCallerIdentity`'s user id.
    public var userId: String
    /// The user or role whose policies govern the caller: the caller's ARN, or for an assumed-role session its role.
    public var principal: String
    /// Something the user should know about the mapping (e.g. the role's path could not be read).
    public var note: ReportNote?
    /// Where the credentials came from (`environment`, a profile, `credential_process`…).
    public var credentialSource: String
    /// The access key id shortened as `AKIA…XYZ1`.
    public var accessKey: String
    /// The credentials carry a session token.
    public var temporary: Bool
    public var profile: String
    /// The profile was named with `--profile`.
    public var profileIsExplicit: Bool
    public var region: String?
    public var stsEndpoint: String
    public var iamEndpoint: String

    public init(
        account: String, arn: String, userId: String, principal: String, note: ReportNote?, credentialSource: String,
        accessKey: String, temporary: Bool, profile: String, profileIsExplicit: Bool, region: String?,
        stsEndpoint: String, iamEndpoint: String
    ) {
        self.account = account
        self.arn = arn
        self.userId = userId
        self.principal = principal
        self.note = note
        self.credentialSource = credentialSource
        self.accessKey = accessKey
        self.temporary = temporary
        self.profile = profile
        self.profileIsExplicit = profileIsExplicit
        self.region = region
        self.stsEndpoint = stsEndpoint
        self.iamEndpoint = iamEndpoint
    }
}

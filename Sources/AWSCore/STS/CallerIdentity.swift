/// Who the credentials belong to (`GetCallerIdentity`).
public struct CallerIdentity: Sendable, Hashable {
    /// `Account`: the 12-digit account id.
    public var account: String
    /// `Arn`: a user, an assumed-role session (`arn:aws:sts::…:assumed-role/R/S`), a federated user or the root.
    public var arn: String
    /// `UserId`.
    public var userId: String

    public init(account: String, arn: String, userId: String) {
        self.account = account
        self.arn = arn
        self.userId = userId
    }
}

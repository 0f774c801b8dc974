/// How `iamgate check` reaches its decisions.
public enum CheckMode: Sendable, Hashable {
    /// The local engine on policy files or an authorization-details file.
    case offline
    /// The local engine on the principal's policies fetched with `GetAccountAuthorizationDetails`.
    case fromAccount
    /// AWS's `SimulatePrincipalPolicy`.
    case live
    /// Both, side by side.
    case compare
}

/// Something a check report must say about how its decisions were reached. Data only; `ReportSentences.note` says it in
/// words.
public enum ReportNote: Sendable, Hashable {
    /// Discovery mode: context keys the check cannot know are unknown, so a decision that depends on them is
    /// undetermined.
    case unknownContextKeys
    /// AWS's simulator takes no session, so it simulated the session's role.
    case sessionSimulatedAsRole(role: String, session: String)
    /// The role's path could not be read, so its ARN without a path is assumed.
    case rolePathUnknown(assumed: String, because: RolePathFailure)
    /// AWS's simulator matched partly known ARNs as literal text, so its answers there are undetermined.
    case partlyKnownResourcesSimulated
    /// What AWS's simulator does not take.
    case simulatorLimits

    /// Why a role's path could not be read.
    public enum RolePathFailure: Sendable, Hashable {
        /// `iam GetRole` failed with this error code (`nil`: AWS sent none).
        case getRole(errorCode: String?)
        /// Another failure, as its description says.
        case other(String)
    }
}

import DeploymentFacts

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
    /// `check --manifest`: the statements a stackql-deploy `command` (`build`, `teardown`) of `project` would run
    /// were checked; `checksCreateAndUpdate`: a build's create and update both, since which runs depends on the
    /// exists check.
    case deploymentStatements(command: String, project: String, environment: String?, checksCreateAndUpdate: Bool)
    /// `check --manifest`: what the project's plan says (a resource skipped by its condition, …).
    case deploymentPlan(DeploymentPlanNote)
    /// `check --manifest`: a query of the project (its file, first line, resource and anchor) holds no statement.
    case queryHoldsNoStatement(file: String, line: Int, resource: String, anchor: String)
    /// `check --manifest`: a statement of the project reads no table, so it needs no permission.
    case statementReadsNoTable(file: String, line: Int, resource: String, anchor: String)
    /// `check --manifest`: template values nobody knows before the run, and why.
    case unknownBeforeRun(reason: UnknownValueCause, names: [String])

    /// `--from-organization`: what was learned of the organization's SCPs and RCPs.
    case organization(OrganizationNote)

    /// What a report says about the organization: which policies were added, or that none were seen and why.
    public enum OrganizationNote: Sendable, Hashable {
        /// `what` (`SCPs`, `RCPs`) are not enabled in `organization` (ListRoots), so none apply to `account`.
        case notEnabled(what: String, organization: String, account: String)
        /// `what` were read for the chain (level labels joined) and added; `state`: the root's state when not
        /// `ENABLED` (applied all the same, as they may be in force).
        case read(what: String, organization: String, chain: String, state: String?)
        /// The account is the organization's management account, which SCPs do not restrict.
        case managementAccount(account: String, organization: String)
        /// The account is not a member of an organization.
        case notInOrganization(account: String)
        /// The organization could not be read; every request the principal's policies allow is undetermined.
        case notReadable(reason: String)
    }

    /// Why a role's path could not be read.
    public enum RolePathFailure: Sendable, Hashable {
        /// `iam GetRole` failed with this error code (`nil`: AWS sent none).
        case getRole(errorCode: String?)
        /// Another failure, as its description says.
        case other(String)
    }
}

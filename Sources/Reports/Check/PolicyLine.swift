import IAMPolicy

/// One entry of a check report's list of policies: a policy that governs the principal (a file given on the command
/// line, an entry of the account's authorization details) or what AWS's simulator evaluated. Data only;
/// `ReportSentences.policyLine` says it in words.
public enum PolicyLine: Sendable, Hashable {
    /// `--policy FILE`; `addedToSimulation`: `--live` sends it to AWS's simulator beside the principal's own policies.
    case identityPolicyFile(String, addedToSimulation: Bool)
    /// `--boundary FILE`, and the boundary it takes the place of, if any.
    case permissionsBoundaryFile(String, replacing: ReplacedBoundary?)
    /// `--session-policy FILE`.
    case sessionPolicyFile(String)
    /// `--resource-policy FILE`.
    case resourcePolicyFile(String)
    /// `--endpoint-policy FILE`.
    case endpointPolicyFile(String)
    /// `--scp` or `--rcp` (`type`): one organization level, 0 being the root, with its files as given.
    case organizationLevel(PolicyType, level: Int, files: String)
    /// `--from-organization`: one level of the account's chain (0 the root) read with AWS Organizations, named by its
    /// label (`root r-ab12`), with the labels of the `type` policies attached there.
    case fetchedOrganizationLevel(PolicyType, level: Int, label: String, policies: [String])
    /// The principal has no identity-based policy.
    case noIdentityPolicy
    /// An inline policy of the principal (a user or role) or of one of the user's groups.
    case inlinePolicy(name: String, holder: Holder)
    /// A managed policy attached to the principal, or to one of the user's groups (`group`), at its default version.
    case managedPolicy(arn: String, version: String, group: String?)
    /// The principal's permissions boundary (a managed policy) at its default version.
    case permissionsBoundary(arn: String, version: String)
    /// AWS's simulator (`iam SimulatePrincipalPolicy`) evaluated the policies of this user or role.
    case simulatedPrincipal(String)

    /// Which boundary a `--boundary` file takes the place of.
    public enum ReplacedBoundary: Sendable, Hashable {
        /// The one the account's authorization details set.
        case account
        /// The one attached to the principal, in AWS's simulation.
        case attachedInSimulation
    }

    /// Whose inline policy it is.
    public enum Holder: Sendable, Hashable {
        case user
        case role
        /// One of the user's groups, by name.
        case group(String)
    }
}

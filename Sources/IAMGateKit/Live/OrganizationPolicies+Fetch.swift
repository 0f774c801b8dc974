import AWSCore
import AWSServices
import IAMPolicy

extension OrganizationPolicies {
    /// The SCPs and RCPs that govern `account`, read with `session`'s credentials (iam-collect's walk for one
    /// account): `DescribeOrganization` (a management account stops here: SCPs do not restrict it), `ListRoots` (which
    /// policy types are enabled), `ListParents` from the account up to the root, `ListPoliciesForTarget` for the
    /// root, each OU and the account once per enabled type (SCP, RCP), and `DescribePolicy` once per policy, however
    /// many levels it is attached to. Every document is read with the project's strict policy parser.
    ///
    /// Credentials that may not read the organization (`AccessDeniedException`), an answer that does not cover the
    /// account (it is not in the organization the credentials read) and `AWSOrganizationsNotInUseException` asked by
    /// another account give ``Status/notReadable(reason:)``, never an empty set of policies;
    /// `AWSOrganizationsNotInUseException` asked by the account itself (checked with `sts GetCallerIdentity`) gives
    /// ``Status/notInOrganization``. Throws a ``RuntimeError`` for any other failure (the network, throttling past
    /// the retries, a malformed answer, a policy the parser refuses). `status` is told about each step.
    public static func fetch(
        session: AWSSession, account: String, status: (@Sendable (String) -> Void)? = nil
    ) throws(RuntimeError) -> OrganizationPolicies {
        let client = try session.organizations()
        return try fetch(client: client, account: account, status: status) { () throws(RuntimeError) in
            let sts = try session.sts()
            return try session.call("sts GetCallerIdentity") { () throws(AWSServiceError) in
                try sts.getCallerIdentity().account
            }
        } redacting: {
            session.credentials.credentials.redacting($0)
        }
    }

    /// ``fetch(session:account:status:)`` with `client`; `readerAccount` says whose credentials `client` signs with
    /// (asked only when AWS answers `AWSOrganizationsNotInUseException`), `redacting` takes secrets out of error text.
    static func fetch(
        client: OrganizationsClient, account: String, status: (@Sendable (String) -> Void)? = nil,
        readerAccount: () throws(RuntimeError) -> String,
        redacting: @escaping (String) -> String = { $0 }
    ) throws(RuntimeError) -> OrganizationPolicies {
        var walk = OrganizationWalk(client: client, account: account, status: status, redacting: redacting)
        let operation: String
        let refusal: AWSServiceError
        do throws(OrganizationWalk.Failure) {
            return try walk.run()
        } catch {
            switch error {
            case .failed(let failure): throw failure
            case .refused(let refused, let answer): (operation, refusal) = (refused, answer)
            }
        }
        let reason = "organizations \(operation) refused: \(redacting(refusal.description))"
        if refusal.code == "AWSOrganizationsNotInUseException" {
            let reader = try readerAccount()
            if reader == account { return OrganizationPolicies(account: account, status: .notInOrganization) }
            return OrganizationPolicies(
                account: account,
                status: .notReadable(
                    reason: "\(reason) — the credentials belong to account \(reader), not to \(account)"))
        }
        return OrganizationPolicies(
            account: account, status: .notReadable(reason: reason), organizationId: walk.organizationId,
            managementAccountId: walk.managementAccountId)
    }
}

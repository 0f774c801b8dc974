import AWSServices
import Catalog
import IAMPolicy

/// Stage 1 in the live modes: the options checked before the first AWS call, and the organization's policies read
/// from AWS Organizations.
extension CheckRunner {
    // MARK: - The organization

    /// `--from-organization` goes with `--from-account` alone (AWS's simulator, in `--live` and `--compare`, applies
    /// the organization's SCPs itself), and replaces `--scp` and `--rcp`; `--organization-profile` needs it.
    static func validateOrganization(_ options: CheckOptions, mode: CheckMode) throws(InputError) {
        guard options.fromOrganization else {
            if options.organizationProfile != nil {
                throw InputError("--organization-profile applies to --from-organization")
            }
            return
        }
        switch mode {
        case .fromAccount:
            break
        case .live, .compare:
            throw InputError(
                "--from-organization works with --from-account only: AWS's simulator (--live, --compare) applies the "
                    + "organization's SCPs itself")
        case .offline:
            throw InputError(
                "--from-organization works with --from-account only (offline, give the organization's policies with "
                    + "--scp and --rcp)")
        }
        if !options.scps.isEmpty || !options.rcps.isEmpty {
            throw InputError(
                "--from-organization reads the SCPs and RCPs from AWS Organizations: drop --scp and --rcp, or drop "
                    + "--from-organization to check the files")
        }
    }

    /// The SCPs and RCPs of the principal's account, read with the caller's credentials or those of
    /// `--organization-profile`, and the session that read them. The resources must be in the principal's account:
    /// the RCPs read are that account's.
    static func organizationPolicies(
        _ options: CheckOptions, principal text: String, caller: Caller?, session: AWSSession,
        aws: AWSAccessOptions, status: (@Sendable (String) -> Void)?
    ) throws -> (policies: OrganizationPolicies, session: AWSSession) {
        guard let account = try parsePrincipal(text).account ?? caller?.identity.account else {
            throw InputError("--from-organization needs the principal's account, and '\(text)' names none")
        }
        if let resources = options.account, resources != account {
            throw InputError(
                "--from-organization reads the SCPs and RCPs of the principal's account \(account), but --account "
                    + "puts the resources in \(resources), whose RCPs it does not read; drop --account or "
                    + "--from-organization")
        }
        var reader = session
        if let profile = options.organizationProfile {
            var access = aws
            access.profile = profile
            reader = try AWSSession(access)
        }
        status?("reading the SCPs and RCPs of account \(account) (organizations)…")
        return (try OrganizationPolicies.fetch(session: reader, account: account, status: status), reader)
    }

    // MARK: - Options

    /// The inputs AWS's simulator cannot take are refused for `--live` and `--compare` (both sides must see the same
    /// policies); `--from-account` replaces `--authorization-details`.
    static func validate(_ options: CheckOptions, mode: CheckMode) throws(InputError) {
        let flag = mode == .live ? "--live" : mode == .compare ? "--compare" : "--from-account"
        if mode == .fromAccount || mode == .live, options.authorizationDetails != nil {
            throw InputError(
                "\(flag) reads the principal's policies from AWS; drop --authorization-details (or use --compare to "
                    + "set a saved file against AWS's answers)")
        }
        guard mode != .fromAccount else { return }
        let unsupported: [(String, Bool)] = [
            ("--scp", !options.scps.isEmpty), ("--rcp", !options.rcps.isEmpty),
            ("--session-policy", options.sessionPolicy != nil), ("--endpoint-policy", options.endpointPolicy != nil),
        ]
        if let (name, _) = unsupported.first(where: { $0.1 }) {
            throw InputError(
                "\(name) cannot be used with \(flag): AWS's policy simulator takes no such policy (it applies the "
                    + "organization's own SCPs); check it offline or with --from-account")
        }
    }

    /// Everything that can be checked without AWS is checked before the first call, so bad input is one sentence
    /// and exit 64 with nothing sent: the principal, the operations and SQL, the context, and every policy file.
    static func preflight(_ options: CheckOptions) throws(InputError) -> PolicyFiles {
        var inputs = OperationInputs(context: try parseContext(options.context))
        inputs.partitionIsKnown = false
        if let text = options.principal {
            inputs.partition = try parsePrincipal(text).partition
            inputs.partitionIsKnown = true
        }
        _ = try OperationPlan.make(options.selection, inputs: inputs)
        return try PolicyFiles.load(options)
    }

    static func parsePrincipal(_ text: String) throws(InputError) -> Principal {
        switch Principal.parse(text) {
        case .success(let principal): return principal
        case .failure(let error): throw InputError("--principal: \(error.description)", cause: error)
        }
    }
}

import IAMPolicy

/// The principal a check is about and everything that governs it, from policy files or an authorization-details
/// file.
struct PrincipalInputs: Sendable {
    var principal: Principal
    var policies: PolicySet
    var tags: [String: String]
    /// One line per policy used, for reports.
    var summary: [PolicyLine]
    /// Roles the authorization details list (name → ARN), so a role named without its path can be resolved.
    var knownRoles: [String: String] = [:]

    /// The principal's policies from `account` (records fetched with `GetAccountAuthorizationDetails`, named
    /// `accountSource` in reports) or the files in `options`. `boundaryReplaces`: a `--boundary` file takes the place
    /// of the boundary the account sets (as AWS's simulator treats `PermissionsBoundaryPolicyInputList`) instead of
    /// being refused.
    /// `files`: the policy files, when the caller has read them already (each file is read and parsed once).
    /// `organization`: the SCPs and RCPs read from AWS Organizations (`--from-organization`), which take the place of
    /// `--scp` and `--rcp` files (the two are never given together).
    static func load(
        _ options: CheckOptions, account: (records: AuthorizationDetailsRecords, source: String)? = nil,
        boundaryReplaces: Bool = false, files read: PolicyFiles? = nil, organization: OrganizationPolicies? = nil
    ) throws(InputError) -> PrincipalInputs {
        guard let principalText = options.principal else {
            throw InputError(
                "--principal is required (an IAM user, role or assumed-role session ARN, e.g. "
                    + "arn:aws:iam::111122223333:role/ci)")
        }
        var inputs: PrincipalInputs
        if let account {
            let loaded = try AuthorizationDetailsLoader.resolve(
                account.records, principal: principalText, source: account.source)
            inputs = PrincipalInputs(
                principal: loaded.principal, policies: loaded.policySet, tags: loaded.tags,
                summary: loaded.policyLines, knownRoles: loaded.accountRoles)
        } else if let path = options.authorizationDetails {
            let bytes = try AuthorizationDetailsLoader.readFile(path)
            options.ledger.record(kind: "authorization details", name: path, bytes: bytes)
            let loaded = try AuthorizationDetailsLoader.load(bytes: bytes, source: path, principal: principalText)
            inputs = PrincipalInputs(
                principal: loaded.principal, policies: loaded.policySet, tags: loaded.tags,
                summary: loaded.policyLines, knownRoles: loaded.accountRoles)
        } else {
            let principal: Principal
            switch Principal.parse(principalText) {
            case .success(let parsed): principal = parsed
            case .failure(let error): throw InputError("--principal: \(error.description)", cause: error)
            }
            inputs = PrincipalInputs(principal: principal, policies: PolicySet(), tags: [:], summary: [])
        }
        let files: PolicyFiles
        if let read { files = read } else { files = try PolicyFiles.load(options) }
        // The parts first, the policy set once: every change to a PolicySet compiles its evaluation plan again.
        let base = inputs.policies
        var identity = base.identity
        var boundary = base.permissionsBoundary
        var session = base.session
        var resource = base.resource
        var endpoint = base.endpoint
        var scps = base.scps
        var rcps = base.rcps
        for path in options.identityPolicies {
            identity.append(try files.document(path, type: .identity))
            inputs.summary.append(.identityPolicyFile(path, addedToSimulation: false))
        }
        if let path = options.permissionsBoundary {
            if boundary != nil && !boundaryReplaces {
                throw InputError(
                    "--boundary '\(path)' given, but the authorization details already set a permissions boundary")
            }
            let replaced = boundary != nil
            boundary = try files.document(path, type: .permissionsBoundary)
            inputs.summary.append(.permissionsBoundaryFile(path, replacing: replaced ? .account : nil))
        }
        if let path = options.sessionPolicy {
            guard inputs.principal.canHaveSessionPolicy else {
                throw InputError(
                    "--session-policy applies to role sessions and federated users, not to '\(inputs.principal)'")
            }
            session = try files.document(path, type: .session)
            inputs.summary.append(.sessionPolicyFile(path))
        }
        if let path = options.resourcePolicy {
            resource = try files.document(path, type: .resource)
            inputs.summary.append(.resourcePolicyFile(path))
        }
        if let path = options.endpointPolicy {
            endpoint = try files.document(path, type: .endpoint)
            inputs.summary.append(.endpointPolicyFile(path))
        }
        if !options.scps.isEmpty {
            scps = try levels(options.scps, type: .scp, files: files, summary: &inputs.summary)
        }
        if !options.rcps.isEmpty {
            rcps = try levels(options.rcps, type: .rcp, files: files, summary: &inputs.summary)
        }
        if let organization {
            scps = organization.scpLevels
            rcps = organization.rcpLevels
            inputs.summary += organization.summary
        }
        inputs.policies = PolicySet(
            identity: identity, permissionsBoundary: boundary, session: session, resource: resource,
            endpoint: endpoint, scps: scps, rcps: rcps, resourceIsTrustPolicy: base.resourceIsTrustPolicy)
        if inputs.policies.identity.isEmpty && inputs.principal.kind != .root {
            inputs.summary.append(.noIdentityPolicy)
        }
        return inputs
    }

    /// One level per flag, root first; a level lists its policies separated by commas.
    static func levels(
        _ entries: [String], type: PolicyType, files: PolicyFiles, summary: inout [PolicyLine]
    ) throws(InputError) -> [[PolicyDocument]] {
        var levels: [[PolicyDocument]] = []
        for (level, entry) in entries.enumerated() {
            var documents: [PolicyDocument] = []
            for path in PolicyFiles.levelPaths(entry) {
                documents.append(try files.document(path, type: type))
            }
            summary.append(.organizationLevel(type, level: level, files: entry))
            levels.append(documents)
        }
        return levels
    }
}

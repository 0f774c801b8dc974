import AWSServices
import IAMPolicy

/// Stage 3 with AWS's simulator: who it simulates for the checked principal, with the policies added to it.
extension CheckRunner {
    /// Role name → ARN (with its path) of every role in the records.
    static func roleARNs(_ records: AuthorizationDetailsRecords) -> [String: String] {
        var roles: [String: String] = [:]
        for role in records.roles { roles[role.name] = role.arn }
        return roles
    }

    /// Who AWS simulates: a user or role as given; an assumed-role session as its role (the simulator takes no
    /// session). A resource policy needs a user as the caller (the simulator supports none for roles).
    static func simulationSubject(
        _ options: CheckOptions, files: PolicyFiles, principal: Principal, caller: Caller?, session: AWSSession,
        records: AuthorizationDetailsRecords?, notes: inout [ReportNote]
    ) throws -> SimulationSubject {
        var source: String
        switch principal.kind {
        case .user, .role:
            source = principal.identifier
        case .roleSession:
            let mapped =
                try caller.map { ($0.principalARN, $0.note) }
                ?? Caller.roleARN(forSession: principal.identifier, session: session, roles: records.map(roleARNs))
            source = mapped.0
            if let note = mapped.1 { notes.append(note) }
            notes.append(.sessionSimulatedAsRole(role: source, session: principal.identifier))
        default:
            throw InputError(
                "AWS's policy simulator takes an IAM user or role (or a role session), not '\(principal.identifier)'"
            )
        }
        var subject = SimulationSubject(policySourceARN: source)
        for path in options.identityPolicies {
            subject.extraPolicies.append(try files.text(path))
        }
        if let path = options.permissionsBoundary {
            subject.boundary = try files.text(path)
        }
        if let path = options.resourcePolicy {
            guard principal.kind == .user else {
                throw InputError(
                    "--resource-policy cannot be simulated by AWS for \(principal.identifier): the simulator "
                        + "supports resource policies only for IAM users; check it offline or with --from-account")
            }
            subject.resourcePolicy = try files.text(path)
        }
        return subject
    }
}

import AWSCore
import AWSServices
import Catalog
import IAMPolicy

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

extension CheckRunner {
    /// `iamgate check --live`, `--from-account` or `--compare`. `status` is told what is happening (for progress on a
    /// terminal). Throws `InputError` for options that cannot work together and `RuntimeError` when AWS cannot be
    /// reached or answers with an error.
    public static func run(
        _ options: CheckOptions, mode checkMode: CheckMode, aws: AWSAccessOptions,
        status: (@Sendable (String) -> Void)? = nil
    ) throws -> CheckReport {
        try checked(options, mode: checkMode, aws: aws, status: status).report
    }

    /// The check in any mode, with the plan its report was made from.
    static func checked(
        _ options: CheckOptions, mode checkMode: CheckMode, aws: AWSAccessOptions,
        status: (@Sendable (String) -> Void)? = nil
    ) throws -> CheckRun {
        try validateOrganization(options, mode: checkMode)
        if checkMode == .offline { return try checked(options) }
        try validate(options, mode: checkMode)
        var options = options
        // Every input read once, and checked before the first AWS call.
        options.sqlRead = try sqlText(sql: options.sql, sqlFile: options.sqlFile)
        try options.readDeployment()
        let files = try preflight(options)
        let session = try AWSSession(aws)
        // Like the AWS CLI: the region of the resources is the configured one unless --region says otherwise.
        if options.region == nil { options.region = session.configuration.region }
        let iam = try session.iam()

        var account: (records: AuthorizationDetailsRecords, source: String)?
        let needsAccount = checkMode == .fromAccount || (checkMode == .compare && options.authorizationDetails == nil)
        if needsAccount {
            status?("fetching the account's authorization details (iam GetAccountAuthorizationDetails)…")
            let details = try session.call("iam GetAccountAuthorizationDetails") { () throws(AWSServiceError) in
                try iam.getAccountAuthorizationDetails()
            }
            account = (AuthorizationDetailsRecords(details), "GetAccountAuthorizationDetails")
        }
        var caller: Caller?
        if options.principal == nil {
            status?("asking STS who the caller is (sts GetCallerIdentity)…")
            caller = try Caller.resolve(session: session, roles: account.map { roleARNs($0.records) })
            // Locally a session stays a session (its own ARN is what policies see); AWS simulates its role.
            options.principal = caller?.identity.arn
        }
        let principalText = options.principal ?? ""
        let strictness: EvaluationMode = options.strict ? .strict : .discovery

        var organization: (policies: OrganizationPolicies, session: AWSSession)?
        if options.fromOrganization {
            organization = try organizationPolicies(
                options, principal: principalText, caller: caller, session: session, aws: aws, status: status)
        }
        var governing: PrincipalInputs?
        if checkMode != .live {
            governing = try PrincipalInputs.load(
                options, account: account, boundaryReplaces: checkMode == .compare, files: files,
                organization: organization?.policies)
        }
        let principal = try governing?.principal ?? parsePrincipal(principalText)
        var inputs = try operationInputs(options, principal)
        inputs.knownRoles = governing?.knownRoles ?? [:]
        let plan = try OperationPlan.make(options.selection, inputs: inputs)
        let local = governing.map {
            LocalDecisions(
                governing: $0, mode: strictness, account: inputs.account, organization: organization?.policies)
        }
        let source: any DecisionSource
        if checkMode == .fromAccount, let local {
            source = local
        } else {
            var subjectNotes: [ReportNote] = []
            var subject = try simulationSubject(
                options, files: files, principal: principal, caller: caller, session: session,
                records: account?.records, notes: &subjectNotes)
            subject.resourceOwner = inputs.account.knownText.flatMap { $0.isEmpty ? nil : $0 }
            var added: [PolicyLine] = []
            if checkMode == .live {
                added += options.identityPolicies.map { .identityPolicyFile($0, addedToSimulation: true) }
                if let path = options.permissionsBoundary {
                    added.append(.permissionsBoundaryFile(path, replacing: .attachedInSimulation))
                }
                if let path = options.resourcePolicy { added.append(.resourcePolicyFile(path)) }
            }
            let simulator = SimulatorDecisions(
                session: session, subject: subject, principal: principal, tags: governing?.tags ?? [:],
                strict: options.strict, subjectNotes: subjectNotes, addedPolicyLines: added, status: status)
            if checkMode == .compare, let local {
                source = ComparedDecisions(local: local, simulator: simulator)
            } else {
                source = simulator
            }
        }
        // Live alone: AWS decides, and its answers name the keys it treated as absent.
        let notes = checkMode == .live ? [] : notes(mode: strictness)
        var report = try report(
            plan, source: source, principal: principal, mode: strictness, policyLines: governing?.summary ?? [],
            notes: notes)
        report.organization = organization?.policies
        // The calls made, counted once every answer is in (the organization's reader's too, when it has its own
        // credentials).
        report.statistics = session.statistics
        if let reader = organization?.session, reader !== session {
            report.statistics = CallStatistics(
                httpRequests: session.statistics.httpRequests + reader.statistics.httpRequests,
                retries: session.statistics.retries + reader.statistics.retries)
        }
        return CheckRun(plan: plan, report: report, options: options, session: session, caller: caller)
    }

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
        case .failure(let error): throw InputError("--principal: \(error.description)")
        }
    }

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

extension Caller {
    /// The role ARN of an assumed-role session: from `roles` (name → ARN) when given, else `GetRole` (the session
    /// ARN lacks the role's path), else the path-less ARN with a note saying so.
    static func roleARN(forSession sessionARN: String, session: AWSSession, roles: [String: String]?)
        throws(RuntimeError) -> (arn: String, note: ReportNote?)
    {
        guard let pathless = STSClient.roleARN(forAssumedRoleSession: sessionARN) else {
            return (sessionARN, nil)
        }
        let name = String(pathless[pathless.index(after: pathless.lastIndex(of: "/") ?? pathless.startIndex)...])
        if let roles {
            guard let arn = roles[name] else {
                throw RuntimeError(
                    "\(sessionARN) is a session of role '\(name)', which the account's authorization details do not "
                        + "list")
            }
            return (arn, nil)
        }
        do {
            return (try session.iam().roleARN(name: name), nil)
        } catch let error as AWSServiceError {
            return (pathless, .rolePathUnknown(assumed: pathless, because: .getRole(errorCode: error.code)))
        } catch {
            return (pathless, .rolePathUnknown(assumed: pathless, because: .other("\(error)")))
        }
    }
}

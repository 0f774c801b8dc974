import AWSCore
import AWSServices
import Catalog
import IAMPolicy

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
}

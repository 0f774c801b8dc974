import AWSCore
import AWSServices
import Catalog
import Dispatch
import Foundation
import IAMPolicy

/// `iamgate audit`: what every user and role of one or more accounts may do on a resource, each principal checked as
/// `check --authorization-details` checks it (the same plan, decision source, verdicts and evidence), on every core.
///
/// One operation plan per account serves all its principals. Principals whose policies are all shared (managed and
/// group policies, no inline policy of their own) share one compiled policy set, and, when their policies read nothing
/// that tells them apart (their ARN or name, in a condition or a policy variable), one set of decisions.
public enum AuditRunner {
    /// The audit of the authorization-details files in `options`.
    public static func run(
        _ options: AuditOptions, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(InputError) -> AuditReport {
        if options.fromOrganization || options.organizationProfile != nil {
            throw InputError(
                "--from-organization works with --from-account only (with files, give the organization's policies "
                    + "with --scp and --rcp)")
        }
        if options.authorizationDetails.isEmpty {
            throw InputError(
                "audit needs the accounts' users and roles: --authorization-details FILE (one per account) or "
                    + "--from-account")
        }
        var accounts: [AuditAccount] = []
        for path in options.authorizationDetails {
            accounts.append(try AuditAccount.file(path))
        }
        return try audit(accounts, options: options, progress: progress)
    }

    /// The audit of the caller's account, its users and roles fetched with `iam GetAccountAuthorizationDetails`.
    public static func run(
        _ options: AuditOptions, aws: AWSAccessOptions, status: (@Sendable (String) -> Void)? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> AuditReport {
        if !options.authorizationDetails.isEmpty {
            throw InputError(
                "--from-account reads the account's users and roles from AWS; drop --authorization-details")
        }
        var options = options
        // Every input checked before the first AWS call.
        try validateOrganization(options)
        _ = try prepare(options)
        let session = try AWSSession(aws)
        if options.region == nil { options.region = session.configuration.region }
        let iam = try session.iam()
        status?("fetching the account's authorization details (iam GetAccountAuthorizationDetails)…")
        let details = try session.call("iam GetAccountAuthorizationDetails") { () throws(AWSServiceError) in
            try iam.getAccountAuthorizationDetails()
        }
        let account = AuditAccount.records(
            AuthorizationDetailsRecords(details), source: "GetAccountAuthorizationDetails")
        var organization: OrganizationPolicies?
        if options.fromOrganization {
            organization = try organizationPolicies(
                options, account: account, session: session, aws: aws, status: status)
        }
        return try audit([account], options: options, organization: organization, progress: progress)
    }

    /// `--from-organization` goes with `--from-account` and replaces `--scp` and `--rcp`; `--organization-profile`
    /// needs it.
    static func validateOrganization(_ options: AuditOptions) throws(InputError) {
        if !options.fromOrganization {
            if options.organizationProfile != nil {
                throw InputError("--organization-profile applies to --from-organization")
            }
            return
        }
        if !options.scps.isEmpty || !options.rcps.isEmpty {
            throw InputError(
                "--from-organization reads the SCPs and RCPs from AWS Organizations: drop --scp and --rcp, or drop "
                    + "--from-organization to audit with the files")
        }
    }

    /// The SCPs and RCPs of the audited account, read with the caller's credentials or those of
    /// `--organization-profile`. The account is the one the authorization details describe (the caller's).
    static func organizationPolicies(
        _ options: AuditOptions, account: AuditAccount, session: AWSSession, aws: AWSAccessOptions,
        status: (@Sendable (String) -> Void)?
    ) throws -> OrganizationPolicies? {
        let id: String
        if let only = account.accounts.first, account.accounts.count == 1 {
            id = only
        } else if account.accounts.isEmpty {
            // No user or role: nothing to audit, and no account to read the organization for.
            return nil
        } else {
            throw InputError(
                "--from-organization reads one account's SCPs and RCPs, but the authorization details describe "
                    + "accounts \(account.accounts.joined(separator: ", "))")
        }
        var reader = session
        if let profile = options.organizationProfile {
            var access = aws
            access.profile = profile
            reader = try AWSSession(access)
        }
        status?("reading the SCPs and RCPs of account \(id) (organizations)…")
        return try OrganizationPolicies.fetch(session: reader, account: id, status: status)
    }

    // MARK: - The audit

    /// What every principal shares: the organization's policies, the context, the SQL, the mode.
    struct Shared: Sendable {
        var scps: [[PolicyDocument]]?
        var rcps: [[PolicyDocument]]?
        var organizationLines: [PolicyLine]
        /// `--from-organization`: what was read (its levels are `scps` and `rcps`), or why nothing could be.
        var organization: OrganizationPolicies? = nil
        var context: [String: ContextValue]
        var sql: (text: String, source: String)?
        var mode: EvaluationMode
        /// `--expectations`, read and checked against the operations.
        var expectations: AuditExpectationsInput?
    }

    /// Reads and checks the inputs every principal shares.
    static func prepare(_ options: AuditOptions) throws(InputError) -> Shared {
        var check = CheckOptions()
        check.scps = options.scps
        check.rcps = options.rcps
        let files = try PolicyFiles.load(check)
        var lines: [PolicyLine] = []
        let scps =
            options.scps.isEmpty
            ? nil : try PrincipalInputs.levels(options.scps, type: .scp, files: files, summary: &lines)
        let rcps =
            options.rcps.isEmpty
            ? nil : try PrincipalInputs.levels(options.rcps, type: .rcp, files: files, summary: &lines)
        var shared = Shared(
            scps: scps, rcps: rcps, organizationLines: lines, context: try CheckRunner.parseContext(options.context),
            sql: try CheckRunner.sqlText(sql: options.sql, sqlFile: options.sqlFile).map { ($0.0, $0.1) },
            mode: options.strict ? .strict : .discovery)
        // The operations and the SQL, checked once before any principal (their own account comes later).
        let anyPlan = try plan(options, shared: shared, account: nil, partition: "aws", roles: [:])
        shared.expectations = try AuditExpectationsInput.read(options, columns: columns(of: anyPlan))
        return shared
    }

    static func audit(
        _ accounts: [AuditAccount], options: AuditOptions, organization: OrganizationPolicies? = nil,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws(InputError) -> AuditReport {
        var prepared = try prepare(options)
        if let organization {
            prepared.scps = organization.scpLevels
            prepared.rcps = organization.rcpLevels
            prepared.organizationLines = organization.summary
            prepared.organization = organization
        }
        let shared = prepared
        let patterns = options.principalPatterns.map(PrincipalPattern.init)
        var matched = Set<Int>()
        var work: [(account: Int, member: AuditAccount.Member)] = []
        var seenAccounts: [String: String] = [:]
        for (index, account) in accounts.enumerated() {
            for id in account.accounts {
                if let earlier = seenAccounts[id] {
                    throw InputError(
                        "authorization details '\(account.source)' describe account \(id), as '\(earlier)' do: give "
                            + "each account once")
                }
                seenAccounts[id] = account.source
            }
            for member in account.members {
                if !patterns.isEmpty {
                    let hits = patterns.indices.filter { patterns[$0].matches(arn: member.arn, name: member.name) }
                    guard !hits.isEmpty else { continue }
                    matched.formUnion(hits)
                }
                work.append((index, member))
            }
        }
        if let unmatched = patterns.indices.first(where: { !matched.contains($0) }) {
            let sources = accounts.map { "'\($0.source)'" }.joined(separator: ", ")
            throw InputError(
                "--principal '\(patterns[unmatched].text)' matches no user or role in \(sources) (a pattern is "
                    + "matched against the ARN, the name and the part after the account, e.g. 'role/ci-*')")
        }

        // One plan per account: every principal of an account makes the same requests.
        var plans: [String: AccountPlan] = [:]
        let auditedAccounts = seenAccounts.keys.sorted()
        for (index, member) in work where plans[member.account] == nil {
            let partition = member.arn.split(separator: ":", maxSplits: 2).dropFirst().first.map(String.init) ?? "aws"
            let made = try plan(
                options, shared: shared, account: member.account, partition: partition, roles: accounts[index].roles)
            // The requests as the account's first principal makes them; every other one reuses what does not depend
            // on who asks.
            var prepared: [[AuthorizationRequest?]]?
            if case .success(let principal) = Principal.parse(member.arn) {
                let first = PrincipalInputs(principal: principal, policies: PolicySet(), tags: [:], summary: [])
                prepared = LocalDecisions(governing: first, mode: shared.mode, account: .known(member.account))
                    .prepared(for: made)
            }
            plans[member.account] = AccountPlan(
                plan: made,
                audit: auditPlan(made, mode: shared.mode, principal: try? Principal.parse(member.arn).get()),
                prepared: prepared,
                probe: options.escalations
                    ? EscalationProbe(
                        account: member.account, partition: partition, accounts: auditedAccounts,
                        region: options.region, context: shared.context, mode: shared.mode,
                        principal: try? Principal.parse(member.arn).get()) : nil)
        }
        let columnsPlan: OperationPlan
        if let first = work.first, let plan = plans[first.member.account] {
            columnsPlan = plan.plan
        } else {
            columnsPlan = try plan(options, shared: shared, account: nil, partition: "aws", roles: [:])
        }

        let cache = PolicySetCache()
        let interner = CellInterner()
        let accountPlans = plans
        let results = Parallel.map(work, threads: options.threads, progress: progress) { item in
            guard let plan = accountPlans[item.member.account] else {
                return Outcome.error(
                    AuditError(
                        principal: item.member.arn, type: item.member.type, account: item.member.account,
                        message: "no operation plan for account \(item.member.account)"))
            }
            return check(
                item.member, in: accounts[item.account], plan: plan, shared: shared, cache: cache, interner: interner)
        }
        var principals: [AuditedPrincipal] = []
        var errors: [AuditError] = []
        var searched: [EscalationSearch.Entry] = []
        for (result, item) in zip(results, work) {
            switch result {
            case .principal(let principal, let probe, let trust):
                principals.append(principal)
                searched.append(
                    EscalationSearch.Entry(
                        principal: principal, member: item.member, account: item.account, probe: probe, trust: trust))
            case .error(let error): errors.append(error)
            }
        }
        let escalations =
            options.escalations
            ? EscalationSearch.find(
                searched,
                context: EscalationSearch.Context(
                    accounts: accounts, probes: plans.compactMapValues(\.probe), shared: shared,
                    columns: columnsPlan.operations.map(column), threads: options.threads))
            : []

        var inputs: [String] = []
        for account in accounts {
            let users = account.members.filter { $0.type == .user }.count
            let ids = account.accounts
            inputs.append(
                "authorization details \(account.source): "
                    + (ids.isEmpty ? "no users or roles" : "account \(ids.joined(separator: ", "))")
                    + ", \(users) users, \(account.members.count - users) roles, \(account.groupCount) groups, "
                    + "\(account.policyCount) managed policies")
        }
        inputs += shared.organizationLines.map(ReportSentences.policyLine)
        if let sql = shared.sql {
            inputs.append("sql \(sql.source)")
        } else {
            let names = columnsPlan.operations.map(\.method.name).joined(separator: ", ")
            inputs.append("operations: \(names)")
        }
        inputs.append("region: " + (options.region ?? "not given (the statements' own, else unknown)"))
        if !options.principalPatterns.isEmpty {
            inputs.append("principals matching: " + options.principalPatterns.joined(separator: ", "))
        }
        if !options.context.isEmpty { inputs.append("context: " + options.context.joined(separator: ", ")) }
        if let expectations = shared.expectations { inputs.append(expectations.inputLine) }
        var report = AuditReport(
            resource: columnsPlan.resourceLabel, source: .local, mode: shared.mode, inputs: inputs,
            columns: columns(of: columnsPlan), principals: principals, errors: errors, escalations: escalations,
            notes: CheckRunner.notes(mode: shared.mode) + columnsPlan.notes + (shared.organization?.notes ?? []),
            organization: shared.organization)
        if let expectations = shared.expectations {
            report.judge(expectations)
        }
        report.accountInputs = accounts.count
        return report
    }

    /// `report`, made without expectations, judged against those `options` names (`--expectations`, `--as-of`) as
    /// `run` judges them: the same reading, the same results, the same input line.
    public static func judging(_ report: AuditReport, options: AuditOptions) throws(InputError) -> AuditReport {
        guard let expectations = try AuditExpectationsInput.read(options, columns: report.columns) else {
            return report
        }
        var judged = report
        judged.inputs.append(expectations.inputLine)
        judged.judge(expectations)
        return judged
    }

    /// The report's columns: each operation's method name, with its statement's place for `--sql`
    /// (`create_resource @ deploy.iql:3`).
    static func columns(of plan: OperationPlan) -> [String] {
        plan.operations.map(column)
    }

    /// A column's title: `get_resource`, or `create_resource @ deploy.iql:3` for a statement.
    static func column(_ planned: PlannedOperation) -> String {
        planned.origin.map { "\(planned.method.name) @ \($0.source):\($0.location.line)" } ?? planned.method.name
    }

    /// The operation plan for the principals of `account` (`nil`: any account, to check the inputs).
    static func plan(
        _ options: AuditOptions, shared: Shared, account: String?, partition: String, roles: [String: String]
    ) throws(InputError) -> OperationPlan {
        if let region = options.region,
            let problem = ValueValidator().regionProblem(region, key: "--region", partition: partition)
        {
            throw InputError(problem)
        }
        var inputs = OperationInputs(
            partition: partition, region: options.region.map(PartialValue.known) ?? .unknown("region"),
            account: account.map(PartialValue.known) ?? .unknown("account"), context: shared.context)
        inputs.knownRoles = roles
        let selection = OperationPlan.Selection(
            resource: options.resource, operations: options.operations, sql: options.sql, sqlFile: options.sqlFile,
            sqlRead: shared.sql, variables: options.variables, catalogDirectory: options.catalogDirectory,
            command: "audit")
        return try OperationPlan.make(selection, inputs: inputs)
    }

    /// The plan's operations and requests, as every principal's cells refer to them.
    static func auditPlan(_ plan: OperationPlan, mode: EvaluationMode, principal: Principal? = nil) -> AuditPlan {
        AuditPlan(
            resource: plan.resourceLabel, mode: mode,
            operations: plan.operations.map { planned in
                AuditPlan.Operation(
                    result: Verdicts.operation(planned, outcomes: []), requests: planned.requests)
            }, principal: principal)
    }

    /// What every principal of an account shares: the plan, its requests in the report's terms, and the requests as
    /// the engine is asked them.
    struct AccountPlan: Sendable {
        var plan: OperationPlan
        var audit: AuditPlan
        var prepared: [[AuthorizationRequest?]]?
        /// What every principal of the account is asked beside the operations, for the escalation search (`nil`:
        /// `--no-escalations`).
        var probe: EscalationProbe?
    }

    /// One principal's result (with its escalation probes and, for a role, its trust), or why it has none.
    enum Outcome: Sendable {
        case principal(AuditedPrincipal, probe: [AuditCell], trust: RoleTrust?)
        case error(AuditError)
    }

    /// One principal checked: its policies resolved, its policy set (shared when its policies are), its decisions
    /// (shared when nothing in its policies tells it apart from another principal with the same policies).
    static func check(
        _ member: AuditAccount.Member, in account: AuditAccount, plan accountPlan: AccountPlan, shared: Shared,
        cache: PolicySetCache, interner: CellInterner
    ) -> Outcome {
        let plan = accountPlan.plan
        let policies: PrincipalPolicies
        do {
            policies = try account.resolve(member)
        } catch let error {
            return .error(
                AuditError(principal: member.arn, type: member.type, account: member.account, message: error.message))
        }
        var otherLines = shared.organizationLines
        if policies.identityPolicies.isEmpty {
            otherLines.append(.noIdentityPolicy)
        }
        let summary = policies.policyLines + otherLines
        let cells = cache.cells(for: policies, account: member.account, shared: shared) { set in
            let governing = PrincipalInputs(
                principal: policies.principal, policies: set, tags: policies.tags, summary: summary,
                knownRoles: account.roles)
            var source = LocalDecisions(
                governing: governing, mode: shared.mode, account: .known(member.account),
                organization: shared.organization)
            source.prepared = accountPlan.prepared
            let outcomes = source.outcomes(for: plan)
            return interner.intern(
                zip(plan.operations, outcomes).map { planned, outcomes in
                    AuditCell(
                        verdict: Verdicts.operation(planned, outcomes: outcomes).verdict,
                        requests: outcomes.map(AuditedRequest.init))
                } + (accountPlan.probe?.cells(governing, mode: shared.mode) ?? []))
        }
        let probe = Array(cells.dropFirst(plan.operations.count))
        let trust =
            member.type == .role && accountPlan.probe != nil
            ? RoleTrust(
                arn: policies.principal.identifier, account: member.account, document: policies.trustPolicy,
                instanceProfiles: policies.instanceProfiles, source: account.source, name: member.name) : nil
        let names = policies.policyLines
        let identityCount = min(policies.identityPolicies.count, names.count)
        return .principal(
            AuditedPrincipal(
                type: member.type, account: member.account, name: member.name, arn: policies.principal.identifier,
                groups: policies.groups, identityPolicyLines: Array(names.prefix(identityCount)),
                boundaryLine: policies.permissionsBoundary == nil ? nil : names.dropFirst(identityCount).first,
                otherPolicyLines: otherLines, cells: Array(cells.prefix(plan.operations.count)),
                plan: accountPlan.audit),
            probe: probe, trust: trust)
    }
}

extension AuditReport {
    /// The results of `expectations` on this report's cells, as of their day.
    fileprivate mutating func judge(_ expectations: AuditExpectationsInput) {
        self.expectations = expectations.results(for: self)
        expectationsAsOf = expectations.asOf
    }
}

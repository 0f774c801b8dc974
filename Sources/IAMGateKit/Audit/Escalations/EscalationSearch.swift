import Catalog
import IAMPolicy

/// One hop of escalation (issue 13): for every audited user and role, the audited roles it can act as — by assuming
/// one, or through Image Builder's instance-profile path — that may perform an operation it may not.
///
/// Each hop is decided by the audit's own machinery (`LocalDecisions`, the same mode and organization policies), never
/// by a shortcut, but the engine is asked only about pairs that can matter. From cheap to dear:
/// 1. the role must gain the principal something: a verdict better than the principal's own on some operation (roles
///    are grouped by their row of verdicts, so this costs one comparison per distinct row);
/// 2. its trust policy must let the principal in: it names the principal, or everyone, or the principal's account
///    while the principal's own policies could allow `sts:AssumeRole` in the role's account at all
///    (`EscalationProbe`, asked once per shared set of decisions during the audit);
/// 3. then the principal's own policies on the role's exact ARN (no recompilation), and only then the principal's
///    policies together with the role's trust policy, which the engine combines as AWS does.
/// The Image Builder path needs a role EC2 may assume (decided once per role) in an instance profile, and a principal
/// whose probes allow passing a role to EC2 and the four create requests.
enum EscalationSearch {
    /// One audited principal, as the search needs it.
    struct Entry: Sendable {
        var principal: AuditedPrincipal
        var member: AuditAccount.Member
        /// Its account's position in the audit's accounts.
        var account: Int
        /// Its probe cells (`EscalationProbe.cells`), after its operation cells.
        var probe: [AuditCell]
        /// A role's trust; `nil` for a user.
        var trust: RoleTrust?
    }

    /// What the search needs of the audit beside the principals.
    struct Context: Sendable {
        var accounts: [AuditAccount]
        var probes: [String: EscalationProbe]
        var shared: AuditRunner.Shared
        var region: String?
        var columns: [String]
        var threads: Int?
    }

    /// A candidate hop of one principal.
    struct Candidate: Sendable {
        /// The role, by its entry's position.
        var role: Int
        /// The role's trust names the principal's account (or is unknown), not the principal itself: the principal's
        /// own policies are asked first, on the role's exact ARN.
        var throughAccount: Bool
    }

    /// Every escalation, in principal order, then path, then role ARN.
    static func find(_ entries: [Entry], context: Context) -> [AuditEscalation] {
        let roles = entries.indices.filter { entries[$0].trust != nil }
        guard !roles.isEmpty else { return [] }

        // 1. Roles by their row of verdicts; a principal's row says which groups gain it something.
        var groups: [[Verdict]: [Int]] = [:]
        for role in roles { groups[entries[role].principal.cells.map(\.verdict), default: []].append(role) }
        var gainful: [[Verdict]: Set<Int>] = [:]
        func gaining(_ row: [Verdict]) -> Set<Int> {
            if let known = gainful[row] { return known }
            var found: Set<Int> = []
            for (roleRow, members) in groups where gains(row, roleRow) { found.formUnion(members) }
            gainful[row] = found
            return found
        }

        // 2. Who each trust policy lets in.
        var byPrincipal: [String: [Int]] = [:]
        var byAccount: [String: [Int]] = [:]
        var unknownTrust: [String: [Int]] = [:]
        var anyone: [Int] = []
        var instanceProfileRoles: [String: [Int]] = [:]
        for role in roles {
            guard let trust = entries[role].trust else { continue }
            for key in trust.namedPrincipals { byPrincipal[key, default: []].append(role) }
            for account in trust.namedAccounts { byAccount[account, default: []].append(role) }
            if trust.namesAnyone { anyone.append(role) }
            if trust.policy == nil { unknownTrust[trust.account, default: []].append(role) }
            // An instance profile's role: EC2 may assume it, and an instance profile holds it (or the details do not
            // say which profiles do).
            let ec2 = trust.namesAnyone || trust.namedServices.contains(RequestBuilder.instanceProfileService)
            let inProfile = trust.instanceProfiles.map { !$0.isEmpty } ?? true
            if inProfile && (ec2 || (trust.policy == nil && trust.instanceProfiles != nil)) {
                instanceProfileRoles[trust.account, default: []].append(role)
            }
        }
        // EC2's side of each instance-profile role, decided once, when some principal could take the path at all.
        let builders = entries.contains { entry in
            guard let probe = context.probes[entry.member.account] else { return false }
            return probe.mayPassRole(entry.probe) && probe.mayCreate(entry.probe)
        }
        let ec2Roles = builders ? instanceProfileRoles.values.flatMap { $0 } : []
        let ec2Steps = Parallel.map(ec2Roles, threads: context.threads) { role -> AuditEscalationStep? in
            guard let trust = entries[role].trust else { return nil }
            return serviceStep(trust, context: context)
        }
        var ec2Step: [Int: AuditEscalationStep] = [:]
        for (role, step) in zip(ec2Roles, ec2Steps) {
            if let step, step.outcome.verdict != .denied { ec2Step[role] = step }
        }

        // 3. The candidates of each principal.
        var work: [(entry: Int, assume: [Candidate], pass: [Int])] = []
        for (index, entry) in entries.enumerated() {
            let probe = context.probes[entry.member.account]
            let gain = gaining(entry.principal.cells.map(\.verdict))
            guard !gain.isEmpty else { continue }
            var assume: [Int: Candidate] = [:]
            if case .success(let principal) = Principal.parse(entry.principal.arn), let key = RoleTrust.key(principal) {
                for role in byPrincipal[key] ?? [] { assume[role] = Candidate(role: role, throughAccount: false) }
            }
            for role in anyone where assume[role] == nil { assume[role] = Candidate(role: role, throughAccount: false) }
            // The accounts in which the principal's own policies could allow assuming some role.
            let assumable = Set(probe.map { probe in probe.accounts.filter { probe.mayAssumeRole(in: $0, entry.probe) } } ?? [])
            if !assumable.isEmpty {
                for role in byAccount[entry.member.account] ?? [] where assume[role] == nil {
                    guard let trust = entries[role].trust, assumable.contains(trust.account) else { continue }
                    assume[role] = Candidate(role: role, throughAccount: true)
                }
                for (account, unknown) in unknownTrust where assumable.contains(account) {
                    for role in unknown where assume[role] == nil {
                        assume[role] = Candidate(role: role, throughAccount: true)
                    }
                }
            }
            let assumed = assume.values.filter { $0.role != index && gain.contains($0.role) }.sorted { $0.role < $1.role }
            var passed: [Int] = []
            if let probe, probe.mayPassRole(entry.probe), probe.mayCreate(entry.probe) {
                passed = (instanceProfileRoles[entry.member.account] ?? []).filter {
                    $0 != index && gain.contains($0) && ec2Step[$0] != nil
                }.sorted()
            }
            if !assumed.isEmpty || !passed.isEmpty { work.append((index, assumed, passed)) }
        }

        // 4. The engine, on the candidates only.
        let services = ec2Step
        let found = Parallel.map(work, threads: context.threads) { item in
            hops(
                of: entries[item.entry], assume: item.assume, pass: item.pass, entries: entries, ec2Step: services,
                context: context)
        }
        return found.flatMap { $0 }
    }

    /// Whether `role` is better than `principal` on some operation (allowed over undetermined over denied).
    static func gains(_ principal: [Verdict], _ role: [Verdict]) -> Bool {
        zip(principal, role).contains { $1 < $0 }
    }

    /// The operations `role` gains over `principal`.
    static func gained(_ principal: AuditedPrincipal, _ role: AuditedPrincipal, columns: [String]) -> [AuditGainedOperation] {
        zip(principal.cells, role.cells).enumerated().compactMap { column, pair in
            guard pair.1.verdict < pair.0.verdict, column < columns.count else { return nil }
            return AuditGainedOperation(
                column: columns[column], principalVerdict: pair.0.verdict, roleVerdict: pair.1.verdict)
        }
    }

    /// EC2 assuming the role under its trust policy alone (a service principal has no policies of its own; the
    /// organization's RCPs still apply to `sts`).
    static func serviceStep(_ trust: RoleTrust, context: Context) -> AuditEscalationStep? {
        guard case .success(let service) = Principal.parse(RequestBuilder.instanceProfileService) else { return nil }
        let request = RequestBuilder().assumeRole(.known(trust.arn))
        guard let policy = trust.policy else {
            // No trust policy to read: whether EC2 may assume the role is not known.
            let outcome = RequestOutcome(
                request: request, authorization: nil, decision: nil, verdict: .undetermined,
                evidence: .resourcePolicyNotGiven(.roleTrustPolicyMustAllow))
            return AuditEscalationStep(caller: .service(RequestBuilder.instanceProfileService), outcome: outcome)
        }
        let policies = PolicySet(resource: policy, rcps: context.shared.rcps, resourceIsTrustPolicy: true)
        let governing = PrincipalInputs(principal: service, policies: policies, tags: [:], summary: [])
        let source = LocalDecisions(governing: governing, mode: context.shared.mode, account: .known(trust.account))
        return AuditEscalationStep(
            caller: .service(RequestBuilder.instanceProfileService), outcome: kept(source.outcome(request)))
    }

    /// The hops of one principal to its candidate roles.
    static func hops(
        of entry: Entry, assume: [Candidate], pass: [Int], entries: [Entry], ec2Step: [Int: AuditEscalationStep],
        context: Context
    ) -> [AuditEscalation] {
        guard entry.account < context.accounts.count,
            let policies = try? context.accounts[entry.account].resolve(entry.member)
        else { return [] }
        let set = PolicySetCache.policySet(policies, shared: context.shared)
        let governing = PrincipalInputs(
            principal: policies.principal, policies: set, tags: policies.tags, summary: [],
            knownRoles: context.accounts[entry.account].roles)
        let builder = RequestBuilder()
        let mode = context.shared.mode
        func escalation(
            _ path: AuditEscalation.Path, to role: Entry, steps: [AuditEscalationStep], profiles: [String]?
        ) -> AuditEscalation {
            var verdict = steps.compactMap(\.outcome.verdict).max() ?? .allowed
            if path == .imageBuilderInstanceProfile && profiles == nil { verdict = max(verdict, .undetermined) }
            return AuditEscalation(
                path: path, principal: entry.principal.arn, type: entry.principal.type,
                account: entry.principal.account, reaches: role.principal.arn, verdict: verdict,
                gained: gained(entry.principal, role.principal, columns: context.columns), steps: steps,
                instanceProfiles: path == .imageBuilderInstanceProfile ? profiles : nil)
        }

        var found: [AuditEscalation] = []
        for candidate in assume {
            let role = entries[candidate.role]
            guard let trust = role.trust else { continue }
            let request = builder.assumeRole(.known(trust.arn))
            if candidate.throughAccount {
                // The trust policy delegates to the account: the principal's own policies must allow the hop.
                let own = LocalDecisions(governing: governing, mode: mode, account: .known(trust.account))
                guard EscalationProbe.principalSideMayAllow(own.outcome(request).decision) else { continue }
            }
            var both = governing
            both.policies = PolicySet(
                identity: set.identity, permissionsBoundary: set.permissionsBoundary, resource: trust.policy,
                scps: set.scps, rcps: set.rcps, resourceIsTrustPolicy: trust.policy != nil)
            let outcome = LocalDecisions(governing: both, mode: mode, account: .known(trust.account)).outcome(request)
            guard outcome.verdict != .denied else { continue }
            found.append(
                escalation(
                    .assumeRole, to: role, steps: [AuditEscalationStep(caller: .principal, outcome: kept(outcome))],
                    profiles: nil))
        }

        if !pass.isEmpty {
            let own = LocalDecisions(governing: governing, mode: mode, account: .known(entry.member.account))
            let inputs = OperationInputs(
                partition: policies.principal.partition,
                region: context.region.map(PartialValue.known) ?? .unknown("region"),
                account: .known(entry.member.account), context: context.shared.context)
            let creates = builder.imageBuilderCreates(inputs: inputs).map { own.outcome($0) }
            if creates.allSatisfy({ $0.verdict != .denied }) {
                for index in pass {
                    let role = entries[index]
                    guard let trust = role.trust, let service = ec2Step[index] else { continue }
                    let passed = own.outcome(builder.passRole(.known(trust.arn), to: RequestBuilder.instanceProfileService))
                    guard passed.verdict != .denied else { continue }
                    let steps =
                        [AuditEscalationStep(caller: .principal, outcome: kept(passed))]
                        + creates.map { AuditEscalationStep(caller: .principal, outcome: kept($0)) } + [service]
                    found.append(
                        escalation(.imageBuilderInstanceProfile, to: role, steps: steps, profiles: trust.instanceProfiles))
                }
            }
        }
        return found
    }

    /// An outcome as a report keeps it: its decision cut as the audit's cells cut theirs (only the near misses of the
    /// statements that did not apply, no context).
    static func kept(_ outcome: RequestOutcome) -> RequestOutcome {
        var outcome = outcome
        outcome.decision = AuditedRequest(outcome).decision
        return outcome
    }
}

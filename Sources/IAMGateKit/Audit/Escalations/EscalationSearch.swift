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
        var columns: [String]
        var threads: Int?
        /// `sts:AssumeRole` and `iam:PassRole` to EC2 as every hop makes them, but for the role's ARN: each hop's
        /// request is a copy that shares their context and keys.
        var assumeRole = RequestBuilder().assumeRole(.known("*"))
        var passRole = RequestBuilder().passRole(.known("*"), to: RequestBuilder.instanceProfileService)

        func assumeRole(_ role: String) -> RequiredRequest {
            var request = assumeRole
            request.resource = .known(role)
            return request
        }

        func passRole(_ role: String) -> RequiredRequest {
            var request = passRole
            request.resource = .known(role)
            return request
        }
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

        // 3. The candidates of each principal: the roles whose trust policy names it (or everyone), and the accounts
        // in which its own policies could allow assuming a role, whose roles naming its account `hops` goes through.
        var work: [Work] = []
        for (index, entry) in entries.enumerated() {
            let probe = context.probes[entry.member.account]
            let gain = gaining(entry.principal.cells.map(\.verdict))
            guard !gain.isEmpty else { continue }
            var named: Set<Int> = Set(anyone)
            if case .success(let principal) = Principal.parse(entry.principal.arn), let key = RoleTrust.key(principal) {
                named.formUnion(byPrincipal[key] ?? [])
            }
            let direct = named.filter { $0 != index && gain.contains($0) }.sorted()
            let assumable = Set(
                probe.map { probe in probe.accounts.filter { probe.mayAssumeRole(in: $0, entry.probe) } } ?? [])
            var passed: [Int] = []
            if let probe, probe.mayPassRole(entry.probe), probe.mayCreate(entry.probe) {
                passed = (instanceProfileRoles[entry.member.account] ?? []).filter {
                    $0 != index && gain.contains($0) && ec2Step[$0] != nil
                }.sorted()
            }
            if !direct.isEmpty || !assumable.isEmpty || !passed.isEmpty {
                work.append(Work(entry: index, gain: gain, direct: direct, assumable: assumable, pass: passed))
            }
        }

        // 4. The engine, on the candidates only.
        let trusts = TrustIndex(byAccount: byAccount, unknown: unknownTrust, ec2Steps: ec2Step)
        let found = Parallel.map(work, threads: context.threads) { item in
            hops(item, entries: entries, trusts: trusts, context: context)
        }
        return found.flatMap { $0 }
    }

    /// One principal's candidates.
    struct Work: Sendable {
        var entry: Int
        /// The roles that gain it something.
        var gain: Set<Int>
        /// Roles whose trust policy names it or everyone.
        var direct: [Int]
        /// Accounts in which its own policies could allow `sts:AssumeRole` on some role.
        var assumable: Set<String>
        /// Instance-profile roles of its account, when it could take Image Builder's path.
        var pass: [Int]
    }

    /// Which roles' trust policies name each account, or are not known, and EC2's side of each instance-profile role.
    struct TrustIndex: Sendable {
        var byAccount: [String: [Int]]
        var unknown: [String: [Int]]
        var ec2Steps: [Int: AuditEscalationStep]
    }

    /// The resource patterns of the `Allow` statements of `documents` that can apply to `action` (lowercased): a
    /// role's ARN none of them matches cannot be allowed by them. `nil` when a statement could allow any resource
    /// (`NotResource`, a policy variable), so no role can be ruled out.
    static func allowedResources(_ documents: [PolicyDocument], action: String) -> [ARNPattern]? {
        var patterns: [ARNPattern] = []
        for document in documents {
            for statement in document.statements where statement.effect == .allow {
                let named = statement.actions.patterns.contains { $0.matches(lowercased: action) }
                guard named != statement.actions.isNegated else { continue }
                guard let resources = statement.resources, !resources.isNegated else { return nil }
                for entry in resources.entries {
                    guard let compiled = entry.compiled else { return nil }
                    patterns.append(compiled)
                }
            }
        }
        return patterns
    }

    /// Whether `role` is better than `principal` on some operation (allowed over undetermined over denied).
    static func gains(_ principal: [Verdict], _ role: [Verdict]) -> Bool {
        zip(principal, role).contains { $1 < $0 }
    }

    /// The operations `role` gains over `principal`.
    static func gained(_ principal: AuditedPrincipal, _ role: AuditedPrincipal, columns: [String])
        -> [AuditGainedOperation]
    {
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
        let request = context.assumeRole(trust.arn)
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
    static func hops(_ work: Work, entries: [Entry], trusts: TrustIndex, context: Context) -> [AuditEscalation] {
        let entry = entries[work.entry]
        let pass = work.pass
        let ec2Step = trusts.ec2Steps
        guard entry.account < context.accounts.count,
            let policies = try? context.accounts[entry.account].resolve(entry.member)
        else { return [] }
        let set = PolicySetCache.policySet(policies, shared: context.shared)
        // The roles reached through the account: their trust policy names the principal's account (or is unknown), and
        // one of the principal's own statements for sts:AssumeRole could name the role.
        var assume = work.direct.map { Candidate(role: $0, throughAccount: false) }
        if !work.assumable.isEmpty {
            let patterns = allowedResources(set.identity, action: "sts:assumerole")
            let direct = Set(work.direct)
            var through = (trusts.byAccount[entry.member.account] ?? [])
            for (account, unknown) in trusts.unknown where work.assumable.contains(account) { through += unknown }
            for role in Set(through) where role != work.entry && !direct.contains(role) && work.gain.contains(role) {
                guard let trust = entries[role].trust, work.assumable.contains(trust.account) else { continue }
                if let patterns, !patterns.contains(where: { $0.matches(trust.arn) }) { continue }
                assume.append(Candidate(role: role, throughAccount: true))
            }
            assume.sort { $0.role < $1.role }
        }
        let governing = PrincipalInputs(
            principal: policies.principal, policies: set, tags: policies.tags, summary: [],
            knownRoles: context.accounts[entry.account].roles)
        let mode = context.shared.mode
        func escalation(
            _ path: AuditEscalation.Path, to role: Int, steps: [AuditEscalationStep], profiles: [String]?
        ) -> AuditEscalation {
            var verdict = steps.compactMap(\.outcome.verdict).max() ?? .allowed
            if path == .imageBuilderInstanceProfile && profiles == nil { verdict = max(verdict, .undetermined) }
            return AuditEscalation(
                path: path, principal: entry.principal.arn, type: entry.principal.type,
                account: entry.principal.account, reaches: entries[role].principal.arn, verdict: verdict,
                gained: gained(entry.principal, entries[role].principal, columns: context.columns), steps: steps,
                instanceProfiles: path == .imageBuilderInstanceProfile ? profiles : nil)
        }
        // The request as the engine is asked it, made once for the principal; each role only changes its resource
        // (and its account), so what derives from the principal and the context is derived once.
        func asked(
            _ request: RequiredRequest, account: String, reusing base: inout AuthorizationRequest?
        ) -> AuthorizationRequest {
            guard var made = base else {
                let made = LocalDecisions(governing: governing, mode: mode, account: .known(account)).authorization(
                    request)
                base = made
                return made
            }
            made.resource = request.resource.description
            if made.resourceAccount != account { made.resourceAccount = account }
            return made
        }

        var found: [AuditEscalation] = []
        var assumed: AuthorizationRequest?
        for candidate in assume {
            guard let trust = entries[candidate.role].trust else { continue }
            let request = context.assumeRole(trust.arn)
            let made = asked(request, account: trust.account, reusing: &assumed)
            if candidate.throughAccount {
                // The trust policy delegates to the account: the principal's own policies must allow the hop.
                let own = LocalDecisions(governing: governing, mode: mode, account: .known(trust.account))
                guard EscalationProbe.principalSideMayAllow(own.decided(request, authorization: made).decision)
                else { continue }
            }
            var both = governing
            both.policies = PolicySet(
                identity: set.identity, permissionsBoundary: set.permissionsBoundary, resource: trust.policy,
                scps: set.scps, rcps: set.rcps, resourceIsTrustPolicy: trust.policy != nil)
            let outcome = LocalDecisions(governing: both, mode: mode, account: .known(trust.account)).decided(
                request, authorization: made)
            guard outcome.verdict != .denied else { continue }
            found.append(
                escalation(
                    .assumeRole, to: candidate.role,
                    steps: [AuditEscalationStep(caller: .principal, outcome: kept(outcome))], profiles: nil))
        }

        if !pass.isEmpty {
            let own = LocalDecisions(governing: governing, mode: mode, account: .known(entry.member.account))
            let creates = (context.probes[entry.member.account]?.createRequests ?? []).map { own.outcome($0) }
            if !creates.isEmpty && creates.allSatisfy({ $0.verdict != .denied }) {
                let created = creates.map { AuditEscalationStep(caller: .principal, outcome: kept($0)) }
                var passing: AuthorizationRequest?
                for index in pass {
                    guard let trust = entries[index].trust, let service = ec2Step[index] else { continue }
                    let request = context.passRole(trust.arn)
                    let passed = own.decided(
                        request, authorization: asked(request, account: trust.account, reusing: &passing))
                    guard passed.verdict != .denied else { continue }
                    let steps = [AuditEscalationStep(caller: .principal, outcome: kept(passed))] + created + [service]
                    found.append(
                        escalation(
                            .imageBuilderInstanceProfile, to: index, steps: steps, profiles: trust.instanceProfiles))
                }
            }
        }
        return found
    }

    /// An outcome as a report keeps it: its decision cut as the audit's cells cut theirs (only the near misses of the
    /// statements that did not apply, no context), without the request as evaluated (a hop's steps are allowed or
    /// undetermined, whose sentences do not read it).
    static func kept(_ outcome: RequestOutcome) -> RequestOutcome {
        var outcome = outcome
        outcome.decision = AuditedRequest(outcome).decision
        outcome.authorization = nil
        return outcome
    }
}

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
        if checkMode == .offline { return try run(options) }
        try validate(options, mode: checkMode)
        var options = options
        // Every input read once, and checked before the first AWS call.
        options.sqlRead = try sqlText(sql: options.sql, sqlFile: options.sqlFile)
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

        var governing: PrincipalInputs?
        if checkMode != .live {
            governing = try PrincipalInputs.load(
                options, account: account, boundaryReplaces: checkMode == .compare, files: files)
        }
        let principal = try governing?.principal ?? parsePrincipal(principalText)
        var inputs = try operationInputs(options, principal)
        inputs.knownRoles = governing?.knownRoles ?? [:]
        let plan = try OperationPlan.make(options.selection, inputs: inputs)
        // Live alone: AWS decides, and its answers name the keys it treated as absent.
        var notes = checkMode == .live ? [] : notes(mode: strictness)

        if checkMode == .fromAccount, let governing {
            return localReport(
                plan, governing: governing, mode: strictness, account: inputs.account, notes: notes,
                statistics: session.statistics)
        }

        // Live and compare: ask AWS about every request an operation makes.
        var subject = try simulationSubject(
            options, files: files, principal: principal, caller: caller, session: session,
            records: account?.records, notes: &notes)
        subject.resourceOwner = inputs.account.knownText.flatMap { $0.isEmpty ? nil : $0 }
        let tags = governing?.tags ?? [:]
        var asked: [SimulatedRequest] = []
        for planned in plan.operations {
            for request in planned.requests where !isNotNeeded(request) {
                asked.append(simulated(request, tags: tags))
            }
        }
        // What the local engine is asked in AWS's place: the simulator takes no session policy. Built once, since a
        // change to a policy set compiles its plan again.
        let simulatedPolicies = governing.map {
            PolicySet(
                identity: $0.policies.identity, permissionsBoundary: $0.policies.permissionsBoundary,
                resource: $0.policies.resource, endpoint: $0.policies.endpoint, scps: $0.policies.scps,
                rcps: $0.policies.rcps, resourceIsTrustPolicy: $0.policies.resourceIsTrustPolicy)
        }
        let answers = try LiveSimulator.simulate(asked, subject: subject, session: session) { done, total in
            status?("asking AWS (iam SimulatePrincipalPolicy): call \(done) of \(total)")
        }
        var answerIndex = 0
        var operations: [OperationResult] = []
        for planned in plan.operations {
            var outcomes: [RequestOutcome] = []
            for request in planned.requests {
                let local = governing.map {
                    evaluate(request, governing: $0, mode: strictness, account: inputs.account)
                }
                if isNotNeeded(request) {
                    outcomes.append(
                        local
                            ?? RequestOutcome(
                                request: request, authorization: nil, decision: nil, verdict: nil,
                                summary: "\(request.action): not needed — \(notNeededReason(request))"))
                    continue
                }
                let live = answers[answerIndex]
                answerIndex += 1
                let liveOutcome = liveVerdict(request, live, principal: principal, strict: options.strict)
                guard let local, let governing, let simulatedPolicies else {
                    outcomes.append(
                        RequestOutcome(
                            request: request, authorization: nil, decision: nil, verdict: liveOutcome.verdict,
                            summary: liveOutcome.summary, live: live))
                    continue
                }
                outcomes.append(
                    compared(
                        local, live: live, liveOutcome: liveOutcome, governing: governing,
                        policies: simulatedPolicies, simulatedPrincipal: subject.policySourceARN,
                        account: inputs.account))
            }
            operations.append(result(planned, outcomes: outcomes))
        }
        var summary = governing?.summary ?? []
        summary.insert("AWS simulated the policies of \(subject.policySourceARN) (iam SimulatePrincipalPolicy)", at: 0)
        for path in options.identityPolicies where checkMode == .live {
            summary.append("identity policy \(path) (added to the simulation)")
        }
        if let path = options.permissionsBoundary, checkMode == .live {
            summary.append("permissions boundary \(path) (replaces the attached one in the simulation)")
        }
        if let path = options.resourcePolicy, checkMode == .live {
            summary.append("resource-based policy \(path)")
        }
        let partlyKnown = plan.operations.flatMap(\.requests).contains { !isNotNeeded($0) && !$0.resource.isConcrete }
        if checkMode == .live && partlyKnown {
            notes.append(
                "AWS's simulator matches a partly known ARN (its unknown parts sent as *) as literal text, so its "
                    + "answer there does not hold for every resource the ARN stands for: those requests are "
                    + "undetermined; name the resource (e.g. the statement's Identifier), or use --from-account or "
                    + "--compare for an analysis of every ARN it can be")
        }
        return CheckReport(
            principal: principal.identifier, resource: plan.resource.id, source: checkMode == .live ? .live : .compare,
            mode: strictness, operations: operations, policySummary: summary, notes: notes + liveNotes,
            statistics: session.statistics)
    }

    /// What AWS's simulator does not take, said once per live report.
    static let liveNotes = [
        "AWS's simulator evaluates the principal's identity policies, permissions boundary and the organization's "
            + "SCPs; it takes no session policy, RCP or VPC endpoint policy, and a resource policy only for IAM users"
    ]

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
        records: AuthorizationDetailsRecords?, notes: inout [String]
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
            notes.append(
                "AWS simulates the role \(source) for the session \(principal.identifier): session policies and "
                    + "session tags are not part of its answer")
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

    // MARK: - Requests and answers

    static func isNotNeeded(_ request: RequiredRequest) -> Bool {
        if case .notNeeded = request.necessity { return true }
        return false
    }

    static func notNeededReason(_ request: RequiredRequest) -> String {
        if case .notNeeded(let why) = request.necessity { return why }
        return ""
    }

    /// The request's context with the principal's tags, as the local engine sees it.
    static func context(_ request: RequiredRequest, tags: [String: String]) -> [String: ContextValue] {
        var context: [String: ContextValue] = [:]
        for (key, value) in tags { context["aws:PrincipalTag/\(key)"] = ContextValue(value) }
        for (key, value) in request.context { context[key] = value }
        return context
    }

    static func simulated(_ request: RequiredRequest, tags: [String: String]) -> SimulatedRequest {
        let resource =
            request.resource.isConcrete
            ? request.resource.description : LiveSimulator.simulatedResource(request.resource)
        return SimulatedRequest(
            action: request.action, resource: resource,
            context: LiveSimulator.contextEntries(context(request, tags: tags)))
    }

    /// The missing context values that matter: those the request could carry. Keys the request builder knows are
    /// absent (no tags in the statement, keys the action does not support) are not unknowns.
    static func unknownKeys(_ live: LiveDecision, request: RequiredRequest, principal: Principal) -> [String] {
        var check = AuthorizationRequest(principal: principal, action: request.action, resource: "*")
        check.knownAbsentKeys = request.knownAbsentKeys
        check.applicableServiceKeys = request.applicableServiceKeys
        return live.missingContextValues.filter { !check.isKnownAbsent(lowercasedKey: $0.lowercased()) }
    }

    /// The verdict AWS's answer supports, failing closed: AWS's simulator tests a partly known ARN literally (its
    /// `*` is text, not a wildcard), so neither an allow nor a deny there holds for every resource it stands for;
    /// an allow that rests on context keys AWS treated as absent holds only without them (unless `--strict`).
    static func liveVerdict(_ request: RequiredRequest, _ live: LiveDecision, principal: Principal, strict: Bool) -> (
        verdict: Verdict, summary: String
    ) {
        let subject = "\(request.action) on \(live.simulated.resource)"
        guard let decision = live.decision else {
            return (.undetermined, "\(subject): \(live.explanation)")
        }
        if !request.resource.isConcrete {
            return (
                .undetermined,
                "\(subject): \(live.explanation) — for that text only, the resource being partly known "
                    + "(\(request.resource))"
            )
        }
        let unknown = unknownKeys(live, request: request, principal: principal)
        switch decision {
        case .allowed where !unknown.isEmpty && !strict:
            return (
                .undetermined,
                "\(subject): \(live.explanation); the allow holds only while \(unknown.joined(separator: ", ")) "
                    + "\(unknown.count == 1 ? "is" : "are") absent (give --context values, or --strict)"
            )
        case .allowed:
            return (.allowed, "\(subject): \(live.explanation)")
        case .explicitDeny, .implicitDeny:
            if case .situational(let situation) = request.necessity {
                return (.undetermined, "\(subject): \(live.explanation); it is \(situation)")
            }
            return (.denied, "\(subject): \(live.explanation)")
        }
    }

    /// A `--compare` outcome: the local verdict and AWS's side by side, the worse of the two deciding (AWS's only on a
    /// concrete ARN), and the local engine asked exactly what AWS was asked to see whether they agree.
    static func compared(
        _ local: RequestOutcome, live: LiveDecision, liveOutcome: (verdict: Verdict, summary: String),
        governing: PrincipalInputs, policies: PolicySet, simulatedPrincipal: String, account: InputValue
    ) -> RequestOutcome {
        var principal = governing.principal
        if case .success(let role) = Principal.parse(simulatedPrincipal) { principal = role }
        var context = RequestContext()
        for entry in live.simulated.context {
            context[entry.name] =
                entry.type.rawValue.hasSuffix("List")
                ? ContextValue(set: entry.values) : ContextValue(entry.values.first ?? "")
        }
        let authorization = AuthorizationRequest(
            principal: principal, action: live.simulated.action, resource: live.simulated.resource,
            resourceAccount: account.knownText.flatMap { $0.isEmpty ? nil : $0 }, context: context)
        let decision = Evaluator(mode: .strict, explain: true).evaluate(authorization, policies: policies)
        let agree = live.decision == decision.decision
        var outcome = local
        outcome.live = live
        outcome.comparison = Comparison(authorization: authorization, local: decision, agree: agree)
        let localVerdict = local.verdict ?? .allowed
        // On a partly known ARN the simulator answered for the literal text only; the local analysis of every ARN it
        // can be decides, and the answers are still compared on the same text.
        let liveVerdict = local.request.resource.isConcrete ? liveOutcome.verdict : localVerdict
        outcome.verdict = max(localVerdict, liveVerdict)
        if agree {
            if liveVerdict > localVerdict { outcome.summary = liveOutcome.summary }
        } else {
            let why = DecisionExplanation.summary(decision, request: authorization)
            outcome.summary =
                "\(live.simulated.action) on \(live.simulated.resource): local and AWS disagree — locally "
                + "\(decision.decision.rawValue) (\(why)); \(live.explanation)"
        }
        return outcome
    }
}

extension Caller {
    /// The role ARN of an assumed-role session: from `roles` (name → ARN) when given, else `GetRole` (the session
    /// ARN lacks the role's path), else the path-less ARN with a note saying so.
    static func roleARN(forSession sessionARN: String, session: AWSSession, roles: [String: String]?)
        throws(RuntimeError) -> (arn: String, note: String?)
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
            return (
                pathless, "the role's path is unknown (iam GetRole: \(error.code ?? "no answer")); assuming \(pathless)"
            )
        } catch {
            return (pathless, "the role's path is unknown (\(error)); assuming \(pathless)")
        }
    }
}

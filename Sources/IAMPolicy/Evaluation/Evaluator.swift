/// The policy engine: pure, synchronous, no I/O. It decides one request against a `PolicySet` the way
/// `reference_policies_evaluation-logic.md` and `reference_policies_evaluation-logic-cross-account.md` describe,
/// and returns the decision with its reasons as data. Policy content never makes it throw.
public struct Evaluator: Sendable {
    public var mode: EvaluationMode
    /// Also record why each statement that did not apply was skipped (slower; for explanations).
    public var explain: Bool
    /// Services whose resources RCPs govern (AWS Organizations' list); RCPs are not evaluated for other services.
    public var rcpSupportedServices: Set<String>

    public init(
        mode: EvaluationMode = .strict, explain: Bool = false,
        rcpSupportedServices: Set<String> = Evaluator.defaultRCPSupportedServices
    ) {
        self.mode = mode
        self.explain = explain
        self.rcpSupportedServices = rcpSupportedServices
    }

    /// The services AWS Organizations lists as supporting RCPs (iam-data `rcpSupportedServices.json`; a test keeps
    /// this list equal to the shipped service reference).
    public static let defaultRCPSupportedServices: Set<String> = [
        "aoss", "appconfig", "appstream", "autoscaling", "cloudfront", "cloudsearch", "codebuild", "codecommit",
        "codepipeline", "cognito-identity", "cognito-idp", "comprehend", "comprehendmedical", "cost-optimization-hub",
        "dax", "dynamodb", "ecr", "events", "firehose", "fis", "health", "inspector-scan", "kendra", "kinesisvideo",
        "kms", "logs", "memorydb", "networkmonitor", "opensearch", "pca-connector-ad", "polly", "pricing", "s3",
        "secretsmanager", "signin", "sqs", "sts", "support", "textract", "timestream-influxdb", "transcribe",
        "transfer", "translate", "wafv2",
    ]

    /// Decides `request` against `policies`.
    public func evaluate(_ request: AuthorizationRequest, policies: PolicySet) -> Decision {
        // The run reads the request's bytes in place, so the request outlives it; so does `policies`, a borrowed
        // argument, and with it the plan the run reads without retaining it.
        withExtendedLifetime(request) {
            var run = EvaluationRun(request, mode: mode, explain: explain, plan: policies.plan)
            if !request.knownAbsentKeys.isEmpty || request.applicableServiceKeys != nil { run.absence = request }
            let verdict = run.decide(
                request, rcpSupportedServices: rcpSupportedServices, trustPolicy: policies.resourceIsTrustPolicy)
            return run.finish(verdict)
        }
    }

    /// The request context plus the keys derivable with certainty from the principal and resource
    /// (`docs/evaluation.md` §3); values the request gives are never replaced. The request keeps it up to date
    /// whenever one of them changes, so that every decision about the request reuses it.
    public static func fillContext(_ request: AuthorizationRequest) -> RequestContext {
        request.filledContext
    }

    /// The keys §3 derives from the principal alone, in the order they are filled.
    static func principalContextKeys(of principal: Principal) -> [FilledContextKey] {
        var keys: [FilledContextKey] = []
        func fill(_ key: String, _ value: String?) {
            guard let value else { return }
            keys.append(FilledContextKey(key, ContextValue(value)))
        }
        fill("aws:PrincipalArn", principal.principalARN)
        fill("aws:PrincipalAccount", principal.account)
        if principal.kind != .service {
            fill("aws:PrincipalType", principal.principalType)
        }
        if principal.kind == .user {
            fill("aws:username", principal.name)
        }
        // `reference_policies_condition-keys.md#condition-keys-principalisawsservice`: present in every signed
        // request, true only for service principals; anonymous requests do not carry it.
        if principal.kind == .service {
            fill("aws:PrincipalServiceName", principal.identifier)
            fill("aws:PrincipalIsAWSService", "true")
        } else if principal.kind != .anonymous {
            fill("aws:PrincipalIsAWSService", "false")
        }
        return keys
    }
}

/// How a statement's `Principal` names the requester; the strength decides which implicit denies a resource
/// policy's `Allow` overrides (`reference_policies_evaluation-logic.md`, same-account table).
enum PrincipalMatch: Int, Comparable {
    case none = 0
    /// The requester's account (or a `NotPrincipal` exclusion): the account's own policies must still allow.
    case account = 1
    /// The requester's role ARN: limited by the permissions boundary and session policy.
    case role = 2
    /// The requester itself (user, session, federated user, service, `*`): grants on its own.
    case direct = 3

    static func < (lhs: PrincipalMatch, rhs: PrincipalMatch) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A gate's result: passes, fails, or passes only if the listed unknown conditions hold (discovery mode).
enum GateResult {
    case pass
    case fail
    case conditional([UnknownCondition])

    static func all(_ results: [GateResult]) -> GateResult {
        var conditions: [UnknownCondition] = []
        for result in results {
            switch result {
            case .fail: return .fail
            case .pass: continue
            case .conditional(let more): conditions += more
            }
        }
        return conditions.isEmpty ? .pass : .conditional(conditions)
    }

    static func any(_ results: [GateResult]) -> GateResult {
        var conditions: [UnknownCondition] = []
        var sawConditional = false
        for result in results {
            switch result {
            case .pass: return .pass
            case .fail: continue
            case .conditional(let more):
                sawConditional = true
                conditions += more
            }
        }
        return sawConditional ? .conditional(conditions) : .fail
    }

    var failed: Bool {
        if case .fail = self { return true }
        return false
    }

    /// `all([self, other])`, without building an array.
    @inline(__always)
    func and(_ other: GateResult) -> GateResult {
        switch (self, other) {
        case (.fail, _), (_, .fail): return .fail
        case (.pass, .pass): return .pass
        case (.conditional(let conditions), .pass), (.pass, .conditional(let conditions)):
            return conditions.isEmpty ? .pass : .conditional(conditions)
        case (.conditional(let first), .conditional(let second)):
            let conditions = first + second
            return conditions.isEmpty ? .pass : .conditional(conditions)
        }
    }

    /// `any([self, other])`, without building an array.
    @inline(__always)
    func or(_ other: GateResult) -> GateResult {
        switch (self, other) {
        case (.pass, _), (_, .pass): return .pass
        case (.fail, .fail): return .fail
        case (.conditional(let conditions), .fail), (.fail, .conditional(let conditions)):
            return .conditional(conditions)
        case (.conditional(let first), .conditional(let second)):
            return .conditional(first + second)
        }
    }
}

/// The statements of one policy type that applied, reduced to what the gates need.
struct PolicyOutcome {
    /// An applicable `Deny`.
    var hasDeny = false
    /// Bit `match.rawValue` is set when an applicable `Allow` named the requester with that strength.
    var allowMatches: UInt8 = 0
    /// Discovery mode: what applies only if unknown conditions hold; `nil` while nothing does (always, in strict
    /// mode with a fully known resource), so that an outcome holds nothing to release.
    var conditional: ConditionalOutcome?

    /// Discovery mode: the unknown conditions of `Deny`s that would otherwise apply.
    var conditionalDenies: [UnknownCondition] { conditional?.denies ?? [] }

    /// Whether an `Allow` applied whose principal match is at least `minimum`.
    func allowGate(minimum: PrincipalMatch = .none) -> GateResult {
        if allowMatches >> UInt8(minimum.rawValue) != 0 { return .pass }
        guard let conditional else { return .fail }
        let allows = conditional.allows.filter { $0.match >= minimum }
        if allows.isEmpty { return .fail }
        return .conditional(allows.flatMap(\.conditions))
    }

    /// Allows whose principal match is exactly `match`.
    func allowGate(exactly match: PrincipalMatch) -> GateResult {
        if allowMatches & (1 << UInt8(match.rawValue)) != 0 { return .pass }
        guard let conditional else { return .fail }
        let allows = conditional.allows.filter { $0.match == match }
        if allows.isEmpty { return .fail }
        return .conditional(allows.flatMap(\.conditions))
    }
}

/// The `Allow`s that apply if their unknown conditions hold, and the unknown conditions of `Deny`s that would
/// otherwise apply.
struct ConditionalOutcome {
    var allows: [(match: PrincipalMatch, conditions: [UnknownCondition])] = []
    var denies: [UnknownCondition] = []
}

/// The working state of one evaluation. Statements are addressed by their index in the plan, and read from its
/// records in place; a `Statement` itself is read only for the checks the records leave to it, in place as well:
/// copying a request, a document or a statement retains every string and array in it, which costs more than
/// evaluating most statements.
struct EvaluationRun {
    /// The filled context, not retained: the request, which holds it, outlives the run.
    let filledContext: UnretainedContext
    let mode: EvaluationMode
    let explain: Bool
    /// The policy set's compiled statements, and their records, not retained: the policy set that holds the plan
    /// outlives the run (`Evaluator.evaluate`).
    unowned(unsafe) let plan: EvaluationPlan
    let records: UnsafePointer<PlanBuffers>
    /// The filled context's index (valid while the run holds the context); `nil` when a key is not ASCII.
    let lookup: UnsafePointer<ContextBuffers>?
    /// The request's lowercased action as bytes and its filter key, and its resource as bytes with its layout
    /// when the records may match it (known in full and ASCII), read in place: the request outlives the run.
    let action: UnsafeBufferPointer<UInt8>
    let actionKey: ActionFilter.Key
    /// The action's index among the ones the plan names literally (`PlanBuffers.namedAction`), whose applicable
    /// statements it lists; `nil` when no pattern names it (or the plan compiles nothing).
    let namedAction: Int?
    let resource: UnsafeBufferPointer<UInt8>
    let plannedResourceLayout: ARNLayout?
    /// The request, for the keys it says are absent for certain (discovery mode treats other absent keys as
    /// unknown); `nil` when it says none are.
    var absence: AuthorizationRequest?
    /// The statements that applied, by their index in the plan (named only when the decision is read).
    var matched: [Int32] = []
    var missingKeys: [String] = []
    var nonMatching: [NonMatchingStatement] = []
    var notes: [DecisionNote] = []
    /// Why the statement just looked at does not apply (explaining only).
    var miss: StatementMiss?
    /// The unknown conditions of the statement just looked at.
    var unknowns: [UnknownCondition] = []

    /// A run for `request`, which must outlive it.
    init(_ request: AuthorizationRequest, mode: EvaluationMode, explain: Bool, plan: EvaluationPlan) {
        let context = Evaluator.fillContext(request)
        filledContext = context.unretained
        self.mode = mode
        self.explain = explain
        self.plan = plan
        records = plan.records
        lookup = plan.compiles ? context.index?.buffers : nil
        action = request.lowercasedActionUTF8.bytes
        actionKey = request.actionKey
        namedAction = plan.compiles ? plan.records.pointee.namedAction(action, hash: request.actionHash) : nil
        resource = request.resourceUTF8.bytes
        plannedResourceLayout = request.resourceIsKnown ? request.resourceLayout : nil
    }

    /// The filled context.
    var context: RequestContext { filledContext.context }

    mutating func note(_ note: DecisionNote) {
        if !notes.contains(note) { notes.append(note) }
    }

    /// Decides the request, gathering the matched statements, missing keys and notes on the way.
    mutating func decide(_ request: AuthorizationRequest, rcpSupportedServices: Set<String>, trustPolicy: Bool)
        -> Verdict
    {
        let kind = request.principal.kind
        let hasIdentity = kind != .service && kind != .anonymous
        let isRoot = kind == .root
        let resourceAccount = request.effectiveResourceAccount
        let sameAccount = request.principal.account != nil && request.principal.account == resourceAccount
        // `docs/evaluation.md` §4.4: what no policy overrides. One load and compare when no rule applies.
        let rule = request.serviceRule
        if rule == .callerIdentityNeedsNoPermission && hasIdentity {
            // STS API reference, GetCallerIdentity: "No permissions are required to perform this operation", and an
            // explicit deny does not stop it; no policy is evaluated.
            return Verdict(decision: .allowed, blockedBy: [], conditions: [], rule: rule)
        }

        // Which policy types govern this request.
        var evaluatesSCPs = false
        if plan.scpLevels != nil {
            if !hasIdentity {
                note(.scpsNotForCaller(kind == .service ? .service : .anonymous))
            } else if request.principal.isServiceLinkedRole {
                note(.scpsNotForServiceLinkedRole)
            } else {
                evaluatesSCPs = true
            }
        }
        var evaluatesRCPs = false
        if plan.rcpLevels != nil {
            let service = request.servicePrefix
            if rcpSupportedServices.contains(service) {
                evaluatesRCPs = true
            } else {
                note(.rcpsNotSupported(service: service))
            }
        }
        if !hasIdentity && (plan.identityCount > 0 || plan.permissionsBoundary != nil || plan.session != nil) {
            note(.identityPoliciesNotForCaller(kind == .service ? .service : .anonymous))
        }
        if isRoot && (plan.permissionsBoundary != nil || plan.session != nil) {
            note(.rootHasNoBoundaryOrSession)
        }

        let evaluatesIdentity = hasIdentity && !isRoot
        // Evaluate every statement that can matter, in this order (it is the order of the matched statements,
        // missing keys and notes). A policy type the set lacks (or that does not govern the request) has no
        // outcome: `has…` is false and the outcome stays empty.
        var identity = PolicyOutcome()
        if evaluatesIdentity {
            for policy in 0..<plan.identityCount {
                collect(policy, request, into: &identity)
            }
        }
        var boundary = PolicyOutcome()
        let hasBoundary = evaluatesIdentity && plan.permissionsBoundary != nil
        if hasBoundary, let policy = plan.permissionsBoundary { collect(policy, request, into: &boundary) }
        var session = PolicyOutcome()
        let hasSession = evaluatesIdentity && plan.session != nil
        if hasSession, let policy = plan.session { collect(policy, request, into: &session) }
        var resource = PolicyOutcome()
        let hasResource = plan.resource != nil
        if let policy = plan.resource { collect(policy, request, into: &resource) }
        var endpoint = PolicyOutcome()
        let hasEndpoint = plan.endpoint != nil
        if let policy = plan.endpoint { collect(policy, request, into: &endpoint) }
        // Every organization level needs an applicable Allow.
        var scpGate = GateResult.pass
        var scpDenies = false
        var scpConditionalDenies: [UnknownCondition] = []
        if evaluatesSCPs, let levels = plan.scpLevels {
            for level in levels {
                var levelOutcome = PolicyOutcome()
                for policy in level {
                    collect(policy, request, into: &levelOutcome)
                }
                scpGate = scpGate.and(levelOutcome.allowGate())
                scpDenies = scpDenies || levelOutcome.hasDeny
                if let more = levelOutcome.conditional?.denies, !more.isEmpty { scpConditionalDenies += more }
            }
        }
        var rcpDenies = false
        var rcpConditionalDenies: [UnknownCondition] = []
        if evaluatesRCPs, let levels = plan.rcpLevels {
            for level in levels {
                var levelOutcome = PolicyOutcome()
                for policy in level {
                    collect(policy, request, into: &levelOutcome)
                }
                rcpDenies = rcpDenies || levelOutcome.hasDeny
                if let more = levelOutcome.conditional?.denies, !more.isEmpty { rcpConditionalDenies += more }
            }
        }

        // 1. An applicable Deny anywhere decides.
        var denyTypes: [PolicyType] = []
        if scpDenies { denyTypes.append(.scp) }
        if rcpDenies { denyTypes.append(.rcp) }
        if endpoint.hasDeny { denyTypes.append(.endpoint) }
        if resource.hasDeny { denyTypes.append(.resource) }
        if identity.hasDeny { denyTypes.append(.identity) }
        if boundary.hasDeny { denyTypes.append(.permissionsBoundary) }
        if session.hasDeny { denyTypes.append(.session) }
        if !denyTypes.isEmpty {
            return Verdict(decision: .explicitDeny, blockedBy: denyTypes, conditions: [])
        }
        // Requests AWS refuses whatever the policies allow (§4.4): an explicit deny above still names the policy that
        // denies; otherwise the rule decides. They apply to callers with credentials, not to service principals.
        if let rule, hasIdentity {
            if rule.refusesWhateverThePolicies {
                return Verdict(decision: .implicitDeny, blockedBy: [], conditions: [], rule: rule)
            }
            if rule == .roleTrustPolicyMustAllow && isRoot && request.lowercasedAction == "sts:assumerole" {
                return Verdict(decision: .implicitDeny, blockedBy: [], conditions: [], rule: .rootCannotAssumeRole)
            }
        }
        // Discovery mode only: in strict mode every condition is known.
        var conditionalDenies = scpConditionalDenies
        if !rcpConditionalDenies.isEmpty { conditionalDenies += rcpConditionalDenies }
        if let more = endpoint.conditional?.denies, !more.isEmpty { conditionalDenies += more }
        if let more = resource.conditional?.denies, !more.isEmpty { conditionalDenies += more }
        if let more = identity.conditional?.denies, !more.isEmpty { conditionalDenies += more }
        if let more = boundary.conditional?.denies, !more.isEmpty { conditionalDenies += more }
        if let more = session.conditional?.denies, !more.isEmpty { conditionalDenies += more }

        // 2. Every gate must pass.
        let endpointGate = hasEndpoint ? endpoint.allowGate() : .pass
        let identityAllow: GateResult = isRoot ? .pass : identity.allowGate()
        let boundaryGate = hasBoundary ? boundary.allowGate() : .pass
        let sessionGate: GateResult
        if hasSession {
            sessionGate = session.allowGate()
        } else if kind == .federatedUser {
            sessionGate = .fail
            note(.federatedUserWithoutSessionPolicy)
        } else {
            sessionGate = .pass
        }
        // A role trust policy governs assuming the role only (`reference_policies_elements_principal.md`: "use the
        // Principal element in the role trust policy to specify who can assume the role"); for any other action its
        // Allow statements grant nothing, and its Deny statements still deny.
        let resourceGrants = hasResource && (!trustPolicy || rule == .roleTrustPolicyMustAllow)
        if hasResource && !resourceGrants {
            note(.trustPolicyGrantsNothing(action: request.action))
        }
        let resourceDirect = resourceGrants ? resource.allowGate(minimum: .direct) : .fail
        let resourceRole = resourceGrants ? resource.allowGate(exactly: .role) : .fail
        let resourceAny = resourceGrants ? resource.allowGate(minimum: .account) : .fail
        // Role trust policies and KMS key policies "must explicitly allow access for principals"
        // (`reference_policies_evaluation-logic.md`): in the resource's own account an identity-based Allow counts only
        // when the resource policy also allows the principal or its account.
        let resourceMustAllow = rule?.resourcePolicyMustAllow == true
        if resourceMustAllow && !hasResource {
            note(
                rule == .keyPolicyMustAllow
                    ? .keyPolicyNotGiven(action: request.action, resource: request.resource)
                    : .trustPolicyNotGiven(action: request.action, resource: request.resource))
        }
        var ruleDecided = false

        var blockedBy: [PolicyType] = []
        let grant: GateResult
        if !hasIdentity {
            grant = resourceAny
            if grant.failed { blockedBy.append(.resource) }
        } else if isRoot {
            grant = sameAccount && !resourceMustAllow ? .pass : resourceAny
            if grant.failed {
                blockedBy.append(.resource)
                ruleDecided = sameAccount
            }
        } else if sameAccount {
            let viaIdentity = identityAllow.and(boundaryGate).and(sessionGate)
            let viaRole = resourceRole.and(boundaryGate).and(sessionGate)
            if resourceMustAllow {
                grant = viaIdentity.and(resourceAny).or(resourceDirect).or(viaRole)
                if grant.failed {
                    if identityAllow.failed && resourceDirect.failed && resourceRole.failed {
                        blockedBy.append(.identity)
                    }
                    if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                    if sessionGate.failed { blockedBy.append(.session) }
                    if resourceAny.failed { blockedBy.append(.resource) }
                    // Without the rule, the identity-based Allow would have granted it.
                    ruleDecided = !viaIdentity.failed
                }
            } else {
                grant = viaIdentity.or(resourceDirect).or(viaRole)
                if grant.failed {
                    if identityAllow.failed && resourceDirect.failed && resourceRole.failed {
                        blockedBy.append(.identity)
                    }
                    if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                    if sessionGate.failed { blockedBy.append(.session) }
                }
            }
        } else {
            grant = identityAllow.and(boundaryGate).and(sessionGate).and(resourceAny)
            if grant.failed {
                if identityAllow.failed { blockedBy.append(.identity) }
                if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                if sessionGate.failed { blockedBy.append(.session) }
                if resourceAny.failed { blockedBy.append(.resource) }
            }
            if !hasResource {
                note(.crossAccountNeedsResourcePolicy(resourceAccount: resourceAccount))
            }
        }
        if scpGate.failed { blockedBy.insert(.scp, at: 0) }
        if endpointGate.failed { blockedBy.insert(.endpoint, at: blockedBy.first == .scp ? 1 : 0) }

        switch scpGate.and(endpointGate).and(grant) {
        case .fail:
            return Verdict(
                decision: .implicitDeny, blockedBy: blockedBy.sorted(), conditions: [], rule: ruleDecided ? rule : nil)
        case .pass:
            return Verdict(decision: .allowed, blockedBy: [], conditions: conditionalDenies)
        case .conditional(let conditions):
            return Verdict(decision: .allowed, blockedBy: [], conditions: conditions + conditionalDenies)
        }
    }

    /// What `decide` found besides what the run gathered.
    struct Verdict {
        let decision: EvalDecision
        let blockedBy: [PolicyType]
        let conditions: [UnknownCondition]
        /// The documented rule that decided, when one did (§4.4).
        var rule: ServiceRule? = nil
    }

    /// The decision: the verdict with what the run gathered, moved rather than copied.
    mutating func finish(_ verdict: Verdict) -> Decision {
        Decision(
            decision: verdict.decision, blockedBy: verdict.blockedBy, matched: .planned(plan, Self.take(&matched)),
            missingContextKeys: Self.take(&missingKeys), conditions: verdict.conditions,
            nonMatchingStatements: Self.take(&nonMatching), notes: Self.take(&notes), effectiveContext: context,
            rule: verdict.rule)
    }

    /// The array in `value`, leaving an empty one: a swap, so nothing is retained or released.
    @inline(__always)
    static func take<Element>(_ value: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &value)
        return taken
    }

    /// Adds the statements of plan policy `policy` that apply to `result`. Explaining, every statement is looked
    /// at, in order, to say why the ones that do not apply do not; otherwise only the statements whose action
    /// element applies, for an action the plan names (`namedAction`), or the statements the action's bucket lists,
    /// in the same order: the others cannot name the action, and nothing is recorded for them. The reference plan
    /// looks at every statement.
    mutating func collect(_ policy: Int, _ request: AuthorizationRequest, into result: inout PolicyOutcome) {
        let first = records.pointee.policies[policy].statementStart
        if explain || !plan.compiles {
            walk(.every, first, records.pointee.policies[policy].statementCount, policy, request, into: &result)
        } else if let namedAction {
            let list = namedAction * records.pointee.policies.count + policy
            let start = Int(records.pointee.namedStarts[list])
            walk(
                .named(start), first, Int(records.pointee.namedStarts[list + 1]) - start, policy, request, into: &result
            )
        } else {
            let list = policy * EvaluationPlan.bucketCount + actionKey.bucket
            let start = Int(records.pointee.candidateStarts[list])
            let count = Int(records.pointee.candidateStarts[list + 1]) - start
            walk(.bucket(start), first, count, policy, request, into: &result)
        }
    }

    /// Which statements of a policy `walk` looks at, and what it knows of their action elements.
    enum Walk {
        /// Every statement, from the policy's first.
        case every
        /// The statements whose action element applies, listed from `namedStatements[start]`.
        case named(Int)
        /// The statements of the action's bucket, listed from `candidates[start]`.
        case bucket(Int)
    }

    /// Adds to `result` the `count` statements of plan policy `policy` (whose first is plan statement `first`)
    /// that `walk` lists and that apply.
    @inline(__always)
    mutating func walk(
        _ walk: Walk, _ first: Int, _ count: Int, _ policy: Int, _ request: AuthorizationRequest,
        into result: inout PolicyOutcome
    ) {
        for position in 0..<count {
            let statement: Int
            let actionApplies: Bool?
            switch walk {
            case .every:
                statement = first + position
                actionApplies = records.pointee.statements[statement].actionFilter.admits(actionKey) ? nil : false
            case .named(let start):
                statement = Int(records.pointee.namedStatements[start + position])
                actionApplies = true
            case .bucket(let start):
                let candidate = records.pointee.candidates[start + position]
                statement = Int(candidate.statement)
                actionApplies = candidate.initials & actionKey.initial != 0 ? nil : false
            }
            consider(statement, policy, statement - first, actionApplies: actionApplies, request, into: &result)
        }
    }

    /// Adds plan statement `statement`, which is statement `index` of plan policy `policy`, to `result` when it
    /// applies; `actionApplies` says whether its action element applies to the request's action, when that is
    /// known already (`false`: its filter does not admit the action).
    @inline(__always)
    mutating func consider(
        _ statement: Int, _ policy: Int, _ index: Int, actionApplies known: Bool?, _ request: AuthorizationRequest,
        into result: inout PolicyOutcome
    ) {
        let record = records.pointee.statements.element(statement)
        guard known ?? actionApplies(record, policy, index, request) else {
            if explain {
                nonMatching.append(NonMatchingStatement(statement: plan.references[statement], reason: .action))
            }
            return
        }
        switch applies(statement, policy, index, request) {
        case .no:
            if explain, let miss {
                nonMatching.append(NonMatchingStatement(statement: plan.references[statement], reason: miss))
            }
        case .yes(let match):
            if matched.isEmpty { matched.reserveCapacity(8) }
            matched.append(Int32(statement))
            if record.pointee.effect == .deny {
                result.hasDeny = true
            } else {
                result.allowMatches |= 1 << UInt8(match.rawValue)
            }
        case .unknown(let match):
            var conditional = result.conditional ?? ConditionalOutcome()
            if record.pointee.effect == .deny {
                conditional.denies += unknowns
            } else {
                conditional.allows.append((match, unknowns))
            }
            result.conditional = conditional
        }
    }

    /// Whether the `Action`/`NotAction` of plan statement `record` (statement `index` of plan policy `policy`)
    /// names the request's action; the statement's filter admits it.
    @inline(__always)
    func actionApplies(
        _ record: UnsafePointer<PlannedStatement>, _ policy: Int, _ index: Int, _ request: AuthorizationRequest
    ) -> Bool {
        if record.pointee.actionNeedsElement {
            return plan.statements[policy][index].actions.applies(
                toLowercased: request.lowercasedAction, utf8: action, key: actionKey)
        }
        let bytes = records.pointee.bytes
        for pattern in records.pointee.actionPatterns.piece(record.pointee.actionStart, record.pointee.actionCount)
        where pattern.filter.admits(actionKey) && pattern.glob.matches(in: bytes, action) {
            return !record.pointee.actionIsNegated
        }
        return record.pointee.actionIsNegated
    }

    /// Whether a statement applies; the details are left in the run (`miss`, `unknowns`), so that this stays a
    /// plain value.
    enum Applicability {
        /// It does not; explaining, `miss` says why when a reason is known.
        case no
        case yes(PrincipalMatch)
        /// It does if the conditions in `unknowns` hold.
        case unknown(PrincipalMatch)
    }

    /// Whether plan statement `statement` (statement `index` of plan policy `policy`), whose action matches,
    /// applies: resource, principal, then conditions (cheapest first).
    mutating func applies(
        _ statement: Int, _ policy: Int, _ index: Int, _ request: AuthorizationRequest
    ) -> Applicability {
        if !unknowns.isEmpty { unknowns = [] }
        let record = records.pointee.statements.element(statement)
        let effect = record.pointee.effect
        if let matches = plannedResourceMatch(record) {
            guard matches else {
                if explain { miss = .resource }
                return .no
            }
        } else {
            let statements = plan.statements[policy]
            let variablesEnabled = records.pointee.policies[policy].variablesEnabled
            switch resourceMatch(statements, index, variablesEnabled: variablesEnabled, request) {
            case .yes: break
            case .no(let reason):
                if explain { miss = reason }
                return .no
            case .unknown(let keys):
                for key in keys {
                    unknowns.append(
                        UnknownCondition(
                            statement: plan.references[statement], conditionOperator: "Resource", key: key,
                            values: statements[index].resources?.entries.map(\.text) ?? [],
                            requirement: effect == .allow ? .mustHold : .mustNotHold))
                }
            }
        }
        var principalMatch = PrincipalMatch.direct
        var grantsByNotPrincipal = false
        let type = records.pointee.policies[policy].type
        if record.pointee.principalsArePlanned && request.principalNames.isASCII {
            principalMatch = Self.plannedPrincipalMatch(record, request, records)
            if principalMatch == .none {
                if explain { miss = .principal }
                return .no
            }
        } else if record.pointee.hasPrincipal, let principals = plan.statements[policy][index].principals {
            principalMatch = Self.match(principals, effect: effect, principal: request.principal)
            if principalMatch == .none {
                if explain { miss = .principal }
                return .no
            }
            grantsByNotPrincipal = principals.isNegated && effect == .allow
        } else if type == .resource || type == .endpoint || type == .rcp {
            // A resource-side statement without a principal names no one.
            if explain { miss = .principal }
            return .no
        }
        let conditions = records.pointee.conditions.piece(record.pointee.conditionStart, record.pointee.conditionCount)
        for clause in conditions.indices {
            let condition = conditions.element(clause)
            let plannedTruth = condition.pointee.isPlanned ? condition.pointee.truth(records, lookup) : nil
            switch plannedTruth ?? evaluate(statement, policy, index, clause: clause) {
            case .yes:
                continue
            case .no:
                guard explain else { return .no }
                let statements = plan.statements[policy]
                let requestValues = context.value(lowercasedKey: statements[index].conditions[clause].lookupKey)?.values
                miss = .condition(
                    operator: statements[index].conditions[clause].conditionOperator.description,
                    key: statements[index].conditions[clause].key, requestValues: requestValues,
                    policyValues: statements[index].conditions[clause].values.map(\.text))
                return .no
            case .unknown:
                let statements = plan.statements[policy]
                unknowns.append(
                    UnknownCondition(
                        statement: plan.references[statement],
                        conditionOperator: statements[index].conditions[clause].conditionOperator.description,
                        key: statements[index].conditions[clause].key,
                        values: statements[index].conditions[clause].values.map(\.text),
                        requirement: effect == .allow ? .mustHold : .mustNotHold))
            }
        }
        if grantsByNotPrincipal {
            note(.notPrincipalWithAllow(statement: plan.references[statement].label))
        }
        return unknowns.isEmpty ? .yes(principalMatch) : .unknown(principalMatch)
    }

    /// How the planned `Principal` of statement `record` names the requester of `request` (whose names are
    /// ASCII): the strongest way any entry does (`match(_:effect:principal:)`). Static, so that calling it from a
    /// mutating method does not copy the run.
    @inline(__always)
    static func plannedPrincipalMatch(
        _ record: UnsafePointer<PlannedStatement>, _ request: AuthorizationRequest,
        _ records: UnsafePointer<PlanBuffers>
    ) -> PrincipalMatch {
        let requester = request.principalNames
        let requesterBytes = request.principalBytes.bytes
        var strongest = PrincipalMatch.none
        for principal in records.pointee.principals.piece(record.pointee.principalStart, record.pointee.principalCount)
        {
            strongest = max(strongest, principal.strength(for: requester, requesterBytes, records.pointee.bytes))
        }
        return strongest
    }

    /// Whether the plan's resource patterns for statement `record` match the request's resource; `nil` when they
    /// do not decide it (no patterns planned, a partly known resource, a resource that is not ASCII).
    @inline(__always)
    func plannedResourceMatch(_ record: UnsafePointer<PlannedStatement>) -> Bool? {
        switch record.pointee.resources {
        case .unrestricted:
            return true
        case .general:
            return nil
        case .patterns(let isNegated, let start, let count):
            guard let layout = plannedResourceLayout else { return nil }
            let bytes = records.pointee.bytes
            let parts = records.pointee.arnParts
            for pattern in records.pointee.resourcePatterns.piece(start, count)
            where pattern.matches(asciiResource: resource, layout: layout, bytes: bytes, parts: parts) == true {
                return !isNegated
            }
            return isNegated
        }
    }

    /// Evaluates condition clause `clause` of plan statement `statement` (statement `index` of plan policy
    /// `policy`) with `ConditionClause.evaluate`, noting the keys it missed: the shapes the plan's records do not
    /// decide.
    @inline(never)
    mutating func evaluate(_ statement: Int, _ policy: Int, _ index: Int, clause: Int) -> Truth {
        let statements = plan.statements[policy]
        // The reference plan looks keys up in the dictionary, not in the index the compiled records use.
        let requestValue = context.value(
            lowercasedKey: statements[index].conditions[clause].lookupKey,
            hash: plan.compiles ? statements[index].conditions[clause].lookupHash : nil)
        let variablesEnabled = records.pointee.policies[policy].variablesEnabled
        let outcome = ConditionClause.evaluate(
            statements[index].conditions[clause].conditionOperator, values: statements[index].conditions[clause].values,
            hasTemplates: statements[index].conditions[clause].hasTemplates, requestValue: requestValue,
            context: context, mode: mode, effect: statements[index].effect, variablesEnabled: variablesEnabled,
            keyKnownAbsent: mode == .discovery && requestValue == nil
                && isKnownAbsent(statements[index].conditions[clause].lookupKey))
        if outcome.missingKey {
            let key = statements[index].conditions[clause].key
            if !missingKeys.contains(key) { missingKeys.append(key) }
        }
        for name in outcome.missingVariables where !missingKeys.contains(name) { missingKeys.append(name) }
        if outcome.multivaluedWithPlainOperator {
            let clause = statements[index].conditions[clause]
            let label = plan.references[statement].label
            note(
                .multivaluedKeyWithPlainOperator(
                    statement: label, conditionOperator: "\(clause.conditionOperator)", key: "\(clause.key)"))
        }
        return outcome.truth
    }

    enum ResourceTruth {
        case yes
        case no(StatementMiss)
        case unknown([String])
    }

    /// Whether `key` (lowercased) is known to be absent from the request.
    func isKnownAbsent(_ key: String) -> Bool {
        absence?.isKnownAbsent(lowercasedKey: key) ?? false
    }

    /// How one resource pattern relates to a partly known resource: names all of it, none of it, or some.
    func templateTruth(_ pattern: ARNPattern, _ template: PartialValue) -> Truth {
        if pattern.matchesEverything { return .yes }
        return TemplateTruths.shared.truth(pattern, template) {
            if template.isIncluded(in: pattern) { return .yes }
            return template.overlaps(pattern) ? .unknown : .no
        }
    }

    /// Whether the `Resource`/`NotResource` of `statements[index]` lets it apply (`.yes` when it has neither).
    mutating func resourceMatch(
        _ statements: [Statement], _ index: Int, variablesEnabled: Bool, _ request: AuthorizationRequest
    ) -> ResourceTruth {
        // The common `"Resource": "*"`, decided without copying the element: its first entry matches.
        if statements[index].resources?.firstEntryMatchesEverything == true && request.resourceTemplate == nil {
            return statements[index].resources?.isNegated == true ? .no(.resource) : .yes
        }
        guard let element = statements[index].resources else { return .yes }
        var matchedAny = false
        var unknownKeys: [String] = []
        var unresolved: String?
        if let template = request.resourceTemplate {
            return templateMatch(element, template, request)
        }
        for entryIndex in element.entries.indices {
            if element.entries[entryIndex].template == nil {
                let matches = element.entries[entryIndex].matchesCompiled(
                    request.resource, utf8: request.resourceUTF8.bytes, layout: request.resourceLayout)
                if matches {
                    matchedAny = true
                    break
                }
                continue
            }
            guard let template = element.entries[entryIndex].template else { continue }
            switch template.substitute({ context.value(lowercasedKey: $0).flatMap { $0.isSet ? nil : $0.values.first } }
            ) {
            case .success(let text):
                if ARNPattern(text).matches(request.resource) {
                    matchedAny = true
                }
            case .failure(let variable):
                // `reference_policies_variables.md`: with no value and no default, the entry matches nothing.
                if !missingKeys.contains(variable.name) { missingKeys.append(variable.name) }
                if mode == .discovery {
                    unknownKeys.append(variable.name)
                } else {
                    unresolved = variable.name
                }
            }
            if matchedAny { break }
        }
        if element.isNegated {
            if matchedAny { return .no(.resource) }
            return unknownKeys.isEmpty ? .yes : .unknown(unknownKeys)
        }
        if matchedAny { return .yes }
        if !unknownKeys.isEmpty { return .unknown(unknownKeys) }
        if let unresolved { return .no(.unresolvedVariable(unresolved)) }
        return .no(.resource)
    }

    /// `resourceMatch` for a partly known resource. An entry that names every resource the template stands for
    /// matches; one that may name some makes the statement depend on the unknown parts (reported as a condition on
    /// them); `NotResource` inverts this. Entries with policy variables are substituted first.
    mutating func templateMatch(
        _ element: ResourceElement, _ template: PartialValue, _ request: AuthorizationRequest
    ) -> ResourceTruth {
        var best = Truth.no
        for entry in element.entries {
            var pattern: ARNPattern
            if let compiled = entry.compiled {
                pattern = compiled
            } else if let variables = entry.template {
                switch variables.substitute({
                    context.value(lowercasedKey: $0).flatMap { $0.isSet ? nil : $0.values.first }
                }) {
                case .success(let text):
                    pattern = ARNPattern(text)
                case .failure(let variable):
                    if !missingKeys.contains(variable.name) { missingKeys.append(variable.name) }
                    if mode == .discovery { best = best == .yes ? .yes : .unknown }
                    continue
                }
            } else {
                continue
            }
            switch templateTruth(pattern, template) {
            case .yes: best = .yes
            case .unknown where best == .no: best = .unknown
            default: break
            }
            if best == .yes { break }
        }
        let unknownParts = template.unknownNames.joined(separator: ", ")
        if element.isNegated {
            switch best {
            case .yes: return .no(.resource)
            case .unknown: return .unknown([unknownParts])
            case .no: return .yes
            }
        }
        switch best {
        case .yes: return .yes
        case .unknown: return .unknown([unknownParts])
        case .no: return .no(.resource)
        }
    }

    /// How a `Principal`/`NotPrincipal` element names the requester.
    static func match(_ element: PrincipalElement, effect: Effect, principal: Principal) -> PrincipalMatch {
        if !element.isNegated {
            var strongest = PrincipalMatch.none
            for entry in element.entries {
                strongest = max(strongest, strength(of: entry, for: principal))
            }
            return strongest
        }
        // NotPrincipal (`reference_policies_elements_notprincipal.md`): AWS may check the account, then the user or
        // role, then the session. A Deny spares the requester only when every identity it may be checked as is
        // listed; an Allow excludes it when any of them is listed. Either way the safer reading. An Allow "allows all
        // principals except the one named" (#specifying-notprincipal-allow): a requester it does not exclude is
        // granted as `"Principal": "*"` would grant it, directly.
        let identities = identityChecks(of: principal)
        let listed: Bool
        if effect == .deny {
            listed = !identities.isEmpty && identities.allSatisfy { check in element.entries.contains(where: check) }
        } else {
            listed =
                identities.contains { check in element.entries.contains(where: check) }
                || element.entries.contains(where: { isSessionOfRole($0, principal) })
        }
        if listed { return .none }
        return effect == .allow ? .direct : .account
    }

    /// The identities AWS may check a requester as, each as a test on a `NotPrincipal` entry.
    static func identityChecks(of principal: Principal) -> [(PrincipalEntry) -> Bool] {
        func isEveryone(_ entry: PrincipalEntry) -> Bool { entry == .everyone }
        let account = principal.account
        let accountCheck: (PrincipalEntry) -> Bool = { entry in
            if isEveryone(entry) { return true }
            if case .account(let listed) = entry { return listed == account }
            return false
        }
        switch principal.kind {
        case .user:
            return [
                accountCheck,
                { entry in isEveryone(entry) || entry == .user(account: account ?? "", name: principal.name ?? "") },
            ]
        case .role:
            // The session name is unknown, so the session itself can never be shown to be listed.
            return [
                accountCheck,
                { entry in isEveryone(entry) || entry == .role(account: account ?? "", name: principal.name ?? "") },
                { entry in isEveryone(entry) },
            ]
        case .roleSession:
            return [
                accountCheck,
                { entry in isEveryone(entry) || entry == .role(account: account ?? "", name: principal.name ?? "") },
                { entry in
                    isEveryone(entry)
                        || entry
                            == .roleSession(
                                account: account ?? "", role: principal.name ?? "", session: principal.sessionName ?? ""
                            )
                },
            ]
        case .federatedUser:
            return [
                accountCheck,
                { entry in
                    isEveryone(entry) || entry == .federatedUser(account: account ?? "", name: principal.name ?? "")
                },
            ]
        case .root:
            return [accountCheck]
        case .service:
            return [{ entry in isEveryone(entry) || entry == .service(principal.identifier.lowercased()) }]
        case .anonymous:
            return [isEveryone]
        }
    }

    static func isSessionOfRole(_ entry: PrincipalEntry, _ principal: Principal) -> Bool {
        guard principal.kind == .role, case .roleSession(let account, let role, _) = entry else { return false }
        return account == principal.account && role == principal.name
    }

    static func strength(of entry: PrincipalEntry, for principal: Principal) -> PrincipalMatch {
        switch entry {
        case .everyone:
            return .direct
        case .account(let account):
            return principal.account == account && principal.kind != .anonymous ? .account : .none
        case .user(let account, let name):
            return principal.kind == .user && principal.account == account && principal.name == name ? .direct : .none
        case .role(let account, let name):
            return principal.isRole && principal.account == account && principal.name == name ? .role : .none
        case .roleSession(let account, let role, let session):
            return principal.kind == .roleSession && principal.account == account && principal.name == role
                && principal.sessionName == session ? .direct : .none
        case .federatedUser(let account, let name):
            return principal.kind == .federatedUser && principal.account == account && principal.name == name
                ? .direct : .none
        case .service(let service):
            return principal.kind == .service && principal.identifier.lowercased() == service ? .direct : .none
        case .federated(let provider):
            return principal.identifier == provider ? .direct : .none
        case .canonicalUser(let id):
            return principal.identifier == id ? .direct : .none
        case .unrecognized:
            return .none
        }
    }
}

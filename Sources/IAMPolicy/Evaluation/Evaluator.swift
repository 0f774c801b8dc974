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
        var run = EvaluationRun(
            request: request, context: Self.fillContext(request), mode: mode, explain: explain)
        return run.decide(policies: policies, rcpSupportedServices: rcpSupportedServices)
    }

    /// The request context plus the keys derivable with certainty from the principal and resource
    /// (`docs/evaluation.md` §3); values the request gives are never replaced.
    public static func fillContext(_ request: AuthorizationRequest) -> RequestContext {
        var context = request.context
        let principal = request.principal
        func fill(_ key: String, _ value: String?) {
            guard let value, context[key] == nil else { return }
            context[key] = ContextValue(value)
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
        fill("aws:ResourceAccount", request.effectiveResourceAccount)
        return context
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
}

/// The statements of one policy type that applied.
struct PolicyOutcome {
    var denies: [StatementReference] = []
    var allows: [(reference: StatementReference, match: PrincipalMatch)] = []
    var conditionalAllows: [(reference: StatementReference, match: PrincipalMatch, conditions: [UnknownCondition])] =
        []
    var conditionalDenies: [UnknownCondition] = []

    /// Whether an `Allow` applied whose principal match is at least `minimum`.
    func allowGate(minimum: PrincipalMatch = .none) -> GateResult {
        if allows.contains(where: { $0.match >= minimum }) { return .pass }
        let conditional = conditionalAllows.filter { $0.match >= minimum }
        if conditional.isEmpty { return .fail }
        return .conditional(conditional.flatMap(\.conditions))
    }

    /// Allows whose principal match is exactly `match`.
    func allowGate(exactly match: PrincipalMatch) -> GateResult {
        if allows.contains(where: { $0.match == match }) { return .pass }
        let conditional = conditionalAllows.filter { $0.match == match }
        if conditional.isEmpty { return .fail }
        return .conditional(conditional.flatMap(\.conditions))
    }
}

/// The working state of one evaluation.
struct EvaluationRun {
    let request: AuthorizationRequest
    let context: RequestContext
    let mode: EvaluationMode
    let explain: Bool
    let lowercasedAction: String
    var matched: [StatementReference] = []
    var missingKeys: [String] = []
    var nonMatching: [NonMatchingStatement] = []
    var notes: [String] = []

    init(request: AuthorizationRequest, context: RequestContext, mode: EvaluationMode, explain: Bool) {
        self.request = request
        self.context = context
        self.mode = mode
        self.explain = explain
        lowercasedAction = request.action.lowercased()
    }

    mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    mutating func decide(policies: PolicySet, rcpSupportedServices: Set<String>) -> Decision {
        let principal = request.principal
        let hasIdentity = principal.kind != .service && principal.kind != .anonymous
        let isRoot = principal.kind == .root
        let resourceAccount = request.effectiveResourceAccount
        let sameAccount = principal.account != nil && principal.account == resourceAccount

        // Which policy types govern this request.
        var scpLevels: [[PolicyDocument]] = []
        if let scps = policies.scps {
            if !hasIdentity {
                note("SCPs were not evaluated: they restrict principals of member accounts, not \(principal.kind == .service ? "service principals" : "anonymous callers").")
            } else if principal.isServiceLinkedRole {
                note("SCPs were not evaluated: they do not restrict service-linked roles.")
            } else {
                scpLevels = scps
            }
        }
        var rcpLevels: [[PolicyDocument]] = []
        if let rcps = policies.rcps {
            let service = request.servicePrefix
            if rcpSupportedServices.contains(service) {
                rcpLevels = rcps
            } else {
                note("RCPs were not evaluated: '\(service)' is not among the services that support resource control policies.")
            }
        }
        if !hasIdentity && (!policies.identity.isEmpty || policies.permissionsBoundary != nil || policies.session != nil) {
            note("identity policies, permissions boundary and session policy were not evaluated: \(principal.kind == .service ? "a service principal" : "an anonymous caller") has none.")
        }
        if isRoot && (policies.permissionsBoundary != nil || policies.session != nil) {
            note("the permissions boundary and session policy were not evaluated: the account root user has neither.")
        }

        // Evaluate every statement that can matter.
        let identity = hasIdentity && !isRoot ? outcome(of: policies.identity, type: .identity) : PolicyOutcome()
        let boundary =
            hasIdentity && !isRoot ? policies.permissionsBoundary.map { outcome(of: [$0], type: .permissionsBoundary) } : nil
        let session = hasIdentity && !isRoot ? policies.session.map { outcome(of: [$0], type: .session) } : nil
        let resource = policies.resource.map { outcome(of: [$0], type: .resource) }
        let endpoint = policies.endpoint.map { outcome(of: [$0], type: .endpoint) }
        let scps = scpLevels.enumerated().map { outcome(of: $0.element, type: .scp, level: $0.offset) }
        let rcps = rcpLevels.enumerated().map { outcome(of: $0.element, type: .rcp, level: $0.offset) }

        // 1. An applicable Deny anywhere decides.
        var denyTypes: [PolicyType] = []
        var conditionalDenies: [UnknownCondition] = []
        let typed: [(PolicyType, PolicyOutcome?)] =
            scps.map { (.scp, $0) } + rcps.map { (.rcp, $0) } + [
                (.endpoint, endpoint), (.resource, resource), (.identity, identity),
                (.permissionsBoundary, boundary), (.session, session),
            ]
        for (type, outcome) in typed {
            guard let outcome else { continue }
            if !outcome.denies.isEmpty && !denyTypes.contains(type) { denyTypes.append(type) }
            conditionalDenies += outcome.conditionalDenies
        }
        if !denyTypes.isEmpty {
            return finish(.explicitDeny, blockedBy: denyTypes, conditions: [])
        }

        // 2. Every gate must pass.
        let scpGate = GateResult.all(scps.map { $0.allowGate() })
        let endpointGate = endpoint?.allowGate() ?? .pass
        let identityAllow: GateResult = isRoot ? .pass : identity.allowGate()
        let boundaryGate = boundary?.allowGate() ?? .pass
        let sessionGate: GateResult
        if let session {
            sessionGate = session.allowGate()
        } else if principal.kind == .federatedUser {
            sessionGate = .fail
            note("a federated-user session with no session policy has no permissions of its own (only a resource policy naming it can grant).")
        } else {
            sessionGate = .pass
        }
        let resourceDirect = resource?.allowGate(minimum: .direct) ?? .fail
        let resourceRole = resource?.allowGate(exactly: .role) ?? .fail
        let resourceAny = resource?.allowGate(minimum: .account) ?? .fail

        var blockedBy: [PolicyType] = []
        let grant: GateResult
        if !hasIdentity {
            grant = resourceAny
            if grant.failed { blockedBy.append(.resource) }
        } else if isRoot {
            grant = sameAccount ? .pass : resourceAny
            if grant.failed { blockedBy.append(.resource) }
        } else if sameAccount {
            let viaIdentity = GateResult.all([identityAllow, boundaryGate, sessionGate])
            let viaRole = GateResult.all([resourceRole, boundaryGate, sessionGate])
            grant = GateResult.any([viaIdentity, resourceDirect, viaRole])
            if grant.failed {
                if identityAllow.failed && resourceDirect.failed && resourceRole.failed { blockedBy.append(.identity) }
                if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                if sessionGate.failed { blockedBy.append(.session) }
            }
        } else {
            grant = GateResult.all([identityAllow, boundaryGate, sessionGate, resourceAny])
            if grant.failed {
                if identityAllow.failed { blockedBy.append(.identity) }
                if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                if sessionGate.failed { blockedBy.append(.session) }
                if resourceAny.failed { blockedBy.append(.resource) }
            }
            if policies.resource == nil {
                note("the resource is in account \(resourceAccount ?? "?"), not the principal's: cross-account access also needs a resource-based policy that allows it.")
            }
        }
        if scpGate.failed { blockedBy.insert(.scp, at: 0) }
        if endpointGate.failed { blockedBy.insert(.endpoint, at: blockedBy.first == .scp ? 1 : 0) }

        switch GateResult.all([scpGate, endpointGate, grant]) {
        case .fail:
            return finish(.implicitDeny, blockedBy: blockedBy.sorted(), conditions: [])
        case .pass:
            return finish(.allowed, blockedBy: [], conditions: conditionalDenies)
        case .conditional(let conditions):
            return finish(.allowed, blockedBy: [], conditions: conditions + conditionalDenies)
        }
    }

    func finish(_ decision: EvalDecision, blockedBy: [PolicyType], conditions: [UnknownCondition]) -> Decision {
        Decision(
            decision: decision, blockedBy: blockedBy, matchedStatements: matched, missingContextKeys: missingKeys,
            conditions: conditions, nonMatchingStatements: nonMatching, notes: notes, effectiveContext: context)
    }

    /// Evaluates every statement of some policies of one type.
    mutating func outcome(of documents: [PolicyDocument], type: PolicyType, level: Int? = nil) -> PolicyOutcome {
        var result = PolicyOutcome()
        for (policyIndex, document) in documents.enumerated() {
            for statement in document.statements {
                let reference = StatementReference(
                    policyType: type, policyIndex: policyIndex, level: level, statementIndex: statement.index,
                    sid: statement.sid, effect: statement.effect, source: document.source.file ?? document.source.name,
                    location: statement.location)
                switch applies(statement, in: document, type: type, reference: reference) {
                case .no(let reason):
                    if explain { nonMatching.append(NonMatchingStatement(statement: reference, reason: reason)) }
                case .yes(let match):
                    matched.append(reference)
                    if statement.effect == .deny {
                        result.denies.append(reference)
                    } else {
                        result.allows.append((reference, match))
                    }
                case .unknown(let match, let conditions):
                    if statement.effect == .deny {
                        result.conditionalDenies += conditions
                    } else {
                        result.conditionalAllows.append((reference, match, conditions))
                    }
                }
            }
        }
        return result
    }

    enum Applicability {
        case no(StatementMiss)
        case yes(PrincipalMatch)
        case unknown(PrincipalMatch, [UnknownCondition])
    }

    /// Whether one statement applies: action, resource, principal, then conditions (cheapest first).
    mutating func applies(
        _ statement: Statement, in document: PolicyDocument, type: PolicyType, reference: StatementReference
    ) -> Applicability {
        guard statement.actions.applies(toLowercased: lowercasedAction) else { return .no(.action) }
        var unknowns: [UnknownCondition] = []
        let requirement: UnknownCondition.Requirement = statement.effect == .allow ? .mustHold : .mustNotHold
        if let resources = statement.resources {
            switch resourceMatch(resources, variablesEnabled: document.version.supportsVariables) {
            case .yes: break
            case .no(let reason): return .no(reason)
            case .unknown(let keys):
                for key in keys {
                    unknowns.append(
                        UnknownCondition(
                            statement: reference, conditionOperator: "Resource", key: key,
                            values: resources.entries.map(\.text), requirement: requirement))
                }
            }
        }
        var principalMatch = PrincipalMatch.direct
        if let principals = statement.principals {
            principalMatch = match(principals, effect: statement.effect)
            if principalMatch == .none { return .no(.principal) }
        } else if type == .resource || type == .endpoint || type == .rcp {
            // A resource-side statement without a principal names no one.
            return .no(.principal)
        }
        for clause in statement.conditions {
            let outcome = clause.evaluate(
                context: context, mode: mode, effect: statement.effect,
                variablesEnabled: document.version.supportsVariables)
            if outcome.missingKey && !missingKeys.contains(clause.key) { missingKeys.append(clause.key) }
            for name in outcome.missingVariables where !missingKeys.contains(name) { missingKeys.append(name) }
            if outcome.multivaluedWithPlainOperator {
                note("\(reference.label) uses \(clause.conditionOperator) on '\(clause.key)', whose value in the request has several elements; AWS requires ForAllValues/ForAnyValue for multivalued keys and does not document this case, so iamgate took the restrictive reading (false in an Allow, true in a Deny).")
            }
            switch outcome.truth {
            case .yes: continue
            case .no:
                return .no(
                    .condition(
                        operator: clause.conditionOperator.description, key: clause.key,
                        requestValues: context.value(lowercasedKey: clause.lookupKey)?.values,
                        policyValues: clause.values.map(\.text)))
            case .unknown:
                unknowns.append(
                    UnknownCondition(
                        statement: reference, conditionOperator: clause.conditionOperator.description, key: clause.key,
                        values: clause.values.map(\.text), requirement: requirement))
            }
        }
        return unknowns.isEmpty ? .yes(principalMatch) : .unknown(principalMatch, unknowns)
    }

    enum ResourceTruth {
        case yes
        case no(StatementMiss)
        case unknown([String])
    }

    mutating func resourceMatch(_ element: ResourceElement, variablesEnabled: Bool) -> ResourceTruth {
        var matchedAny = false
        var unknownKeys: [String] = []
        var unresolved: String?
        for entry in element.entries {
            if let compiled = entry.compiled {
                if compiled.matches(request.resource) {
                    matchedAny = true
                    break
                }
                continue
            }
            guard let template = entry.template else { continue }
            switch template.substitute({ context.value(lowercasedKey: $0).flatMap { $0.isSet ? nil : $0.values.first } }) {
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

    /// How a `Principal`/`NotPrincipal` element names the requester.
    func match(_ element: PrincipalElement, effect: Effect) -> PrincipalMatch {
        let principal = request.principal
        if !element.isNegated {
            return element.entries.map { strength(of: $0, for: principal) }.max() ?? .none
        }
        // NotPrincipal (`reference_policies_elements_notprincipal.md`): AWS may check the account, then the user or
        // role, then the session. A Deny spares the requester only when every identity it may be checked as is
        // listed; an Allow excludes it when any of them is listed. Either way the safer reading.
        let identities = identityChecks(of: principal)
        let listed: Bool
        if effect == .deny {
            listed = !identities.isEmpty && identities.allSatisfy { check in element.entries.contains(where: check) }
        } else {
            listed =
                identities.contains { check in element.entries.contains(where: check) }
                || element.entries.contains(where: { isSessionOfRole($0, principal) })
        }
        return listed ? .none : .account
    }

    /// The identities AWS may check a requester as, each as a test on a `NotPrincipal` entry.
    func identityChecks(of principal: Principal) -> [(PrincipalEntry) -> Bool] {
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
                                account: account ?? "", role: principal.name ?? "", session: principal.sessionName ?? "")
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

    func isSessionOfRole(_ entry: PrincipalEntry, _ principal: Principal) -> Bool {
        guard principal.kind == .role, case .roleSession(let account, let role, _) = entry else { return false }
        return account == principal.account && role == principal.name
    }

    func strength(of entry: PrincipalEntry, for principal: Principal) -> PrincipalMatch {
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

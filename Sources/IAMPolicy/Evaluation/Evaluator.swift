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
        var run = EvaluationRun(context: Self.fillContext(request), mode: mode, explain: explain)
        if !request.knownAbsentKeys.isEmpty || request.applicableServiceKeys != nil { run.absence = request }
        return run.decide(request, policies: policies, rcpSupportedServices: rcpSupportedServices)
    }

    /// The request context plus the keys derivable with certainty from the principal and resource
    /// (`docs/evaluation.md` §3); values the request gives are never replaced. The filled keys are computed once
    /// per principal (`Principal.filledContextKeys`) and per request (`effectiveResourceAccount`) and kept beside
    /// the given ones, so filling copies nothing.
    public static func fillContext(_ request: AuthorizationRequest) -> RequestContext {
        var context = request.context
        context.fill(
            principalKeys: request.principal.filledContextKeys, resourceAccount: request.effectiveResourceAccount)
        return context
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
    /// Discovery mode: `Allow`s that apply if their unknown conditions hold.
    var conditionalAllows: [(match: PrincipalMatch, conditions: [UnknownCondition])] = []
    /// Discovery mode: the unknown conditions of `Deny`s that would otherwise apply.
    var conditionalDenies: [UnknownCondition] = []

    /// Whether an `Allow` applied whose principal match is at least `minimum`.
    func allowGate(minimum: PrincipalMatch = .none) -> GateResult {
        if allowMatches >> UInt8(minimum.rawValue) != 0 { return .pass }
        let conditional = conditionalAllows.filter { $0.match >= minimum }
        if conditional.isEmpty { return .fail }
        return .conditional(conditional.flatMap(\.conditions))
    }

    /// Allows whose principal match is exactly `match`.
    func allowGate(exactly match: PrincipalMatch) -> GateResult {
        if allowMatches & (1 << UInt8(match.rawValue)) != 0 { return .pass }
        let conditional = conditionalAllows.filter { $0.match == match }
        if conditional.isEmpty { return .fail }
        return .conditional(conditional.flatMap(\.conditions))
    }
}

/// The working state of one evaluation. The request and the policies are passed down, never stored or bound to
/// locals, and statements are addressed as (array, index): copying a request, a document or a statement retains
/// every string and array in it, which costs more than evaluating most statements.
struct EvaluationRun {
    let context: RequestContext
    let mode: EvaluationMode
    let explain: Bool
    /// The request, for the keys it says are absent for certain (discovery mode treats other absent keys as
    /// unknown); `nil` when it says none are.
    var absence: AuthorizationRequest?
    var matched: [StatementReference] = []
    var missingKeys: [String] = []
    var nonMatching: [NonMatchingStatement] = []
    var notes: [String] = []

    init(context: RequestContext, mode: EvaluationMode, explain: Bool) {
        self.context = context
        self.mode = mode
        self.explain = explain
    }

    mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    mutating func decide(
        _ request: AuthorizationRequest, policies: PolicySet, rcpSupportedServices: Set<String>
    ) -> Decision {
        let kind = request.principal.kind
        let hasIdentity = kind != .service && kind != .anonymous
        let isRoot = kind == .root
        let resourceAccount = request.effectiveResourceAccount
        let sameAccount = request.principal.account != nil && request.principal.account == resourceAccount

        // Which policy types govern this request.
        var evaluatesSCPs = false
        if policies.scps != nil {
            if !hasIdentity {
                let callers = kind == .service ? "service principals" : "anonymous callers"
                note("SCPs were not evaluated: they restrict principals of member accounts, not \(callers).")
            } else if request.principal.isServiceLinkedRole {
                note("SCPs were not evaluated: they do not restrict service-linked roles.")
            } else {
                evaluatesSCPs = true
            }
        }
        var evaluatesRCPs = false
        if policies.rcps != nil {
            let service = request.servicePrefix
            if rcpSupportedServices.contains(service) {
                evaluatesRCPs = true
            } else {
                note(
                    "RCPs were not evaluated: '\(service)' is not among the services that support resource control "
                        + "policies.")
            }
        }
        if !hasIdentity
            && (!policies.identity.isEmpty || policies.permissionsBoundary != nil || policies.session != nil)
        {
            let caller = kind == .service ? "a service principal" : "an anonymous caller"
            note(
                "identity policies, permissions boundary and session policy were not evaluated: \(caller) has none.")
        }
        if isRoot && (policies.permissionsBoundary != nil || policies.session != nil) {
            note("the permissions boundary and session policy were not evaluated: the account root user has neither.")
        }

        // Evaluate every statement that can matter, in this order (it is the order of the matched statements,
        // missing keys and notes).
        let evaluatesIdentity = hasIdentity && !isRoot
        var identity = PolicyOutcome()
        if evaluatesIdentity {
            for index in policies.identity.indices {
                collect(policies.identity, index, type: .identity, level: nil, request, into: &identity)
            }
        }
        let boundary =
            evaluatesIdentity ? outcome(of: policies.permissionsBoundary, type: .permissionsBoundary, request) : nil
        let session = evaluatesIdentity ? outcome(of: policies.session, type: .session, request) : nil
        let resource = outcome(of: policies.resource, type: .resource, request)
        let endpoint = outcome(of: policies.endpoint, type: .endpoint, request)
        // Every organization level needs an applicable Allow.
        var scpGate = GateResult.pass
        var scpDenies = false
        var scpConditionalDenies: [UnknownCondition] = []
        if evaluatesSCPs, let levels = policies.scps {
            for level in levels.indices {
                var levelOutcome = PolicyOutcome()
                for index in levels[level].indices {
                    collect(levels[level], index, type: .scp, level: level, request, into: &levelOutcome)
                }
                scpGate = scpGate.and(levelOutcome.allowGate())
                scpDenies = scpDenies || levelOutcome.hasDeny
                if !levelOutcome.conditionalDenies.isEmpty { scpConditionalDenies += levelOutcome.conditionalDenies }
            }
        }
        var rcpDenies = false
        var rcpConditionalDenies: [UnknownCondition] = []
        if evaluatesRCPs, let levels = policies.rcps {
            for level in levels.indices {
                var levelOutcome = PolicyOutcome()
                for index in levels[level].indices {
                    collect(levels[level], index, type: .rcp, level: level, request, into: &levelOutcome)
                }
                rcpDenies = rcpDenies || levelOutcome.hasDeny
                if !levelOutcome.conditionalDenies.isEmpty { rcpConditionalDenies += levelOutcome.conditionalDenies }
            }
        }

        // 1. An applicable Deny anywhere decides.
        var denyTypes: [PolicyType] = []
        if scpDenies { denyTypes.append(.scp) }
        if rcpDenies { denyTypes.append(.rcp) }
        if endpoint?.hasDeny == true { denyTypes.append(.endpoint) }
        if resource?.hasDeny == true { denyTypes.append(.resource) }
        if identity.hasDeny { denyTypes.append(.identity) }
        if boundary?.hasDeny == true { denyTypes.append(.permissionsBoundary) }
        if session?.hasDeny == true { denyTypes.append(.session) }
        if !denyTypes.isEmpty {
            return finish(.explicitDeny, blockedBy: denyTypes, conditions: [])
        }
        // Discovery mode only: in strict mode every condition is known.
        var conditionalDenies = scpConditionalDenies
        if !rcpConditionalDenies.isEmpty { conditionalDenies += rcpConditionalDenies }
        if let more = endpoint?.conditionalDenies, !more.isEmpty { conditionalDenies += more }
        if let more = resource?.conditionalDenies, !more.isEmpty { conditionalDenies += more }
        if !identity.conditionalDenies.isEmpty { conditionalDenies += identity.conditionalDenies }
        if let more = boundary?.conditionalDenies, !more.isEmpty { conditionalDenies += more }
        if let more = session?.conditionalDenies, !more.isEmpty { conditionalDenies += more }

        // 2. Every gate must pass.
        let endpointGate = endpoint?.allowGate() ?? .pass
        let identityAllow: GateResult = isRoot ? .pass : identity.allowGate()
        let boundaryGate = boundary?.allowGate() ?? .pass
        let sessionGate: GateResult
        if let session {
            sessionGate = session.allowGate()
        } else if kind == .federatedUser {
            sessionGate = .fail
            note(
                "a federated-user session with no session policy has no permissions of its own (only a resource "
                    + "policy naming it can grant).")
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
            let viaIdentity = identityAllow.and(boundaryGate).and(sessionGate)
            let viaRole = resourceRole.and(boundaryGate).and(sessionGate)
            grant = viaIdentity.or(resourceDirect).or(viaRole)
            if grant.failed {
                if identityAllow.failed && resourceDirect.failed && resourceRole.failed { blockedBy.append(.identity) }
                if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                if sessionGate.failed { blockedBy.append(.session) }
            }
        } else {
            grant = identityAllow.and(boundaryGate).and(sessionGate).and(resourceAny)
            if grant.failed {
                if identityAllow.failed { blockedBy.append(.identity) }
                if boundaryGate.failed { blockedBy.append(.permissionsBoundary) }
                if sessionGate.failed { blockedBy.append(.session) }
                if resourceAny.failed { blockedBy.append(.resource) }
            }
            if policies.resource == nil {
                note(
                    "the resource is in account \(resourceAccount ?? "?"), not the principal's: cross-account access "
                        + "also needs a resource-based policy that allows it.")
            }
        }
        if scpGate.failed { blockedBy.insert(.scp, at: 0) }
        if endpointGate.failed { blockedBy.insert(.endpoint, at: blockedBy.first == .scp ? 1 : 0) }

        switch scpGate.and(endpointGate).and(grant) {
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

    /// Evaluates the one policy of a type, when there is one.
    mutating func outcome(
        of document: PolicyDocument?, type: PolicyType, _ request: AuthorizationRequest
    ) -> PolicyOutcome? {
        guard let statements = document?.statements, let version = document?.version,
            let source = document?.source
        else { return nil }
        var result = PolicyOutcome()
        let place = StatementPlace(
            type: type, policyIndex: 0, level: nil, variablesEnabled: version.supportsVariables)
        collect(statements, place: place, source: source, request, into: &result)
        return result
    }

    /// Adds the statements of `documents[index]` that apply to `result`.
    mutating func collect(
        _ documents: [PolicyDocument], _ index: Int, type: PolicyType, level: Int?, _ request: AuthorizationRequest,
        into result: inout PolicyOutcome
    ) {
        let place = StatementPlace(
            type: type, policyIndex: index, level: level, variablesEnabled: documents[index].version.supportsVariables)
        collect(documents[index].statements, place: place, source: documents[index].source, request, into: &result)
    }

    /// Adds the statements that apply to `result`.
    mutating func collect(
        _ statements: [Statement], place: StatementPlace, source: PolicySource, _ request: AuthorizationRequest,
        into result: inout PolicyOutcome
    ) {
        let key = request.actionKey
        request.lowercasedActionUTF8.withUnsafeBufferPointer { action in
            for index in statements.indices {
                // Most statements are about other actions: skip them on their filter, before reading anything else.
                guard
                    !statements[index].actions.excludes(key),
                    statements[index].actions.applies(toLowercased: request.lowercasedAction, utf8: action, key: key)
                else {
                    if explain {
                        let reference = place.reference(to: statements, index, source: source)
                        nonMatching.append(NonMatchingStatement(statement: reference, reason: .action))
                    }
                    continue
                }
                switch applies(statements, index, place: place, request) {
                case .no(let reason):
                    if explain, let reason {
                        let reference = place.reference(to: statements, index, source: source)
                        nonMatching.append(NonMatchingStatement(statement: reference, reason: reason))
                    }
                case .yes(let match):
                    if matched.isEmpty { matched.reserveCapacity(8) }
                    matched.append(place.reference(to: statements, index, source: source))
                    if statements[index].effect == .deny {
                        result.hasDeny = true
                    } else {
                        result.allowMatches |= 1 << UInt8(match.rawValue)
                    }
                case .unknown(let match, var conditions):
                    // `applies` names the statement without its source, which only this loop has.
                    for condition in conditions.indices {
                        conditions[condition].statement.source = source.file ?? source.name
                    }
                    if statements[index].effect == .deny {
                        result.conditionalDenies += conditions
                    } else {
                        result.conditionalAllows.append((match, conditions))
                    }
                }
            }
        }
    }

    /// Where the statements being evaluated are, to name them (`StatementReference`) only when needed. It holds
    /// nothing that needs retaining, so passing it down costs nothing; the document's source is added by `collect`.
    struct StatementPlace {
        let type: PolicyType
        let policyIndex: Int
        let level: Int?
        let variablesEnabled: Bool

        func reference(to statements: [Statement], _ index: Int, source: PolicySource?) -> StatementReference {
            StatementReference(
                policyType: type, policyIndex: policyIndex, level: level, statementIndex: statements[index].index,
                sid: statements[index].sid, effect: statements[index].effect,
                source: source.map { $0.file ?? $0.name } ?? "", location: statements[index].location)
        }
    }

    enum Applicability {
        /// Why, when explaining (`nil` when a reason would cost work nobody reads).
        case no(StatementMiss?)
        case yes(PrincipalMatch)
        case unknown(PrincipalMatch, [UnknownCondition])
    }

    /// Whether `statements[index]`, whose action matches, applies: resource, principal, then conditions (cheapest
    /// first).
    mutating func applies(
        _ statements: [Statement], _ index: Int, place: StatementPlace, _ request: AuthorizationRequest
    ) -> Applicability {
        var unknowns: [UnknownCondition] = []
        let effect = statements[index].effect
        switch resourceMatch(statements, index, variablesEnabled: place.variablesEnabled, request) {
        case .yes: break
        case .no(let reason): return .no(reason)
        case .unknown(let keys):
            for key in keys {
                unknowns.append(
                    UnknownCondition(
                        statement: place.reference(to: statements, index, source: nil), conditionOperator: "Resource",
                        key: key,
                        values: statements[index].resources?.entries.map(\.text) ?? [],
                        requirement: effect == .allow ? .mustHold : .mustNotHold))
            }
        }
        var principalMatch = PrincipalMatch.direct
        if let principals = statements[index].principals {
            principalMatch = match(principals, effect: effect, principal: request.principal)
            if principalMatch == .none { return .no(.principal) }
        } else if place.type == .resource || place.type == .endpoint || place.type == .rcp {
            // A resource-side statement without a principal names no one.
            return .no(.principal)
        }
        for clause in statements[index].conditions.indices {
            switch evaluate(statements, index, clause: clause, place: place) {
            case .yes:
                continue
            case .no:
                guard explain else { return .no(nil) }
                let requestValues = context.value(lowercasedKey: statements[index].conditions[clause].lookupKey)?.values
                return .no(
                    .condition(
                        operator: statements[index].conditions[clause].conditionOperator.description,
                        key: statements[index].conditions[clause].key, requestValues: requestValues,
                        policyValues: statements[index].conditions[clause].values.map(\.text)))
            case .unknown:
                unknowns.append(
                    UnknownCondition(
                        statement: place.reference(to: statements, index, source: nil),
                        conditionOperator: statements[index].conditions[clause].conditionOperator.description,
                        key: statements[index].conditions[clause].key,
                        values: statements[index].conditions[clause].values.map(\.text),
                        requirement: effect == .allow ? .mustHold : .mustNotHold))
            }
        }
        return unknowns.isEmpty ? .yes(principalMatch) : .unknown(principalMatch, unknowns)
    }

    /// Evaluates condition clause `clause` of `statements[index]`, noting the keys it missed.
    mutating func evaluate(_ statements: [Statement], _ index: Int, clause: Int, place: StatementPlace) -> Truth {
        let requestValue = context.value(
            lowercasedKey: statements[index].conditions[clause].lookupKey,
            hash: statements[index].conditions[clause].lookupHash)
        if let requestValue,
            let truth = ConditionClause.singleValueTruth(
                statements[index].conditions[clause].conditionOperator,
                values: statements[index].conditions[clause].values,
                substitutes: place.variablesEnabled && statements[index].conditions[clause].hasTemplates,
                requestValue: requestValue)
        {
            return truth
        }
        let outcome = ConditionClause.evaluate(
            statements[index].conditions[clause].conditionOperator, values: statements[index].conditions[clause].values,
            hasTemplates: statements[index].conditions[clause].hasTemplates, requestValue: requestValue,
            context: context, mode: mode, effect: statements[index].effect, variablesEnabled: place.variablesEnabled,
            keyKnownAbsent: mode == .discovery && requestValue == nil
                && isKnownAbsent(statements[index].conditions[clause].lookupKey))
        if outcome.missingKey {
            let key = statements[index].conditions[clause].key
            if !missingKeys.contains(key) { missingKeys.append(key) }
        }
        for name in outcome.missingVariables where !missingKeys.contains(name) { missingKeys.append(name) }
        if outcome.multivaluedWithPlainOperator {
            let clause = statements[index].conditions[clause]
            let label = place.reference(to: statements, index, source: nil).label
            note(
                "\(label) uses \(clause.conditionOperator) on '\(clause.key)', whose value in the request has several "
                    + "elements; AWS requires ForAllValues/ForAnyValue for multivalued keys and does not document this "
                    + "case, so iamgate took the restrictive reading (false in an Allow, true in a Deny).")
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
    func templateTruth(_ pattern: ARNPattern, _ template: ResourceTemplate) -> Truth {
        if template.isIncluded(in: pattern) { return .yes }
        return template.overlaps(pattern) ? .unknown : .no
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
                let matches = request.resourceUTF8.withUnsafeBufferPointer { utf8 in
                    element.entries[entryIndex].matchesCompiled(
                        request.resource, utf8: utf8, layout: request.resourceLayout)
                }
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
        _ element: ResourceElement, _ template: ResourceTemplate, _ request: AuthorizationRequest
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
        let unknownParts = template.placeholders.joined(separator: ", ")
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
    func match(_ element: PrincipalElement, effect: Effect, principal: Principal) -> PrincipalMatch {
        if !element.isNegated {
            var strongest = PrincipalMatch.none
            for entry in element.entries {
                strongest = max(strongest, strength(of: entry, for: principal))
            }
            return strongest
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

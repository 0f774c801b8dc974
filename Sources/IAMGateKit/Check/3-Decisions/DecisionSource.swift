import AWSServices
import Catalog
import IAMPolicy

/// Stage 3 of a check: what decides the requests of an operation plan — the local engine on the principal's
/// policies, AWS's policy simulator, or both compared. A check wires one source and never asks which it has.
protocol DecisionSource {
    /// What asking can fail with: nothing for the local engine; AWS errors for the simulator.
    associatedtype Failure: Error

    /// Where the decisions come from, as the report names it.
    var source: CheckSource { get }

    /// Every request's outcome, operation by operation, in plan order.
    func outcomes(for plan: OperationPlan) throws(Failure) -> [[RequestOutcome]]

    /// The report's policy lines, given the principal's own (files or authorization-details entries).
    func policyLines(_ principals: [PolicyLine]) -> [PolicyLine]

    /// What the report must say about these decisions.
    func notes(for plan: OperationPlan) -> [ReportNote]
}

/// The local engine on the principal's policies (offline, or on policies fetched from the account).
struct LocalDecisions: DecisionSource {
    var governing: PrincipalInputs
    var mode: EvaluationMode
    /// The account of the resources, when known.
    var account: PartialValue
    /// `--from-organization`: the organization's policies for the principal's account (already in
    /// `governing.policies` when read), or why they are not known.
    var organization: OrganizationPolicies? = nil

    var source: CheckSource { .local }

    /// The plan's requests as asked by another principal of the same account (`prepared(for:)`), so that deciding for
    /// this one only derives again what depends on the principal; `nil`: each request is made from scratch.
    var prepared: [[AuthorizationRequest?]]? = nil

    func outcomes(for plan: OperationPlan) throws(Never) -> [[RequestOutcome]] {
        guard let prepared else { return plan.operations.map { $0.requests.map(outcome) } }
        // The requests that carry the same context share one context object, and what is derived from it.
        var contexts: [(given: [String: ContextValue], context: RequestContext, made: AuthorizationRequest?)] = []
        return zip(plan.operations, prepared).map { planned, requests in
            zip(planned.requests, requests).map { request, base in
                guard var base, request.necessity.notNeededReason == nil else {
                    return outcome(request, prepared: nil)
                }
                let known = contexts.firstIndex { $0.given == request.context }
                let context = known.map { contexts[$0].context } ?? self.context(request)
                base.reassign(
                    principal: governing.principal, context: context, sharingWith: known.flatMap { contexts[$0].made })
                if known == nil { contexts.append((request.context, context, base)) }
                return decided(request, authorization: base)
            }
        }
    }

    /// Every request of `plan` as this source makes it, to be `prepared` for other principals.
    func prepared(for plan: OperationPlan) -> [[AuthorizationRequest?]] {
        plan.operations.map { planned in
            planned.requests.map { $0.necessity.notNeededReason == nil ? authorization($0) : nil }
        }
    }

    func policyLines(_ principals: [PolicyLine]) -> [PolicyLine] { principals }

    func notes(for plan: OperationPlan) -> [ReportNote] { organization?.notes ?? [] }

    /// One request evaluated with the principal's tags as `aws:PrincipalTag/…`, the resource's account, and the
    /// request's partly known resource as its template.
    func outcome(_ request: RequiredRequest) -> RequestOutcome {
        outcome(request, prepared: nil)
    }

    /// `outcome(_:)`, from the same request as another principal of the account made it when it is given.
    func outcome(_ request: RequiredRequest, prepared: AuthorizationRequest?) -> RequestOutcome {
        if let why = request.necessity.notNeededReason {
            return RequestOutcome(
                request: request, authorization: nil, decision: nil, verdict: nil, evidence: .notNeeded(why))
        }
        var authorization: AuthorizationRequest
        if var prepared {
            prepared.reassign(principal: governing.principal, context: context(request))
            authorization = prepared
        } else {
            authorization = self.authorization(request)
        }
        return decided(request, authorization: authorization)
    }

    /// The engine's decision on `authorization` (the request as asked), and its verdict.
    func decided(_ request: RequiredRequest, authorization: AuthorizationRequest) -> RequestOutcome {
        let decision = Evaluator(mode: mode, explain: true).evaluate(authorization, policies: governing.policies)
        let outcome = Verdicts.local(
            request, authorization: authorization, decision: decision, policies: governing.policies)
        if let organization, !organization.isKnown {
            return Verdicts.organizationNotSeen(outcome, principal: governing.principal)
        }
        return outcome
    }

    /// The request's context: the principal's tags as `aws:PrincipalTag/…`, then the request's own keys (which win,
    /// whatever their case).
    func context(_ request: RequiredRequest) -> RequestContext {
        var context = RequestContext()
        for (key, value) in governing.tags { context["aws:PrincipalTag/\(key)"] = ContextValue(value) }
        for (key, value) in request.context { context[key] = value }
        return context
    }

    /// The request as the engine is asked it: the principal with its tags, the resource's account, the partly known
    /// resource as its template.
    func authorization(_ request: RequiredRequest) -> AuthorizationRequest {
        var authorization = AuthorizationRequest(
            principal: governing.principal, action: request.action, resource: request.resource.description,
            resourceAccount: account.knownText.flatMap { $0.isEmpty ? nil : $0 }, context: context(request))
        if !request.resource.isKnown { authorization.resourceTemplate = request.resource }
        authorization.knownAbsentKeys = request.knownAbsentKeys
        authorization.applicableServiceKeys = request.applicableServiceKeys
        return authorization
    }
}

/// AWS's policy simulator (`iam SimulatePrincipalPolicy`), every request of the plan asked in as few calls as the
/// contexts allow.
struct SimulatorDecisions: DecisionSource {
    var session: AWSSession
    /// Who AWS simulates, with the policies added to the simulation.
    var subject: SimulationSubject
    /// The principal the check is about (a session, where AWS simulates its role).
    var principal: Principal
    /// The principal's tags, sent as `aws:PrincipalTag/…` context.
    var tags: [String: String]
    var strict: Bool
    /// What the report says about whom AWS simulated (a session as its role, a role's unknown path).
    var subjectNotes: [ReportNote]
    /// The report's lines for the policy files added to the simulation.
    var addedPolicyLines: [PolicyLine]
    var status: (@Sendable (String) -> Void)?

    var source: CheckSource { .live }

    /// AWS's answer for every request, `nil` for requests the statement does not make.
    func answers(for plan: OperationPlan) throws -> [[LiveDecision?]] {
        var asked: [SimulatedRequest] = []
        for planned in plan.operations {
            for request in planned.requests where request.necessity.notNeededReason == nil {
                asked.append(Self.simulated(request, tags: tags))
            }
        }
        let status = status
        let answers = try LiveSimulator.simulate(asked, subject: subject, session: session) { done, total in
            status?("asking AWS (iam SimulatePrincipalPolicy): call \(done) of \(total)")
        }
        var next = answers.makeIterator()
        return plan.operations.map { planned in
            planned.requests.map { $0.necessity.notNeededReason == nil ? next.next() : nil }
        }
    }

    func outcomes(for plan: OperationPlan) throws(any Error) -> [[RequestOutcome]] {
        let answers = try answers(for: plan)
        return zip(plan.operations, answers).map { planned, answers in
            zip(planned.requests, answers).map { request, live in
                guard let live else {
                    // `answers(for:)` asks AWS about every request but those the statement does not make.
                    return RequestOutcome(
                        request: request, authorization: nil, decision: nil, verdict: nil,
                        evidence: request.necessity.notNeededReason.map { .notNeeded($0) } ?? .answeredByAWS)
                }
                let verdict = Verdicts.live(request, live, principal: principal, strict: strict)
                return RequestOutcome(
                    request: request, authorization: nil, decision: nil, verdict: verdict.verdict,
                    evidence: verdict.evidence, live: live)
            }
        }
    }

    func policyLines(_ principals: [PolicyLine]) -> [PolicyLine] {
        [.simulatedPrincipal(subject.policySourceARN)] + principals + addedPolicyLines
    }

    func notes(for plan: OperationPlan) -> [ReportNote] {
        let partlyKnown = plan.operations.flatMap(\.requests).contains {
            $0.necessity.notNeededReason == nil && !$0.resource.isKnown
        }
        var notes = subjectNotes
        if partlyKnown { notes.append(.partlyKnownResourcesSimulated) }
        // What AWS's simulator does not take, said once per report that used it.
        return notes + [.simulatorLimits]
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
            request.resource.isKnown
            ? request.resource.description : LiveSimulator.simulatedResource(request.resource)
        return SimulatedRequest(
            action: request.action, resource: resource,
            context: LiveSimulator.contextEntries(context(request, tags: tags)))
    }
}

/// Both: the local engine's outcome and AWS's answer for every request, the local engine also asked exactly what AWS
/// was asked, so that every disagreement is found.
struct ComparedDecisions: DecisionSource {
    var local: LocalDecisions
    var simulator: SimulatorDecisions
    /// The principal's policies as AWS simulates them: no session policy. Built once, since a change to a policy set
    /// compiles its plan again.
    let simulatedPolicies: PolicySet

    init(local: LocalDecisions, simulator: SimulatorDecisions) {
        self.local = local
        self.simulator = simulator
        var policies = local.governing.policies
        policies.session = nil
        simulatedPolicies = policies
    }

    var source: CheckSource { .compare }

    func outcomes(for plan: OperationPlan) throws(any Error) -> [[RequestOutcome]] {
        let answers = try simulator.answers(for: plan)
        return zip(plan.operations, answers).map { planned, answers in
            zip(planned.requests, answers).map { request, live in
                let outcome = local.outcome(request)
                guard let live else { return outcome }
                let verdict = Verdicts.live(
                    request, live, principal: simulator.principal, strict: simulator.strict)
                return Verdicts.compared(
                    outcome, live: live, liveOutcome: verdict, governing: local.governing,
                    policies: simulatedPolicies, simulatedPrincipal: simulator.subject.policySourceARN,
                    account: local.account)
            }
        }
    }

    func policyLines(_ principals: [PolicyLine]) -> [PolicyLine] {
        [.simulatedPrincipal(simulator.subject.policySourceARN)] + principals
    }

    func notes(for plan: OperationPlan) -> [ReportNote] {
        simulator.subjectNotes + [.simulatorLimits]
    }
}

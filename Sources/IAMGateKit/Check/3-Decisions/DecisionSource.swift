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

    func outcomes(for plan: OperationPlan) throws(Never) -> [[RequestOutcome]] {
        plan.operations.map { $0.requests.map(outcome) }
    }

    func policyLines(_ principals: [PolicyLine]) -> [PolicyLine] { principals }

    func notes(for plan: OperationPlan) -> [ReportNote] { organization?.notes ?? [] }

    /// One request evaluated with the principal's tags as `aws:PrincipalTag/…`, the resource's account, and the
    /// request's partly known resource as its template.
    func outcome(_ request: RequiredRequest) -> RequestOutcome {
        if let why = request.necessity.notNeededReason {
            return RequestOutcome(
                request: request, authorization: nil, decision: nil, verdict: nil, evidence: .notNeeded(why))
        }
        var context = RequestContext()
        for (key, value) in governing.tags { context["aws:PrincipalTag/\(key)"] = ContextValue(value) }
        for (key, value) in request.context { context[key] = value }
        var authorization = AuthorizationRequest(
            principal: governing.principal, action: request.action, resource: request.resource.description,
            resourceAccount: account.knownText.flatMap { $0.isEmpty ? nil : $0 }, context: context)
        if !request.resource.isKnown { authorization.resourceTemplate = request.resource }
        authorization.knownAbsentKeys = request.knownAbsentKeys
        authorization.applicableServiceKeys = request.applicableServiceKeys
        let decision = Evaluator(mode: mode, explain: true).evaluate(authorization, policies: governing.policies)
        let outcome = Verdicts.local(
            request, authorization: authorization, decision: decision, policies: governing.policies)
        if let organization, !organization.isKnown {
            return Verdicts.organizationNotSeen(outcome, principal: governing.principal)
        }
        return outcome
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
                    return RequestOutcome(
                        request: request, authorization: nil, decision: nil, verdict: nil,
                        evidence: .notNeeded(request.necessity.notNeededReason ?? ""))
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

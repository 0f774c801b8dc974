import Catalog
import IAMPolicy

/// Stage 4 of a check: from decisions to verdicts. A request's verdict from the local engine's decision, from AWS's
/// answer, or from both compared; an operation's verdict from its requests'. Every rule that keeps a verdict from
/// being "allowed" on doubt lives here.
enum Verdicts {
    /// An operation's verdict from its requests' outcomes: the worst of them, with the reasons of those not allowed.
    static func operation(_ planned: PlannedOperation, outcomes: [RequestOutcome]) -> OperationResult {
        let verdict = outcomes.compactMap(\.verdict).max() ?? .allowed
        let reasons = outcomes.filter { ($0.verdict ?? .allowed) != .allowed }.sorted {
            ($0.verdict ?? .allowed) > ($1.verdict ?? .allowed)
        }.map(\.summary)
        return OperationResult(
            operation: planned.method.name, sqlVerb: planned.method.sqlVerb, statement: planned.origin,
            verdict: verdict, requests: outcomes, reasons: reasons)
    }

    /// A request's verdict from the local engine's decision. Denied only when the decision is a denial the request
    /// cannot escape: a situational request (made only in a situation the check cannot see) denied is undetermined,
    /// and so is one whose resource policy (a KMS key policy, a role's trust policy) must also allow it and was not
    /// given.
    static func local(
        _ request: RequiredRequest, authorization: AuthorizationRequest, decision: Decision, policies: PolicySet
    ) -> RequestOutcome {
        let subject = "\(request.action) on \(request.resource)"
        let verdict: Verdict
        var summary: String
        switch decision.decision {
        case .explicitDeny, .implicitDeny:
            let why = DecisionExplanation.summary(decision, request: authorization)
            if let rule = decision.rule, rule == .keyPolicyMustAllow || rule == .roleTrustPolicyMustAllow,
                decision.decision == .implicitDeny, policies.resource == nil
            {
                // The principal's own policies would allow it; the resource's policy (a KMS key policy, a role's
                // trust policy) must allow it too, and the check was not given it: nothing is known either way.
                verdict = .undetermined
                let policy = rule == .keyPolicyMustAllow ? "the KMS key's key policy" : "the role's trust policy"
                summary =
                    "\(subject) is allowed by the principal's policies only if \(policy) allows it too, which "
                    + "iamgate was not given: \(rule.sentence)"
            } else if case .situational(let situation) = request.necessity {
                verdict = .undetermined
                summary = "\(subject) is denied (\(why)); it is \(situation)"
            } else {
                verdict = .denied
                let denier = decision.matchedStatements.first { $0.effect == .deny }
                summary =
                    decision.decision == .explicitDeny
                    ? "\(subject) is explicitly denied by \(denier?.label ?? "a Deny statement")"
                        + (denier.map { " (\(DecisionExplanationPlace.place($0)))" } ?? "")
                    : "\(subject) is not allowed: \(why)"
            }
        case .allowed where decision.isConditional:
            verdict = .undetermined
            summary = "\(subject) is allowed only if " + conditionSentence(decision.conditions)
        case .allowed:
            verdict = .allowed
            let allow = decision.matchedStatements.first { $0.effect == .allow }
            summary = "\(subject) is allowed" + (allow.map { " by \($0.label)" } ?? "")
        }
        return RequestOutcome(
            request: request, authorization: authorization, decision: decision, verdict: verdict, summary: summary)
    }

    /// `aws:SourceIp matches '10.0.0.0/8' (IpAddress, identity[0] statement 1) and …`.
    static func conditionSentence(_ conditions: [UnknownCondition]) -> String {
        conditions.map { condition in
            let values =
                condition.values.count == 1
                ? "'\(condition.values[0])'" : "[\(condition.values.joined(separator: ", "))]"
            let subject =
                condition.conditionOperator == "Resource"
                ? "the resource (unknown \(condition.key)) is \(condition.requirement == .mustHold ? "one of" : "none of") \(values)"
                : "\(condition.conditionOperator) \(condition.key) \(values) \(condition.requirement == .mustHold ? "holds" : "does not hold")"
            return "\(subject) (\(condition.statement.label))"
        }.joined(separator: "; and ")
    }

    /// The verdict AWS's answer supports, failing closed: AWS's simulator tests a partly known ARN literally (its
    /// `*` is text, not a wildcard), so neither an allow nor a deny there holds for every resource it stands for;
    /// an allow that rests on context keys AWS treated as absent holds only without them (unless `--strict`).
    static func live(_ request: RequiredRequest, _ live: LiveDecision, principal: Principal, strict: Bool) -> (
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

    /// The missing context values that matter: those the request could carry. Keys the request builder knows are
    /// absent (no tags in the statement, keys the action does not support) are not unknowns.
    static func unknownKeys(_ live: LiveDecision, request: RequiredRequest, principal: Principal) -> [String] {
        var check = AuthorizationRequest(principal: principal, action: request.action, resource: "*")
        check.knownAbsentKeys = request.knownAbsentKeys
        check.applicableServiceKeys = request.applicableServiceKeys
        return live.missingContextValues.filter { !check.isKnownAbsent(lowercasedKey: $0.lowercased()) }
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

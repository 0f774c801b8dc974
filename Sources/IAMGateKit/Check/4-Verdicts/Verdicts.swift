import Catalog
import IAMPolicy

/// Stage 4 of a check: from decisions to verdicts. A request's verdict from the local engine's decision, from AWS's
/// answer, or from both compared; an operation's verdict from its requests'. Every rule that keeps a verdict from
/// being "allowed" on doubt lives here.
enum Verdicts {
    /// An operation's verdict from its requests' outcomes: the worst of them.
    static func operation(_ planned: PlannedOperation, outcomes: [RequestOutcome]) -> OperationResult {
        let verdict = outcomes.compactMap(\.verdict).max() ?? .allowed
        var result = OperationResult(
            operation: planned.method.name, sqlVerb: planned.method.sqlVerb, statement: planned.origin,
            verdict: verdict, requests: outcomes)
        result.resource = planned.resource?.id
        return result
    }

    /// A request's verdict from the local engine's decision. Denied only when the decision is a denial the request
    /// cannot escape: a situational request (made only in a situation the check cannot see) denied is undetermined,
    /// and so is one whose resource policy (a KMS key policy, a role's trust policy) must also allow it and was not
    /// given.
    static func local(
        _ request: RequiredRequest, authorization: AuthorizationRequest, decision: Decision, policies: PolicySet
    ) -> RequestOutcome {
        let verdict: Verdict
        let evidence: VerdictEvidence
        switch decision.decision {
        case .explicitDeny, .implicitDeny:
            if let rule = decision.rule, rule == .keyPolicyMustAllow || rule == .roleTrustPolicyMustAllow,
                decision.decision == .implicitDeny, policies.resource == nil
            {
                // The principal's own policies would allow it; the resource's policy (a KMS key policy, a role's
                // trust policy) must allow it too, and the check was not given it: nothing is known either way.
                verdict = .undetermined
                evidence = .resourcePolicyNotGiven(rule)
            } else if case .situational(let situation) = request.necessity {
                verdict = .undetermined
                evidence = .situational(situation)
            } else {
                verdict = .denied
                evidence =
                    decision.decision == .explicitDeny
                    ? .explicitlyDenied(by: decision.matchedStatements.first { $0.effect == .deny }) : .notAllowed
            }
        case .allowed where decision.isConditional:
            verdict = .undetermined
            evidence = .conditional(decision.conditions)
        case .allowed:
            verdict = .allowed
            evidence = .allowed(by: decision.matchedStatements.first { $0.effect == .allow })
        }
        return RequestOutcome(
            request: request, authorization: authorization, decision: decision, verdict: verdict, evidence: evidence)
    }

    /// A local outcome when the organization's SCPs and RCPs could not be read (`--from-organization`): they may deny
    /// what the principal's own policies allow, so an allowed request is undetermined — failing closed, as SCPs only
    /// ever take permissions away (`reference_policies_evaluation-logic.md`: "If an SCP is present, identity-based
    /// and resource-based policies grant permissions to principals in member accounts only if those policies and the
    /// SCP allow the action"). A denial stays a denial (no SCP can grant), an undetermined request stays undetermined,
    /// and a service-linked role, which SCPs do not restrict, keeps its allow.
    static func organizationNotSeen(_ outcome: RequestOutcome, principal: Principal) -> RequestOutcome {
        guard outcome.verdict == .allowed, !principal.isServiceLinkedRole else { return outcome }
        var outcome = outcome
        outcome.verdict = .undetermined
        if case .allowed(let statement) = outcome.evidence {
            outcome.evidence = .organizationPoliciesNotSeen(allowedBy: statement)
        } else {
            outcome.evidence = .organizationPoliciesNotSeen(allowedBy: nil)
        }
        return outcome
    }

    /// The verdict AWS's answer supports, failing closed: AWS's simulator tests a partly known ARN literally (its
    /// `*` is text, not a wildcard), so neither an allow nor a deny there holds for every resource it stands for;
    /// an allow that rests on context keys AWS treated as absent holds only without them (unless `--strict`).
    static func live(_ request: RequiredRequest, _ live: LiveDecision, principal: Principal, strict: Bool) -> (
        verdict: Verdict, evidence: VerdictEvidence
    ) {
        guard let decision = live.decision else { return (.undetermined, .answeredByAWS) }
        if !request.resource.isKnown { return (.undetermined, .answeredForLiteralText) }
        let unknown = unknownKeys(live, request: request, principal: principal)
        switch decision {
        case .allowed where !unknown.isEmpty && !strict:
            return (.undetermined, .allowedWhileAbsent(unknown))
        case .allowed:
            return (.allowed, .answeredByAWS)
        case .explicitDeny, .implicitDeny:
            if case .situational(let situation) = request.necessity {
                return (.undetermined, .deniedByAWSInSituation(situation))
            }
            return (.denied, .answeredByAWS)
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
        _ local: RequestOutcome, live: LiveDecision, liveOutcome: (verdict: Verdict, evidence: VerdictEvidence),
        governing: PrincipalInputs, policies: PolicySet, simulatedPrincipal: String, account: PartialValue
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
        let liveVerdict = local.request.resource.isKnown ? liveOutcome.verdict : localVerdict
        outcome.verdict = max(localVerdict, liveVerdict)
        if !agree {
            outcome.evidence = .disagreement
        } else if liveVerdict > localVerdict {
            outcome.evidence = liveOutcome.evidence
        }
        return outcome
    }
}

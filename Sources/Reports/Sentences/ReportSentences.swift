import Catalog
import IAMPolicy

/// The sentences a report says about requests and operations, rendered from their evidence. Every format that shows
/// why a request or an operation has its verdict (text, JSON, Markdown, JUnit, SARIF) renders it here.
public enum ReportSentences {
    /// One sentence: why this request is allowed, denied or undetermined.
    public static func outcome(_ outcome: RequestOutcome) -> String {
        let request = outcome.request
        let subject = "\(request.action) on \(request.resource)"
        let why =
            outcome.decision.flatMap { decision in
                outcome.authorization.map { DecisionExplanation.summary(decision, request: $0) }
            } ?? ""
        switch outcome.evidence {
        case .notNeeded(let reason):
            return "\(request.action): not needed — \(notNeeded(reason))"
        case .allowed(let statement):
            return "\(subject) is allowed" + (statement.map { " by \($0.label)" } ?? "")
        case .conditional(let conditions):
            return "\(subject) is allowed only if " + conditionSentence(conditions)
        case .explicitlyDenied(let statement):
            return "\(subject) is explicitly denied by \(statement?.label ?? "a Deny statement")"
                + (statement.map { " (\(ReportEvidence.place($0)))" } ?? "")
        case .notAllowed:
            return "\(subject) is not allowed: \(why)"
        case .situational(let situation):
            return "\(subject) is denied (\(why)); it is \(self.situation(situation))"
        case .organizationPoliciesNotSeen(let statement):
            return "\(subject) is allowed" + (statement.map { " by \($0.label)" } ?? "")
                + ", but the organization's SCPs and RCPs were not seen, and they may deny it"
        case .resourcePolicyNotGiven(let rule):
            let policy = rule == .keyPolicyMustAllow ? "the KMS key's key policy" : "the role's trust policy"
            return "\(subject) is allowed by the principal's policies only if \(policy) allows it too, which "
                + "iamgate was not given: \(rule.sentence)"
        case .answeredByAWS, .answeredForLiteralText, .allowedWhileAbsent, .deniedByAWSInSituation, .disagreement:
            guard let live = outcome.live else { return subject }
            return liveSentence(outcome, live: live)
        }
    }

    /// Sentences explaining an operation's denied or undetermined verdict: those of its requests that are not
    /// allowed, the worst first.
    public static func reasons(_ operation: OperationResult) -> [String] {
        operation.requests.filter { ($0.verdict ?? .allowed) != .allowed }.sorted {
            ($0.verdict ?? .allowed) > ($1.verdict ?? .allowed)
        }.map(outcome)
    }

    /// `aws:SourceIp matches '10.0.0.0/8' (IpAddress, identity[0] statement 1) and …`.
    public static func conditionSentence(_ conditions: [UnknownCondition]) -> String {
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

    /// A sentence resting on AWS's answer: the ARN AWS was asked about, and what its answer is worth.
    static func liveSentence(_ outcome: RequestOutcome, live: LiveDecision) -> String {
        let subject = "\(outcome.request.action) on \(live.simulated.resource)"
        switch outcome.evidence {
        case .answeredForLiteralText:
            return "\(subject): \(live.explanation) — for that text only, the resource being partly known "
                + "(\(outcome.request.resource))"
        case .allowedWhileAbsent(let keys):
            return "\(subject): \(live.explanation); the allow holds only while \(keys.joined(separator: ", ")) "
                + "\(keys.count == 1 ? "is" : "are") absent (give --context values, or --strict)"
        case .deniedByAWSInSituation(let situation):
            return "\(subject): \(live.explanation); it is \(self.situation(situation))"
        case .disagreement:
            guard let comparison = outcome.comparison else { return "\(subject): \(live.explanation)" }
            let why = DecisionExplanation.summary(comparison.local, request: comparison.authorization)
            return "\(live.simulated.action) on \(live.simulated.resource): local and AWS disagree — locally "
                + "\(comparison.local.decision.rawValue) (\(why)); \(live.explanation)"
        default:
            return "\(subject): \(live.explanation)"
        }
    }
}

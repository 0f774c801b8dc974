import Catalog
import IAMPolicy

/// Why a request's verdict is what it is: the evidence the verdict rules found, from which every report renders the
/// request's sentence (`ReportSentences`). Sentences are rendered, not stored.
public enum VerdictEvidence: Sendable, Hashable {
    /// The statement does not make the request, for this reason (`Necessity.notNeeded`).
    case notNeeded(NotNeededReason)
    /// The local engine allows it; by this statement, when one matched.
    case allowed(by: StatementReference?)
    /// The local engine allows it only if these conditions, which nobody can check beforehand, hold.
    case conditional([UnknownCondition])
    /// The local engine denies it explicitly; by this statement, when one matched.
    case explicitlyDenied(by: StatementReference?)
    /// The local engine denies it implicitly (the decision says which policy types did not allow it).
    case notAllowed
    /// The local engine denies it, but the request is made only in this situation, which the check cannot see.
    case situational(Situation)
    /// The principal's policies allow it (by this statement, when one matched), but the organization's SCPs and RCPs
    /// could not be read, and they may deny it (`check --from-organization`).
    case organizationPoliciesNotSeen(allowedBy: StatementReference?)
    /// The principal's policies would allow it, but a resource policy that was not given (a KMS key policy, a role's
    /// trust policy) must allow it too, as this rule says.
    case resourcePolicyNotGiven(ServiceRule)
    /// AWS's answer (`--live`, `--compare`) is the verdict, or AWS answered with a decision iamgate does not know.
    case answeredByAWS
    /// AWS answered for a partly known ARN's literal text only (its unknown parts sent as `*`).
    case answeredForLiteralText
    /// AWS allows it only while these context keys, which the request could carry, are absent.
    case allowedWhileAbsent([String])
    /// AWS denies it, but the request is made only in this situation, which the check cannot see.
    case deniedByAWSInSituation(Situation)
    /// `--compare`: the local engine and AWS disagree on exactly what AWS was asked.
    case disagreement
}

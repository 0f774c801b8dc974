import Reports

/// How an audit ended, for the exit code: the most definite problem wins. A broken or expired expectation (exit 2)
/// wins over an undetermined one (3), which wins over principals that could not be resolved (6): an expectation those
/// principals could change is already undetermined, so 6 alone means they touch no expectation's verdict (or there
/// are no expectations).
public enum AuditConclusion: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Every principal was resolved and every expectation holds (or there are none).
    case complete
    /// Some principals could not be resolved (the report lists them under errors).
    case unresolvedPrincipals
    /// No expectation is broken or expired, but one could not be decided.
    case expectationUndetermined
    /// An expectation is broken, or past its expiry date.
    case expectationBroken

    /// The conclusion of `report`.
    public init(_ report: AuditReport) {
        var conclusion = AuditConclusion.complete
        if !report.errors.isEmpty { conclusion = .unresolvedPrincipals }
        for result in report.expectations {
            if result.status == .broken || result.expired {
                conclusion = max(conclusion, .expectationBroken)
            } else if result.status == .undetermined {
                conclusion = max(conclusion, .expectationUndetermined)
            }
        }
        self = conclusion
    }

    public static func < (lhs: AuditConclusion, rhs: AuditConclusion) -> Bool { lhs.rawValue < rhs.rawValue }
}

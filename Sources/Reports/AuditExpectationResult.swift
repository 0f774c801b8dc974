/// What the audit found for one expectation: held, broken or undetermined, whether it has expired, and the cells and
/// principals that decided it.
public struct AuditExpectationResult: Sendable, Hashable {
    public var expectation: AuditExpectation
    public var status: AuditExpectationStatus
    /// Its `expires` day is on or before the day the audit judged it on; what it found is still reported.
    public var expired: Bool
    /// What breaks it, then what leaves it undecided, each in report order (principals, then operations).
    public var findings: [AuditExpectationFinding]

    public init(
        expectation: AuditExpectation, status: AuditExpectationStatus, expired: Bool,
        findings: [AuditExpectationFinding]
    ) {
        self.expectation = expectation
        self.status = status
        self.expired = expired
        self.findings = findings
    }

    /// Broken, undetermined or expired: what a reader must act on.
    public var needsAttention: Bool { status != .held || expired }

    /// The order reports list results in: broken, then expired, then undetermined, then held (each group in file
    /// order).
    public var rank: Int {
        if status == .broken { return 0 }
        if expired { return 1 }
        return status == .undetermined ? 2 : 3
    }
}

/// Whether an expectation holds.
public enum AuditExpectationStatus: String, Sendable, Hashable, CaseIterable {
    /// Every cell that decides it is definite and agrees with it.
    case held
    /// A definite cell contradicts it (or, for `must`, no principal matches).
    case broken
    /// Nothing contradicts it for certain, but a cell that decides it is undetermined or a principal that might
    /// decide it could not be resolved: it is never reported as held on a cell the audit could not decide.
    case undetermined
}

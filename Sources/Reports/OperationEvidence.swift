import IAMPolicy

/// An operation's evidence gathered from its requests, as the audit's cells show it: the statements that decided it,
/// the policy types that blocked it, the conditions it depends on. Every piece is the check's own (`ReportEvidence`).
extension OperationResult {
    /// The requests that make the verdict: the not-allowed ones, worst first; for an allowed operation, every request
    /// it makes.
    var verdictOutcomes: [RequestOutcome] {
        guard verdict == .allowed else { return ReportEvidence.decisiveOutcomes(self) }
        return requests.filter { $0.verdict != nil }
    }

    /// The statements that decided the verdict, each once: the denies, the closest allows of the blocking policy
    /// types, the statements holding unknown conditions; for an allowed operation, the allows.
    public var decidingStatements: [StatementReference] {
        var seen: Set<StatementReference> = []
        var statements: [StatementReference] = []
        for outcome in verdictOutcomes {
            for statement in ReportEvidence.decidingStatements(outcome) where seen.insert(statement).inserted {
                statements.append(statement)
            }
        }
        return statements
    }

    /// The policy types that blocked a denied or undetermined operation's requests, in evaluation order.
    public var blockedBy: [PolicyType] {
        guard verdict != .allowed else { return [] }
        let types = Set(verdictOutcomes.flatMap { $0.decision?.blockedBy ?? [] })
        return PolicyType.allCases.filter(types.contains)
    }

    /// The unknown conditions an undetermined operation's requests depend on, each once.
    public var conditions: [UnknownCondition] {
        var seen: Set<UnknownCondition> = []
        return verdictOutcomes.filter { $0.verdict == .undetermined }.flatMap { $0.decision?.conditions ?? [] }
            .filter { seen.insert($0).inserted }
    }
}

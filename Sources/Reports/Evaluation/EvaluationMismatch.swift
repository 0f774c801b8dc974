import IAMPolicy

/// One part of an evaluation case's expectation that the engine's decision did not meet. Data only;
/// `ReportSentences.mismatch` says it in words.
public enum EvaluationMismatch: Sendable, Hashable {
    /// The decision differs.
    case decision(expected: EvalDecision, actual: EvalDecision)
    /// The policy types that blocked the request differ; `expected` sorted, `actual` as the decision lists them.
    case blockedBy(expected: [PolicyType], actual: [PolicyType])
    /// The missing context keys differ; `expected` lowercased and sorted, `actual` as the decision lists them.
    case missingContextKeys(expected: [String], actual: [String])
    /// The number of unknown conditions differs.
    case conditionCount(expected: Int, actual: Int)
}

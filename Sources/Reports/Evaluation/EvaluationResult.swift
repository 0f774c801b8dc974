import IAMPolicy

/// The result of one evaluation case (`iamgate eval`): the engine's decision for the case's request, and whether the
/// case's expectation held. Data only; `EvaluationText` and `EvaluationJSON` render it.
public struct EvaluationResult: Sendable {
    /// The case's name.
    public var name: String
    /// The request the case asks about.
    public var request: AuthorizationRequest
    public var decision: Decision
    /// The decision the case expects; `nil` when it states no expectation.
    public var expected: EvalDecision?
    /// What did not hold, empty when the expectation held (or there is none).
    public var mismatches: [EvaluationMismatch]

    public init(
        name: String, request: AuthorizationRequest, decision: Decision, expected: EvalDecision?,
        mismatches: [EvaluationMismatch]
    ) {
        self.name = name
        self.request = request
        self.decision = decision
        self.expected = expected
        self.mismatches = mismatches
    }

    /// Whether the expectation held; `nil` when the case states none.
    public var held: Bool? { expected == nil ? nil : mismatches.isEmpty }
}

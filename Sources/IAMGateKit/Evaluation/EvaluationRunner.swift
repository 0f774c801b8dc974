import IAMPolicy

/// The result of one evaluation case: the engine's decision, and whether the case's expectation held.
public struct EvaluationResult: Sendable {
    public var evaluationCase: EvaluationCase
    public var decision: Decision
    /// `nil` when the case states no expectation.
    public var held: Bool?
    /// What did not hold, one sentence each.
    public var mismatches: [String]
}

/// `iamgate eval`: runs evaluation cases through the engine.
public enum EvaluationRunner {
    /// Loads every file (each may hold one case or an array) and evaluates the cases in order.
    public static func run(paths: [String], rcpSupportedServices: Set<String>? = nil) throws(InputError)
        -> [EvaluationResult]
    {
        var cases: [EvaluationCase] = []
        for path in paths {
            cases += try EvaluationCaseLoader.load(path: path)
        }
        return run(cases: cases, rcpSupportedServices: rcpSupportedServices)
    }

    public static func run(cases: [EvaluationCase], rcpSupportedServices: Set<String>? = nil) -> [EvaluationResult] {
        cases.map { evaluationCase in
            let evaluator = Evaluator(
                mode: evaluationCase.mode, explain: true,
                rcpSupportedServices: rcpSupportedServices ?? Evaluator.defaultRCPSupportedServices)
            let decision = evaluator.evaluate(evaluationCase.request, policies: evaluationCase.policies)
            let mismatches = evaluationCase.expected.map { check($0, against: decision) } ?? []
            return EvaluationResult(
                evaluationCase: evaluationCase, decision: decision,
                held: evaluationCase.expected == nil ? nil : mismatches.isEmpty, mismatches: mismatches)
        }
    }

    static func check(_ expected: EvaluationCase.Expectation, against decision: Decision) -> [String] {
        var mismatches: [String] = []
        if expected.decision != decision.decision {
            mismatches.append("expected \(expected.decision.rawValue), got \(decision.decision.rawValue)")
        }
        if let blockedBy = expected.blockedBy, blockedBy != Set(decision.blockedBy) {
            let want = blockedBy.sorted().map(\.rawValue).joined(separator: ", ")
            let got = decision.blockedBy.map(\.rawValue).joined(separator: ", ")
            mismatches.append("expected blockedBy [\(want)], got [\(got)]")
        }
        if let keys = expected.missingContextKeys, keys != Set(decision.missingContextKeys.map { $0.lowercased() }) {
            mismatches.append(
                "expected missingContextKeys [\(keys.sorted().joined(separator: ", "))], got "
                    + "[\(decision.missingContextKeys.joined(separator: ", "))]")
        }
        if let count = expected.conditionCount, count != decision.conditions.count {
            mismatches.append("expected \(count) unknown conditions, got \(decision.conditions.count)")
        }
        return mismatches
    }
}

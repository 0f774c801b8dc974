import IAMPolicy

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
            return EvaluationResult(
                name: evaluationCase.name, request: evaluationCase.request, decision: decision,
                expected: evaluationCase.expected?.decision,
                mismatches: evaluationCase.expected.map { check($0, against: decision) } ?? [])
        }
    }

    /// What of `expected` the decision does not meet.
    static func check(_ expected: EvaluationCase.Expectation, against decision: Decision) -> [EvaluationMismatch] {
        var mismatches: [EvaluationMismatch] = []
        if expected.decision != decision.decision {
            mismatches.append(.decision(expected: expected.decision, actual: decision.decision))
        }
        if let blockedBy = expected.blockedBy, blockedBy != Set(decision.blockedBy) {
            mismatches.append(.blockedBy(expected: blockedBy.sorted(), actual: decision.blockedBy))
        }
        if let keys = expected.missingContextKeys, keys != Set(decision.missingContextKeys.map { $0.lowercased() }) {
            mismatches.append(.missingContextKeys(expected: keys.sorted(), actual: decision.missingContextKeys))
        }
        if let count = expected.conditionCount, count != decision.conditions.count {
            mismatches.append(.conditionCount(expected: count, actual: decision.conditions.count))
        }
        return mismatches
    }
}

extension ReportSentences {
    /// `expected allowed, got implicitDeny`: what an evaluation case expected and what the engine decided.
    public static func mismatch(_ mismatch: EvaluationMismatch) -> String {
        switch mismatch {
        case .decision(let expected, let actual):
            return "expected \(expected.rawValue), got \(actual.rawValue)"
        case .blockedBy(let expected, let actual):
            return "expected blockedBy [\(expected.map(\.rawValue).joined(separator: ", "))], got "
                + "[\(actual.map(\.rawValue).joined(separator: ", "))]"
        case .missingContextKeys(let expected, let actual):
            return "expected missingContextKeys [\(expected.joined(separator: ", "))], got "
                + "[\(actual.joined(separator: ", "))]"
        case .conditionCount(let expected, let actual):
            return "expected \(expected) unknown conditions, got \(actual)"
        }
    }
}

import JSON

/// `iamgate eval --format json`: an array, one object per case, in order (DESIGN.md "Evaluation result").
public enum EvaluationJSON {
    public static func render(_ results: [EvaluationResult]) -> JSONOutput {
        .array(results.map(\.json))
    }
}

extension EvaluationResult {
    /// One element of `iamgate eval --format json`.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [("name", .string(name))]
        members += decision.jsonMembers(request: request)
        if let expected {
            members.append(("expected", .string(expected.rawValue)))
            members.append(("held", .bool(held ?? false)))
            if !mismatches.isEmpty {
                members.append(("mismatches", .strings(mismatches.map(ReportSentences.mismatch))))
            }
        }
        return .object(members)
    }
}

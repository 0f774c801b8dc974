import JSON

extension EvaluationResult {
    /// One element of `iamgate eval --format json`.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [("name", .string(evaluationCase.name))]
        members += decision.jsonMembers(request: evaluationCase.request)
        if let expected = evaluationCase.expected {
            members.append(("expected", .string(expected.decision.rawValue)))
            members.append(("held", .bool(held ?? false)))
            if !mismatches.isEmpty { members.append(("mismatches", .strings(mismatches))) }
        }
        return .object(members)
    }
}

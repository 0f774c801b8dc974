import IAMPolicy
import JSON

extension StatementReference {
    /// The contract's `matchedStatements` entry, plus `level`, `source`, `line` and `column`.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("policyType", .string(policyType.rawValue)),
            ("policyIndex", .int(policyIndex)),
            ("statementIndex", .int(statementIndex)),
            ("sid", sid.map(JSONOutput.string) ?? .null),
            ("effect", .string(effect.rawValue)),
        ]
        if let level { members.append(("level", .int(level))) }
        members.append(("source", .string(source)))
        if let location {
            members.append(("line", .int(location.line)))
            members.append(("column", .int(location.column)))
        }
        return .object(members)
    }
}

extension UnknownCondition {
    public var json: JSONOutput {
        .object([
            ("operator", .string(conditionOperator)),
            ("key", .string(key)),
            ("values", .strings(values)),
            ("requirement", .string(requirement.rawValue)),
            ("statement", statement.json),
        ])
    }
}

extension Decision {
    /// The decision fields of the evaluation-result contract (DESIGN.md), plus `notApplied` and `notes`.
    public func jsonMembers(request: AuthorizationRequest) -> [(String, JSONOutput)] {
        var members: [(String, JSONOutput)] = [
            ("decision", .string(decision.rawValue)),
            ("blockedBy", .strings(blockedBy.map(\.rawValue))),
            ("matchedStatements", .array(matchedStatements.map(\.json))),
            ("missingContextKeys", .strings(missingContextKeys)),
            ("conditions", .array(conditions.map(\.json))),
            (
                "notApplied",
                .array(
                    nonMatchingStatements.map {
                        .object([
                            ("statement", $0.statement.json),
                            ("reason", .string(DecisionExplanation.reason($0.reason, request: request))),
                        ])
                    })
            ),
            ("notes", .strings(notes.map(\.description))),
        ]
        // Only when a documented rule decided (`docs/evaluation.md` §4.4), so other results keep their shape.
        if let rule {
            members.append(
                ("rule", .object([("name", .string(rule.rawValue)), ("explanation", .string(rule.sentence))])))
        }
        return members
    }
}

import Catalog
import IAMPolicy

extension ContextValue {
    var json: JSONOutput { isSet ? .strings(values) : .string(values.first ?? "") }
}

extension RequestOutcome {
    /// One `requests[]` entry of the check-report contract (DESIGN.md), plus role, necessity and reason.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("action", .string(request.action)),
            ("resource", .string(request.resource.description)),
            ("context", .object(request.context.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
        ]
        if let decision, let authorization {
            members.append(("decision", .string(decision.decision.rawValue)))
            members.append(("verdict", .string(verdict?.rawValue ?? "allowed")))
            let decisionMembers = decision.jsonMembers(request: authorization).filter { $0.0 != "decision" }
            members += decisionMembers
        } else {
            members.append(("decision", .string("notEvaluated")))
        }
        members.append(("role", .string(request.role.rawValue)))
        switch request.necessity {
        case .required: members.append(("necessity", .string("required")))
        case .situational(let why):
            members.append(("necessity", .string("situational")))
            members.append(("situation", .string(why)))
        case .notNeeded(let why):
            members.append(("necessity", .string("notNeeded")))
            members.append(("notNeededBecause", .string(why)))
        }
        members.append(("reason", .string(request.reason)))
        if !request.resource.isConcrete {
            members.append(("unknownResourceParts", .strings(request.resource.placeholders)))
        }
        members.append(("summary", .string(summary)))
        return .object(members)
    }
}

extension CheckReport {
    /// `iamgate check --format json`: the check-report contract of DESIGN.md.
    public var json: JSONOutput {
        .object([
            ("principal", .string(principal)),
            ("resource", .string(resource)),
            ("source", .string(source.rawValue)),
            ("mode", .string(mode.rawValue)),
            ("verdict", .string(overall.rawValue)),
            (
                "operations",
                .array(
                    operations.map { operation in
                        var members: [(String, JSONOutput)] = [
                            ("operation", .string(operation.operation)),
                            ("verdict", .string(operation.verdict.rawValue)),
                        ]
                        if let statement = operation.statement {
                            members.append(
                                (
                                    "statement",
                                    .object([
                                        ("source", .string(statement.source)),
                                        ("line", .int(statement.location.line)),
                                        ("column", .int(statement.location.column)),
                                        ("text", .string(statement.text)),
                                    ])
                                ))
                        }
                        members.append(("reasons", .strings(operation.reasons)))
                        members.append(("requests", .array(operation.requests.map(\.json))))
                        return .object(members)
                    })
            ),
            ("policies", .strings(policySummary)),
            ("notes", .strings(notes)),
        ])
    }
}

/// Renders a `Decision` as readable text. Everything it says comes from the decision's data.
public enum DecisionExplanation {
    /// The decision in capitals for headings: `ALLOWED`, `EXPLICIT DENY`, `IMPLICIT DENY`.
    public static func title(_ decision: Decision) -> String {
        switch decision.decision {
        case .allowed: return decision.isConditional ? "ALLOWED ONLY IF CONDITIONS HOLD" : "ALLOWED"
        case .explicitDeny: return "EXPLICIT DENY"
        case .implicitDeny: return "IMPLICIT DENY"
        }
    }

    /// One sentence on why.
    public static func summary(_ decision: Decision, request: AuthorizationRequest) -> String {
        if let rule = decision.rule { return rule.sentence }
        switch decision.decision {
        case .explicitDeny:
            let types = decision.blockedBy.map(\.displayName).joined(separator: ", ")
            return "a Deny statement in the \(types) applies to \(request.action) on \(request.resource)"
        case .implicitDeny:
            let reasons = decision.blockedBy.map { gateSentence($0, request: request) }
            return reasons.isEmpty ? "no policy allows \(request.action)" : reasons.joined(separator: "; ")
        case .allowed:
            if decision.isConditional {
                return "allowed only if the conditions below hold; their context keys were not in the request"
            }
            let allows = decision.matchedStatements.filter { $0.effect == .allow }
            let types = Set(allows.map(\.policyType)).sorted().map(\.displayName)
            if request.principal.kind == .root && types.isEmpty {
                return "the account root user has every permission its account's policies do not deny"
            }
            return "allowed by the \(types.joined(separator: ", ")) and no statement denies it"
        }
    }

    static func gateSentence(_ type: PolicyType, request: AuthorizationRequest) -> String {
        switch type {
        case .identity:
            return
                "no identity-based policy (nor a resource-based policy naming the principal) allows \(request.action)"
        case .permissionsBoundary: return "the permissions boundary does not allow \(request.action)"
        case .session: return "the session policy does not allow \(request.action) (or the session has none)"
        case .resource: return "no resource-based policy allows \(request.action) for this principal"
        case .endpoint: return "the VPC endpoint policy does not allow \(request.action)"
        case .scp: return "an organization level has no service control policy that allows \(request.action)"
        case .rcp: return "an organization level has no resource control policy that allows \(request.action)"
        }
    }

    /// The full explanation, indented by `indent` spaces.
    public static func render(_ decision: Decision, request: AuthorizationRequest, indent: Int = 2) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        lines.append("\(pad)request:  \(request.principal) → \(request.action) on \(request.resource)")
        lines.append("\(pad)decision: \(title(decision)) — \(summary(decision, request: request))")
        if !decision.blockedBy.isEmpty {
            lines.append("\(pad)blocked by: \(decision.blockedBy.map(\.rawValue).joined(separator: ", "))")
        }
        if let rule = decision.rule {
            lines.append("\(pad)decided by rule: \(rule.rawValue)")
        }
        for statement in decision.matchedStatements {
            let verb = statement.effect == .allow ? "allows" : "denies"
            lines.append("\(pad)  ✓ \(statement.label) \(verb) — \(place(statement))")
        }
        for condition in decision.conditions {
            let need = condition.requirement == .mustHold ? "must hold" : "must not hold"
            lines.append(
                "\(pad)  ? \(need): \(condition.conditionOperator) \(condition.key) \(list(condition.values)) "
                    + "(\(condition.statement.label))")
        }
        if !decision.missingContextKeys.isEmpty {
            lines.append("\(pad)missing context keys: \(decision.missingContextKeys.joined(separator: ", "))")
        }
        for miss in decision.nonMatchingStatements {
            lines.append("\(pad)  · \(miss.statement.label) did not apply: \(reason(miss.reason, request: request))")
        }
        for note in decision.notes {
            lines.append("\(pad)note: \(note)")
        }
        return lines.joined(separator: "\n")
    }

    /// Why a statement did not apply, in words.
    public static func reason(_ miss: StatementMiss, request: AuthorizationRequest) -> String {
        switch miss {
        case .action: return "its actions do not include \(request.action)"
        case .resource: return "its resources do not include \(request.resource)"
        case .principal: return "its principal does not name \(request.principal)"
        case .condition(let op, let key, let requestValues, let policyValues):
            let actual = requestValues.map { list($0) } ?? "absent"
            return "condition \(op) \(key) \(list(policyValues)) is false (request value: \(actual))"
        case .unresolvedVariable(let name):
            return "its resource uses ${\(name)}, which the request does not have, so the entry matches nothing"
        }
    }

    static func place(_ statement: StatementReference) -> String {
        guard let location = statement.location else { return statement.source }
        return "\(statement.source):\(location.line):\(location.column)"
    }

    static func list(_ values: [String]) -> String {
        values.count == 1 ? "'\(values[0])'" : "[" + values.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }
}

import IAMPolicy

/// What the Markdown, JUnit and SARIF renderers say about a request beyond its one-sentence summary: which statements
/// decided it, where they are written, and the words for its decision. Everything comes from the report's data.
enum ReportEvidence {
    /// The statements that decided a request. Explicit deny: the applicable `Deny` statements. Implicit deny: the
    /// allows of the blocking policy types that came closest (their action matched, a resource, principal or condition
    /// did not). Allowed only under conditions: the statements holding those conditions. Allowed: the allows.
    static func decidingStatements(_ outcome: RequestOutcome) -> [StatementReference] {
        guard let decision = outcome.decision else { return [] }
        switch decision.decision {
        case .explicitDeny:
            return unique(decision.matchedStatements.filter { $0.effect == .deny })
        case .implicitDeny:
            return unique(nearMisses(decision).map(\.statement))
        case .allowed where decision.isConditional:
            return unique(decision.conditions.map(\.statement))
        case .allowed:
            return unique(decision.matchedStatements.filter { $0.effect == .allow })
        }
    }

    /// Implicit deny: statements of the blocking policy types that name the action but did not apply.
    static func nearMisses(_ decision: Decision) -> [NonMatchingStatement] {
        let blocking = Set(decision.blockedBy)
        return decision.nonMatchingStatements.filter { miss in
            guard blocking.contains(miss.statement.policyType), miss.statement.effect == .allow else { return false }
            if case .action = miss.reason { return false }
            return true
        }
    }

    /// Implicit deny with no near miss: any statement of a blocking policy type, to name the policy's file.
    static func blockingPolicyStatement(_ decision: Decision) -> StatementReference? {
        let blocking = Set(decision.blockedBy)
        return decision.nonMatchingStatements.first { blocking.contains($0.statement.policyType) }?.statement
    }

    /// The requests that make the operation's verdict, worst first; not-needed requests are left out.
    static func decisiveOutcomes(_ operation: OperationResult) -> [RequestOutcome] {
        let failing = operation.requests.filter { ($0.verdict ?? .allowed) != .allowed }
        return failing.filter { $0.verdict == operation.verdict } + failing.filter { $0.verdict != operation.verdict }
    }

    /// `policies/ci.json:14:5`, or the source alone when the statement has no location.
    static func place(_ statement: StatementReference) -> String {
        guard let location = statement.location else { return statement.source }
        return "\(statement.source):\(location.line):\(location.column)"
    }

    /// `identity[0] statement 2 (Sid "DenyCreate") at policies/ci.json:14:5`.
    static func describe(_ statement: StatementReference) -> String {
        let place = place(statement)
        return place.isEmpty ? statement.label : "\(statement.label) at \(place)"
    }

    /// The request's decision in words: `explicit deny`, `implicit deny`, `allowed only if conditions hold`, `allowed`.
    static func decisionWords(_ outcome: RequestOutcome) -> String {
        guard let decision = outcome.decision else { return "not evaluated" }
        return DecisionExplanation.title(decision).lowercased()
    }

    /// `must hold: StringEquals aws:SourceVpc 'vpc-1'`.
    static func conditionText(_ condition: UnknownCondition) -> String {
        let need = condition.requirement == .mustHold ? "must hold" : "must not hold"
        let values =
            condition.values.count == 1
            ? "'\(condition.values[0])'" : "[" + condition.values.map { "'\($0)'" }.joined(separator: ", ") + "]"
        return "\(need): \(condition.conditionOperator) \(condition.key) \(values)"
    }

    /// Whether a policy or statement source names a file a reader can open: not `--sql`, not `-` (standard input),
    /// not empty.
    static func isFile(_ source: String) -> Bool {
        !source.isEmpty && source != "-" && !source.hasPrefix("--")
    }

    /// `create_resource @ deploy.iql:3` for an operation checked from a statement, else the operation name.
    static func operationTitle(_ operation: OperationResult) -> String {
        guard let statement = operation.statement else { return operation.operation }
        return "\(operation.operation) @ \(statement.source):\(statement.location.line)"
    }

    /// `1 allowed, 1 denied, 1 undetermined`.
    static func tally(_ report: CheckReport) -> String {
        let counts = Dictionary(grouping: report.operations, by: \.verdict).mapValues(\.count)
        return "\(counts[.allowed] ?? 0) allowed, \(counts[.denied] ?? 0) denied, "
            + "\(counts[.undetermined] ?? 0) undetermined"
    }

    /// Text as a reader should see it: escaped policy wildcards (`${*}`, `${?}`) are shown as the characters they stand
    /// for, as the JSON output does.
    static func displayable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{E000}" || $0 == "\u{E001}" }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{E000}": result += "*"
            case "\u{E001}": result += "?"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func unique(_ statements: [StatementReference]) -> [StatementReference] {
        var seen: Set<StatementReference> = []
        return statements.filter { seen.insert($0).inserted }
    }
}

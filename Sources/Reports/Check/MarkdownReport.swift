import Catalog
import IAMPolicy

/// `iamgate check --format markdown`: the verdict per operation as a GitHub-flavoured Markdown table, then for every
/// operation that is not allowed its requests and the statements that decided them. Suitable for a pull-request comment
/// or a GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`).
public enum MarkdownReport {
    public static func render(_ report: CheckReport) -> String {
        var lines: [String] = []
        lines.append("## \(mark(report.overall)) iamgate check: \(text(report.resource)) is \(report.overall.rawValue)")
        lines.append("")
        lines.append("- **Principal:** \(code(report.principal))")
        lines.append("- **Resource:** \(code(report.resource))")
        lines.append("- **Source:** \(report.source.rawValue) · **Mode:** \(report.mode.rawValue)")
        let count = report.operations.count
        lines.append("- **Operations:** \(count) — \(ReportEvidence.tally(report))")
        lines.append("")
        lines.append("| Operation | Statement (file:line) | Verdict | Why |")
        lines.append("| --- | --- | --- | --- |")
        for operation in report.operations {
            let place = operation.statement.map { code($0.place, inTable: true) } ?? "—"
            let cells = [
                code(operation.operation, inTable: true), place,
                "\(mark(operation.verdict)) \(operation.verdict.rawValue)", text(why(operation)),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        for operation in report.operations where operation.verdict != .allowed {
            lines.append("")
            lines += section(operation)
        }
        if !report.policySummary.isEmpty {
            lines.append("")
            lines.append("### Policies")
            lines.append("")
            lines += report.policySummary.map { "- " + text(ReportSentences.policyLine($0)) }
        }
        if !report.notes.isEmpty {
            lines.append("")
            lines.append("### Notes")
            lines.append("")
            lines += report.notes.map { "- " + text(ReportSentences.note($0)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Parts

    /// The table's last column: the first reason of a verdict that is not `allowed`, or what allowed it.
    static func why(_ operation: OperationResult) -> String {
        if operation.verdict != .allowed {
            let reasons = ReportSentences.reasons(operation)
            guard let first = reasons.first else { return operation.verdict.rawValue }
            let more = reasons.count - 1
            return more > 0 ? "\(first) (and \(more) more)" : first
        }
        let evaluated = operation.requests.filter { $0.verdict != nil }
        guard !evaluated.isEmpty else { return "no request needs authorizing" }
        var allows: [StatementReference] = []
        for outcome in evaluated {
            for statement in ReportEvidence.decidingStatements(outcome) where !allows.contains(statement) {
                allows.append(statement)
            }
        }
        if allows.isEmpty { return "every request is allowed" }
        return "every request is allowed, by " + allows.map(ReportEvidence.describe).joined(separator: "; ")
    }

    /// One operation that is not allowed: its statement, its reasons, and each request with what decided it.
    static func section(_ operation: OperationResult) -> [String] {
        var lines: [String] = []
        lines.append("### \(mark(operation.verdict)) \(code(operation.operation)) — \(operation.verdict.rawValue)")
        if let statement = operation.statement {
            lines.append("")
            let place = "\(statement.source):\(statement.location.line):\(statement.location.column)"
            lines.append("Statement at \(code(place)):")
            lines.append("")
            lines += fenced(statement.text, info: "sql")
        }
        let reasons = ReportSentences.reasons(operation)
        if !reasons.isEmpty {
            lines.append("")
            lines.append("**Why**")
            lines.append("")
            lines += reasons.map { "- " + text($0) }
        }
        lines.append("")
        lines.append("**Requests**")
        lines.append("")
        for outcome in operation.requests {
            lines += request(outcome)
        }
        return lines
    }

    /// A request as a list item, with sub-items for the deciding statements, missing keys and unknown conditions.
    static func request(_ outcome: RequestOutcome) -> [String] {
        let subject = "\(code(outcome.request.action)) on \(code(outcome.request.resource.description))"
        guard let verdict = outcome.verdict, let decision = outcome.decision else {
            var why = "not evaluated"
            if case .notNeeded(let reason) = outcome.request.necessity {
                why = "not needed: \(ReportSentences.notNeeded(reason))"
            }
            return ["- ➖ \(subject) — \(text(why))"]
        }
        var lines = ["- \(mark(verdict)) \(subject) — \(text(ReportEvidence.decisionWords(outcome)))"]
        if case .situational(let situation) = outcome.request.necessity {
            lines.append("  - needed only if \(text(ReportSentences.situation(situation)))")
        }
        let deciding = ReportEvidence.decidingStatements(outcome)
        switch decision.decision {
        case .explicitDeny:
            lines += deciding.map { "  - denied by \(statement($0))" }
        case .implicitDeny:
            let gates = decision.blockedBy.map(\.displayName).joined(separator: ", ")
            if !gates.isEmpty { lines.append("  - nothing allows it in the \(text(gates))") }
            for miss in ReportEvidence.nearMisses(decision) {
                let reason = outcome.authorization.map { DecisionExplanation.reason(miss.reason, request: $0) } ?? ""
                lines.append("  - closest: \(statement(miss.statement)) did not apply: \(text(reason))")
            }
        case .allowed where decision.isConditional:
            for condition in decision.conditions {
                lines.append(
                    "  - unknown condition, \(code(ReportEvidence.conditionText(condition))) — "
                        + statement(condition.statement))
            }
        case .allowed:
            lines += deciding.map { "  - allowed by \(statement($0))" }
        }
        if !decision.missingContextKeys.isEmpty {
            lines.append(
                "  - missing context keys: " + decision.missingContextKeys.map { code($0) }.joined(separator: ", "))
        }
        lines += decision.notes.map { "  - note: " + text($0.description) }
        return lines
    }

    /// `identity[0] statement 2 (Sid "DenyCreate") at `policies/ci.json:14:5``.
    static func statement(_ reference: StatementReference) -> String {
        let place = ReportEvidence.place(reference)
        return text(reference.label) + (place.isEmpty ? "" : " at " + code(place))
    }

    static func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .allowed: return "✅"
        case .denied: return "❌"
        case .undetermined: return "❓"
        }
    }

    // MARK: - Escaping

    /// Characters Markdown would read as markup, escaped with a backslash (any ASCII punctuation may be), so policy
    /// text such as `arn:…:image/*` or a Sid with `_` renders as written. Newlines become spaces: every use is one line.
    static func text(_ raw: String) -> String {
        var result = ""
        for character in ReportEvidence.displayable(raw) {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "!":
                result.append("\\")
                result.append(character)
            case "\n", "\r", "\r\n", "\t":
                result.append(" ")
            default:
                result.append(character)
            }
        }
        return result
    }

    /// A code span that holds `raw` exactly: the fence is one backtick longer than the longest run inside, padded with
    /// a space when the content starts or ends with a backtick or a space. In a table, `|` is escaped as `\|`
    /// (GitHub splits cells before it reads code spans, and removes the backslash).
    static func code(_ raw: String, inTable: Bool = false) -> String {
        var content = ReportEvidence.displayable(raw).map { $0.isNewline ? " " : String($0) }.joined()
        if content.isEmpty { return "—" }
        if inTable { content = content.replacing("|", with: "\\|") }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: content) + 1)
        let needsPadding =
            content.hasPrefix("`") || content.hasSuffix("`")
            || (content.hasPrefix(" ") && content.hasSuffix(" ") && content.contains { $0 != " " })
        let pad = needsPadding ? " " : ""
        return fence + pad + content + pad + fence
    }

    /// A fenced code block holding `raw` verbatim, its fence longer than any backtick run inside.
    static func fenced(_ raw: String, info: String) -> [String] {
        let content = ReportEvidence.displayable(raw)
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: content) + 1))
        var lines = [fence + info]
        lines += content.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        lines.append(fence)
        return lines
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        for next in text {
            current = next == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

import Catalog
import IAMPolicy

/// `iamgate check --format junit`: one JUnit test case per operation (or per statement when checked from SQL), so a CI
/// system shows each verdict as a test. Denied and undetermined operations are failures (`type="denied"`,
/// `type="undetermined"`): a gate that cannot decide must not pass silently. Validates against the JUnit schema the
/// Jenkins xUnit plugin uses (`fixtures/schemas/junit-10.xsd`).
public enum JUnitReport {
    public static func render(_ report: CheckReport) -> String {
        let tests = report.operations.count
        let failures = report.operations.filter { $0.verdict != .allowed }.count
        let classname = "iamgate.\(report.resource)"
        var lines: [String] = []
        lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        lines.append(
            "<testsuites name=\"iamgate\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"0\">")
        lines.append(
            "  <testsuite name=\"\(attribute("iamgate check \(report.resource)"))\" tests=\"\(tests)\" "
                + "failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">")
        lines.append("    <properties>")
        var properties: [(String, String)] = [
            ("principal", report.principal), ("resource", report.resource), ("source", report.source.rawValue),
            ("mode", report.mode.rawValue), ("verdict", report.overall.rawValue),
        ]
        properties += report.policySummary.enumerated().map {
            ("policy.\($0.offset + 1)", ReportSentences.policyLine($0.element))
        }
        properties += report.notes.enumerated().map { ("note.\($0.offset + 1)", ReportSentences.note($0.element)) }
        for (name, value) in properties {
            lines.append("      <property name=\"\(attribute(name))\" value=\"\(attribute(value))\"/>")
        }
        lines.append("    </properties>")
        for operation in report.operations {
            let name = ReportEvidence.operationTitle(operation)
            lines.append(
                "    <testcase classname=\"\(attribute(classname))\" name=\"\(attribute(name))\" time=\"0\">")
            switch operation.verdict {
            case .allowed:
                lines.append("      <system-out>\(text(allowedSummary(operation)))</system-out>")
            case .denied, .undetermined:
                let message = failureMessage(operation)
                lines.append(
                    "      <failure message=\"\(attribute(message))\" type=\"\(operation.verdict.rawValue)\">"
                        + "\(text(failureBody(operation)))</failure>")
            }
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Content

    /// The failure's one-line message: the operation's verdict and its first reason.
    static func failureMessage(_ operation: OperationResult) -> String {
        let first = ReportSentences.reasons(operation).first.map { ": \($0)" } ?? ""
        return "\(operation.operation) is \(operation.verdict.rawValue)\(first)"
    }

    /// Every reason, then each request that is not allowed with the statements that decided it.
    static func failureBody(_ operation: OperationResult) -> String {
        var lines: [String] = []
        if let statement = operation.statement {
            let place = "\(statement.source):\(statement.location.line):\(statement.location.column)"
            lines.append("statement at \(place):")
            lines += statement.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
                "  " + $0
            }
        }
        lines.append("reasons:")
        lines += ReportSentences.reasons(operation).map { "  - \($0)" }
        lines.append("requests:")
        for outcome in operation.requests {
            lines += describe(outcome)
        }
        return lines.joined(separator: "\n")
    }

    /// What allowed the operation, one line per request.
    static func allowedSummary(_ operation: OperationResult) -> String {
        var lines = ["\(operation.operation) is allowed"]
        for outcome in operation.requests {
            lines += describe(outcome)
        }
        return lines.joined(separator: "\n")
    }

    /// `  [denied] imagebuilder:CreateImage on arn:… — explicit deny`, then the deciding statements and what was
    /// missing or unknown, indented.
    static func describe(_ outcome: RequestOutcome) -> [String] {
        let subject = "\(outcome.request.action) on \(outcome.request.resource)"
        guard let verdict = outcome.verdict, let decision = outcome.decision else {
            var why = "not evaluated"
            if case .notNeeded(let reason) = outcome.request.necessity {
                why = "not needed: \(ReportSentences.notNeeded(reason))"
            }
            return ["  [not needed] \(subject) — \(why)"]
        }
        var lines = ["  [\(verdict.rawValue)] \(subject) — \(ReportEvidence.decisionWords(outcome))"]
        let deciding = ReportEvidence.decidingStatements(outcome)
        switch decision.decision {
        case .explicitDeny:
            lines += deciding.map { "      denied by \(ReportEvidence.describe($0))" }
        case .implicitDeny:
            let gates = decision.blockedBy.map(\.displayName).joined(separator: ", ")
            if !gates.isEmpty { lines.append("      nothing allows it in the \(gates)") }
            for miss in ReportEvidence.nearMisses(decision) {
                let reason = outcome.authorization.map { DecisionExplanation.reason(miss.reason, request: $0) } ?? ""
                lines.append("      closest: \(ReportEvidence.describe(miss.statement)) did not apply: \(reason)")
            }
        case .allowed where decision.isConditional:
            lines += decision.conditions.map {
                "      unknown condition, \(ReportEvidence.conditionText($0)) — \(ReportEvidence.describe($0.statement))"
            }
        case .allowed:
            lines += deciding.map { "      allowed by \(ReportEvidence.describe($0))" }
        }
        if case .situational(let situation) = outcome.request.necessity {
            lines.append("      needed only if \(ReportSentences.situation(situation))")
        }
        if !decision.missingContextKeys.isEmpty {
            lines.append("      missing context keys: \(decision.missingContextKeys.joined(separator: ", "))")
        }
        return lines
    }

    // MARK: - Escaping

    /// Attribute text: `&<>"'` as entities; tab, newline and carriage return as character references so they survive
    /// attribute-value normalisation; characters XML 1.0 cannot hold at all replaced (see `xmlCharacter`).
    static func attribute(_ raw: String) -> String {
        escape(raw, inAttribute: true)
    }

    /// Element text: `&<>"'` as entities, carriage returns as `&#13;`, forbidden characters replaced.
    static func text(_ raw: String) -> String {
        escape(raw, inAttribute: false)
    }

    private static func escape(_ raw: String, inAttribute: Bool) -> String {
        var result = ""
        for scalar in ReportEvidence.displayable(raw).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            case "\n": result += inAttribute ? "&#10;" : "\n"
            case "\t": result += inAttribute ? "&#9;" : "\t"
            default: result += xmlCharacter(scalar)
            }
        }
        return result
    }

    /// XML 1.0 allows no control character below U+0020 other than tab, newline and carriage return (not even as a
    /// character reference), nor U+FFFE and U+FFFF; those are written as the text `\u0007` so the report stays
    /// well-formed and the reader still sees what was there.
    static func xmlCharacter(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        guard value < 0x20 || value == 0xFFFE || value == 0xFFFF else { return String(scalar) }
        let hex = String(value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

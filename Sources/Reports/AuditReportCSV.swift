import IAMPolicy

/// `iamgate audit --format csv`: one row per principal and operation (RFC 4180: CRLF line ends, a field quoted when it
/// holds a comma, a quote, CR or LF, a quote inside doubled). A principal that could not be resolved is one row with
/// the verdict `error` and the reason. Columns: `account`, `principal`, `type`, `operation`, `verdict`,
/// `deciding_policies` (each deciding statement with its policy and place, `; `-separated), `blocking_policy_types`,
/// `conditions`, `reasons`.
public enum AuditReportCSV {
    public static let header = [
        "account", "principal", "type", "operation", "verdict", "deciding_policies", "blocking_policy_types",
        "conditions", "reasons",
    ]

    public static func render(_ report: AuditReport) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// Writes the header and then one row at a time to `output`.
    public static func write(_ report: AuditReport, to output: (String) -> Void) {
        output(row(header))
        for principal in report.principals {
            for (operation, column) in zip(principal.check.operations, report.columns) {
                output(
                    row([
                        principal.account, principal.arn, principal.type.rawValue, column,
                        operation.verdict.rawValue,
                        operation.decidingStatements.map {
                            ReportEvidence.displayable("\(principal.policy(of: $0)): \(ReportEvidence.describe($0))")
                        }.joined(separator: "; "),
                        operation.blockedBy.map(\.rawValue).joined(separator: "; "),
                        operation.conditions.map { ReportEvidence.displayable(ReportEvidence.conditionText($0)) }
                            .joined(separator: "; "),
                        ReportSentences.reasons(operation).map(ReportEvidence.displayable).joined(separator: "; "),
                    ]))
            }
        }
        for error in report.errors {
            output(row([error.account, error.principal, error.type.rawValue, "", "error", "", "", "", error.message]))
        }
    }

    /// One record, CRLF-terminated.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted when RFC 4180 requires it.
    static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append(scalar) }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}

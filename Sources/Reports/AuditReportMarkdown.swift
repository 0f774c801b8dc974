import IAMPolicy

/// `iamgate audit --format markdown`: the matrix as a GitHub-flavoured Markdown table, the totals, the principals that
/// could not be resolved, and for each principal with a denied or undetermined operation the reasons (the check's
/// sentences) in a collapsed section.
public enum AuditReportMarkdown {
    public static func render(_ report: AuditReport) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// Writes the report line by line to `output`.
    public static func write(_ report: AuditReport, to output: (String) -> Void) {
        let md = MarkdownReport.self
        let accounts = report.accounts
        output("## iamgate audit: \(md.text(report.resource))\n\n")
        output("- **Accounts:** " + accounts.map { md.code($0) }.joined(separator: ", ") + "\n")
        output(
            "- **Principals:** \(report.principals.count) checked, \(report.errors.count) not resolved\n")
        output("- **Source:** \(report.source.rawValue) · **Mode:** \(report.mode.rawValue)\n")
        for input in report.inputs { output("- **Input:** \(md.text(input))\n") }
        output("\n")
        AuditExpectationMarkdown.write(report, to: output)
        let showAccount = accounts.count > 1
        let titles =
            (showAccount ? ["Account"] : []) + ["Principal", "Type"] + report.columns.map { md.code($0, inTable: true) }
        output("| " + titles.joined(separator: " | ") + " |\n")
        output("|" + String(repeating: " --- |", count: titles.count) + "\n")
        for principal in report.principals {
            let cells =
                (showAccount ? [md.code(principal.account, inTable: true)] : [])
                + [md.code(principal.shortName, inTable: true), principal.type.rawValue]
                + principal.cells.map { "\(md.mark($0.verdict)) \($0.verdict.rawValue)" }
            output("| " + cells.joined(separator: " | ") + " |\n")
        }

        output("\n### Totals\n\n| Operation | Allowed | Denied | Undetermined |\n| --- | --- | --- | --- |\n")
        for total in report.totals {
            output(
                "| \(md.code(total.column, inTable: true)) | \(total.allowed) | \(total.denied) | "
                    + "\(total.undetermined) |\n")
        }

        AuditEscalationMarkdown.write(report, to: output)

        if !report.errors.isEmpty {
            output("\n### Not resolved\n\n")
            for error in report.errors {
                output("- \(md.code(error.principal)): \(md.text(error.message))\n")
            }
        }

        let failing = report.principals.filter { $0.cells.contains { $0.verdict != .allowed } }
        if !failing.isEmpty {
            output("\n### Why\n")
            for principal in failing {
                output("\n<details><summary>\(md.text(principal.shortName))</summary>\n\n")
                for operation in principal.check.operations where operation.verdict != .allowed {
                    output(
                        "- \(md.mark(operation.verdict)) \(md.code(ReportEvidence.operationTitle(operation))) — "
                            + "\(operation.verdict.rawValue)\n")
                    for reason in ReportSentences.reasons(operation) {
                        output("  - \(md.text(reason))\n")
                    }
                }
                output("\n</details>\n")
            }
        }
        if !report.notes.isEmpty {
            output("\n### Notes\n\n")
            for note in report.notes { output("- \(md.text(ReportSentences.note(note)))\n") }
        }
    }
}

/// The expectations section of `iamgate audit --format markdown`, before the matrix: a table of every expectation
/// (broken, expired and undetermined first), then what broke each or left it undecided.
public enum AuditExpectationMarkdown {
    /// Writes the section (nothing when the audit had no expectations file) to `output`.
    public static func write(_ report: AuditReport, to output: (String) -> Void) {
        let md = MarkdownReport.self
        let results = AuditExpectationText.ordered(report.expectations)
        guard !results.isEmpty else { return }
        let asOf = report.expectationsAsOf.map { " (as of \($0))" } ?? ""
        output("### Expectations\(asOf)\n\n")
        output("| Status | Expectation | Rule | Owner | Expires | Findings |\n| --- | --- | --- | --- | --- | --- |\n")
        for result in results {
            let expectation = result.expectation
            let cells = [
                "\(mark(result)) \(ReportSentences.expectationStatus(result))",
                md.text(expectation.name),
                md.code(ReportSentences.expectationRule(expectation), inTable: true),
                md.text(expectation.owner),
                expectation.expires.map(\.description) ?? "—",
                "\(result.findings.count)",
            ]
            output("| " + cells.joined(separator: " | ") + " |\n")
        }
        for result in results where result.needsAttention {
            let expectation = result.expectation
            output("\n<details><summary>\(md.text(expectation.name)): \(ReportSentences.expectationStatus(result))")
            output("</summary>\n\n")
            output("- **Reason:** \(md.text(expectation.reason))\n")
            output("- **Defined at:** \(md.code("\(expectation.source):\(expectation.line)"))\n")
            if let expiry = ReportSentences.expectationExpiry(result) { output("- **Expiry:** \(md.text(expiry))\n") }
            for finding in result.findings {
                let mark = finding.breaks ? "❌" : "❓"
                output("- \(mark) \(md.text(ReportSentences.expectationFinding(finding, of: expectation)))\n")
            }
            output("\n</details>\n")
        }
        output("\n")
    }

    static func mark(_ result: AuditExpectationResult) -> String {
        if result.status == .broken { return "❌" }
        if result.expired { return "⌛" }
        return result.status == .undetermined ? "❓" : "✅"
    }
}

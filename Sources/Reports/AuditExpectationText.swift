/// The expectations section of `iamgate audit --format text`, written before the matrix: the counts, then each
/// expectation, broken, expired and undetermined ones first, with what broke it or left it undecided.
public enum AuditExpectationText {
    /// Writes the section (nothing when the audit had no expectations file) to `output`.
    public static func write(_ report: AuditReport, style: Style, to output: (String) -> Void) {
        let results = ordered(report.expectations)
        guard !results.isEmpty else { return }
        let asOf = report.expectationsAsOf.map { " (as of \($0))" } ?? ""
        output(style.bold("expectations\(asOf): ") + counts(results) + "\n")
        for result in results {
            let expectation = result.expectation
            let heading =
                "\(mark(result)) \(ReportSentences.expectationStatus(result)) — \(expectation.name) "
                + "(\(expectation.source):\(expectation.line); owner \(expectation.owner))"
            output(colour(heading, result, style) + "\n")
            output(style.dim("    \(ReportSentences.expectationRule(expectation)): \(expectation.reason)") + "\n")
            if let expiry = ReportSentences.expectationExpiry(result) { output("    \(expiry)\n") }
            for finding in result.findings {
                let sentence = ReportEvidence.displayable(ReportSentences.expectationFinding(finding, of: expectation))
                output("    · \(sentence)\n")
            }
        }
        output("\n")
    }

    /// Broken, then expired, then undetermined, then held; file order within each.
    public static func ordered(_ results: [AuditExpectationResult]) -> [AuditExpectationResult] {
        results.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
    }

    /// `1 broken, 1 expired, 1 undetermined, 1 held`, leaving out what is none.
    static func counts(_ results: [AuditExpectationResult]) -> String {
        let tallies = [
            ("broken", results.filter { $0.status == .broken }.count),
            ("expired", results.filter(\.expired).count),
            ("undetermined", results.filter { $0.status == .undetermined }.count),
            ("held", results.filter { $0.status == .held }.count),
        ]
        return tallies.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    static func mark(_ result: AuditExpectationResult) -> String {
        if result.status == .broken { return "✗" }
        if result.expired || result.status == .undetermined { return "!" }
        return "✓"
    }

    private static func colour(_ text: String, _ result: AuditExpectationResult, _ style: Style) -> String {
        if result.status == .broken { return style.red(text) }
        if result.needsAttention { return style.yellow(text) }
        return style.green(text)
    }
}

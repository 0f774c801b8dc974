import IAMPolicy

/// The text report's escalation section, after the matrix: one line per escalation with the operations it gains;
/// `verbose` adds each request of the hop and the statements that decided it.
enum AuditEscalationText {
    static func write(_ report: AuditReport, style: Style, verbose: Bool, to output: (String) -> Void) {
        guard !report.escalations.isEmpty else { return }
        let count = report.escalations.count
        output(
            "\n" + style.bold("Escalations (one hop; not counted in the matrix): \(count)") + "\n")
        let principals = verbose ? AuditEscalationMarkdown.principalsByARN(report) : [:]
        for escalation in report.escalations {
            let mark = escalation.verdict == .allowed ? "▲" : "?"
            let headline = "  \(mark) \(ReportSentences.escalation(escalation)) — \(escalation.verdict.rawValue)"
            output(CheckReportText.colour(headline, escalation.verdict == .allowed ? .denied : .undetermined, style))
            output("\n")
            output(
                "    gains (its own verdict → the role's): "
                    + ReportSentences.gained(escalation).joined(separator: ", ")
                    + "\n")
            guard verbose else { continue }
            for (step, sentence) in zip(escalation.steps, ReportSentences.escalationSteps(escalation)) {
                output("    · \(ReportEvidence.displayable(sentence))\n")
                for statement in ReportSentences.escalationDecidingStatements(step.outcome) {
                    let policy = principals[escalation.principal]?.policy(of: statement)
                    output(
                        style.dim(
                            "        "
                                + ReportSentences.escalationStatement(
                                    statement, escalation: escalation, policy: policy)) + "\n")
                }
            }
            for sentence in ReportSentences.escalationSteps(escalation).dropFirst(escalation.steps.count) {
                output("    · \(ReportEvidence.displayable(sentence))\n")
            }
        }
    }
}

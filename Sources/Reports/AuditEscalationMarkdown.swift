import IAMPolicy

/// The Markdown report's escalation section: a table (principal, path, role, verdict, operations gained), then each
/// escalation's requests and the statements that decided them in a collapsed section.
enum AuditEscalationMarkdown {
    static func write(_ report: AuditReport, to output: (String) -> Void) {
        guard !report.escalations.isEmpty else { return }
        let md = MarkdownReport.self
        output("\n### Escalations (one hop)\n\n")
        output("Not counted in the matrix: what each principal can do by acting as a role it can reach.\n\n")
        output("| Principal | Path | Role | Verdict | Gains |\n| --- | --- | --- | --- | --- |\n")
        for escalation in report.escalations {
            let gains = escalation.gained.map { md.code($0.column, inTable: true) }.joined(separator: ", ")
            output(
                "| \(md.code(escalation.principalShortName, inTable: true)) | \(pathName(escalation.path)) | "
                    + "\(md.code(escalation.reachesShortName, inTable: true)) | "
                    + "\(escalation.verdict == .allowed ? "⚠️" : "❓") \(escalation.verdict.rawValue) | \(gains) |\n")
        }
        let principals = principalsByARN(report)
        for escalation in report.escalations {
            output("\n<details><summary>\(md.text(ReportSentences.escalation(escalation)))</summary>\n\n")
            for gain in ReportSentences.gained(escalation) { output("- gains \(md.text(gain))\n") }
            let sentences = ReportSentences.escalationSteps(escalation)
            for (index, sentence) in sentences.enumerated() {
                output("- \(md.text(sentence))\n")
                guard index < escalation.steps.count else { continue }
                for statement in ReportSentences.escalationDecidingStatements(escalation.steps[index].outcome) {
                    let policy = principals[escalation.principal]?.policy(of: statement)
                    output(
                        "  - "
                            + md.text(
                                ReportSentences.escalationStatement(statement, escalation: escalation, policy: policy))
                            + "\n")
                }
            }
            output("\n</details>\n")
        }
    }

    /// `sts:AssumeRole`, `Image Builder (iam:PassRole to EC2)`.
    static func pathName(_ path: AuditEscalation.Path) -> String {
        switch path {
        case .assumeRole: return "sts:AssumeRole"
        case .imageBuilderInstanceProfile: return "Image Builder instance profile (iam:PassRole to EC2)"
        }
    }

    /// The report's principals by ARN, to name the policies of their statements.
    static func principalsByARN(_ report: AuditReport) -> [String: AuditedPrincipal] {
        Dictionary(report.principals.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

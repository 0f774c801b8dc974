/// `iamgate audit diff --format markdown`: for a pull-request comment or a job summary — the summary, how the audits
/// were asked differently, the access gained and lost as tables, the principals added, removed and newly unresolved.
public enum AuditDiffMarkdown {
    public static func render(_ diff: AuditDiff) -> String {
        var text = ""
        write(diff) { text += $0 }
        return text
    }

    /// Writes the diff line by line to `output`.
    public static func write(_ diff: AuditDiff, to output: (String) -> Void) {
        let md = MarkdownReport.self
        output("## iamgate audit diff: \(md.text(diff.resource))\n\n")
        output("- **Old:** \(md.text(ReportSentences.auditDiffSide(diff.old)))\n")
        output("- **New:** \(md.text(ReportSentences.auditDiffSide(diff.new)))\n")
        output("- **Changes:** \(md.text(ReportSentences.auditDiffSummary(diff)))\n")
        let differences = ReportSentences.auditDiffInputs(diff)
        if !differences.isEmpty {
            output("\n> [!WARNING]\n> The two reports were made with different inputs:\n")
            for sentence in differences { output("> - \(md.text(sentence))\n") }
        }

        let withAccount = diff.severalAccounts
        func table(_ title: String, _ changes: [AuditDiffChange]) {
            output("\n### \(title) (\(changes.count))\n\n")
            guard !changes.isEmpty else {
                output("None.\n")
                return
            }
            let titles = (withAccount ? ["Account"] : []) + ["Principal", "Type", "Operation", "Before", "After"]
            output("| " + titles.joined(separator: " | ") + " |\n")
            output("|" + String(repeating: " --- |", count: titles.count) + "\n")
            for change in changes {
                let cells =
                    (withAccount ? [md.code(change.principal.account, inTable: true)] : [])
                    + [
                        md.code(change.principal.shortName, inTable: true), change.principal.type.rawValue,
                        md.code(change.column, inTable: true), mark(change.before), mark(change.after),
                    ]
                output("| " + cells.joined(separator: " | ") + " |\n")
            }
        }
        table("Access gained", diff.gained)
        table("Access lost", diff.lost)

        func principals(_ title: String, _ list: [AuditDiffPrincipal]) {
            guard !list.isEmpty else { return }
            output("\n### \(title) (\(list.count))\n\n")
            for principal in list { output("- \(md.code(principal.arn)) (\(principal.type.rawValue))\n") }
        }
        principals("Principals added", diff.added)
        principals("Principals removed", diff.removed)
        if !diff.newErrors.isEmpty {
            output("\n### Newly unresolved (\(diff.newErrors.count))\n\n")
            for error in diff.newErrors { output("- \(md.code(error.principal)): \(md.text(error.message))\n") }
        }
    }

    /// `✅ allowed`, `❌ denied`, `❓ undetermined`, `— absent`, `⚠️ unresolved`.
    static func mark(_ verdict: AuditDiffVerdict) -> String {
        switch verdict {
        case .allowed: return "\(MarkdownReport.mark(.allowed)) allowed"
        case .undetermined: return "\(MarkdownReport.mark(.undetermined)) undetermined"
        case .denied: return "\(MarkdownReport.mark(.denied)) denied"
        case .absent: return "— absent"
        case .unresolved: return "⚠️ unresolved"
        }
    }
}

import Foundation

/// `iamgate audit diff --format text`: the two reports, how their audits were asked differently, then the access
/// gained and lost as tables (principal, operation, before, after), the principals added and removed, the principals
/// newly unresolved, and a one-line summary.
public enum AuditDiffText {
    public static func render(_ diff: AuditDiff, style: Style) -> String {
        var text = ""
        write(diff, style: style) { text += $0 }
        return text
    }

    /// Writes the diff line by line to `output`.
    public static func write(_ diff: AuditDiff, style: Style, to output: (String) -> Void) {
        output(style.bold("iamgate audit diff") + " — \(diff.resource)\n")
        output(style.dim("old: " + ReportSentences.auditDiffSide(diff.old)) + "\n")
        output(style.dim("new: " + ReportSentences.auditDiffSide(diff.new)) + "\n")
        let differences = ReportSentences.auditDiffInputs(diff)
        if !differences.isEmpty {
            output("\n" + style.yellow("the two reports were made with different inputs:") + "\n")
            for sentence in differences { output("  · \(sentence)\n") }
        }

        let withAccount = diff.severalAccounts
        func table(_ title: String, _ changes: [AuditDiffChange], colour: (String) -> String) {
            output("\n" + style.bold("\(title) (\(changes.count))") + "\n")
            guard !changes.isEmpty else {
                output(style.dim("  (none)") + "\n")
                return
            }
            let header = (withAccount ? ["ACCOUNT"] : []) + ["PRINCIPAL", "OPERATION", "BEFORE", "AFTER"]
            let rows = changes.map { change in
                (withAccount ? [change.principal.account] : [])
                    + [change.principal.shortName, change.column, change.before.rawValue, change.after.rawValue]
            }
            var widths = header.map(\.count)
            for row in rows {
                for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
            }
            func line(_ cells: [String]) -> String {
                let padded = cells.enumerated().map { index, cell in
                    cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }
                return "  " + padded.joined(separator: "  ").trimmingTrailingSpaces()
            }
            output(style.bold(line(header)) + "\n")
            for row in rows { output(colour(line(row)) + "\n") }
        }
        table("ACCESS GAINED", diff.gained, colour: style.red)
        table("ACCESS LOST", diff.lost, colour: style.green)

        func principals(_ title: String, _ list: [AuditDiffPrincipal], mark: String) {
            guard !list.isEmpty else { return }
            output("\n" + style.bold("\(title) (\(list.count))") + "\n")
            for principal in list {
                output("  \(mark) \(principal.arn) (\(principal.type.rawValue))\n")
            }
        }
        principals("PRINCIPALS ADDED", diff.added, mark: "+")
        principals("PRINCIPALS REMOVED", diff.removed, mark: "-")
        if !diff.newErrors.isEmpty {
            output(
                "\n" + style.red("NEWLY UNRESOLVED (\(diff.newErrors.count)): their access now is unknown") + "\n")
            for error in diff.newErrors { output("  ✗ \(error.principal): \(error.message)\n") }
        }
        output("\n" + ReportSentences.auditDiffSummary(diff) + "\n")
    }
}

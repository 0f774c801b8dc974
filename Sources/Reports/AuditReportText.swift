import Foundation
import IAMPolicy

/// `iamgate audit --format text`: a matrix, principals × operations, the principals that could not be resolved, and
/// the totals per operation. `verbose` adds, under the matrix, why each denied or undetermined cell is what it is.
public enum AuditReportText {
    public static func render(_ report: AuditReport, style: Style, verbose: Bool = false) -> String {
        var text = ""
        write(report, style: style, verbose: verbose) { text += $0 }
        return text
    }

    /// Writes the report line by line to `output`.
    public static func write(
        _ report: AuditReport, style: Style, verbose: Bool = false, to output: (String) -> Void
    ) {
        let accounts = report.accounts
        let principalCount = report.principals.count + report.errors.count
        output(
            style.bold("iamgate audit") + " — \(report.resource), \(principalCount) principal"
                + "\(principalCount == 1 ? "" : "s") in \(accounts.count) account\(accounts.count == 1 ? "" : "s")"
                + (accounts.isEmpty ? "" : " (\(accounts.joined(separator: ", ")))") + "\n")
        output(style.dim("source: \(report.source.rawValue), mode: \(report.mode.rawValue)") + "\n")
        for input in report.inputs { output(style.dim("input: \(input)") + "\n") }
        output("\n")
        AuditExpectationText.write(report, style: style, to: output)

        let showAccount = accounts.count > 1
        var header = showAccount ? ["ACCOUNT"] : []
        header += ["PRINCIPAL", "TYPE"] + report.columns.map { $0.uppercased() }
        let fixed = showAccount ? 3 : 2
        var widths = header.map(\.count)
        for principal in report.principals {
            let cells = (showAccount ? [principal.account] : []) + [principal.shortName, principal.type.rawValue]
            for (index, cell) in cells.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        for index in fixed..<widths.count { widths[index] = max(widths[index], "undetermined".count) }
        func line(_ cells: [String], styles: [((String) -> String)?] = []) -> String {
            cells.enumerated().map { index, cell in
                let padded = cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                return index < styles.count ? (styles[index]?(padded) ?? padded) : padded
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        output(style.bold(line(header)) + "\n")
        for principal in report.principals {
            let cells =
                (showAccount ? [principal.account] : []) + [principal.shortName, principal.type.rawValue]
                + principal.cells.map(\.verdict.rawValue)
            let styles: [((String) -> String)?] =
                Array(repeating: nil, count: fixed)
                + principal.cells.map { cell in
                    { CheckReportText.colour($0, cell.verdict, style) }
                }
            output(line(cells, styles: styles) + "\n")
        }
        if report.principals.isEmpty { output(style.dim("(no principal could be checked)") + "\n") }

        if verbose {
            for principal in report.principals {
                guard principal.cells.contains(where: { $0.verdict != .allowed }) else { continue }
                let failing = principal.check.operations.filter { $0.verdict != .allowed }
                output("\n" + style.bold(principal.arn) + "\n")
                for operation in failing {
                    let heading = "  \(ReportEvidence.operationTitle(operation)) — \(operation.verdict.rawValue)"
                    output(CheckReportText.colour(heading, operation.verdict, style) + "\n")
                    for reason in ReportSentences.reasons(operation) {
                        output("    · \(ReportEvidence.displayable(reason))\n")
                    }
                }
                output(
                    style.dim(
                        "  policies: " + principal.policySummary.map(ReportSentences.policyLine).joined(separator: "; ")
                    ) + "\n")
            }
        }

        AuditEscalationText.write(report, style: style, verbose: verbose, to: output)

        if !report.errors.isEmpty {
            output(
                "\n"
                    + style.red(
                        "\(report.errors.count) principal\(report.errors.count == 1 ? "" : "s") could "
                            + "not be resolved (not checked):") + "\n")
            for error in report.errors {
                output("  ✗ \(error.principal): \(error.message)\n")
            }
        }
        for note in report.notes { output(style.dim("note: \(ReportSentences.note(note))") + "\n") }

        output("\n")
        let totalsHeader = ["OPERATION", "ALLOWED", "DENIED", "UNDETERMINED"]
        let totals = report.totals
        var totalWidths = totalsHeader.map(\.count)
        for total in totals { totalWidths[0] = max(totalWidths[0], total.column.count) }
        func totalLine(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == 0
                    ? cell.padding(toLength: totalWidths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, totalWidths[index] - cell.count)) + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        output(style.bold(totalLine(totalsHeader)) + "\n")
        for total in totals {
            output(totalLine([total.column, "\(total.allowed)", "\(total.denied)", "\(total.undetermined)"]) + "\n")
        }
        output(
            "\n\(report.principals.count) principal\(report.principals.count == 1 ? "" : "s") checked, "
                + "\(report.errors.count) not resolved\n")
    }
}

import Catalog
import Foundation
import IAMPolicy

/// `iamgate check --format text`: a table, one row per operation, with the reasons underneath.
public enum CheckReportText {
    public static func render(_ report: CheckReport, style: Style, verbose: Bool = false) -> String {
        var lines: [String] = []
        lines.append(style.bold("iamgate check") + " — \(report.principal) on \(report.resource)")
        lines.append(style.dim("source: \(report.source.rawValue), mode: \(report.mode.rawValue)"))
        lines.append("")
        let rows = report.operations.map { operation -> [String] in
            let place = operation.statement?.place ?? "—"
            let counts = operation.requests.filter { $0.verdict != nil }.count
            return [operation.operation, operation.sqlVerb, place, operation.verdict.rawValue, "\(counts)"]
        }
        let header = ["OPERATION", "SQL", "STATEMENT", "VERDICT", "REQUESTS"]
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String], verdictStyle: ((String) -> String)? = nil) -> String {
            cells.enumerated().map { index, cell in
                let padded = cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                return index == 3 ? (verdictStyle?(padded) ?? padded) : padded
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        lines.append(style.bold(line(header)))
        for (operation, row) in zip(report.operations, rows) {
            lines.append(line(row, verdictStyle: { colour($0, operation.verdict, style) }))
        }
        for operation in report.operations where operation.verdict != .allowed || verbose {
            lines.append("")
            let heading = "\(operation.operation) — \(operation.verdict.rawValue.uppercased())"
            lines.append(colour(heading, operation.verdict, style))
            if let statement = operation.statement {
                let first = statement.text.split(separator: "\n").first.map(String.init) ?? ""
                lines.append(style.dim("  statement \(statement.source):\(statement.location.line): \(first)…"))
                if let step = statement.deployment {
                    var runs = "  \(step.resource) \(step.anchor): runs \(ReportSentences.timing(step.runs))"
                    if let condition = step.condition { runs += ", if \(condition)" }
                    lines.append(style.dim(runs))
                }
            }
            let shownLimit = verbose ? Int.max : 5
            var shown = 0
            var hidden = 0
            for outcome in operation.requests {
                guard let verdict = outcome.verdict else {
                    if verbose { lines.append(style.dim("  · \(ReportSentences.outcome(outcome))")) }
                    continue
                }
                if verdict == .allowed && !verbose { continue }
                if shown >= shownLimit {
                    hidden += 1
                    continue
                }
                shown += 1
                let mark = verdict == .allowed ? "✓" : (verdict == .denied ? "✗" : "?")
                lines.append("  \(colour(mark, verdict, style)) \(ReportSentences.outcome(outcome))")
                if let decision = outcome.decision {
                    if !decision.missingContextKeys.isEmpty && report.mode == .strict {
                        lines.append(
                            style.dim(
                                "      missing context keys: \(decision.missingContextKeys.joined(separator: ", "))"))
                    }
                    for miss in decision.nonMatchingStatements.prefix(verbose ? 50 : 0) where verdict == .denied {
                        let reason =
                            outcome.authorization.map { DecisionExplanation.reason(miss.reason, request: $0) } ?? ""
                        lines.append(style.dim("      · \(miss.statement.label): \(reason)"))
                    }
                    for note in decision.notes {
                        lines.append(style.dim("      note: \(note)"))
                    }
                }
            }
            if hidden > 0 {
                lines.append(
                    style.dim("  … and \(hidden) more request\(hidden == 1 ? "" : "s") not allowed (-v lists them all)")
                )
            }
        }
        if !report.policySummary.isEmpty {
            lines.append("")
            lines.append(
                style.dim("policies: " + report.policySummary.map(ReportSentences.policyLine).joined(separator: "; ")))
        }
        for note in report.notes {
            lines.append(style.dim("note: \(ReportSentences.note(note))"))
        }
        if report.source == .compare {
            lines += comparison(report, style: style)
        }
        if let statistics = report.statistics {
            lines.append(
                style.dim(
                    "aws: \(statistics.calls) call\(statistics.calls == 1 ? "" : "s") "
                        + "(\(statistics.httpRequests) HTTP request\(statistics.httpRequests == 1 ? "" : "s"), "
                        + "\(statistics.retries) retr\(statistics.retries == 1 ? "y" : "ies"))"))
        }
        let counts = Dictionary(grouping: report.operations, by: \.verdict).mapValues(\.count)
        lines.append("")
        lines.append(
            "\(report.operations.count) operation\(report.operations.count == 1 ? "" : "s"): "
                + "\(counts[.allowed] ?? 0) allowed, \(counts[.denied] ?? 0) denied, "
                + "\(counts[.undetermined] ?? 0) undetermined")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `--compare`: every request where the local engine and AWS disagree, with both explanations.
    static func comparison(_ report: CheckReport, style: Style) -> [String] {
        let disagreements = report.disagreements
        let compared = report.operations.flatMap(\.requests).filter { $0.comparison != nil }.count
        guard !disagreements.isEmpty else {
            return ["", style.green("local and AWS agree on all \(compared) request\(compared == 1 ? "" : "s")")]
        }
        var lines = [
            "",
            style.red(
                "local and AWS disagree on \(disagreements.count) of \(compared) request\(compared == 1 ? "" : "s"):"),
        ]
        for outcome in disagreements {
            guard let comparison = outcome.comparison, let live = outcome.live else { continue }
            lines.append("  ≠ \(live.simulated.action) on \(live.simulated.resource)")
            let why = DecisionExplanation.summary(comparison.local, request: comparison.authorization)
            lines.append("      local (strict): \(comparison.local.decision.rawValue) — \(why)")
            lines.append("      AWS:            \(live.rawDecision) — \(live.explanation)")
        }
        return lines
    }

    static func colour(_ text: String, _ verdict: Verdict, _ style: Style) -> String {
        switch verdict {
        case .allowed: return style.green(text)
        case .denied: return style.red(text)
        case .undetermined: return style.yellow(text)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}

import JSON

/// `iamgate exec --format text`: the gate's decision first, then each statement's fate, SELECT rows as tables, and
/// the requests to look up when something did not finish.
public enum ExecReportText {
    public static func render(_ report: ExecReport, style: Style = .automatic) -> String {
        var out = ""
        let check = report.check
        let count = report.steps.count
        out += "iamgate exec: \(count) statement\(count == 1 ? "" : "s") checked for \(check.principal)"
        out += " (\(sourceName(check.source)))\n"
        for step in report.steps {
            out += "  [\(step.index)] \(place(step)) \(step.outcome.sqlVerb) → \(step.outcome.operation): "
            out += "\(step.outcome.verdict.rawValue)\n"
        }
        switch report.gate {
        case .closed(let index, let reason):
            out += "\n"
            if case .unknownValue = reason {
            } else {
                out += CheckReportText.render(check, style: style, verbose: false)
                out += "\n"
            }
            let step = report.steps.first { $0.index == index }
            let statementPlace = step.map { " (\(place($0)))" } ?? ""
            switch reason {
            case .denied: out += "Nothing was sent: statement \(index)\(statementPlace) is denied.\n"
            case .undetermined:
                out += "Nothing was sent: statement \(index)\(statementPlace) is undetermined; supply what is unknown "
                out += "(--context, --var, a known ARN) to decide it.\n"
            case .disagreement:
                out +=
                    "Nothing was sent: the local engine and AWS's simulator disagree (statement \(index)\(statementPlace)).\n"
            case .unknownValue(let reason):
                out +=
                    "Nothing was sent: statement \(index)\(statementPlace): \(ReportSentences.unknownValue(reason)).\n"
            }
            return out
        case .open:
            break
        }
        if report.dryRun {
            if let command = report.deployment {
                out += "\nDry run: nothing was sent. The requests a \(command) may send, each only when its statement "
                out += "runs:\n"
            } else {
                out += "\nDry run: nothing was sent. The requests:\n"
            }
            for request in report.dryRunRequests {
                if report.deployment != nil, let step = report.steps.first(where: { $0.index == request.statement }),
                    let runs = step.outcome.statement?.deployment?.runs
                {
                    out += "  [\(request.statement)] \(place(step)): runs \(ReportSentences.timing(runs))\n"
                    out += "      POST \(request.endpoint) X-Amz-Target: \(request.target)\n"
                } else {
                    out += "  [\(request.statement)] POST \(request.endpoint) X-Amz-Target: \(request.target)\n"
                }
                out += indent(request.body.rendered(pretty: true), by: "      ") + "\n"
            }
            return out
        }
        if let command = report.deployment {
            out += "\nAll allowed; ran the \(command) as \(report.caller ?? check.principal):\n"
        } else {
            out += "\nAll allowed; ran as \(report.caller ?? check.principal):\n"
        }
        for step in report.steps {
            out += "  [\(step.index)] "
            if report.deployment != nil { out += "\(place(step)) " }
            out += step.status.rawValue
            if step.status == .notRun, let why = ReportSentences.why(step.why) { out += " (\(why))" }
            if case .success(let call) = step.call, step.status != .notRun || report.deployment == nil {
                out += ": \(call.operation.rawValue) \(call.region)"
            }
            if let identifier = step.identifier { out += " → \(identifier)" }
            if let last = step.attempts.last, let token = last.requestToken {
                out += " (request \(token)"
                if step.attempts.count > 1 { out += ", \(step.attempts.count) submissions" }
                out += ")"
            }
            if let seconds = step.seconds, step.status != .notRun {
                out += " in \(format(seconds))"
            }
            out += "\n"
            if step.status != .notRun, let why = ReportSentences.why(step.why) { out += "      \(why)\n" }
            if let error = step.error { out += "      \(ReportSentences.failure(error))\n" }
            if let rows = step.rows { out += table(rows, indent: "      ") }
        }
        let succeeded = report.steps.filter { $0.status == .succeeded }.count
        let failed = report.steps.filter { $0.status == .failed || $0.status == .timedOut }.count
        let notRun = report.steps.filter { $0.status == .notRun }.count
        out += "\(succeeded) succeeded, \(failed) failed, \(notRun) not run.\n"
        if let statistics = report.statistics {
            out += "AWS: \(statistics.httpRequests) HTTP requests (\(statistics.retries) retries).\n"
        }
        return out
    }

    /// `file:line`, and for a stackql-deploy statement its resource and anchor: `… (image.exists)`.
    static func place(_ step: ExecStep) -> String {
        step.outcome.statement?.place ?? ""
    }

    static func sourceName(_ source: CheckSource) -> String {
        switch source {
        case .local: return "local engine"
        case .live: return "AWS's policy simulator"
        case .compare: return "local engine and AWS's simulator"
        }
    }

    static func format(_ seconds: Double) -> String {
        let tenths = (seconds * 10).rounded() / 10
        return "\(tenths) s"
    }

    static func indent(_ text: String, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
    }

    /// A plain text table: a header, a rule, one line per row; `(0 rows)` when empty.
    static func table(_ rows: ResultRows, indent: String) -> String {
        var widths = rows.columns.map(\.count)
        for row in rows.rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            indent
                + zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ")
                .trimmingTrailingSpaces() + "\n"
        }
        var out = line(rows.columns)
        out += indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        for row in rows.rows { out += line(row) }
        out += "\(indent)(\(rows.rows.count) row\(rows.rows.count == 1 ? "" : "s"))\n"
        return out
    }
}

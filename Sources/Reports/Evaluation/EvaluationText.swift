import IAMPolicy

/// `iamgate eval --format text`: a readable explanation per case and a closing tally.
public enum EvaluationText {
    public static func render(_ results: [EvaluationResult], style: Style) -> String {
        var blocks: [String] = []
        for (index, result) in results.enumerated() {
            let mark: String
            switch result.held {
            case .some(true): mark = style.green("held    ")
            case .some(false): mark = style.red("NOT HELD")
            case .none: mark = style.dim("no expectation")
            }
            var lines = ["[\(index + 1)/\(results.count)] \(mark) \(style.bold(result.name))"]
            lines.append(DecisionExplanation.render(result.decision, request: result.request))
            for mismatch in result.mismatches {
                lines.append("  " + style.red("✗ \(ReportSentences.mismatch(mismatch))"))
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        blocks.append(summary(results))
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// `12 cases: 11 held, 1 not held, 0 without expectation` — also the plain closing line test runners read.
    public static func summary(_ results: [EvaluationResult]) -> String {
        let held = results.filter { $0.held == true }.count
        let failed = results.filter { $0.held == false }.count
        let open = results.filter { $0.held == nil }.count
        return "\(results.count) case\(results.count == 1 ? "" : "s"): \(held) held, \(failed) not held, "
            + "\(open) without expectation"
    }
}

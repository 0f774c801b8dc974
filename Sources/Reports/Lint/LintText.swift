import IAMPolicy

/// `iamgate lint --format text`: one line per finding, then a tally.
public enum LintText {
    public static func render(_ reports: [LintReport], style: Style) -> String {
        var lines: [String] = []
        for report in reports {
            for finding in report.findings {
                let place = finding.location.map { "\(finding.source):\($0.line):\($0.column)" } ?? finding.source
                let severity =
                    finding.severity == .error ? style.red("error") : style.yellow("warning")
                lines.append("\(place): \(severity): \(finding.message) [\(finding.code)]")
            }
        }
        let errors = reports.reduce(0) { $0 + $1.errorCount }
        let warnings = reports.reduce(0) { $0 + $1.warningCount }
        let clean = reports.filter { $0.findings.isEmpty }.count
        lines.append(
            "\(reports.count) file\(reports.count == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(warnings) warning\(warnings == 1 ? "" : "s"), \(clean) clean")
        return lines.joined(separator: "\n") + "\n"
    }
}

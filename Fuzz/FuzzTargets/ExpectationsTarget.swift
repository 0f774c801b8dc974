import IAMGateKit
import JSON

/// Expectations files (YAML), as `iamgate audit --expectations FILE` reads them: read and judged against the example
/// account's audit (made once per process, as `audit` would make it before judging), as of a fixed day, and the
/// expectations rendered as every report format that shows them renders them (CSV does not). Only the expectations:
/// the rest of the report is the example account's whatever the input, so rendering it again finds nothing new, and
/// it took about 97% of each run (perf; 94 inputs a second against 770 for this, both beside other fuzz runs).
enum ExpectationsTarget {
    static func run(_ bytes: [UInt8]) {
        var options = AuditOutputs.options
        options.expectationsFile = FuzzWorkspace.shared.write(bytes, to: "expectations.yml")
        options.asOf = "2026-12-07"
        guard let report = try? AuditRunner.judging(AuditOutputs.report, options: options) else { return }
        var count = 0
        let sink: (String) -> Void = { count += $0.utf8.count }
        AuditExpectationText.write(report, style: Style(enabled: true), to: sink)
        sink(JSONOutput.array(report.expectations.map(\.json)).rendered(pretty: false))
        AuditExpectationMarkdown.write(report, to: sink)
        sink(JSONOutput.array(AuditExpectationSARIF.results(report)).rendered(pretty: false))
        sink(AuditReportHTML.expectationsSection(report))
    }
}

import IAMGateKit

/// Expectations files (YAML), as `iamgate audit --expectations FILE` reads them: read and judged against the example
/// account's audit (made once per process, as `audit` would make it before judging), as of a fixed day, and the report
/// rendered in every format.
enum ExpectationsTarget {
    static func run(_ bytes: [UInt8]) {
        var options = AuditOutputs.options
        options.expectationsFile = FuzzWorkspace.shared.write(bytes, to: "expectations.yml")
        options.asOf = "2026-12-07"
        guard let report = try? AuditRunner.judging(AuditOutputs.report, options: options) else { return }
        AuditOutputs.render(report)
    }
}

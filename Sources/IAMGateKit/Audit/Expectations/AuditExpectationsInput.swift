import Foundation
import Reports

/// `--expectations FILE` and `--as-of DAY`, read and checked with the audit's other inputs, before any principal.
struct AuditExpectationsInput: Sendable {
    var expectations: [AuditExpectation]
    /// The day expiries are judged on.
    var asOf: CalendarDate
    var file: String

    /// The expectations `options` name, their operations checked against `columns`; `nil` without a file.
    /// `today` is the UTC day when `--as-of` is not given.
    static func read(
        _ options: AuditOptions, columns: [String], today: () -> CalendarDate = Self.today
    ) throws(InputError) -> AuditExpectationsInput? {
        guard let file = options.expectationsFile else {
            if let asOf = options.asOf {
                throw InputError("--as-of '\(asOf)' dates expectations: give --expectations FILE with it")
            }
            return nil
        }
        var asOf = today()
        if let text = options.asOf {
            guard let date = CalendarDate(text) else {
                throw InputError("--as-of '\(text)' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)")
            }
            asOf = date
        }
        let expectations = try AuditExpectationsReader.load(file, columns: columns)
        return AuditExpectationsInput(expectations: expectations, asOf: asOf, file: file)
    }

    /// Today in UTC, from the system clock.
    static func today() -> CalendarDate {
        CalendarDate(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// The report's input line: `expectations FILE: 4 expectations, as of 2026-12-07`.
    var inputLine: String {
        "expectations \(file): \(expectations.count) expectation\(expectations.count == 1 ? "" : "s"), as of \(asOf)"
    }

    /// Each expectation judged against `report`'s cells.
    func results(for report: AuditReport) -> [AuditExpectationResult] {
        AuditExpectationEvaluator.evaluate(expectations, in: report, asOf: asOf)
    }
}

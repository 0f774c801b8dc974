import Foundation
import IAMPolicy
import JSON
import Testing

@testable import Reports

/// `iamgate lint`'s report: the findings of each file, rendered as one line per finding and a tally, or as JSON.
@Suite("Lint report")
struct LintReportTests {
    static let reports = [
        LintReport(
            source: "ci.json",
            findings: [
                Finding(
                    code: "missing-version", severity: .warning, message: "the policy has no 'Version'",
                    source: "ci.json", location: SourceLocation(line: 1, column: 1)),
                Finding(
                    code: "unknown-operator", severity: .error, message: "unknown condition operator 'StringEqual'",
                    source: "ci.json", location: SourceLocation(line: 7, column: 15)),
                Finding(
                    code: "too-large", severity: .error, message: "the policy is too large", source: "ci.json",
                    location: nil),
            ]),
        LintReport(source: "-", findings: []),
    ]

    @Test("counts errors and warnings")
    func counts() {
        #expect(Self.reports[0].errorCount == 2)
        #expect(Self.reports[0].warningCount == 1)
        #expect(Self.reports[1].errorCount == 0 && Self.reports[1].warningCount == 0)
    }

    @Test("text: file:line:column, severity, message and code per finding, then the tally")
    func text() {
        #expect(
            LintText.render(Self.reports, style: Style(enabled: false)) == """
                ci.json:1:1: warning: the policy has no 'Version' [missing-version]
                ci.json:7:15: error: unknown condition operator 'StringEqual' [unknown-operator]
                ci.json: error: the policy is too large [too-large]
                2 files checked: 2 errors, 1 warning, 1 clean

                """)
        #expect(
            LintText.render([Self.reports[1]], style: Style(enabled: false))
                == "1 file checked: 0 errors, 0 warnings, 1 clean\n")
        let coloured = LintText.render(Self.reports, style: Style(enabled: true))
        #expect(coloured.contains("ci.json:1:1: \u{1B}[33mwarning\u{1B}[0m: "))
        #expect(coloured.contains("ci.json:7:15: \u{1B}[31merror\u{1B}[0m: "))
    }

    @Test("JSON: one object per file with its counts and findings; a finding without a position has no line")
    func json() throws {
        let rendered = LintJSON.render(Self.reports).rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [[String: Any]])
        #expect(parsed.map { $0["file"] as? String } == ["ci.json", "-"])
        #expect(parsed[0]["errors"] as? Int == 2)
        #expect(parsed[0]["warnings"] as? Int == 1)
        let findings = try #require(parsed[0]["findings"] as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["missing-version", "unknown-operator", "too-large"])
        #expect(findings[1]["severity"] as? String == "error")
        #expect(findings[1]["line"] as? Int == 7 && findings[1]["column"] as? Int == 15)
        #expect(findings[2]["line"] == nil && findings[2]["column"] == nil)
        #expect((parsed[1]["findings"] as? [Any])?.isEmpty == true)
    }
}

import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit
@testable import Reports

/// `iamgate eval`'s report: the runner records what did not hold as data (`EvaluationMismatch`), and the text and JSON
/// renderers say it in the same words.
@Suite("Evaluation report")
struct EvaluationReportTests {
    /// A case whose every expectation is wrong, one that holds, one without expectation.
    static let cases = """
        [
         {"name": "every field wrong", "request": {"principal": "arn:aws:iam::111122223333:user/a",
          "action": "imagebuilder:GetImage", "resource": "*"},
          "policies": {"identity": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*",
           "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "web"}}}]}],
           "permissionsBoundary": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
           "Resource": "*"}]}},
          "expected": {"decision": "allowed", "blockedBy": ["session", "identity"],
           "missingContextKeys": ["AWS:SourceVpc", "aws:PrincipalTag/x"], "conditionCount": 3}},
         {"name": "holds", "request": {"principal": "arn:aws:iam::111122223333:root",
          "action": "imagebuilder:GetImage", "resource": "*"}, "expected": {"decision": "allowed", "conditionCount": 0}},
         {"name": "no expectation", "request": {"principal": "arn:aws:iam::111122223333:root",
          "action": "imagebuilder:GetImage", "resource": "*"}}
        ]
        """

    static func results() throws -> [EvaluationResult] {
        EvaluationRunner.run(cases: try EvaluationCaseLoader.parse(bytes: Array(cases.utf8), source: "cases.json"))
    }

    @Test("each expectation that does not hold is one mismatch, as data: expected sorted, actual as decided")
    func mismatchesAreData() throws {
        let results = try Self.results()
        #expect(results.map(\.name) == ["every field wrong", "holds", "no expectation"])
        #expect(results.map(\.held) == [false, true, nil])
        #expect(results.map(\.expected) == [.allowed, .allowed, nil])
        #expect(
            results[0].mismatches == [
                .decision(expected: .allowed, actual: .implicitDeny),
                .blockedBy(expected: [.identity, .session], actual: [.identity, .permissionsBoundary]),
                .missingContextKeys(
                    expected: ["aws:principaltag/x", "aws:sourcevpc"], actual: ["aws:PrincipalTag/team"]),
                .conditionCount(expected: 3, actual: 0),
            ])
        #expect(results[1].mismatches.isEmpty)
        #expect(results[2].mismatches.isEmpty)
    }

    @Test("each mismatch is one sentence")
    func mismatchSentences() throws {
        let sentences = try Self.results()[0].mismatches.map(ReportSentences.mismatch)
        #expect(
            sentences == [
                "expected allowed, got implicitDeny",
                "expected blockedBy [identity, session], got [identity, permissionsBoundary]",
                "expected missingContextKeys [aws:principaltag/x, aws:sourcevpc], got [aws:PrincipalTag/team]",
                "expected 3 unknown conditions, got 0",
            ])
    }

    @Test("text: a mark per case, the explanation, a line per mismatch, and the closing tally")
    func text() throws {
        let results = try Self.results()
        let text = EvaluationText.render(results, style: Style(enabled: false))
        #expect(text.hasPrefix("[1/3] NOT HELD every field wrong\n  request:  arn:aws:iam::111122223333:user/a"))
        #expect(text.contains("\n  ✗ expected allowed, got implicitDeny\n  ✗ expected blockedBy [identity, session]"))
        #expect(text.contains("\n\n[2/3] held     holds\n"))
        #expect(text.contains("\n\n[3/3] no expectation no expectation\n"))
        #expect(text.hasSuffix("\n\n3 cases: 1 held, 1 not held, 1 without expectation\n"))
        #expect(EvaluationText.summary(Array(results.prefix(1))) == "1 case: 0 held, 1 not held, 0 without expectation")
        let coloured = EvaluationText.render(results, style: Style(enabled: true))
        #expect(coloured.contains("\u{1B}[31mNOT HELD\u{1B}[0m \u{1B}[1mevery field wrong\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31m✗ expected 3 unknown conditions, got 0\u{1B}[0m"))
    }

    /// DESIGN.md "Evaluation result": one object per case, in order; `expected`, `held` and `mismatches` only for a
    /// case with an expectation, `mismatches` only when something did not hold.
    @Test("JSON: expected, held and mismatches only where the case states an expectation")
    func json() throws {
        let rendered = EvaluationJSON.render(try Self.results()).rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [[String: Any]])
        #expect(parsed.map { $0["name"] as? String } == ["every field wrong", "holds", "no expectation"])
        #expect(parsed[0]["expected"] as? String == "allowed")
        #expect(parsed[0]["held"] as? Bool == false)
        #expect((parsed[0]["mismatches"] as? [String])?.last == "expected 3 unknown conditions, got 0")
        #expect(parsed[1]["held"] as? Bool == true)
        #expect(parsed[1]["mismatches"] == nil)
        #expect(parsed[2]["expected"] == nil && parsed[2]["held"] == nil && parsed[2]["mismatches"] == nil)
        #expect(parsed[2]["decision"] as? String == "allowed")
    }
}

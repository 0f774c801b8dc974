import Foundation
import Testing

@testable import IAMGateKit
@testable import Reports

/// The HTML report's data (`AuditHTMLData`) read back as its script reads it: every cell's explanation is the evidence
/// the CSV and JSON give, every text comes back exactly from its interned pieces, and nothing in the data can end its
/// `<script>` element.
@Suite("Audit HTML data")
struct AuditHTMLDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The data as the page's script sees it, decoded the way the script decodes it.
    struct Decoded {
        var json: [String: Any]
        var strings: [String]
        var texts: [String]
        var lists: [String]
        var width: Int

        init(html: String) throws {
            let start = try #require(html.range(of: "<script type=\"application/json\" id=\"audit-data\">"))
            let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            json = try #require(
                try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
                    as? [String: Any])
            strings = try #require(json["strings"] as? [String])
            texts = try #require(json["texts"] as? [String])
            lists = try #require(json["lists"] as? [String])
            width = try #require(json["width"] as? Int)
        }

        func unpack(_ packed: String) -> [Int] {
            let alphabet = Array(AuditHTMLData.digits)
            let bytes = Array(packed.utf8)
            return stride(from: 0, to: bytes.count, by: width).map { start in
                bytes[start..<start + width].reduce(0) { $0 * 64 + (alphabet.firstIndex(of: $1) ?? 0) }
            }
        }

        func text(_ index: Int) -> String {
            index < strings.count ? strings[index] : unpack(texts[index - strings.count]).map(text).joined()
        }

        func list(_ index: Int) -> [String] { unpack(lists[index]).map(text) }
    }

    static func report() throws -> AuditReport {
        var options = AuditOptions()
        options.authorizationDetails = [
            root.appendingPathComponent("policies/examples/accounts/111122223333.json").path
        ]
        options.region = "us-east-1"
        return try AuditRunner.run(options)
    }

    @Test(
        "each cell decodes to the CSV's evidence: verdict, reasons, deciding statements with policy, blocking types, conditions"
    )
    func cellsRoundTrip() throws {
        let report = try Self.report()
        let data = try Decoded(html: AuditReportHTML.render(report))
        let principals = try #require(data.json["principals"] as? [String])
        let explanations = try #require(data.json["explanations"] as? [String])
        #expect(principals.count == report.principals.count)
        for (row, principal) in zip(principals.map(data.unpack), report.principals) {
            #expect(data.text(row[0]) == principal.arn)
            #expect(row[1] == (principal.type == .user ? 0 : 1))
            #expect(data.text(row[2]) == principal.account)
            let columns = report.columns.count
            #expect(data.list(row[3 + columns]) == principal.policySummary.map(ReportSentences.policyLine))
            #expect(data.list(row[4 + columns]) == principal.groups)
            for (column, operation) in principal.check.operations.enumerated() {
                let cell = data.unpack(explanations[row[3 + column]])
                #expect(cell[0] == AuditHTMLData.code(operation.verdict))
                #expect(data.list(cell[1]) == ReportSentences.reasons(operation).map(ReportEvidence.displayable))
                let deciding = operation.decidingStatements.flatMap {
                    [principal.policy(of: $0), ReportEvidence.describe($0)].map(ReportEvidence.displayable)
                }
                #expect(data.list(cell[2]) == deciding)
                #expect(data.list(cell[3]) == operation.blockedBy.map(\.rawValue))
                #expect(
                    data.list(cell[4])
                        == operation.conditions.map { ReportEvidence.displayable(ReportEvidence.conditionText($0)) })
            }
        }
        // 8 principals × 5 operations; principals with the same outcome share an explanation.
        #expect(explanations.count < 40)
    }

    @Test(
        "text is cut where its pieces recur and joins back exactly",
        arguments: [
            "identity[0] statement 2 (Sid \"X\") at policies/a.json:14:5",
            "imagebuilder:GetImage on arn:aws:imagebuilder:us-east-1:1:image/${A} is allowed only if the resource "
                + "(unknown A) is one of [arn:aws:imagebuilder:*:1:image/a-*, arn:aws:imagebuilder:*:1:image/b-*] "
                + "(identity[1] statement 0); and Bool aws:SecureTransport 'true' holds (identity[0] statement 1)",
            "inline policy 'o'neil' (user)", "arn:aws:iam::111122223333:role/service-role/x", "arn:aws:iam:::",
            "[a, b]", "[a,b]", "[[a, b]", "[]", "a:1:2", "a:1:2b", ":1:", "ends with [a, b", "", "é [ü, ß] ':9:9",
        ])
    func pieces(text: String) {
        let pieces = TextPieces.split(text)
        #expect(TextPieces.join(pieces) == text)
        if text.contains("[arn:aws:imagebuilder:*:1:image/a-*, arn:aws:imagebuilder:*:1:image/b-*]") {
            #expect(
                pieces.contains(.list(["arn:aws:imagebuilder:*:1:image/a-*", "arn:aws:imagebuilder:*:1:image/b-*"])))
            #expect(pieces.contains(.literal("; and ")))
        }
        if text.hasSuffix(":14:5") { #expect(pieces.last == .literal(":14:5")) }
        if text.hasPrefix("arn:aws:iam::111122223333:") {
            #expect(pieces.first == .literal("arn:aws:iam::111122223333:"))
        }
    }

    @Test("the escalations come first in the summary, escaped; with none there is no section")
    func escalationsFirst() throws {
        var report = AuditReport(
            resource: "awscc.imagebuilder.images", source: .local, mode: .discovery, inputs: [],
            columns: ["get_resource"], principals: [], errors: [],
            escalations: [
                AuditEscalation(
                    path: .assumeRole, principal: "arn:aws:iam::111122223333:user/a<b>", type: .user,
                    account: "111122223333", reaches: "arn:aws:iam::111122223333:role/b", verdict: .allowed,
                    gained: [
                        AuditGainedOperation(column: "get_resource", principalVerdict: .denied, roleVerdict: .allowed)
                    ],
                    steps: [])
            ])
        let html = AuditReportHTML.render(report)
        let escalations = try #require(html.range(of: "<section id=\"escalations\""))
        let chart = try #require(html.range(of: "<table class=\"chart\">"))
        #expect(escalations.lowerBound < chart.lowerBound)
        #expect(html.contains("Escalation paths: 1"))
        #expect(html.contains("user/a&lt;b&gt;") && !html.contains("user/a<b>"))
        #expect(html.contains("role/b"))
        #expect(html.contains("get_resource"))
        report.escalations = []
        #expect(!AuditReportHTML.render(report).contains("id=\"escalations\""))
    }

    @Test("data text cannot end the script element: <, > and & are written as \\u escapes and mean the same")
    func scriptSafe() throws {
        let json = HTMLText.scriptSafeJSON("{\"a\":\"</script><!-- & \u{2028}\"}")
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&") && !json.contains("\u{2028}"))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(decoded["a"] == "</script><!-- & \u{2028}")
        #expect(HTMLText.escaped(#"<b a="1">'&'</b>"#) == "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;")
    }
}

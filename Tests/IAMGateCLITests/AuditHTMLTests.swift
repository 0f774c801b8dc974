import BrowserTestSupport
import Foundation
import Testing

/// `iamgate audit --format html` opened in headless Chromium (Debian's `chromium`; missing, these tests fail), with the
/// DOM read after the page's script ran: what a person sees — the summary, the matrix's rows, a filtered view, an
/// opened explanation — on the example account (README, `iamgate audit`). With `IAMGATE_SCREENSHOT_DIR` set, the
/// explanation test also writes screenshots there.
@Suite("Audit HTML report in a browser", .serialized)
struct AuditHTMLTests {
    static let account = "policies/examples/accounts/111122223333.json"
    /// The example account's checked principals, in report order (users, then roles, each by ARN).
    static let principals = [
        "user/bob", "user/engineering/alice", "user/erin", "user/frank", "role/ci-deployer", "role/image-auditor",
        "role/ops-admin", "role/service-role/imagebuilder-exec",
    ]

    /// Writes the example account's HTML report (`--authorization-details FILE` instead of the example's, when given)
    /// into a fresh directory; exit 6, since user/dave's managed policy is missing from the file.
    static func report(_ file: String = account) throws -> (url: URL, html: String) {
        let result = try CLI.run(
            ["audit", "--authorization-details", file, "--region", "us-east-1", "--format", "html"])
        #expect(result.status == 6, "stderr: \(result.stderr)")
        let url = try CLI.temporaryDirectory().appendingPathComponent("audit.html")
        try Data(result.stdout.utf8).write(to: url)
        return (url, result.stdout)
    }

    /// The report's URL with `fragment` (`filter=role/ci&open=5,delete_resource`).
    static func page(_ url: URL, _ fragment: String = "") -> URL {
        fragment.isEmpty ? url : URL(string: url.absoluteString + "#" + fragment) ?? url
    }

    /// The matrix's body in a dumped DOM: the rows the script drew.
    static func matrixBody(_ dom: String) throws -> String {
        let start = try #require(dom.range(of: "<tbody id=\"matrix-rows\">"), "no matrix body in the page")
        let end = try #require(dom.range(of: "</tbody>", range: start.upperBound..<dom.endIndex))
        return String(dom[start.upperBound..<end.lowerBound])
    }

    /// The principals of the matrix's rows, top to bottom.
    static func rows(_ dom: String) throws -> [String] {
        let body = try matrixBody(dom)
        let pattern = try Regex(#"<tr data-row="\d+" data-principal="([^"]*)">"#)
        return body.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    /// The opened explanation's row in a dumped DOM.
    static func explanation(_ dom: String) throws -> String {
        let body = try matrixBody(dom)
        let start = try #require(body.range(of: "<tr class=\"explain\""), "no explanation is open")
        let end = try #require(body.range(of: "</tr>", range: start.upperBound..<body.endIndex))
        return String(body[start.lowerBound..<end.upperBound])
    }

    @Test("the page is one file: no address to fetch, the data once as JSON, two script elements")
    func selfContained() throws {
        let (_, html) = try Self.report()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for outside in ["src=", "href=", "url(", "@import", "http://", "https://", "//fonts", "<link"] {
            #expect(!html.contains(outside), "the page refers to something outside it: \(outside)")
        }
        #expect(html.components(separatedBy: "</script>").count == 3)
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"audit-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = try #require(
            try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
                as? [String: Any])
        let principals = try #require(data["principals"] as? [String])
        let explanations = try #require(data["explanations"] as? [String])
        #expect(principals.count == 8)
        // 8 principals × 5 operations, each distinct explanation written once.
        #expect(explanations.count < 40)
        #expect(
            data["columns"] as? [String]
                == ["get_resource", "list_resources", "create_resource", "update_resource", "delete_resource"])
    }

    @Test(
        "after the script ran: the matrix has a row per principal, each cell its verdict in words; the summary and errors show"
    )
    func matrixRows() throws {
        let (url, _) = try Self.report()
        let dom = try HeadlessChromium.locate().dumpDOM(url)
        #expect(try Self.rows(dom) == Self.principals)
        let body = try Self.matrixBody(dom)
        #expect(body.components(separatedBy: "<td class=\"cell v-allowed\">").count - 1 == 17)
        #expect(body.components(separatedBy: "<td class=\"cell v-undetermined\">").count - 1 == 3)
        #expect(body.components(separatedBy: "<td class=\"cell v-denied\">").count - 1 == 20)
        #expect(body.contains("✓ allowed") && body.contains("? undetermined") && body.contains("✗ denied"))
        #expect(dom.contains("8 of 8 principals shown"))
        // The summary: per operation, allowed / undetermined / denied.
        #expect(
            dom.contains(
                "<code>get_resource</code></th><td class=\"num v-allowed\">6</td>"
                    + "<td class=\"num v-undetermined\">1</td><td class=\"num v-denied\">1</td>"))
        #expect(dom.contains("1 principal could not be resolved (not checked)"))
        #expect(dom.contains("<code>arn:aws:iam::111122223333:user/dave</code>"))
    }

    @Test(
        "a filter in the URL fragment shows only the matching rows",
        arguments: [
            ("filter=role/ci", ["role/ci-deployer"]),
            ("filter=ALICE", ["user/engineering/alice"]),
            ("op=delete_resource&verdict=allowed", ["role/ops-admin"]),
            ("verdict=undetermined", ["user/engineering/alice", "user/frank", "role/ci-deployer"]),
            (
                "filter=role/&op=create_resource&verdict=denied",
                ["role/image-auditor", "role/service-role/imagebuilder-exec"]
            ),
            ("filter=nobody-has-this-name", []),
        ])
    func filtered(fragment: String, expected: [String]) throws {
        let (url, _) = try Self.report()
        let dom = try HeadlessChromium.locate().dumpDOM(Self.page(url, fragment))
        #expect(try Self.rows(dom) == expected)
        #expect(dom.contains("\(expected.count) of 8 principals shown"))
    }

    @Test("sorting by an operation's column puts the denied first, then the undetermined")
    func sorted() throws {
        let (url, _) = try Self.report()
        let dom = try HeadlessChromium.locate().dumpDOM(Self.page(url, "sort=get_resource&dir=desc"))
        #expect(
            try Self.rows(dom) == [
                "role/service-role/imagebuilder-exec", "user/frank", "user/bob", "user/engineering/alice",
                "user/erin", "role/ci-deployer", "role/image-auditor", "role/ops-admin",
            ])
        #expect(dom.contains("data-sort=\"get_resource\" aria-sort=\"descending\""))
    }

    /// `reference_policies_evaluation-logic.md`: an explicit deny in a permissions boundary wins over any allow;
    /// `reference_policies_elements_condition_operators.md`: an `IpAddress` condition on `aws:SourceIp`, unknown
    /// before the call, leaves the request allowed only if it holds.
    @Test("an opened cell shows its deciding statement with policy and place, the blocking types, the conditions")
    func openedExplanation() throws {
        let (url, _) = try Self.report()
        let chromium = try HeadlessChromium.locate()
        let denied = try chromium.dumpDOM(Self.page(url, "filter=role/ci&open=5,delete_resource"))
        #expect(try Self.rows(denied) == ["role/ci-deployer"])
        let why = try Self.explanation(denied)
        #expect(why.contains("<code>role/ci-deployer</code> — delete_resource: "))
        #expect(why.contains("✗ denied"))
        #expect(
            why.contains(
                "<span class=\"policy\">permissions boundary arn:aws:iam::111122223333:policy/DeployBoundary v1 "
                    + "(default)</span>: permissionsBoundary[0] statement 1 (Sid \"NeverDeleteImages\") at "
                    + "policies/examples/accounts/111122223333.json:434:29"))
        #expect(why.contains("<dt>Blocked by</dt><dd><span>identity, permissionsBoundary</span></dd>"))
        #expect(why.contains("cloudformation:DeleteResource on * is explicitly denied by"))
        #expect(try Self.matrixBody(denied).contains("data-col=\"4\" aria-expanded=\"true\""))

        // The operation by its number; frank's read depends on where the call comes from.
        let undetermined = try chromium.dumpDOM(Self.page(url, "open=4,1"))
        let condition = try Self.explanation(undetermined)
        #expect(condition.contains("<code>user/frank</code> — get_resource: "))
        #expect(
            condition.contains("<dt>Conditions</dt><dd><ul><li>must hold: IpAddress aws:SourceIp '10.0.0.0/8'</li>"))
        #expect(
            condition.contains(
                "inline policy 'office-network-read' (user)</span>: identity[0] statement 0 "
                    + "(Sid \"ReadFromTheOfficeNetwork\")"))

        if let directory = ProcessInfo.processInfo.environment["IAMGATE_SCREENSHOT_DIR"], !directory.isEmpty {
            let folder = URL(fileURLWithPath: directory)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let summary = folder.appendingPathComponent("audit-html-summary.png")
            let opened = folder.appendingPathComponent("audit-html-explanation.png")
            try chromium.screenshot(url, to: summary, width: 1400, height: 1000)
            try chromium.screenshot(
                Self.page(url, "filter=role/&open=5,delete_resource"), to: opened, width: 1400, height: 1800)
            for file in [summary, opened] {
                let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
                #expect(size > 10_000, "\(file.path) is \(size) bytes")
            }
        }
    }

    /// What a browser without JavaScript shows is the page as served (headless Chromium's `--dump-dom` needs
    /// script, so the served text is read instead): the summary and the errors are static HTML.
    @Test("without JavaScript the summary and the errors show, and the page says the matrix needs JavaScript")
    func withoutJavaScript() throws {
        let (_, html) = try Self.report()
        #expect(try Self.rows(html).isEmpty)
        #expect(try Self.matrixBody(html).isEmpty)
        #expect(html.contains("<noscript><p class=\"noscript\">The matrix needs JavaScript"))
        #expect(html.contains("<code>delete_resource</code></th><td class=\"num v-allowed\">1</td>"))
        #expect(html.contains("1 principal could not be resolved (not checked)"))
        #expect(html.contains("<form class=\"controls\" id=\"controls\" hidden>"))
        #expect(html.contains("[hidden]{display:none!important}"))
    }

    /// Issue 13: the page "opens on a summary … the escalations and broken expectations first". With the example's
    /// expectations the broken one leads the expectations, before the totals and the matrix, with its finding; the held
    /// one is one line; the browser shows the section as written.
    @Test("expectations: the broken first, with owner, reason and findings, before the totals and the matrix")
    func expectationsFirst() throws {
        let result = try CLI.run([
            "audit", "--authorization-details", Self.account, "--region", "us-east-1", "--format", "html",
            "--expectations", "policies/examples/expectations.yml", "--as-of", "2026-12-07",
        ])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        let url = try CLI.temporaryDirectory().appendingPathComponent("audit.html")
        try Data(result.stdout.utf8).write(to: url)
        let dom = try HeadlessChromium.locate().dumpDOM(url)
        let section = try #require(dom.range(of: "<section id=\"expectations\" class=\"alert\""), "no expectations")
        let broken = try #require(dom.range(of: "only the deployment roles change images"))
        let held = try #require(dom.range(of: "the auditor reads images"))
        let totals = try #require(dom.range(of: "<table class=\"chart\""), "no totals chart")
        let matrix = try #require(dom.range(of: "<tbody id=\"matrix-rows\">"))
        #expect(section.lowerBound < broken.lowerBound && broken.lowerBound < held.lowerBound)
        #expect(held.lowerBound < totals.lowerBound && totals.lowerBound < matrix.lowerBound)
        #expect(dom.contains("Expectations (as of 2026-12-07): 3 of 4 need attention"))
        #expect(dom.contains("owner platform-security@example.com"))
        #expect(dom.contains("images reach production only through the reviewed pipeline"))
        #expect(dom.contains("user/engineering/alice is allowed update_resource"))
        #expect(dom.contains("expired on 2026-01-31: its owner migration-team@example.com must renew or remove it"))
    }

    @Test("text that looks like markup stays text: a policy named </script><script>… neither ends the data nor runs")
    func escaping() throws {
        let hostile = "</script><script>document.title='pwned'</script><!--"
        let original = try String(contentsOf: packageRoot.appendingPathComponent(Self.account), encoding: .utf8)
        let changed = original.replacingOccurrences(
            of: "\"PolicyName\": \"administrator\"", with: "\"PolicyName\": \"\(hostile)\"")
        #expect(changed != original)
        let file = try CLI.temporaryDirectory().appendingPathComponent("account.json")
        try Data(changed.utf8).write(to: file)
        let (url, html) = try Self.report(file.path)
        #expect(html.components(separatedBy: "</script>").count == 3)
        let dom = try HeadlessChromium.locate().dumpDOM(Self.page(url, "open=7,1"))
        #expect(dom.contains("<title>iamgate audit: awscc.imagebuilder.images</title>"))
        #expect(try Self.rows(dom) == Self.principals)
        let why = try Self.explanation(dom)
        #expect(
            why.contains(
                "inline policy '&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;!--' (role)"))
    }
}

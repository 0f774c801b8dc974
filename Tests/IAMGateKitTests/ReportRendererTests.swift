import AWSTestSupport
import Catalog
import DeploymentFacts
import Foundation
import FoundationXML
import JSON
import Testing

@testable import IAMGateKit
@testable import IAMPolicy
@testable import Reports

/// Check reports built by hand, so each renderer is tested against every verdict and request shape: allowed, denied by
/// an explicit `Deny`, denied because a permissions boundary allows nothing (implicitly), denied with no policy file at
/// all, undetermined by an unknown condition and by a situational request, and requests that are not needed.
enum ReportSamples {
    static let principal = "arn:aws:iam::111122223333:role/ci"
    static let policyFile = "policies/ci.json"
    static let boundaryFile = "/srv/iam/boundary policy.json"
    static let imageARN = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"
    /// The situation of `iam:CreateServiceLinkedRole` (the role may exist already).
    static let serviceLinkedRoleMissing = Situation.serviceLinkedRoleMissing(role: "AWSServiceRoleForImageBuilder")

    static func reference(
        _ type: PolicyType = .identity, statement: Int, sid: String?, effect: Effect, source: String = policyFile,
        line: Int?
    ) -> StatementReference {
        StatementReference(
            policyType: type, policyIndex: 0, level: nil, statementIndex: statement, sid: sid, effect: effect,
            source: source, location: line.map { JSON.SourceLocation(line: $0, column: 5) })
    }

    static let allowRead = reference(statement: 0, sid: "AllowRead", effect: .allow, line: 4)
    static let allowUpdateFromVpc = reference(statement: 1, sid: "AllowUpdateFromVpc", effect: .allow, line: 9)
    /// A Sid with a pipe and backticks, to exercise Markdown escaping.
    static let denyCreate = reference(statement: 2, sid: "Deny|`Create`", effect: .deny, line: 17)
    static let boundaryAllow = reference(
        .permissionsBoundary, statement: 0, sid: nil, effect: .allow, source: boundaryFile, line: 3)

    static func outcome(
        _ action: String, on resource: String, decision: Decision?, verdict: Verdict?,
        necessity: Necessity = .required, evidence: VerdictEvidence
    ) throws -> RequestOutcome {
        let authorization =
            decision == nil
            ? nil
            : AuthorizationRequest(principal: try Principal.parse(principal).get(), action: action, resource: resource)
        return RequestOutcome(
            request: RequiredRequest(
                action: action, resource: PartialValue(template: resource), role: .cloudControl, necessity: necessity,
                reason: .handlerPermission(handler: "create", source: nil)),
            authorization: authorization, decision: decision, verdict: verdict, evidence: evidence)
    }

    static func operation(
        _ name: String, verb: String, verdict: Verdict, statement: StatementOrigin? = nil,
        requests: [RequestOutcome]
    ) -> OperationResult {
        OperationResult(operation: name, sqlVerb: verb, statement: statement, verdict: verdict, requests: requests)
    }

    static let createStatement = StatementOrigin(
        source: "deploy/images.iql", location: JSON.SourceLocation(line: 12, column: 1),
        text: "INSERT INTO awscc.imagebuilder.images (ImageRecipeArn, region)\n"
            + "SELECT 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0', 'us-east-1';")

    static func getResource() throws -> OperationResult {
        operation(
            "get_resource", verb: "SELECT", verdict: .allowed,
            requests: [
                try outcome(
                    "imagebuilder:GetImage", on: imageARN,
                    decision: Decision(decision: .allowed, matchedStatements: [allowRead]), verdict: .allowed,
                    evidence: .allowed(by: allowRead)),
                try outcome(
                    "iam:PassRole", on: "arn:aws:iam::111122223333:role/${ExecutionRole}", decision: nil, verdict: nil,
                    necessity: .notNeeded(.statementSetsNo("ExecutionRole")),
                    evidence: .notNeeded(.statementSetsNo("ExecutionRole"))),
            ])
    }

    static func createResource(statement: StatementOrigin = createStatement) throws -> OperationResult {
        let resource = "arn:aws:imagebuilder:us-east-1:111122223333:image/*"
        return operation(
            "create_resource", verb: "INSERT", verdict: .denied, statement: statement,
            requests: [
                try outcome(
                    "cloudformation:CreateResource", on: "*",
                    decision: Decision(decision: .allowed, matchedStatements: [allowRead]), verdict: .allowed,
                    evidence: .allowed(by: allowRead)),
                try outcome(
                    "imagebuilder:CreateImage", on: resource,
                    decision: Decision(
                        decision: .explicitDeny, blockedBy: [.identity], matchedStatements: [allowRead, denyCreate]),
                    verdict: .denied,
                    evidence: .explicitlyDenied(by: denyCreate)),
            ])
    }

    static func updateResource() throws -> OperationResult {
        let condition = UnknownCondition(
            statement: allowUpdateFromVpc, conditionOperator: "StringEquals", key: "aws:SourceVpc",
            values: ["vpc-0abc"], requirement: .mustHold)
        return operation(
            "update_resource", verb: "UPDATE", verdict: .undetermined,
            requests: [
                try outcome(
                    "cloudformation:UpdateResource", on: "*",
                    decision: Decision(
                        decision: .allowed, matchedStatements: [allowUpdateFromVpc],
                        missingContextKeys: ["aws:SourceVpc"], conditions: [condition]),
                    verdict: .undetermined,
                    evidence: .conditional([condition])),
                try outcome(
                    "iam:CreateServiceLinkedRole", on: "arn:aws:iam::111122223333:role/aws-service-role/*",
                    decision: Decision(decision: .implicitDeny, blockedBy: [.identity]), verdict: .undetermined,
                    necessity: .situational(ReportSamples.serviceLinkedRoleMissing),
                    evidence: .situational(ReportSamples.serviceLinkedRoleMissing)),
            ])
    }

    static func deleteResource() throws -> OperationResult {
        operation(
            "delete_resource", verb: "DELETE", verdict: .denied,
            requests: [
                try outcome(
                    "imagebuilder:DeleteImage", on: imageARN,
                    decision: Decision(
                        decision: .implicitDeny, blockedBy: [.permissionsBoundary], matchedStatements: [allowRead],
                        nonMatchingStatements: [NonMatchingStatement(statement: boundaryAllow, reason: .resource)]),
                    verdict: .denied,
                    evidence: .notAllowed)
            ])
    }

    /// Checked from `--sql` (no file to point at) and denied with no policy statement to point at either.
    static func listResources() throws -> OperationResult {
        operation(
            "list_resources", verb: "SELECT",
            verdict: .denied,
            statement: StatementOrigin(
                source: "--sql", location: JSON.SourceLocation(line: 1, column: 1),
                text: "SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-east-1'"),
            requests: [
                try outcome(
                    "cloudformation:ListResources", on: "*",
                    decision: Decision(decision: .implicitDeny, blockedBy: [.identity]), verdict: .denied,
                    evidence: .notAllowed)
            ])
    }

    static func report(_ operations: [OperationResult]) -> CheckReport {
        CheckReport(
            principal: principal, resource: "awscc.imagebuilder.images", source: .local, mode: .discovery,
            operations: operations,
            policySummary: [
                .identityPolicyFile(policyFile, addedToSimulation: false),
                .permissionsBoundaryFile(boundaryFile, replacing: nil),
            ],
            notes: [.unknownContextKeys])
    }

    /// Every shape: one allowed, three denied (explicit, implicit with a boundary file, implicit with nothing to
    /// point at), one undetermined.
    static func full() throws -> CheckReport {
        report([
            try getResource(), try createResource(), try updateResource(), try deleteResource(), try listResources(),
        ])
    }

    /// One denied and one undetermined operation.
    static func deniedAndUndetermined() throws -> CheckReport {
        report([try createResource(), try updateResource()])
    }

    static func allowedOnly() throws -> CheckReport {
        report([try getResource()])
    }

    /// Text that XML and Markdown must escape: quotes, markup, a control character, CR/LF and tab.
    static func hostile() throws -> CheckReport {
        var operation = try createResource()
        // The denied request is made only in a situation whose words carry the hostile text.
        operation.requests[1].evidence = .situational(
            .serviceLinkedRoleMissing(role: "a <b> & \"c\" 'd' \u{7}bell | `tick` *star*\r\nnext\tline"))
        var report = report([operation])
        report.principal = "arn:aws:iam::111122223333:role/<ci&\"quoted\">"
        return report
    }

    enum Sample: String, CaseIterable, Sendable {
        case full
        case deniedAndUndetermined
        case allowedOnly
        case hostile
        case empty

        func report() throws -> CheckReport {
            switch self {
            case .full: return try ReportSamples.full()
            case .deniedAndUndetermined: return try ReportSamples.deniedAndUndetermined()
            case .allowedOnly: return try ReportSamples.allowedOnly()
            case .hostile: return try ReportSamples.hostile()
            case .empty: return ReportSamples.report([])
            }
        }
    }
}

// MARK: - Sentences

@Suite("Sentences rendered from a request's evidence")
struct ReportSentencesTests {
    typealias Samples = ReportSamples

    @Test("allowed, not needed, explicitly denied, conditional and not allowed each say why in one sentence")
    func localSentences() throws {
        let get = try Samples.getResource()
        #expect(
            ReportSentences.outcome(get.requests[0])
                == "imagebuilder:GetImage on \(Samples.imageARN) is allowed by \(Samples.allowRead.label)")
        #expect(
            ReportSentences.outcome(get.requests[1])
                == "iam:PassRole: not needed — the statement sets no ExecutionRole")
        #expect(
            ReportSentences.outcome(try Samples.createResource().requests[1])
                == "imagebuilder:CreateImage on arn:aws:imagebuilder:us-east-1:111122223333:image/* is explicitly "
                + "denied by \(Samples.denyCreate.label) (\(Samples.policyFile):17:5)")
        let update = try Samples.updateResource()
        #expect(
            ReportSentences.outcome(update.requests[0])
                == "cloudformation:UpdateResource on * is allowed only if StringEquals aws:SourceVpc 'vpc-0abc' holds "
                + "(\(Samples.allowUpdateFromVpc.label))")
        #expect(
            ReportSentences.outcome(update.requests[1])
                == "iam:CreateServiceLinkedRole on arn:aws:iam::111122223333:role/aws-service-role/* is denied (no "
                + "identity-based policy (nor a resource-based policy naming the principal) allows "
                + "iam:CreateServiceLinkedRole); it is needed only while the service-linked role "
                + "AWSServiceRoleForImageBuilder does not exist yet")
        #expect(
            ReportSentences.outcome(try Samples.deleteResource().requests[0])
                == "imagebuilder:DeleteImage on \(Samples.imageARN) is not allowed: the permissions boundary does not "
                + "allow imagebuilder:DeleteImage")
    }

    @Test("a resource policy that was not given names the policy and the rule")
    func resourcePolicyNotGiven() throws {
        var outcome = try Samples.deleteResource().requests[0]
        outcome.evidence = .resourcePolicyNotGiven(.keyPolicyMustAllow)
        #expect(
            ReportSentences.outcome(outcome)
                == "imagebuilder:DeleteImage on \(Samples.imageARN) is allowed by the principal's policies only if the "
                + "KMS key's key policy allows it too, which iamgate was not given: "
                + ServiceRule.keyPolicyMustAllow.sentence)
    }

    @Test("an operation's reasons are the sentences of its requests that are not allowed, the worst first")
    func reasonsWorstFirst() throws {
        let update = try Samples.updateResource()
        let delete = try Samples.deleteResource()
        let operation = OperationResult(
            operation: "update_resource", sqlVerb: "UPDATE", statement: nil, verdict: .denied,
            requests: [update.requests[0], try Samples.getResource().requests[1], delete.requests[0]])
        #expect(
            ReportSentences.reasons(operation) == [
                ReportSentences.outcome(delete.requests[0]), ReportSentences.outcome(update.requests[0]),
            ])
        #expect(ReportSentences.reasons(try Samples.getResource()).isEmpty)
    }

    @Test(
        "each policy line is said from its data",
        arguments: [
            (PolicyLine.identityPolicyFile("ci.json", addedToSimulation: false), "identity policy ci.json"),
            (
                .identityPolicyFile("ci.json", addedToSimulation: true),
                "identity policy ci.json (added to the simulation)"
            ),
            (.permissionsBoundaryFile("b.json", replacing: nil), "permissions boundary b.json"),
            (
                .permissionsBoundaryFile("b.json", replacing: .account),
                "permissions boundary b.json (replaces the account's)"
            ),
            (
                .permissionsBoundaryFile("b.json", replacing: .attachedInSimulation),
                "permissions boundary b.json (replaces the attached one in the simulation)"
            ),
            (.sessionPolicyFile("s.json"), "session policy s.json"),
            (.resourcePolicyFile("r.json"), "resource-based policy r.json"),
            (.endpointPolicyFile("e.json"), "VPC endpoint policy e.json"),
            (.organizationLevel(.scp, level: 0, files: "a.json,b.json"), "SCP level 0 (root): a.json,b.json"),
            (.organizationLevel(.rcp, level: 2, files: "c.json"), "RCP level 2: c.json"),
            (.noIdentityPolicy, "no identity-based policy: nothing is allowed unless a resource policy grants it"),
            (.inlinePolicy(name: "logs", holder: .user), "inline policy 'logs' (user)"),
            (.inlinePolicy(name: "deploy", holder: .role), "inline policy 'deploy' (role)"),
            (.inlinePolicy(name: "describe", holder: .group("devs")), "group 'devs' inline policy 'describe'"),
            (
                .managedPolicy(arn: "arn:aws:iam::111122223333:policy/P", version: "v3", group: nil),
                "managed policy arn:aws:iam::111122223333:policy/P v3 (default)"
            ),
            (
                .managedPolicy(arn: "arn:aws:iam::111122223333:policy/P", version: "v2", group: "devs"),
                "group 'devs' managed policy arn:aws:iam::111122223333:policy/P v2 (default)"
            ),
            (
                .permissionsBoundary(arn: "arn:aws:iam::111122223333:policy/B", version: "v1"),
                "permissions boundary arn:aws:iam::111122223333:policy/B v1 (default)"
            ),
            (
                .simulatedPrincipal("arn:aws:iam::111122223333:role/ci"),
                "AWS simulated the policies of arn:aws:iam::111122223333:role/ci (iam SimulatePrincipalPolicy)"
            ),
        ])
    func policyLine(_ line: PolicyLine, sentence: String) {
        #expect(ReportSentences.policyLine(line) == sentence)
    }

    @Test(
        "each note is said from its data",
        arguments: [
            (
                ReportNote.unknownContextKeys,
                "context keys the check cannot know (source IP, MFA, resource tags…) are treated as unknown: a "
                    + "decision that depends on them is undetermined and names the conditions"
            ),
            (
                .sessionSimulatedAsRole(role: "arn:aws:iam::1:role/r", session: "arn:aws:sts::1:assumed-role/r/s"),
                "AWS simulates the role arn:aws:iam::1:role/r for the session arn:aws:sts::1:assumed-role/r/s: session "
                    + "policies and session tags are not part of its answer"
            ),
            (
                .rolePathUnknown(assumed: "arn:aws:iam::1:role/r", because: .getRole(errorCode: "AccessDenied")),
                "the role's path is unknown (iam GetRole: AccessDenied); assuming arn:aws:iam::1:role/r"
            ),
            (
                .rolePathUnknown(assumed: "arn:aws:iam::1:role/r", because: .getRole(errorCode: nil)),
                "the role's path is unknown (iam GetRole: no answer); assuming arn:aws:iam::1:role/r"
            ),
            (
                .rolePathUnknown(assumed: "arn:aws:iam::1:role/r", because: .other("connection refused")),
                "the role's path is unknown (connection refused); assuming arn:aws:iam::1:role/r"
            ),
            (
                .partlyKnownResourcesSimulated,
                "AWS's simulator matches a partly known ARN (its unknown parts sent as *) as literal text, so its answer "
                    + "there does not hold for every resource the ARN stands for: those requests are undetermined; "
                    + "name the resource (e.g. the statement's Identifier), or use --from-account or --compare for an "
                    + "analysis of every ARN it can be"
            ),
            (
                .simulatorLimits,
                "AWS's simulator evaluates the principal's identity policies, permissions boundary and the "
                    + "organization's SCPs; it takes no session policy, RCP or VPC endpoint policy, and a resource "
                    + "policy only for IAM users"
            ),
            (
                .deploymentStatements(
                    command: "build", project: "images", environment: "prod", checksCreateAndUpdate: true),
                "the statements a stackql-deploy build of 'images' (environment prod) would run, in order; create and "
                    + "update both depend on what the exists check finds when the build runs, so both are checked"
            ),
            (
                .deploymentStatements(
                    command: "teardown", project: "images", environment: nil, checksCreateAndUpdate: false),
                "the statements a stackql-deploy teardown of 'images' (no --env) would run, in order"
            ),
            (
                .deploymentPlan(.skipped(resource: "vpc", condition: "false")),
                "resource 'vpc' is skipped: its condition (false) is false"
            ),
            (
                .queryHoldsNoStatement(file: "resources/image.iql", line: 3, resource: "image", anchor: "exists"),
                "resources/image.iql:3 (image.exists) holds no statement"
            ),
            (
                .statementReadsNoTable(file: "resources/image.iql", line: 9, resource: "image", anchor: "exports"),
                "resources/image.iql:9 (image.exports) reads no table, so it needs no permission"
            ),
            (
                .unknownBeforeRun(reason: .exportedBy(resource: "vpc"), names: ["vpc.vpc_id", "subnet"]),
                "unknown before the run (exported by resource 'vpc' when it runs): {{ vpc.vpc_id }}, {{ subnet }}"
            ),
        ])
    func note(_ note: ReportNote, sentence: String) {
        #expect(ReportSentences.note(note) == sentence)
    }

    @Test("every format says the policy lines and notes in the same words")
    func policyLinesAndNotesInEveryFormat() throws {
        let report = try ReportSamples.allowedOnly()
        let line = ReportSentences.policyLine(report.policySummary[1])
        let note = ReportSentences.note(report.notes[0])
        #expect(CheckReportText.render(report, style: Style(enabled: false)).contains("; \(line)\nnote: \(note)\n"))
        let json = report.json.rendered()
        #expect(json.contains("\"policies\": [\n    \"identity policy policies/ci.json\",\n    \"\(line)\"\n  ]"))
        #expect(json.contains("\"notes\": [\n    \"\(note)\"\n  ]"))
        #expect(JUnitReport.render(report).contains("<property name=\"policy.2\" value=\"\(line)\"/>"))
        #expect(JUnitReport.render(report).contains("<property name=\"note.1\" value=\"\(note)\"/>"))
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(SARIFReport.render(report).utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let properties = try #require(run["properties"] as? [String: Any])
        #expect(properties["policies"] as? [String] == ["identity policy policies/ci.json", line])
        #expect(properties["notes"] as? [String] == [note])
    }
}

// MARK: - Markdown

@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("heading, summary list and one table row per operation with its mark")
    func table() throws {
        let markdown = MarkdownReport.render(try ReportSamples.full())
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "## ❌ iamgate check: awscc.imagebuilder.images is denied")
        #expect(markdown.contains("- **Principal:** `arn:aws:iam::111122223333:role/ci`"))
        #expect(markdown.contains("- **Source:** local · **Mode:** discovery"))
        #expect(markdown.contains("- **Operations:** 5 — 1 allowed, 3 denied, 1 undetermined"))
        let header = try #require(lines.firstIndex(of: "| Operation | Statement (file:line) | Verdict | Why |"))
        #expect(lines[header + 1] == "| --- | --- | --- | --- |")
        let rows = Array(lines[(header + 2)...].prefix { $0.hasPrefix("|") })
        #expect(rows.count == 5)
        #expect(rows[0].hasPrefix("| `get_resource` | — | ✅ allowed | every request is allowed, by identity\\[0\\]"))
        #expect(rows[1].hasPrefix("| `create_resource` | `deploy/images.iql:12` | ❌ denied | "))
        #expect(rows[2].hasPrefix("| `update_resource` | — | ❓ undetermined | "))
        #expect(rows[3].hasPrefix("| `delete_resource` | — | ❌ denied | "))
        #expect(rows[4].hasPrefix("| `list_resources` | `--sql:1` | ❌ denied | "))
        for row in rows {
            #expect(unescapedPipes(row) == 5, "a cell's pipe was not escaped: \(row)")
        }
    }

    @Test("a section per operation that is not allowed, with requests, deciding statements, keys and conditions")
    func sections() throws {
        let markdown = MarkdownReport.render(try ReportSamples.full())
        #expect(!markdown.contains("### ✅"))
        #expect(markdown.contains("### ❌ `create_resource` — denied"))
        #expect(markdown.contains("### ❓ `update_resource` — undetermined"))
        #expect(
            markdown.contains("Statement at `deploy/images.iql:12:1`:\n\n```sql\nINSERT INTO awscc.imagebuilder.images")
        )
        #expect(
            markdown.contains(
                "- ❌ `imagebuilder:CreateImage` on `arn:aws:imagebuilder:us-east-1:111122223333:image/*` — "
                    + "explicit deny\n  - denied by identity\\[0\\] statement 2 (Sid \"Deny\\|\\`Create\\`\") at "
                    + "`policies/ci.json:17:5`"))
        #expect(
            markdown.contains(
                "  - unknown condition, `must hold: StringEquals aws:SourceVpc 'vpc-0abc'` — identity\\[0\\] "
                    + "statement 1 (Sid \"AllowUpdateFromVpc\") at `policies/ci.json:9:5`"))
        #expect(markdown.contains("  - missing context keys: `aws:SourceVpc`"))
        #expect(
            markdown.contains(
                "  - needed only if needed only while the service-linked role AWSServiceRoleForImageBuilder does not "
                    + "exist yet"))
        #expect(
            markdown.contains(
                "  - closest: permissionsBoundary\\[0\\] statement 0 at `/srv/iam/boundary policy.json:3:5` did not "
                    + "apply: its resources do not include"))
        let notNeeded = try ReportSamples.getResource().requests[1]
        #expect(
            MarkdownReport.request(notNeeded) == [
                "- ➖ `iam:PassRole` on `arn:aws:iam::111122223333:role/${ExecutionRole}` — not needed: the statement "
                    + "sets no ExecutionRole"
            ])
        #expect(markdown.contains("### Policies\n\n- identity policy policies/ci.json\n"))
        #expect(
            markdown.contains(
                "### Notes\n\n- context keys the check cannot know (source IP, MFA, resource tags…) are treated as "
                    + "unknown: a decision that depends on them is undetermined and names the conditions\n"))
    }

    @Test("markup in report text is escaped; code spans hold backticks and pipes")
    func escaping() throws {
        #expect(
            MarkdownReport.text("image/* a_b [x] <y> #1 `c` a|b")
                == "image/\\* a\\_b \\[x\\] \\<y\\> \\#1 \\`c\\` a\\|b")
        #expect(MarkdownReport.text("one\ntwo") == "one two")
        #expect(MarkdownReport.code("plain") == "`plain`")
        #expect(MarkdownReport.code("a`b") == "``a`b``")
        #expect(MarkdownReport.code("`edge`") == "`` `edge` ``")
        #expect(MarkdownReport.code("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownReport.code("a|b") == "`a|b`")
        #expect(MarkdownReport.fenced("x ``` y", info: "sql") == ["````sql", "x ``` y", "````"])
        let markdown = MarkdownReport.render(try ReportSamples.hostile())
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| `create_resource`") })
        #expect(unescapedPipes(String(row)) == 5)
        #expect(row.contains("a \\<b\\> \\& \"c\" 'd' \u{7}bell \\| \\`tick\\` \\*star\\* next line"))
    }

    /// Pipes that split cells: those not preceded by a backslash.
    func unescapedPipes(_ row: String) -> Int {
        var count = 0
        var previous: Character = " "
        for character in row {
            if character == "|" && previous != "\\" { count += 1 }
            previous = character
        }
        return count
    }
}

// MARK: - JUnit

@Suite("JUnit report")
struct JUnitReportTests {
    @Test("one suite; one test case per operation; denied and undetermined are failures of their type")
    func structure() throws {
        let document = try XMLDocument(data: Data(JUnitReport.render(try ReportSamples.full()).utf8), options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 1)
        let suite = try #require(suites.first)
        #expect(suite.attribute(forName: "name")?.stringValue == "iamgate check awscc.imagebuilder.images")
        #expect(suite.attribute(forName: "tests")?.stringValue == "5")
        #expect(suite.attribute(forName: "failures")?.stringValue == "4")
        #expect(suite.attribute(forName: "errors")?.stringValue == "0")
        #expect(suite.attribute(forName: "skipped")?.stringValue == "0")
        let cases = suite.elements(forName: "testcase")
        #expect(
            cases.map { $0.attribute(forName: "name")?.stringValue ?? "" } == [
                "get_resource", "create_resource @ deploy/images.iql:12", "update_resource", "delete_resource",
                "list_resources @ --sql:1",
            ])
        for testCase in cases {
            #expect(testCase.attribute(forName: "classname")?.stringValue == "iamgate.awscc.imagebuilder.images")
            #expect(testCase.attribute(forName: "time")?.stringValue == "0")
        }
        let types = cases.map { $0.elements(forName: "failure").first?.attribute(forName: "type")?.stringValue }
        #expect(types == [nil, "denied", "undetermined", "denied", "denied"])
        let allowed = cases[0]
        let out = try #require(allowed.elements(forName: "system-out").first?.stringValue)
        #expect(out.contains("[allowed] imagebuilder:GetImage on \(ReportSamples.imageARN) — allowed"))
        #expect(out.contains("allowed by identity[0] statement 0 (Sid \"AllowRead\") at policies/ci.json:4:5"))
        #expect(out.contains("[not needed] iam:PassRole"))
        let properties = suite.elements(forName: "properties").first?.elements(forName: "property") ?? []
        let values = Dictionary(
            properties.map {
                ($0.attribute(forName: "name")?.stringValue ?? "", $0.attribute(forName: "value")?.stringValue ?? "")
            },
            uniquingKeysWith: { first, _ in first })
        #expect(values["principal"] == ReportSamples.principal)
        #expect(values["verdict"] == "denied")
        #expect(values["policy.2"] == "permissions boundary \(ReportSamples.boundaryFile)")
    }

    @Test("a failure's message and body name the reasons and the deciding statements with file:line")
    func failureContent() throws {
        let document = try XMLDocument(data: Data(JUnitReport.render(try ReportSamples.full()).utf8), options: [])
        let failures = try document.nodes(forXPath: "//testcase/failure").compactMap { $0 as? XMLElement }
        #expect(failures.count == 4)
        let create = try #require(failures.first)
        let message = try #require(create.attribute(forName: "message")?.stringValue)
        #expect(message.hasPrefix("create_resource is denied: imagebuilder:CreateImage on"))
        let body = try #require(create.stringValue)
        #expect(body.contains("statement at deploy/images.iql:12:1:\n  INSERT INTO awscc.imagebuilder.images"))
        #expect(body.contains("denied by identity[0] statement 2 (Sid \"Deny|`Create`\") at policies/ci.json:17:5"))
        let update = failures[1]
        let updateBody = try #require(update.stringValue)
        #expect(updateBody.contains("unknown condition, must hold: StringEquals aws:SourceVpc 'vpc-0abc'"))
        #expect(updateBody.contains("missing context keys: aws:SourceVpc"))
        #expect(
            updateBody.contains(
                "needed only if needed only while the service-linked role AWSServiceRoleForImageBuilder does not "
                    + "exist yet"))
        let delete = try #require(failures[2].stringValue)
        #expect(delete.contains("nothing allows it in the permissions boundary"))
        #expect(delete.contains("closest: permissionsBoundary[0] statement 0 at /srv/iam/boundary policy.json:3:5"))
    }

    @Test("quotes, markup, control characters and line breaks survive as XML escapes")
    func escaping() throws {
        let xml = JUnitReport.render(try ReportSamples.hostile())
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        let document = try XMLDocument(data: Data(xml.utf8), options: [])
        let suite = try #require(document.rootElement()?.elements(forName: "testsuite").first)
        let principal = suite.elements(forName: "properties").first?.elements(forName: "property").first
        #expect(principal?.attribute(forName: "value")?.stringValue == "arn:aws:iam::111122223333:role/<ci&\"quoted\">")
        let failure = try #require(suite.elements(forName: "testcase").first?.elements(forName: "failure").first)
        let message = try #require(failure.attribute(forName: "message")?.stringValue)
        #expect(message.hasPrefix("create_resource is denied: imagebuilder:CreateImage on "))
        #expect(
            message.hasSuffix(
                "; it is needed only while the service-linked role a <b> & \"c\" 'd' \\u0007bell | `tick` *star*\r\n"
                    + "next\tline does not exist yet"))
        #expect(JUnitReport.attribute("<&>\"'\n\t") == "&lt;&amp;&gt;&quot;&apos;&#10;&#9;")
        #expect(JUnitReport.text("a\u{0}b\u{1F}c\u{FFFF}") == "a\\u0000b\\u001Fc\\uFFFF")
    }
}

// MARK: - SARIF

@Suite("SARIF report")
struct SARIFReportTests {
    func parse(_ report: CheckReport) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(SARIFReport.render(report).utf8))
        return try #require(object as? [String: Any])
    }

    func results(_ log: [String: Any]) throws -> [[String: Any]] {
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return try #require(runs.first?["results"] as? [[String: Any]])
    }

    /// `locations[0].physicalLocation` (or a related location's) as uri, uriBaseId, startLine, startColumn.
    func physical(_ location: [String: Any]?) -> (uri: String?, base: String?, line: Int?, column: Int?) {
        let physical = location?["physicalLocation"] as? [String: Any]
        let artifact = physical?["artifactLocation"] as? [String: Any]
        let region = physical?["region"] as? [String: Any]
        return (
            artifact?["uri"] as? String, artifact?["uriBaseId"] as? String, region?["startLine"] as? Int,
            region?["startColumn"] as? Int
        )
    }

    @Test("log header, driver and the two rules with their levels")
    func header() throws {
        let log = try parse(try ReportSamples.full())
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "iamgate")
        #expect(driver["version"] as? String == SARIFReport.defaultToolVersion)
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["iamgate/denied", "iamgate/undetermined"])
        let levels = rules.map { ($0["defaultConfiguration"] as? [String: Any])?["level"] as? String }
        #expect(levels == ["error", "warning"])
        for rule in rules {
            #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
            #expect((rule["fullDescription"] as? [String: Any])?["text"] is String)
            #expect((rule["help"] as? [String: Any])?["text"] is String)
        }
    }

    @Test("one result per denied or undetermined operation, with rule, level and message")
    func resultsPerOperation() throws {
        let found = try results(try parse(try ReportSamples.full()))
        #expect(found.count == 4)
        #expect(
            found.map { $0["ruleId"] as? String } == [
                "iamgate/denied", "iamgate/undetermined", "iamgate/denied", "iamgate/denied",
            ])
        #expect(found.map { $0["level"] as? String } == ["error", "warning", "error", "error"])
        #expect(found.map { $0["ruleIndex"] as? Int } == [0, 1, 0, 0])
        let message = try #require((found[0]["message"] as? [String: Any])?["text"] as? String)
        #expect(
            message.hasPrefix(
                "create_resource on awscc.imagebuilder.images (deploy/images.iql:12) is denied for "
                    + "\(ReportSamples.principal): imagebuilder:CreateImage on"))
        #expect(try results(try parse(try ReportSamples.allowedOnly())).isEmpty)
    }

    @Test("locations: the SQL file, else the deciding policy statement, else the boundary file, else logical")
    func locations() throws {
        let found = try results(try parse(try ReportSamples.full()))
        // create_resource: the statement in its SQL file; the Deny statement as a related location.
        let create = physical((found[0]["locations"] as? [[String: Any]])?.first)
        #expect(create.uri == "deploy/images.iql" && create.base == "%SRCROOT%")
        #expect(create.line == 12 && create.column == 1)
        let related = try #require(found[0]["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        let deny = physical(related.first)
        #expect(deny.uri == "policies/ci.json" && deny.base == "%SRCROOT%" && deny.line == 17 && deny.column == 5)
        #expect(related.first?["id"] as? Int == 1)
        // update_resource: no statement, so the statement holding the unknown condition.
        let update = physical((found[1]["locations"] as? [[String: Any]])?.first)
        #expect(update.uri == "policies/ci.json" && update.line == 9 && update.column == 5)
        #expect(found[1]["relatedLocations"] == nil, "the primary location is not repeated as a related one")
        // delete_resource: implicit deny by the boundary, an absolute path as a file URI.
        let delete = physical((found[2]["locations"] as? [[String: Any]])?.first)
        #expect(delete.uri == "file:///srv/iam/boundary%20policy.json" && delete.base == nil && delete.line == 3)
        // list_resources: from --sql, denied with no statement anywhere: a logical location.
        let list = try #require((found[3]["locations"] as? [[String: Any]])?.first)
        #expect(list["physicalLocation"] == nil)
        let logical = try #require((list["logicalLocations"] as? [[String: Any]])?.first)
        #expect(logical["name"] as? String == "list_resources")
        #expect(logical["fullyQualifiedName"] as? String == "awscc.imagebuilder.images.list_resources")
    }

    @Test("an implicit deny with no near miss points at the blocking policy's file, without a region")
    func blockingPolicyFile() throws {
        var operation = try ReportSamples.deleteResource()
        let decision = Decision(
            decision: .implicitDeny, blockedBy: [.permissionsBoundary],
            nonMatchingStatements: [NonMatchingStatement(statement: ReportSamples.boundaryAllow, reason: .action)])
        operation.requests[0].decision = decision
        let found = try results(try parse(ReportSamples.report([operation])))
        let location = try #require((found.first?["locations"] as? [[String: Any]])?.first)
        let place = physical(location)
        #expect(place.uri == "file:///srv/iam/boundary%20policy.json" && place.line == nil)
        let message = (location["message"] as? [String: Any])?["text"] as? String
        #expect(message == "this permissions boundary has no statement that allows imagebuilder:DeleteImage")
        #expect(found.first?["relatedLocations"] == nil)
    }

    @Test("fingerprints are stable across runs and line moves, and distinct per operation and principal")
    func fingerprints() throws {
        func prints(_ report: CheckReport) throws -> [String] {
            try results(try parse(report)).map {
                ($0["partialFingerprints"] as? [String: String])?[SARIFReport.fingerprintKey] ?? ""
            }
        }
        let first = try prints(try ReportSamples.full())
        #expect(first == (try prints(try ReportSamples.full())))
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { $0.count == 16 })
        var moved = ReportSamples.createStatement
        moved.location = JSON.SourceLocation(line: 40, column: 1)
        let movedPrints = try prints(ReportSamples.report([try ReportSamples.createResource(statement: moved)]))
        #expect(movedPrints == [first[0]])
        var other = try ReportSamples.full()
        other.principal = "arn:aws:iam::111122223333:role/other"
        #expect(try prints(other)[0] != first[0])
        #expect(SARIFReport.fingerprint("") == "cbf29ce484222325")
        #expect(SARIFReport.fingerprint("a") == "af63dc4c8601ec8c")
    }

    @Test("paths become URI references: relative under %SRCROOT%, absolute as file URIs, unsafe bytes encoded")
    func uris() {
        #expect(SARIFReport.percentEncoded("a b/c:d#e%.json", allowColon: false) == "a%20b/c%3Ad%23e%25.json")
        #expect(SARIFReport.percentEncoded("/x/é.json", allowColon: true) == "/x/%C3%A9.json")
        #expect(
            SARIFReport.artifactLocation("./policies/ci.json")
                == .object([("uri", .string("policies/ci.json")), ("uriBaseId", .string("%SRCROOT%"))]))
    }
}

// MARK: - Schema validation

/// Runs `scripts/validate-report.py` with the Python that has `jsonschema` and `xmlschema`: `IAMGATE_PYTHON`, else the
/// package's `.venv/bin/python3`, else `python3` on the PATH. A missing module fails the test with the fix.
enum ReportValidator {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("scripts/validate-report.py").path

    /// The interpreter and the arguments that precede the script.
    static func python() -> (executable: String, arguments: [String], description: String) {
        if let override = ProcessInfo.processInfo.environment["IAMGATE_PYTHON"], !override.isEmpty {
            return (override, [], "IAMGATE_PYTHON=\(override)")
        }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return (venv, [], venv) }
        return ("/usr/bin/env", ["python3"], "python3 on PATH")
    }

    struct Outcome {
        var status: Int32
        var output: String
        var interpreter: String
    }

    static func validate(_ kind: String, document: String) throws -> Outcome {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("iamgate-report-\(UUID().uuidString).\(kind == "sarif" ? "sarif" : "xml")")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (executable, arguments, description) = python()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [script, kind, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return Outcome(status: 127, output: "cannot start \(executable): \(error)", interpreter: description)
        }
        let data = Data(ChildOutput.readToEnd(pipe.fileHandleForReading))
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
            interpreter: description)
    }

    /// Fails the test (never skips) when the validator could not run its schema check.
    static func requireModules(_ outcome: Outcome) {
        if outcome.status >= 2 {
            let output = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let message =
                "the schema validator could not run with \(outcome.interpreter) (exit \(outcome.status)): \(output) "
                + "(the test command installs jsonschema and xmlschema into .venv; IAMGATE_PYTHON names another "
                + "interpreter)"
            Issue.record("\(message)")
        }
    }
}

@Suite("Report schema validation")
struct ReportSchemaValidationTests {
    enum Format: String, CaseIterable, Sendable {
        case junit
        case sarif

        func render(_ report: CheckReport) -> String {
            switch self {
            case .junit: return JUnitReport.render(report)
            case .sarif: return SARIFReport.render(report)
            }
        }
    }

    @Test(
        "rendered reports are valid against the published schema", arguments: Format.allCases,
        ReportSamples.Sample.allCases)
    func valid(format: Format, sample: ReportSamples.Sample) throws {
        let outcome = try ReportValidator.validate(format.rawValue, document: format.render(try sample.report()))
        ReportValidator.requireModules(outcome)
        #expect(outcome.status == 0, "\(format) \(sample): \(outcome.output)")
    }

    @Test("a SARIF log that breaks the schema is rejected with the first error")
    func brokenSARIF() throws {
        let rendered = SARIFReport.render(try ReportSamples.full())
        let broken = rendered.replacing("\"level\": \"error\"", with: "\"level\": \"fatal\"")
        #expect(broken != rendered)
        let outcome = try ReportValidator.validate("sarif", document: broken)
        ReportValidator.requireModules(outcome)
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("'fatal' is not one of"))
    }

    @Test("a JUnit document that breaks the schema, or is not XML, is rejected")
    func brokenJUnit() throws {
        let rendered = JUnitReport.render(try ReportSamples.full())
        let missingTests = rendered.replacing(" tests=\"5\" failures=\"4\" errors=\"0\" skipped", with: " skipped")
        #expect(missingTests != rendered)
        let outcome = try ReportValidator.validate("junit", document: missingTests)
        ReportValidator.requireModules(outcome)
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("missing required attribute 'tests'"))
        let truncated = try ReportValidator.validate("junit", document: String(rendered.prefix(200)))
        ReportValidator.requireModules(truncated)
        #expect(truncated.status == 1)
        #expect(truncated.output.contains("not well-formed"))
    }
}

import Foundation
import Testing

/// `iamgate audit --expectations FILE` end to end, on the example account and its expectations
/// (`policies/examples/expectations.yml`: one held, one broken, one undetermined because dave is not resolved, one
/// expired).
@Suite("iamgate audit --expectations")
struct AuditExpectationsCommandTests {
    static let account = "policies/examples/accounts/111122223333.json"
    static let example = "policies/examples/expectations.yml"
    static let base = ["audit", "--authorization-details", account, "--region", "us-east-1", "--as-of", "2026-12-07"]

    /// `base` with an expectations file holding `entries` (YAML list items, already indented).
    static func run(_ entries: [String], extra: [String] = []) throws -> CLIResult {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("expectations.yml")
        try Data((["version: 1", "expectations:"] + entries).joined(separator: "\n").utf8).write(to: file)
        return try CLI.run(base + ["--expectations", file.path] + extra)
    }

    static let held = [
        "  - name: auditor reads", "    operations: [get_resource]", "    must: [role/image-auditor]",
        "    owner: o@example.com", "    reason: r",
    ]
    static let undetermined = [
        "  - name: only ops-admin deletes", "    operations: [delete_resource]", "    only: [role/ops-admin]",
        "    owner: o@example.com", "    reason: r",
    ]
    static let broken = [
        "  - name: nobody deletes", "    operations: [delete_resource]", "    only: []", "    owner: o@example.com",
        "    reason: r",
    ]

    @Test("text: the expectations before the matrix, broken then expired then undetermined then held; exit 2")
    func example() throws {
        let result = try CLI.run(Self.base + ["--expectations", Self.example])
        #expect(result.status == 2, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("expectations (as of 2026-12-07):") })
        #expect(lines[heading] == "expectations (as of 2026-12-07): 1 broken, 1 expired, 2 undetermined, 1 held")
        let matrix = try #require(lines.firstIndex { $0.hasPrefix("PRINCIPAL") })
        #expect(heading < matrix)
        let statuses = lines[heading..<matrix].filter { $0.hasPrefix("✗ ") || $0.hasPrefix("! ") || $0.hasPrefix("✓ ") }
        #expect(
            statuses == [
                "✗ broken — only the deployment roles change images (\(Self.example):17; owner "
                    + "platform-security@example.com)",
                "! undetermined, expired — frank reads images during the migration (\(Self.example):32; owner "
                    + "migration-team@example.com)",
                "! undetermined — only ops-admin deletes images (\(Self.example):24; owner platform-security@example.com)",
                "✓ held — the auditor reads images (\(Self.example):10; owner security-audit@example.com)",
            ])
        let section = lines[heading..<matrix].joined(separator: "\n")
        #expect(
            section.contains(
                "· user/engineering/alice is allowed update_resource, which only role/ci-deployer or role/ops-admin may"
            ))
        #expect(section.contains("expired on 2026-01-31: its owner migration-team@example.com must renew or remove it"))
        #expect(section.contains("· user/frank: get_resource is undetermined: allowed only if "))
        #expect(
            section.contains(
                "· user/dave could not be resolved, so it may be allowed what only role/ops-admin may"))
        #expect(result.stdout.contains("input: expectations \(Self.example): 4 expectations, as of 2026-12-07"))
    }

    @Test("json: an expectations array, validated against the schema")
    func json() throws {
        let result = try CLI.run(Self.base + ["--expectations", Self.example, "--format", "json"])
        #expect(result.status == 2)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let report = try #require(object as? [String: Any])
        #expect(report["expectationsAsOf"] as? String == "2026-12-07")
        let expectations = try #require(report["expectations"] as? [[String: Any]])
        #expect(expectations.map { $0["status"] as? String } == ["held", "broken", "undetermined", "undetermined"])
        #expect(expectations.map { $0["expired"] as? Bool } == [false, false, false, true])
        let broken = expectations[1]
        #expect(broken["rule"] as? String == "only")
        #expect(broken["patterns"] as? [String] == ["role/ci-deployer", "role/ops-admin"])
        #expect(broken["operations"] as? [String] == ["create_resource", "update_resource"])
        #expect(broken["line"] as? Int == 17)
        let findings = try #require(broken["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        #expect(first["kind"] as? String == "allowed")
        #expect(first["breaks"] as? Bool == true)
        #expect(first["principal"] as? String == "arn:aws:iam::111122223333:user/engineering/alice")
        #expect(first["operation"] as? String == "update_resource")
        #expect(first["verdict"] as? String == "allowed")
        let expired = expectations[3]
        #expect(expired["expires"] as? String == "2026-01-31")
        #expect(
            expired["expiry"] as? String
                == "expired on 2026-01-31: its owner migration-team@example.com must renew or remove it")
        let conditions = try #require((expired["findings"] as? [[String: Any]])?.first?["conditions"] as? [Any])
        #expect(!conditions.isEmpty)

        try Self.validate(result.stdout, kind: "audit", extension: "json")
    }

    @Test("sarif: one result per broken, expired or undetermined expectation, at its line; valid SARIF")
    func sarif() throws {
        let result = try CLI.run(Self.base + ["--expectations", Self.example, "--format", "sarif"])
        #expect(result.status == 2)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let runs = try #require((object as? [String: Any])?["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let expectationResults = results.filter { ($0["ruleId"] as? String)?.hasPrefix("iamgate/expectation-") == true }
        #expect(
            expectationResults.map { $0["ruleId"] as? String } == [
                "iamgate/expectation-broken", "iamgate/expectation-undetermined", "iamgate/expectation-expired",
            ])
        let rules = try #require(
            ((runs.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        for result in expectationResults {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        let location = try #require((expectationResults.first?["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.example)
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 17)
        try Self.validate(result.stdout, kind: "sarif", extension: "sarif")
    }

    @Test("markdown: an expectations section before the matrix, the failing ones explained")
    func markdown() throws {
        let result = try CLI.run(Self.base + ["--expectations", Self.example, "--format", "markdown"])
        #expect(result.status == 2)
        let section = try #require(result.stdout.range(of: "### Expectations (as of 2026-12-07)"))
        let matrix = try #require(result.stdout.range(of: "| Principal | Type |"))
        #expect(section.lowerBound < matrix.lowerBound)
        #expect(result.stdout.contains("| ❌ broken | only the deployment roles change images |"))
        #expect(result.stdout.contains("| ⌛ undetermined, expired | frank reads images during the migration |"))
        #expect(result.stdout.contains("<details><summary>only ops-admin deletes images: undetermined</summary>"))
        #expect(!result.stdout.contains("<details><summary>the auditor reads images"))
    }

    static let exitCases: [([String], [String], Int32)] = [
        (held, [], 6),
        (held, ["--principal", "role/*"], 0),
        (undetermined, [], 3),
        (undetermined + held, [], 3),
        (undetermined + broken, [], 2),
        (held + ["    expires: 2026-12-07"], [], 2),
        (held + ["    expires: 2026-12-08"], ["--principal", "role/*"], 0),
    ]

    @Test(
        "exit: 2 broken or expired wins over 3 undetermined, which wins over 6 unresolved; 0 when all hold",
        arguments: exitCases)
    func exitCodes(entries: [String], extra: [String], status: Int32) throws {
        let result = try Self.run(entries, extra: extra)
        #expect(result.status == status, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    @Test("bad input: one sentence, exit 64, nothing on stdout")
    func badInput() throws {
        let unknownKey = try Self.run([
            "  - name: x", "    only: []", "    owner: o", "    reason: r", "    expire: 2027-01-01",
        ])
        #expect(unknownKey.status == 64)
        #expect(unknownKey.stdout.isEmpty)
        #expect(unknownKey.stderr.hasPrefix("iamgate: error: expectations '"))
        #expect(
            unknownKey.stderr.hasSuffix(
                "expectations.yml' line 7: expectations[0]: unknown key 'expire' (did you mean 'expires'?)\n"))

        for (arguments, message) in [
            (
                ["--expectations", "no-such.yml"],
                "cannot read expectations file 'no-such.yml': no such file or directory"
            ),
            (
                ["--expectations", Self.example, "--as-of", "2026-02-30"],
                "--as-of '2026-02-30' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)"
            ),
            (["--as-of", "2026-12-07"], "--as-of '2026-12-07' dates expectations: give --expectations FILE with it"),
        ] {
            let result = try CLI.run(
                ["audit", "--authorization-details", Self.account, "--region", "us-east-1"] + arguments)
            #expect(result.status == 64)
            #expect(result.stderr == "iamgate: error: \(message)\n")
            #expect(result.stdout.isEmpty)
        }
    }

    /// Issue 13 ("only roles matching deploy-* may delete images") with one hop of escalation: in the example account
    /// 444455556666 no user may delete images itself, but grace may assume role/deploy-images
    /// (reference_policies_evaluation-logic.md: the role's trust policy names her), henry may have EC2 run as
    /// role/imagebuilder-instance, and grace and ivan may perhaps assume role/deploy-hotfix (an MFA condition). A
    /// principal outside `only` that can act as an allowed role breaks the expectation; an undetermined hop leaves it
    /// undetermined.
    @Test(
        "only: a principal outside the patterns that reaches the operation through an escalation breaks it",
        arguments: [
            (["role/deploy-*", "role/imagebuilder-*"], 2, "broken", 2, 2),
            (["role/*", "user/engineering/henry", "user/grace"], 3, "undetermined", 0, 1),
        ] as [([String], Int32, String, Int, Int)])
    func escalationsBreakOnly(
        patterns: [String], status: Int32, expected: String, breaking: Int, undecided: Int
    ) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("expectations.yml")
        let yaml = [
            "version: 1", "expectations:", "  - name: only the deploy roles delete images",
            "    operations: [delete_resource]", "    only: [\(patterns.joined(separator: ", "))]",
            "    owner: platform-security@example.com",
            "    reason: deleting an image breaks the pipelines that use it",
        ]
        try Data(yaml.joined(separator: "\n").utf8).write(to: file)
        let result = try CLI.run([
            "audit", "--authorization-details", "policies/examples/accounts/444455556666.json", "--region", "us-east-1",
            "--expectations", file.path, "--as-of", "2026-12-07", "--format", "json",
        ])
        #expect(result.status == status, "\(result.stderr)")
        try Self.validate(result.stdout, kind: "audit", extension: "json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let expectation = try #require((report["expectations"] as? [[String: Any]])?.first)
        #expect(expectation["status"] as? String == expected)
        let findings = try #require(expectation["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { $0["kind"] as? String == "escalation" })
        #expect(findings.filter { $0["breaks"] as? Bool == true }.count == breaking)
        #expect(findings.filter { $0["breaks"] as? Bool == false }.count == undecided)
        let summaries = findings.compactMap { $0["summary"] as? String }
        if status == 2 {
            #expect(
                summaries.contains(
                    "user/grace can act as role/deploy-images by assuming it, and role/deploy-images is allowed "
                        + "delete_resource, which only role/deploy-* or role/imagebuilder-* may"), "\(summaries)")
            #expect(
                summaries.contains {
                    $0.hasPrefix(
                        "user/engineering/henry can act as role/imagebuilder-instance by having an image build run as it"
                    )
                })
        }
        #expect(
            summaries.contains {
                $0.hasPrefix("user/ivan can act as role/deploy-hotfix by assuming it (the hop is undetermined)")
            }, "\(summaries)")
    }

    static func validate(_ text: String, kind: String, extension: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.\(`extension`)")
        try Data(text.utf8).write(to: file)
        let validation = try Python.run(["scripts/validate-report.py", kind, file.path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
    }
}

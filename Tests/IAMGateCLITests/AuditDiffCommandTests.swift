import Foundation
import Testing

/// `iamgate audit diff` and `iamgate audit merge` end to end, on reports the built binary writes: the example account
/// (`policies/examples/accounts/111122223333.json`), its next version in which the role image-auditor gained an
/// inline policy that allows deleting images (`111122223333-next.json`), and a second account
/// (`fixtures/authorization-details/audit-shared-policies.json`, account 444455556666).
@Suite("iamgate audit diff and merge")
struct AuditDiffCommandTests {
    static let account = "policies/examples/accounts/111122223333.json"
    static let next = "policies/examples/accounts/111122223333-next.json"
    static let shared = "fixtures/authorization-details/audit-shared-policies.json"
    static let auditor = "arn:aws:iam::111122223333:role/image-auditor"

    /// A temporary directory with the JSON report of `audit --authorization-details FILE… ARGS` in `name`.
    final class Reports {
        let directory: URL

        init() throws {
            directory = try CLI.temporaryDirectory()
        }

        deinit {
            try? FileManager.default.removeItem(at: directory)
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        /// Audits `files` (with `arguments`) into `name`; returns its path.
        @discardableResult
        func audit(_ name: String, _ files: [String], _ arguments: [String] = []) throws -> String {
            let result = try CLI.run(
                ["audit"] + files.flatMap { ["--authorization-details", $0] } + ["--region", "us-east-1"] + arguments
                    + ["--format", "json"])
            try #require([0, 6].contains(result.status), "\(result.stderr)")
            try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: path(name)))
            return path(name)
        }

        func write(_ name: String, _ text: String) throws -> String {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
            return path(name)
        }
    }

    static func json(_ result: CLIResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    // MARK: diff

    @Test("text: the role that gained delete, before and after; nothing lost; exit 0 without --fail-on")
    func textDiff() throws {
        let reports = try Reports()
        let old = try reports.audit("old.json", [Self.account])
        let new = try reports.audit("new.json", [Self.next])
        let result = try CLI.run(["audit", "diff", old, new])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.contains(["role/image-auditor", "delete_resource", "denied", "allowed"]))
        #expect(result.stdout.contains("ACCESS GAINED (1)"))
        #expect(result.stdout.contains("ACCESS LOST (0)"))
        #expect(!result.stdout.contains("different inputs"))
        // dave is unresolved in both reports: not new.
        #expect(!result.stdout.contains("NEWLY UNRESOLVED"))
        #expect(result.stdout.contains("1 gained, 0 lost, 0 principals added, 0 removed, 0 newly unresolved; 39 cells"))
        #expect(result.stdout.contains("old: \(old): 8 principals (+1 unresolved), 1 account (111122223333)"))
    }

    @Test(
        "--fail-on: exit 2 when a principal gained (lost, either) access, else 0",
        arguments: [
            ("gained", false, Int32(2)), ("lost", false, 0), ("any", false, 2),
            ("gained", true, 0), ("lost", true, 2), ("any", true, 2),
        ])
    func failOn(value: String, reversed: Bool, status: Int32) throws {
        let reports = try Reports()
        let old = try reports.audit("old.json", [Self.account])
        let new = try reports.audit("new.json", [Self.next])
        let result = try CLI.run(["audit", "diff"] + (reversed ? [new, old] : [old, new]) + ["--fail-on", value])
        #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    }

    @Test("--fail-on: a principal unresolved only in the new report fails closed with exit 6")
    func newlyUnresolved() throws {
        let reports = try Reports()
        // dave's missing managed policy makes him unresolved; without him in the old report he is new.
        let onlyBob = try reports.audit("bob.json", [Self.account], ["--principal", "user/bob"])
        let new = try reports.audit(
            "new.json", [Self.account], ["--principal", "user/bob", "--principal", "user/dave"])
        let result = try CLI.run(["audit", "diff", onlyBob, new, "--fail-on", "gained"])
        #expect(result.status == 6, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("NEWLY UNRESOLVED (1)"))
        #expect(result.stdout.contains("✗ arn:aws:iam::111122223333:user/dave: authorization details"))
        #expect(result.stdout.contains("PRINCIPALS ADDED (1)\n  + arn:aws:iam::111122223333:user/dave (user)"))
        // The patterns differ: the diff says so.
        #expect(result.stdout.contains("only the new audit was made with 'principals matching: user/bob, user/dave'"))
        let plain = try CLI.run(["audit", "diff", onlyBob, new])
        #expect(plain.status == 0)
    }

    @Test("json: the contract, validated against its schema; markdown: tables")
    func jsonAndMarkdown() throws {
        let reports = try Reports()
        let old = try reports.audit("old.json", [Self.account])
        let new = try reports.audit("new.json", [Self.next])
        let result = try CLI.run(["audit", "diff", old, new, "--format", "json"])
        #expect(result.status == 0)
        let diff = try Self.json(result)
        #expect(diff["schemaVersion"] as? Int == 1)
        #expect(diff["sameInputs"] as? Bool == true)
        let gained = try #require(diff["gained"] as? [[String: Any]])
        #expect(gained.count == 1)
        #expect(gained.first?["principal"] as? String == Self.auditor)
        #expect(gained.first?["operation"] as? String == "delete_resource")
        #expect(gained.first?["before"] as? String == "denied")
        #expect(gained.first?["after"] as? String == "allowed")
        #expect((diff["lost"] as? [Any])?.isEmpty == true)
        let file = try reports.write("diff.json", result.stdout)
        let validation = try Python.run(["scripts/validate-report.py", "audit-diff", file])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")

        let markdown = try CLI.run(["audit", "diff", old, new, "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("### Access gained (1)"))
        #expect(
            markdown.stdout.contains(
                "| `role/image-auditor` | role | `delete_resource` | ❌ denied | ✅ allowed |"))
        #expect(markdown.stdout.contains("### Access lost (0)\n\nNone."))
    }

    @Test("reports made with other operations, region or mode: the common operations compared, the rest said")
    func mismatchedInputs() throws {
        let reports = try Reports()
        let old = try reports.audit("old.json", [Self.account])
        let new = try reports.audit(
            "new.json", [Self.next], ["--operation", "delete_resource", "--operation", "create_resource", "--strict"])
        let result = try CLI.run(["audit", "diff", old, new, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let diff = try Self.json(result)
        #expect(diff["sameInputs"] as? Bool == false)
        #expect(diff["operations"] as? [String] == ["delete_resource", "create_resource"])
        let notCompared = try #require(diff["notCompared"] as? [String: [String]])
        #expect(notCompared["old"] == ["get_resource", "list_resources", "update_resource"])
        #expect(notCompared["new"] == [])
        let differences = try #require(diff["differences"] as? [String])
        #expect(
            differences.contains { $0.hasPrefix("the old report was made in discovery mode and the new one in strict") }
        )
        #expect(
            differences.contains(
                "operations only in the old report, not compared: get_resource, list_resources, update_resource"))
        // image-auditor's delete was compared; the operations only in the old report were not.
        let gained = try #require(diff["gained"] as? [[String: Any]])
        #expect(gained.map { $0["operation"] as? String } == ["delete_resource"])

        let region = try reports.audit("eu.json", [Self.account], ["--region", "eu-west-1"])
        let text = try CLI.run(["audit", "diff", old, region])
        #expect(text.stdout.contains("the two reports were made with different inputs:"))
        #expect(text.stdout.contains("· only the old audit was made with 'region: us-east-1'"))
        #expect(text.stdout.contains("· only the new audit was made with 'region: eu-west-1'"))
    }

    @Test("bad input is one sentence and exit 64: another resource, malformed JSON, an old report, a missing file")
    func badInput() throws {
        let reports = try Reports()
        let old = try reports.audit("old.json", [Self.account])
        let recipes = try reports.audit(
            "recipes.json", [Self.account], ["--resource", "awscc.imagebuilder.image_recipes"])
        let resource = try CLI.run(["audit", "diff", old, recipes])
        #expect(resource.status == 64)
        #expect(
            resource.stderr
                == "iamgate: error: audit reports '\(old)' and '\(recipes)' are about different resources "
                + "('awscc.imagebuilder.images' and 'awscc.imagebuilder.image_recipes'): a diff compares two audits of "
                + "one resource\n")

        let text = try String(contentsOfFile: old, encoding: .utf8)
        let broken = try reports.write("broken.json", text.replacingOccurrences(of: "\"mode\": ", with: "\"mode\" "))
        let malformed = try CLI.run(["audit", "diff", broken, old])
        #expect(malformed.status == 64)
        #expect(
            malformed.stderr
                == "iamgate: error: audit report '\(broken)' line 5:10: invalid JSON: unexpected character '\"', "
                + "expected ':' after the object key\n")

        let unversioned = try reports.write(
            "unversioned.json", text.replacingOccurrences(of: "  \"schemaVersion\": 1,\n", with: ""))
        let older = try CLI.run(["audit", "diff", old, unversioned])
        #expect(older.status == 64)
        #expect(
            older.stderr
                == "iamgate: error: audit report '\(unversioned)' line 2:3: the report begins with 'resource', not "
                + "'schemaVersion': it was written by an older iamgate or another program (this iamgate reads audit "
                + "reports of schema version 1); audit again\n")

        let missing = try CLI.run(["audit", "diff", old, "no-such.json"])
        #expect(missing.status == 64)
        #expect(
            missing.stderr == "iamgate: error: cannot read audit report 'no-such.json': no such file or directory\n")
        #expect(missing.stdout.isEmpty)
    }

    // MARK: merge

    @Test("merge: the reports of two accounts are byte for byte the audit of both files, to stdout and to -o")
    func byteIdenticalMerge() throws {
        let reports = try Reports()
        let a = try reports.audit("a.json", [Self.account])
        let b = try reports.audit("b.json", [Self.shared])
        let both = try CLI.run([
            "audit", "--authorization-details", Self.account, "--authorization-details", Self.shared, "--region",
            "us-east-1", "--format", "json",
        ])
        #expect(both.status == 6)
        let merged = try CLI.run(["audit", "merge", a, b])
        #expect(merged.status == 6, "\(merged.stderr)")
        #expect(merged.stderr.isEmpty)
        #expect(merged.stdout == both.stdout)
        #expect(merged.stdout.contains("\"accounts\": [\"111122223333\",\"444455556666\"]"))

        // The other order is the audit of the files in that order.
        let reversed = try CLI.run([
            "audit", "--authorization-details", Self.shared, "--authorization-details", Self.account, "--region",
            "us-east-1", "--format", "json",
        ])
        let mergedReversed = try CLI.run(["audit", "merge", b, a])
        #expect(mergedReversed.stdout == reversed.stdout)

        let output = reports.path("merged.json")
        let toFile = try CLI.run(["audit", "merge", a, b, "-o", output])
        #expect(toFile.status == 6)
        #expect(toFile.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == both.stdout)
        let validation = try Python.run(["scripts/validate-report.py", "audit", output])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        // A merged report can be merged and diffed again.
        let again = try CLI.run(["audit", "diff", output, output])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 gained, 0 lost"))
    }

    @Test("merge: byte for byte also with SQL columns, organization levels and principal patterns")
    func byteIdenticalWithOptions() throws {
        let reports = try Reports()
        let options = [
            "--sql",
            "SELECT * FROM awscc.imagebuilder.images_list_only WHERE region = 'us-east-1'; DELETE FROM "
                + "awscc.imagebuilder.images WHERE Identifier = '{{ image }}' AND region = 'us-east-1'",
            "--scp", "policies/examples/scp-protect-images.json", "--principal", "*-*",
        ]
        let a = try reports.audit("a.json", [Self.account], options)
        let b = try reports.audit("b.json", [Self.shared], options)
        let both = try CLI.run(
            [
                "audit", "--authorization-details", Self.account, "--authorization-details", Self.shared, "--region",
                "us-east-1", "--format", "json",
            ] + options)
        #expect([0, 6].contains(both.status), "\(both.stderr)")
        let merged = try CLI.run(["audit", "merge", a, b])
        #expect(merged.stdout == both.stdout)
        #expect(merged.stdout.contains("\"operations\": [\"list_resources @ --sql:1\",\"delete_resource @ --sql:1\"]"))
        #expect(merged.stdout.contains("\"SCP level 0 (root): policies/examples/scp-protect-images.json\""))
    }

    @Test("merge refuses the same account twice and other operations, with one sentence and exit 64")
    func mergeRefuses() throws {
        let reports = try Reports()
        let a = try reports.audit("a.json", [Self.account])
        let again = try reports.audit("again.json", [Self.next])
        let twice = try CLI.run(["audit", "merge", a, again])
        #expect(twice.status == 64)
        #expect(
            twice.stderr
                == "iamgate: error: audit reports '\(a)' and '\(again)' both cover account 111122223333: merge each "
                + "account once\n")
        #expect(twice.stdout.isEmpty)
        let deletes = try reports.audit("deletes.json", [Self.shared], ["--operation", "delete_resource"])
        let columns = try CLI.run(["audit", "merge", a, deletes, "-o", reports.path("never.json")])
        #expect(columns.status == 64)
        #expect(columns.stderr.contains("have different operations"))
        #expect(!FileManager.default.fileExists(atPath: reports.path("never.json")))
    }

    /// A report made with `--expectations` is read back by diff (its expectations are not compared), and refused by
    /// merge: what an expectations file found for one account says nothing of the merged report.
    @Test("a report with expectations: diff reads it, merge refuses it with one sentence")
    func reportsWithExpectations() throws {
        let reports = try Reports()
        let before = try reports.audit("before.json", [Self.account])
        let judged = try CLI.run([
            "audit", "--authorization-details", Self.next, "--region", "us-east-1", "--format", "json",
            "--expectations", "policies/examples/expectations.yml", "--as-of", "2026-12-07",
        ])
        #expect(judged.status == 2, "\(judged.stderr)")
        #expect(judged.stdout.contains("\"expectationsAsOf\": \"2026-12-07\""))
        let after = try reports.write("after.json", judged.stdout)
        let diff = try CLI.run(["audit", "diff", before, after, "--fail-on", "gained"])
        #expect(diff.status == 2, "\(diff.stderr)")
        #expect(diff.stdout.contains("role/image-auditor  delete_resource  denied  allowed"))
        let other = try reports.audit("other.json", [Self.shared])
        let merge = try CLI.run(["audit", "merge", other, after])
        #expect(merge.status == 64)
        #expect(
            merge.stderr
                == "iamgate: error: audit report '\(after)' holds what an expectations file found for its own accounts, "
                + "which says nothing of the merged report's: merge reports audited without --expectations\n")
        #expect(merge.stdout.isEmpty)
    }
}

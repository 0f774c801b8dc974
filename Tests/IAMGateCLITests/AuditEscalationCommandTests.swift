import Foundation
import Testing

/// `iamgate audit`'s escalation section in every format, on the example account `444455556666`: grace may assume
/// `deploy-images` (its trust policy names her; her own policy allows `role/deploy-*`) and perhaps `deploy-hotfix`
/// (its trust policy names the account, under MFA), as may ivan; henry may pass `imagebuilder-instance` to EC2 and
/// start a build. ivan is not named by `deploy-images`' trust policy, and `imagebuilder-unprofiled` is in no instance
/// profile: neither is an escalation.
///
/// The rules: `reference_policies_evaluation-logic.md` (role trust policies must explicitly allow the principal; a
/// same-account trust policy naming the user's ARN is enough on its own), `reference_policies_elements_principal.md`
/// (an account principal delegates to the account, whose own policies must allow), `execution-and-audit.md` §5 and the
/// Service Authorization Reference for EC2 Image Builder (the infrastructure configuration passes its instance
/// profile's role to `ec2.amazonaws.com`).
@Suite("iamgate audit escalations")
struct AuditEscalationCommandTests {
    static let account = "policies/examples/accounts/444455556666.json"
    static let base = ["audit", "--authorization-details", account, "--region", "us-east-1"]
    static let arn = "arn:aws:iam::444455556666:"

    static let expected = [
        "user/engineering/henry → role/imagebuilder-instance imageBuilderInstanceProfile allowed",
        "user/grace → role/deploy-hotfix assumeRole undetermined",
        "user/grace → role/deploy-images assumeRole allowed",
        "user/ivan → role/deploy-hotfix assumeRole undetermined",
    ]

    static func escalations(_ arguments: [String]) throws -> (status: Int32, escalations: [[String: Any]]) {
        let result = try CLI.run(arguments + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let report = try #require(object as? [String: Any], "\(result.stderr)")
        return (result.status, try #require(report["escalations"] as? [[String: Any]]))
    }

    static func short(_ arn: Any?) -> String {
        String((arn as? String ?? "").split(separator: ":", maxSplits: 5).last ?? "")
    }

    @Test("text: a section after the matrix, one line per escalation with what it gains; -v adds the statements")
    func text() throws {
        let result = try CLI.run(Self.base)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let section = try #require(lines.firstIndex(of: "Escalations (one hop; not counted in the matrix): 4"))
        let matrix = try #require(lines.firstIndex { $0.hasPrefix("role/imagebuilder-unprofiled") })
        #expect(matrix < section)
        #expect(lines.contains("  ▲ user/grace may assume role/deploy-images — allowed"))
        #expect(lines.contains("  ? user/grace may perhaps assume role/deploy-hotfix — undetermined"))
        #expect(lines.contains("  ? user/ivan may perhaps assume role/deploy-hotfix — undetermined"))
        #expect(
            lines.contains(
                "  ▲ user/engineering/henry may have EC2 run as role/imagebuilder-instance in an Image Builder build "
                    + "— allowed"))
        #expect(!result.stdout.contains("user/ivan may assume role/deploy-images"))
        #expect(!result.stdout.contains("role/imagebuilder-unprofiled in an Image Builder build"))
        #expect(
            lines.contains(
                "    gains (its own verdict → the role's): create_resource: denied → allowed, update_resource: denied "
                    + "→ allowed, delete_resource: denied → allowed"))
        // Without -v, no statements.
        #expect(!result.stdout.contains("trust policy of role/deploy-images"))

        let verbose = try CLI.run(Self.base + ["-v"])
        #expect(verbose.status == 0)
        #expect(
            verbose.stdout.contains(
                "    · sts:AssumeRole on \(Self.arn)role/deploy-images is allowed by identity[0] statement 0 (Sid "
                    + "\"AssumeDeployRoles\") and the trust policy's statement 0\n"))
        #expect(
            verbose.stdout.contains(
                "inline policy 'assume-deploy-roles' (user): identity[0] statement 0 (Sid \"AssumeDeployRoles\") at "
                    + "\(Self.account):15:29"))
        #expect(
            verbose.stdout.contains(
                "trust policy of role/deploy-images: resource[0] statement 0 at \(Self.account):134:21"))
        #expect(
            verbose.stdout.contains(
                "is allowed only if Bool aws:MultiFactorAuthPresent 'true' holds (resource[0] statement 0)"))
        #expect(
            verbose.stdout.contains(
                "    · ec2.amazonaws.com: sts:AssumeRole on \(Self.arn)role/imagebuilder-instance is allowed by the "
                    + "trust policy's statement 0\n"))
        #expect(
            verbose.stdout.contains(
                "    · role/imagebuilder-instance is in instance profile 'imagebuilder-instance', which an "
                    + "infrastructure configuration names\n"))
    }

    @Test("json: the escalations array — path, verdict, operations gained, each request with both sides' statements")
    func json() throws {
        let (status, escalations) = try Self.escalations(Self.base)
        #expect(status == 0)
        #expect(
            escalations.map {
                "\(Self.short($0["principal"])) → \(Self.short($0["reaches"])) \($0["path"] ?? "") \($0["verdict"] ?? "")"
            } == Self.expected)
        let deploy = try #require(escalations.first { Self.short($0["reaches"]) == "role/deploy-images" })
        #expect(deploy["type"] as? String == "user")
        #expect(deploy["account"] as? String == "444455556666")
        #expect(deploy["instanceProfiles"] == nil)
        let gained = try #require(deploy["gained"] as? [[String: Any]])
        #expect(gained.map { $0["operation"] as? String } == ["create_resource", "update_resource", "delete_resource"])
        #expect(gained.allSatisfy { $0["principalVerdict"] as? String == "denied" })
        let requests = try #require(deploy["requests"] as? [[String: Any]])
        #expect(requests.count == 1)
        let assume = try #require(requests.first)
        #expect(assume["caller"] as? String == "\(Self.arn)user/grace")
        #expect(assume["action"] as? String == "sts:AssumeRole")
        #expect(assume["decision"] as? String == "allowed")
        let deciding = try #require(assume["decidingStatements"] as? [[String: Any]])
        #expect(
            deciding.map { $0["policy"] as? String } == [
                "inline policy 'assume-deploy-roles' (user)", "trust policy of \(Self.arn)role/deploy-images",
            ])
        #expect(deciding.map { $0["line"] as? Int } == [15, 134])

        let hotfix = try #require(escalations.first { Self.short($0["reaches"]) == "role/deploy-hotfix" })
        let conditions = try #require(
            (hotfix["requests"] as? [[String: Any]])?.first?["conditions"] as? [[String: Any]])
        #expect(conditions.map { $0["key"] as? String } == ["aws:MultiFactorAuthPresent"])

        let henry = try #require(escalations.first { $0["path"] as? String == "imageBuilderInstanceProfile" })
        #expect(henry["instanceProfiles"] as? [String] == ["imagebuilder-instance"])
        let steps = try #require(henry["requests"] as? [[String: Any]])
        #expect(
            steps.map { $0["action"] as? String } == [
                "iam:PassRole", "imagebuilder:CreateComponent", "imagebuilder:CreateImageRecipe",
                "imagebuilder:CreateInfrastructureConfiguration", "imagebuilder:CreateImage", "sts:AssumeRole",
            ])
        #expect((steps.first?["context"] as? [String: Any])?["iam:PassedToService"] as? String == "ec2.amazonaws.com")
        #expect(steps.last?["caller"] as? String == "ec2.amazonaws.com")
        #expect((henry["steps"] as? [String])?.count == 7)
    }

    /// The contract: `fixtures/schemas/audit-report.schema.json` (escalation, gainedOperation, escalationRequest).
    @Test("json and sarif with escalations validate against their schemas", arguments: ["json", "sarif"])
    func schemas(format: String) throws {
        let result = try CLI.run(Self.base + ["--format", format])
        #expect(result.status == 0)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.\(format)")
        try Data(result.stdout.utf8).write(to: file)
        let validation = try Python.run(["scripts/validate-report.py", format == "json" ? "audit" : "sarif", file.path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
    }

    @Test("sarif: one result per escalation under iamgate/escalation, at the principal's statement")
    func sarif() throws {
        let result = try CLI.run(Self.base + ["--format", "sarif"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let run = try #require((object?["runs"] as? [[String: Any]])?.first)
        let rules = try #require(
            ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(
            rules.map { $0["id"] as? String } == [
                "iamgate/denied", "iamgate/undetermined", "iamgate/expectation-broken", "iamgate/expectation-expired",
                "iamgate/expectation-undetermined", "iamgate/escalation",
            ])
        let results = try #require(run["results"] as? [[String: Any]])
        let escalations = results.filter { $0["ruleId"] as? String == "iamgate/escalation" }
        #expect(escalations.count == 4)
        // Each result's ruleIndex points at its rule in the driver's list (SARIF 2.1.0 §3.27.6).
        #expect(escalations.allSatisfy { $0["ruleIndex"] as? Int == 5 })
        #expect(escalations.map { $0["level"] as? String } == ["error", "warning", "error", "warning"])
        let grace = try #require(
            escalations.first {
                ($0["properties"] as? [String: Any])?["reaches"] as? String == "\(Self.arn)role/deploy-images"
            })
        let message = try #require((grace["message"] as? [String: Any])?["text"] as? String)
        #expect(
            message.hasPrefix(
                "user/grace may assume role/deploy-images (allowed): gains create_resource: denied → allowed"))
        let location = try #require(
            (grace["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == Self.account)
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 15)
        let related = try #require(grace["relatedLocations"] as? [[String: Any]])
        #expect(
            ((related.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int
                == 134)
    }

    @Test("markdown: a table of the escalations and each one's requests and statements")
    func markdown() throws {
        let result = try CLI.run(Self.base + ["--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("### Escalations (one hop)\n"))
        #expect(
            result.stdout.contains(
                "| `user/grace` | sts:AssumeRole | `role/deploy-images` | ⚠️ allowed | `create_resource`, "
                    + "`update_resource`, `delete_resource` |\n"))
        #expect(
            result.stdout.contains(
                "| `user/engineering/henry` | Image Builder instance profile (iam:PassRole to EC2) | "
                    + "`role/imagebuilder-instance` | ⚠️ allowed |"))
        #expect(result.stdout.contains("<details><summary>user/grace may perhaps assume role/deploy-hotfix</summary>"))
        #expect(
            result.stdout.contains(
                "  - trust policy of role/deploy-images: resource\\[0\\] statement 0 at \(Self.account):134:21\n"))
    }

    @Test("csv keeps one row per principal and operation: no escalation rows, no new column")
    func csv() throws {
        let result = try CLI.run(Self.base + ["--format", "csv"])
        #expect(result.status == 0)
        let records = try CSVReader.parse(result.stdout)
        #expect(records.first?.count == 9)
        #expect(records.count == 1 + 7 * 5)
    }

    @Test("--no-escalations leaves the search out; the other example account has none")
    func none() throws {
        let (status, escalations) = try Self.escalations(Self.base + ["--no-escalations"])
        #expect(status == 0)
        #expect(escalations.isEmpty)
        #expect(!(try CLI.run(Self.base + ["--no-escalations"])).stdout.contains("Escalations"))
        // 111122223333: ops-admin may assume the roles trusting the account, but already may do all they may.
        let (_, other) = try Self.escalations([
            "audit", "--authorization-details", "policies/examples/accounts/111122223333.json", "--region",
            "us-east-1",
        ])
        #expect(other.isEmpty)
    }
}

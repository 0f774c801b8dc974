import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// The audit's parts that the command line cannot show: which principals share a policy set and decisions, and the
/// `--principal` wildcard.
@Suite("Audit runner")
struct AuditRunnerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func options(_ file: String) -> AuditOptions {
        var options = AuditOptions()
        options.authorizationDetails = [root.appendingPathComponent(file).path]
        options.region = "us-east-1"
        return options
    }

    @Test(
        "a pattern matches the ARN, the name or the part after the account; * is any run, ? one character",
        arguments: [
            ("role/*", true), ("*deploy*", true), ("ci-deploy?r", true), ("arn:aws:iam::*:role/ci-*", true),
            ("ci", false), ("role/ci", false), ("user/*", false), ("ci-deployer?", false), ("*:user/*", false),
        ])
    func pattern(text: String, matches: Bool) {
        let pattern = PrincipalPattern(text)
        #expect(pattern.matches(arn: "arn:aws:iam::111122223333:role/ci-deployer", name: "ci-deployer") == matches)
    }

    /// `reference_policies_variables.md`: `${aws:username}` is the user's name, so a policy naming it decides per
    /// user; `reference_policies_condition-keys.md`: `aws:PrincipalArn` is the principal's ARN.
    @Test("policies that read the principal's ARN or name keep its decisions its own")
    func readsIdentity() throws {
        func set(_ json: String) throws -> PolicySet {
            let result = PolicyParser(policyType: .identity).parse(bytes: Array(json.utf8), source: PolicySource("t"))
            return PolicySet(identity: [try #require(result.document)])
        }
        let plain = try set(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"imagebuilder:*","Resource":"*","#
                + #""Condition":{"StringEquals":{"aws:PrincipalTag/team":"web"}}}]}"#)
        #expect(!PolicySetCache.readsPrincipalIdentity(plain))
        let arn = try set(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"imagebuilder:*","Resource":"*","#
                + #""Condition":{"ArnLike":{"aws:PrincipalARN":"arn:aws:iam::*:user/admin-*"}}}]}"#)
        #expect(PolicySetCache.readsPrincipalIdentity(arn))
        let variable = try set(
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","#
                + #""Resource":"arn:aws:s3:::home/${aws:username}/*"}]}"#)
        #expect(PolicySetCache.readsPrincipalIdentity(variable))
    }

    @Test(
        "principals with the same shared policies share one policy set, and their decisions when nothing tells them apart"
    )
    func sharing() throws {
        let account = try AuditAccount.file(
            Self.root.appendingPathComponent("policies/examples/accounts/111122223333.json").path
        )
        let shared = try AuditRunner.prepare(Self.options("policies/examples/accounts/111122223333.json"))
        let cache = PolicySetCache()
        var decided: [String] = []
        for name in ["bob", "erin", "frank", "bob"] {
            let member = try #require(account.members.first { $0.name == name })
            let policies = try account.resolve(member)
            _ = cache.cells(for: policies, account: member.account, shared: shared) { _ in
                decided.append(name)
                return []
            }
        }
        // bob and erin are both only in image-readers: erin reuses bob's decisions; frank has his own inline policy.
        #expect(decided == ["bob", "frank"])
    }

    @Test("the runner's report lists principals in account, type and ARN order, whatever the thread count")
    func order() throws {
        var options = Self.options("policies/examples/accounts/111122223333.json")
        options.threads = 3
        let report = try AuditRunner.run(options)
        #expect(
            report.principals.map(\.shortName) == [
                "user/bob", "user/engineering/alice", "user/erin", "user/frank", "role/ci-deployer",
                "role/image-auditor", "role/ops-admin", "role/service-role/imagebuilder-exec",
            ])
        #expect(report.errors.map(\.principal) == ["arn:aws:iam::111122223333:user/dave"])
        #expect(report.totals.map(\.denied) == [1, 2, 5, 5, 7])
    }

    /// An indented authorization-details file whose second role's inline policy has a broken statement on an indented
    /// line, the AWS CLI's way (four spaces a level).
    static let indentedDetails = """
        {
            "RoleDetailList": [
                {
                    "RoleName": "good",
                    "Arn": "arn:aws:iam::111122223333:role/good",
                    "RolePolicyList": []
                },
                {
                    "RoleName": "broken",
                    "Arn": "arn:aws:iam::111122223333:role/broken",
                    "RolePolicyList": [
                        {
                            "PolicyName": "inline",
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": [
                                    {
                                        "Effect": "Maybe",
                                        "Action": "imagebuilder:GetImage",
                                        "Resource": "*"
                                    }
                                ]
                            }
                        }
                    ]
                }
            ],
            "UserDetailList": [], "GroupDetailList": [], "Policies": []
        }
        """

    /// The audit holds the file without its indentation (`LineIndentation`); `check` reads it as it is. Both name the
    /// same line and column, for a broken policy and for broken JSON.
    @Test("the audit's messages name the file's own lines and columns, as check's do")
    func indentedLocations() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iamgate-audit-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("details.json").path
        try Self.indentedDetails.write(toFile: path, atomically: true, encoding: .utf8)
        var options = AuditOptions()
        options.authorizationDetails = [path]
        options.region = "us-east-1"
        let report = try AuditRunner.run(options)
        let error = try #require(report.errors.first)
        #expect(report.errors.count == 1)
        var checkMessage = ""
        do {
            _ = try AuthorizationDetailsLoader.load(path: path, principal: "arn:aws:iam::111122223333:role/broken")
        } catch {
            checkMessage = error.message
        }
        #expect(error.message == checkMessage)
        // Line 18, after 32 spaces and `"Effect": `.
        #expect(error.message.contains("line 18:43:"), "\(error.message)")

        // The same file with broken JSON at the same place (an unquoted value).
        let broken = Self.indentedDetails.replacingOccurrences(of: "\"Maybe\"", with: "Maybe")
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        var auditMessage = ""
        do { _ = try AuditRunner.run(options) } catch { auditMessage = error.message }
        do {
            _ = try AuthorizationDetailsLoader.load(path: path, principal: "arn:aws:iam::111122223333:role/good")
            Issue.record("check accepted broken JSON")
        } catch {
            #expect(auditMessage == error.message)
        }
        #expect(auditMessage.contains("line 18:43:"), "\(auditMessage)")
    }

    /// `fixtures/audit-reports/` holds saved reports of the example accounts, each narrowed to a few principals (the
    /// `audit-report` fuzz target's seeds, with an escalation and expectations): they must be what the audit writes
    /// today, or fuzzing would start from an old format.
    @Test(
        "the saved reports in fixtures/audit-reports are today's audits of the example accounts",
        arguments: [
            ("111122223333-ci-roles.json", "111122223333", ["role/ci-*"], false),
            ("111122223333-expectations.json", "111122223333", ["role/image-auditor", "user/frank"], true),
            ("444455556666-escalation.json", "444455556666", ["user/grace", "role/deploy-images"], false),
        ])
    func savedReportsAreCurrent(file: String, account: String, principals: [String], expectations: Bool) throws {
        let prefix = Self.root.path + "/"
        var options = AuditOptions()
        options.authorizationDetails = [prefix + "policies/examples/accounts/\(account).json"]
        options.region = "us-east-1"
        options.principalPatterns = principals
        if expectations {
            options.expectationsFile = prefix + "policies/examples/expectations.yml"
            options.asOf = "2026-12-07"
        }
        let report = try AuditRunner.run(options)
        var written = ""
        AuditReportJSON.write(report) { written += $0 }
        // The inputs name the files as given; the fixtures were written from the package root.
        written = written.replacingOccurrences(of: prefix, with: "")
        let saved = try String(
            contentsOf: Self.root.appendingPathComponent("fixtures/audit-reports/\(file)"), encoding: .utf8)
        let command =
            "iamgate audit --authorization-details policies/examples/accounts/\(account).json --region us-east-1 "
            + "--format json" + principals.map { " --principal '\($0)'" }.joined()
            + (expectations ? " --expectations policies/examples/expectations.yml --as-of 2026-12-07" : "")
        #expect(written == saved, "regenerate from the package root: \(command) > fixtures/audit-reports/\(file)")
    }

    /// The `expectations` fuzz target judges one audit against each file with `AuditRunner.judging`; it must be what
    /// `run` with `--expectations` writes.
    @Test("judging an audit made without expectations gives the report an audit with them gives")
    func judgingMatchesRun() throws {
        let prefix = Self.root.path + "/"
        var options = AuditOptions()
        options.authorizationDetails = [prefix + "policies/examples/accounts/111122223333.json"]
        options.region = "us-east-1"
        let plain = try AuditRunner.run(options)
        #expect(plain.expectations.isEmpty)
        options.expectationsFile = prefix + "policies/examples/expectations.yml"
        options.asOf = "2026-12-07"
        func json(_ report: AuditReport) -> String {
            var text = ""
            AuditReportJSON.write(report) { text += $0 }
            return text
        }
        let judged = try AuditRunner.judging(plain, options: options)
        #expect(judged.expectations.count == 4)
        #expect(json(judged) == json(try AuditRunner.run(options)))
        options.expectationsFile = nil
        options.asOf = nil
        #expect(json(try AuditRunner.judging(plain, options: options)) == json(plain))
    }
}

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
}

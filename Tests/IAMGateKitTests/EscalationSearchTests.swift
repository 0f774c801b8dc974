import Foundation
import IAMPolicy
import JSON
import Testing

@testable import IAMGateKit

/// One hop of escalation (issue 13), each rule on a small account written for it: who may assume a role (the
/// principal's policies and the role's trust policy, evaluated together) and Image Builder's instance-profile path.
@Suite("Audit escalations")
struct EscalationSearchTests {
    static let account = "111111111111"
    static let other = "222222222222"

    /// `Action: *` on `*`: the role may do everything, so it gains whatever the principal may not do.
    static var everything: [String: Any] {
        ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]]
    }

    static func policy(_ statements: [String: Any]...) -> [String: Any] {
        ["Version": "2012-10-17", "Statement": statements]
    }

    static func trust(_ principal: [String: Any], condition: [String: Any]? = nil) -> [String: Any] {
        var statement: [String: Any] = ["Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"]
        if let condition { statement["Condition"] = condition }
        return policy(statement)
    }

    static var assumeAnyRole: [String: Any] { ["Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"] }

    /// An account in `get-account-authorization-details` form.
    struct Account {
        var id: String
        var users: [[String: Any]] = []
        var roles: [[String: Any]] = []
        var policies: [[String: Any]] = []

        init(_ id: String = EscalationSearchTests.account) {
            self.id = id
        }

        mutating func user(_ name: String, inline: [String: Any]? = nil) {
            var user: [String: Any] = [
                "Path": "/", "UserName": name, "Arn": "arn:aws:iam::\(id):user/\(name)", "GroupList": [],
                "AttachedManagedPolicies": [],
            ]
            user["UserPolicyList"] = inline.map { [["PolicyName": "\(name)-inline", "PolicyDocument": $0]] } ?? []
            users.append(user)
        }

        /// `profiles`: `nil` leaves `InstanceProfileList` out of the record.
        mutating func role(
            _ name: String, trust: [String: Any], inline: [String: Any]? = EscalationSearchTests.everything,
            profiles: [String]? = [], boundary: [String: Any]? = nil
        ) {
            var role: [String: Any] = [
                "Path": "/", "RoleName": name, "Arn": "arn:aws:iam::\(id):role/\(name)",
                "AssumeRolePolicyDocument": trust, "AttachedManagedPolicies": [],
            ]
            role["RolePolicyList"] = inline.map { [["PolicyName": "\(name)-inline", "PolicyDocument": $0]] } ?? []
            if let profiles {
                role["InstanceProfileList"] = profiles.map {
                    ["InstanceProfileName": $0, "Arn": "arn:aws:iam::\(id):instance-profile/\($0)"]
                }
            }
            if let boundary {
                let arn = "arn:aws:iam::\(id):policy/\(name)-boundary"
                role["PermissionsBoundary"] = ["PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn]
                policies.append([
                    "PolicyName": "\(name)-boundary", "Arn": arn, "DefaultVersionId": "v1",
                    "PolicyVersionList": [["Document": boundary, "VersionId": "v1", "IsDefaultVersion": true]],
                ])
            }
            roles.append(role)
        }

        func write(to directory: URL) throws -> String {
            let object: [String: Any] = [
                "UserDetailList": users, "GroupDetailList": [], "RoleDetailList": roles, "Policies": policies,
            ]
            let file = directory.appendingPathComponent("\(id).json")
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: file)
            return file.path
        }
    }

    /// The escalations of an audit of `accounts` for `delete_resource`.
    static func escalations(_ accounts: [Account], strict: Bool = false) throws -> [AuditEscalation] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "iamgate-escalations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = AuditOptions()
        options.authorizationDetails = try accounts.map { try $0.write(to: directory) }
        options.region = "us-east-1"
        options.operations = ["delete_resource"]
        options.strict = strict
        let report = try AuditRunner.run(options)
        #expect(report.errors.isEmpty, "\(report.errors.map(\.message))")
        return report.escalations
    }

    static func pairs(_ escalations: [AuditEscalation]) -> [String] {
        escalations.map {
            "\($0.principalShortName) → \($0.reachesShortName) \($0.path.rawValue) \($0.verdict.rawValue)"
        }
    }

    // MARK: - sts:AssumeRole

    /// `reference_policies_evaluation-logic.md`, same account: "resource-based policies that grant permissions to an
    /// IAM user ARN … are not limited by an implicit deny in an identity-based policy"; role trust policies "must
    /// explicitly allow access for principals" — and here the trust policy is what allows.
    @Test("a trust policy naming the user's ARN is enough on its own in the same account")
    func trustNamesThePrincipal() throws {
        var account = Account()
        account.user("alice")
        account.role("deployer", trust: Self.trust(["AWS": "arn:aws:iam::\(Self.account):user/alice"]))
        let found = try Self.escalations([account])
        #expect(Self.pairs(found) == ["user/alice → role/deployer assumeRole allowed"])
        let escalation = try #require(found.first)
        #expect(escalation.gained.map(\.column) == ["delete_resource"])
        #expect(escalation.gained.first?.principalVerdict == .denied)
        #expect(escalation.gained.first?.roleVerdict == .allowed)
        let step = try #require(escalation.steps.first)
        #expect(step.outcome.request.action == "sts:AssumeRole")
        #expect(step.outcome.request.resource.description == "arn:aws:iam::\(Self.account):role/deployer")
        // The trust policy's statement decided: alice has no policy of her own.
        let deciding = ReportSentences.escalationDecidingStatements(step.outcome)
        #expect(deciding.map(\.policyType) == [.resource])
    }

    /// `reference_policies_elements_principal.md`, AWS account principals: naming an account "delegates authority to
    /// the account … an administrator in that account must then grant access to an identity"; so the principal's own
    /// policy must allow `sts:AssumeRole` too. Both sides' statements are the evidence.
    @Test("a trust policy naming the account needs the principal's own policy to allow the hop too")
    func trustNamesTheAccount() throws {
        var account = Account()
        account.user("alice")
        account.user("bob", inline: Self.policy(Self.assumeAnyRole))
        account.role("deployer", trust: Self.trust(["AWS": "arn:aws:iam::\(Self.account):root"]))
        account.role("ops", trust: Self.trust(["AWS": Self.account]))
        let found = try Self.escalations([account])
        #expect(
            Self.pairs(found) == [
                "user/bob → role/deployer assumeRole allowed", "user/bob → role/ops assumeRole allowed",
            ])
        let step = try #require(found.first?.steps.first)
        let deciding = ReportSentences.escalationDecidingStatements(step.outcome)
        #expect(Set(deciding.map(\.policyType)) == [.identity, .resource])
    }

    /// `reference_policies_evaluation-logic-cross-account.md`: across accounts the principal's account must allow the
    /// request (its identity-based policy) and the role's trust policy must allow the principal's account; a trust
    /// policy naming a third account lets neither in.
    @Test("across accounts both sides must allow; a trust policy naming another account lets no one in")
    func otherAccounts() throws {
        var home = Account()
        home.user("alice")
        home.user("bob", inline: Self.policy(Self.assumeAnyRole))
        home.role("elsewhere", trust: Self.trust(["AWS": "arn:aws:iam::333333333333:root"]))
        var other = Account(Self.other)
        other.role("partner", trust: Self.trust(["AWS": "arn:aws:iam::\(Self.account):root"]))
        let found = try Self.escalations([home, other])
        #expect(Self.pairs(found) == ["user/bob → role/partner assumeRole allowed"])
        #expect(found.first?.reaches == "arn:aws:iam::\(Self.other):role/partner")
    }

    /// `reference_policies_elements_condition.md` and discovery mode (`docs/evaluation.md`): a condition on a key the
    /// audit cannot know leaves the hop undetermined, with the condition named — never dropped. In strict mode the
    /// key is absent, so the `Bool` condition does not hold.
    @Test("a trust condition on an unknown key makes the hop undetermined, not dropped")
    func undeterminedCondition() throws {
        var account = Account()
        account.user("bob", inline: Self.policy(Self.assumeAnyRole))
        account.role(
            "breakglass",
            trust: Self.trust(
                ["AWS": "arn:aws:iam::\(Self.account):root"],
                condition: ["Bool": ["aws:MultiFactorAuthPresent": "true"]]))
        let found = try Self.escalations([account])
        #expect(Self.pairs(found) == ["user/bob → role/breakglass assumeRole undetermined"])
        let decision = try #require(found.first?.steps.first?.outcome.decision)
        #expect(decision.conditions.map(\.key) == ["aws:MultiFactorAuthPresent"])
        #expect(try Self.escalations([account], strict: true).isEmpty)
    }

    /// `reference_policies_evaluation-logic.md`: "An explicit deny in any policy overrides any allows" — a trust
    /// policy naming the user does not overcome a `Deny` in the user's own policy.
    @Test("a Deny in the principal's policy stops the hop the trust policy allows")
    func denyInThePrincipalsPolicy() throws {
        var account = Account()
        account.user(
            "alice",
            inline: Self.policy(["Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"]))
        account.role("deployer", trust: Self.trust(["AWS": "arn:aws:iam::\(Self.account):user/alice"]))
        #expect(try Self.escalations([account]).isEmpty)
    }

    /// `reference_policies_evaluation-logic.md`, same-account table: "Resource-based policies that grant permissions
    /// to an IAM role ARN are limited by an implicit deny in a permissions boundary".
    @Test("a trust policy naming a role is limited by that role's permissions boundary")
    func roleBoundary() throws {
        var account = Account()
        let readOnly = Self.policy(["Effect": "Allow", "Action": "imagebuilder:Get*", "Resource": "*"])
        account.role(
            "bounded", trust: Self.trust(["Service": "lambda.amazonaws.com"]), inline: readOnly, boundary: readOnly)
        account.role("unbounded", trust: Self.trust(["Service": "lambda.amazonaws.com"]), inline: readOnly)
        account.role(
            "deployer",
            trust: Self.trust([
                "AWS": [
                    "arn:aws:iam::\(Self.account):role/bounded", "arn:aws:iam::\(Self.account):role/unbounded",
                ]
            ]))
        #expect(Self.pairs(try Self.escalations([account])) == ["role/unbounded → role/deployer assumeRole allowed"])
    }

    /// Issue 13: a hop is reported when the role "can perform an operation" the principal cannot; a principal that may
    /// already do everything the role may gains nothing.
    @Test("a role that adds nothing to what the principal may do is no escalation")
    func nothingGained() throws {
        var account = Account()
        account.user("root-like", inline: Self.everything)
        account.role("deployer", trust: Self.trust(["AWS": "arn:aws:iam::\(Self.account):user/root-like"]))
        #expect(try Self.escalations([account]).isEmpty)
    }

    // MARK: - Image Builder's instance-profile path

    /// The principal of `execution-and-audit.md` §5: it may pass roles whose name holds `imagebuilder` to
    /// `passedTo`, and create the component, recipe, infrastructure configuration and image (`creates`).
    static func builder(passedTo service: String, creates: [String]? = nil) -> [String: Any] {
        policy(
            [
                "Effect": "Allow",
                "Action": creates
                    ?? [
                        "imagebuilder:CreateComponent", "imagebuilder:CreateImageRecipe",
                        "imagebuilder:CreateInfrastructureConfiguration", "imagebuilder:CreateImage",
                    ],
                "Resource": "arn:aws:imagebuilder:us-east-1:\(account):*",
            ],
            [
                "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::\(account):role/*imagebuilder*",
                "Condition": ["StringEquals": ["iam:PassedToService": service]],
            ])
    }

    static var ec2Trust: [String: Any] { trust(["Service": "ec2.amazonaws.com"]) }

    /// `execution-and-audit.md` §5 (pathfinding.cloud `imagebuilder-001`) and the Service Authorization Reference for
    /// EC2 Image Builder (`stackql-and-imagebuilder.md`): CreateInfrastructureConfiguration needs `iam:PassRole` with
    /// `iam:PassedToService` `ec2.amazonaws.com` — the instance profile's role goes to EC2.
    @Test("passing an instance-profile role to EC2 and creating a component, recipe and image gains the role")
    func imageBuilderPath() throws {
        var account = Account()
        account.user("henry", inline: Self.builder(passedTo: "ec2.amazonaws.com"))
        account.role("imagebuilder-instance", trust: Self.ec2Trust, profiles: ["imagebuilder-instance"])
        let found = try Self.escalations([account])
        #expect(
            Self.pairs(found) == [
                "user/henry → role/imagebuilder-instance imageBuilderInstanceProfile allowed"
            ])
        let escalation = try #require(found.first)
        #expect(
            escalation.steps.map(\.outcome.request.action) == [
                "iam:PassRole", "imagebuilder:CreateComponent", "imagebuilder:CreateImageRecipe",
                "imagebuilder:CreateInfrastructureConfiguration", "imagebuilder:CreateImage", "sts:AssumeRole",
            ])
        #expect(escalation.steps.first?.outcome.request.context["iam:PassedToService"]?.values == ["ec2.amazonaws.com"])
        #expect(escalation.steps.last?.caller == .service("ec2.amazonaws.com"))
        #expect(escalation.instanceProfiles == ["imagebuilder-instance"])
        // The component's ARN is the service reference's template with its names unknown.
        #expect(
            escalation.steps[1].outcome.request.resource.description
                == "arn:aws:imagebuilder:us-east-1:\(Self.account):component/${ComponentName}/${ComponentVersion}/"
                + "${ComponentBuildVersion}")
    }

    /// Same sources: the role passed in an infrastructure configuration goes to `ec2.amazonaws.com`; a policy that lets
    /// it go only to `imagebuilder.amazonaws.com` (an execution role's service) does not open the path.
    @Test("iam:PassRole allowed only for another service (iam:PassedToService) opens no path")
    func wrongPassedToService() throws {
        var account = Account()
        account.user("henry", inline: Self.builder(passedTo: "imagebuilder.amazonaws.com"))
        account.role("imagebuilder-instance", trust: Self.ec2Trust, profiles: ["imagebuilder-instance"])
        #expect(try Self.escalations([account]).isEmpty)
    }

    /// `execution-and-audit.md` §5: the prerequisites are "a role trusting `ec2.amazonaws.com` with an instance
    /// profile": a role in no instance profile, or one EC2 may not assume, is not an instance-profile role; a record
    /// without `InstanceProfileList` leaves it unknown, so the path is undetermined.
    @Test("the role must be one EC2 may assume, in an instance profile; unlisted profiles leave the path undetermined")
    func instanceProfiles() throws {
        var account = Account()
        account.user("henry", inline: Self.builder(passedTo: "ec2.amazonaws.com"))
        account.role("imagebuilder-unprofiled", trust: Self.ec2Trust, profiles: [])
        account.role(
            "imagebuilder-service", trust: Self.trust(["Service": "imagebuilder.amazonaws.com"]),
            profiles: ["imagebuilder-service"])
        account.role("imagebuilder-unlisted", trust: Self.ec2Trust, profiles: nil)
        let found = try Self.escalations([account])
        #expect(
            Self.pairs(found) == [
                "user/henry → role/imagebuilder-unlisted imageBuilderInstanceProfile undetermined"
            ])
        #expect(found.first?.instanceProfiles == nil)
        #expect(found.first?.steps.allSatisfy { $0.outcome.verdict == .allowed } == true)
    }

    /// Issue 13: the path needs all four create requests; without `imagebuilder:CreateImage` no build runs.
    @Test("without one of the four create permissions there is no Image Builder path")
    func missingCreate() throws {
        var account = Account()
        account.user(
            "henry",
            inline: Self.builder(
                passedTo: "ec2.amazonaws.com",
                creates: [
                    "imagebuilder:CreateComponent", "imagebuilder:CreateImageRecipe",
                    "imagebuilder:CreateInfrastructureConfiguration",
                ]))
        account.role("imagebuilder-instance", trust: Self.ec2Trust, profiles: ["imagebuilder-instance"])
        #expect(try Self.escalations([account]).isEmpty)
    }

    // MARK: - The records

    /// `GetAccountAuthorizationDetails` (IAM API reference, RoleDetail): `AssumeRolePolicyDocument` and
    /// `InstanceProfileList` are part of a role's record.
    @Test("a role's record keeps its trust policy and instance profiles; a missing list is unknown, not empty")
    func records() throws {
        let text = """
            {"RoleDetailList": [
              {"RoleName": "a", "Arn": "arn:aws:iam::111111111111:role/a",
               "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
               "InstanceProfileList": [{"InstanceProfileName": "a-profile"}, {"Arn": "arn:aws:iam::111111111111:instance-profile/b"}]},
              {"RoleName": "b", "Arn": "arn:aws:iam::111111111111:role/b"}]}
            """
        let root = try JSONParser.parse(Array(text.utf8))
        let records = try AuthorizationDetailsRecords.decode(root, source: "t.json")
        #expect(records.roles.first?.trustPolicy != nil)
        #expect(
            records.roles.first?.instanceProfiles == ["a-profile", "arn:aws:iam::111111111111:instance-profile/b"])
        #expect(records.roles.last?.trustPolicy == nil)
        #expect(records.roles.last?.instanceProfiles == nil)
        let broken = try JSONParser.parse(
            Array(#"{"RoleDetailList": [{"RoleName": "a", "Arn": "x", "InstanceProfileList": [{}]}]}"#.utf8))
        #expect(throws: InputError.self) { try AuthorizationDetailsRecords.decode(broken, source: "t.json") }
    }
}

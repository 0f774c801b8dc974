import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// `iamgate check --from-account --from-organization` end to end: the built binary against moto's IAM, STS and
/// Organizations (an organization made by moto's own account, its management account, with member account `dev` in
/// OU `Workloads`), with keys in profiles of temporary AWS config files, as a user's would be.
@Suite("iamgate check --from-organization")
struct OrganizationCommandTests {
    static let denyImageDelete = """
        {"Version":"2012-10-17","Statement":[{"Sid":"KeepImages","Effect":"Deny","Action":"imagebuilder:DeleteImage",\
        "Resource":"*"}]}
        """
    static let denySecrets = """
        {"Version":"2012-10-17","Statement":[{"Sid":"NoSecrets","Effect":"Deny","Principal":"*",\
        "Action":"secretsmanager:*","Resource":"*"}]}
        """
    /// dev-ci's policy: what a check from the account needs and every image operation; nothing of Organizations.
    static let developerPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":["cloudformation:*",\
        "imagebuilder:*","iam:GetAccountAuthorizationDetails","iam:GetRole","sts:GetCallerIdentity"]}]}
        """
    static let readOrganization = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*",\
        "Action":["organizations:Describe*","organizations:List*"]}]}
        """

    /// moto with the organization: SCPs and RCPs enabled; SCP DenyImageDelete at the OU and at `dev` (one policy, two
    /// levels); RCP NoSecrets at the root; user `dev-ci` in `dev`; user `org-reader` (Organizations' reads) and user
    /// `admin` (everything) in the management account; a config file with a profile for each.
    struct Organization {
        let moto: MotoServer
        let dev: String
        let unit: String
        let root: String
        let directory: URL

        init() throws {
            moto = try MotoServer(timeout: 180)
            root = try moto.createOrganization()
            try moto.enablePolicyType("SERVICE_CONTROL_POLICY", root: root)
            try moto.enablePolicyType("RESOURCE_CONTROL_POLICY", root: root)
            unit = try moto.createOrganizationalUnit("Workloads", parent: root)
            dev = try moto.createAccount("dev", root: root, parent: unit)
            let scp = try moto.createOrganizationPolicy(
                "DenyImageDelete", type: "SERVICE_CONTROL_POLICY", content: OrganizationCommandTests.denyImageDelete)
            try moto.attachOrganizationPolicy(scp, to: unit)
            try moto.attachOrganizationPolicy(scp, to: dev)
            let rcp = try moto.createOrganizationPolicy(
                "NoSecrets", type: "RESOURCE_CONTROL_POLICY", content: OrganizationCommandTests.denySecrets)
            try moto.attachOrganizationPolicy(rcp, to: root)

            let setup = try moto.assumeRole(
                "arn:aws:iam::\(dev):role/OrganizationAccountAccessRole", session: "fixtures")
            try moto.createUser("dev-ci", credentials: setup)
            try moto.putUserPolicy(
                user: "dev-ci", name: "develop", document: OrganizationCommandTests.developerPolicy, credentials: setup)
            let developer = try moto.createAccessKey(user: "dev-ci", credentials: setup)
            try moto.createUser("org-reader")
            try moto.putUserPolicy(
                user: "org-reader", name: "read", document: OrganizationCommandTests.readOrganization)
            let reader = try moto.createAccessKey(user: "org-reader")
            try moto.createUser("admin")
            try moto.putUserPolicy(user: "admin", name: "all", document: MotoServer.allowAllPolicy)
            let admin = try moto.createAccessKey(user: "admin")
            try moto.requireSignatures()

            directory = try CLI.temporaryDirectory()
            var credentials = ""
            for (profile, key) in [("dev", developer), ("org", reader), ("admin", admin)] {
                credentials += "[\(profile)]\naws_access_key_id = \(key.accessKeyId)\n"
                credentials += "aws_secret_access_key = \(key.secretAccessKey)\n\n"
            }
            try Data(credentials.utf8).write(to: directory.appendingPathComponent("credentials"))
            try Data("[default]\nregion = us-east-1\n".utf8).write(to: directory.appendingPathComponent("config"))
        }

        func stop() {
            moto.stop()
            try? FileManager.default.removeItem(at: directory)
        }

        var environment: [String: String] {
            [
                "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
                "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                "AWS_PROFILE": "",
            ]
        }

        func audit(_ arguments: [String]) throws -> CLIResult {
            try CLI.run(
                [
                    "audit", "--from-account", "--from-organization", "--operation", "get_resource", "--operation",
                    "delete_resource", "--endpoint-url", moto.endpoint.absoluteString,
                ] + arguments,
                environment: environment)
        }

        func check(_ arguments: [String]) throws -> CLIResult {
            try CLI.run(
                [
                    "check", "--from-account", "--from-organization", "--operation", "get_resource", "--operation",
                    "delete_resource", "--endpoint-url", moto.endpoint.absoluteString,
                ] + arguments,
                environment: environment)
        }
    }

    static func json(_ result: CLIResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// reference_policies_evaluation-logic.md ("If an SCP is present, identity-based and resource-based policies grant
    /// permissions to principals in member accounts only if those policies and the SCP allow the action"; an explicit
    /// deny in any SCP denies): dev-ci may delete images by its own policy, the OU's SCP denies it, so the check is
    /// denied (exit 2) and names the SCP statement. The organization is read with the management account's
    /// `--organization-profile`; the account's chain is root → OU → account, each policy fetched once (DenyImageDelete
    /// is attached twice): 2 IAM/STS calls + DescribeOrganization + ListRoots + 2 ListParents + 3 levels × 2 types of
    /// ListPoliciesForTarget + 4 DescribePolicy = 16 calls (21 if each attachment were fetched).
    @Test func anSCPDeniesAnOperation() throws {
        let organization = try Organization()
        defer { organization.stop() }
        let result = try organization.check(["--profile", "dev", "--organization-profile", "org", "--format", "json"])
        #expect(result.status == 2, "\(result.stderr)")
        let report = try Self.json(result)
        let operations = try #require(report["operations"] as? [[String: Any]])
        #expect(operations.map { $0["verdict"] as? String } == ["allowed", "denied"])
        let reasons = operations.last?["reasons"] as? [String] ?? []
        #expect(
            reasons.contains {
                $0.contains("imagebuilder:DeleteImage") && $0.contains("(Sid \"KeepImages\")") && $0.contains("scp[")
            })
        let summary = try #require(report["organization"] as? [String: Any])
        #expect(summary["status"] as? String == "read" && summary["policiesSeen"] as? Bool == true)
        #expect(summary["account"] as? String == organization.dev)
        let levels = try #require(summary["levels"] as? [[String: Any]])
        #expect(levels.map { $0["id"] as? String } == [organization.root, organization.unit, organization.dev])
        #expect(levels.map { ($0["scps"] as? [[String: Any]])?.count } == [1, 2, 2])
        #expect(levels.map { ($0["rcps"] as? [[String: Any]])?.count } == [2, 1, 1])
        let calls = try #require(report["awsCalls"] as? [String: Any])
        #expect(calls["calls"] as? Int == 16)
        let policies = report["policies"] as? [String] ?? []
        #expect(
            policies.contains {
                $0.hasPrefix("SCP level 1 (OU \(organization.unit)): ") && $0.contains("DenyImageDelete")
            })
    }

    /// The caller may not read the organization (dev-ci has no organizations:* permission: moto refuses
    /// DescribeOrganization): the report says plainly that SCPs and RCPs were not seen, and fails closed — what the
    /// principal's policies allow is undetermined (exit 3), since SCPs may deny it; nothing is assumed absent.
    @Test func notPermittedToReadTheOrganization() throws {
        let organization = try Organization()
        defer { organization.stop() }
        let text = try organization.check(["--profile", "dev"])
        #expect(text.status == 3, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "note: SCPs and RCPs were not seen: organizations DescribeOrganization refused: AccessDenied: User: "
                    + "arn:aws:iam::\(organization.dev):user/dev-ci is not authorized"))
        #expect(text.stdout.contains("but the organization's SCPs and RCPs were not seen, and they may deny it"))

        let json = try organization.check(["--profile", "dev", "--format", "json"])
        #expect(json.status == 3)
        let report = try Self.json(json)
        let summary = try #require(report["organization"] as? [String: Any])
        #expect(summary["status"] as? String == "notReadable")
        #expect(summary["policiesSeen"] as? Bool == false && summary["policiesKnown"] as? Bool == false)
        #expect(
            (summary["reason"] as? String)?.hasPrefix("organizations DescribeOrganization refused: AccessDenied")
                == true)
        let operations = try #require(report["operations"] as? [[String: Any]])
        #expect(operations.map { $0["verdict"] as? String } == ["undetermined", "undetermined"])
    }

    /// iam-evaluation-anchors.md §1.1 (orgs_manage_policies_scps.html#not-restricted-by-scp): SCPs do not restrict the
    /// management account. A management-account principal's allows stand (exit 0), and the report says why no
    /// SCP was applied.
    @Test func theManagementAccountIsNotRestricted() throws {
        let organization = try Organization()
        defer { organization.stop() }
        let result = try organization.check(["--profile", "admin", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result)
        let summary = try #require(report["organization"] as? [String: Any])
        #expect(summary["status"] as? String == "managementAccount" && summary["policiesSeen"] as? Bool == false)
        let notes = report["notes"] as? [String] ?? []
        #expect(
            notes.contains {
                $0.contains("is the management account of organization") && $0.contains("which SCPs do not restrict")
            })
    }

    /// Issue 13: `audit --from-account --from-organization` reads the audited account's chain once and applies it to
    /// every principal, as `check --from-organization` does for one. reference_policies_evaluation-logic.md (an
    /// explicit deny in an SCP denies, whatever the identity policy allows): dev-ci may delete images by its own policy
    /// and the OU's SCP denies it; the report carries the organization as check's does.
    @Test func anAuditAppliesTheOrganizationsPolicies() throws {
        let organization = try Organization()
        defer { organization.stop() }
        let result = try organization.audit(["--profile", "dev", "--organization-profile", "org", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result)
        let principals = try #require(report["principals"] as? [[String: Any]])
        let developer = try #require(
            principals.first { $0["principal"] as? String == "arn:aws:iam::\(organization.dev):user/dev-ci" })
        let operations = try #require(developer["operations"] as? [[String: Any]])
        #expect(operations.map { $0["verdict"] as? String } == ["allowed", "denied"])
        let reasons = operations.last?["reasons"] as? [String] ?? []
        #expect(reasons.contains { $0.contains("(Sid \"KeepImages\")") && $0.contains("scp[") }, "\(reasons)")
        let summary = try #require(report["organization"] as? [String: Any])
        #expect(summary["status"] as? String == "read" && summary["account"] as? String == organization.dev)
        let inputs = report["inputs"] as? [String] ?? []
        #expect(inputs.contains { $0.hasPrefix("SCP level 1 (OU \(organization.unit)): ") }, "\(inputs)")
        // The report with its organization still keeps the audit's JSON contract.
        let file = organization.directory.appendingPathComponent("audit.json")
        try Data(result.stdout.utf8).write(to: file)
        let validation = try Python.run(["scripts/validate-report.py", "audit", file.path])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
    }

    /// The caller may not read the organization: the audit says the SCPs and RCPs were not seen and fails closed —
    /// no cell is allowed, since SCPs may deny it (what would be allowed is undetermined).
    @Test func anAuditWithoutTheOrganizationFailsClosed() throws {
        let organization = try Organization()
        defer { organization.stop() }
        let result = try organization.audit(["--profile", "dev", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result)
        let summary = try #require(report["organization"] as? [String: Any])
        #expect(summary["status"] as? String == "notReadable" && summary["policiesKnown"] as? Bool == false)
        let principals = try #require(report["principals"] as? [[String: Any]])
        let verdicts = principals.flatMap {
            ($0["operations"] as? [[String: Any]] ?? []).map { $0["verdict"] as? String }
        }
        #expect(!verdicts.isEmpty && !verdicts.contains("allowed"), "\(verdicts)")
        #expect(verdicts.contains("undetermined"))
        let notes = report["notes"] as? [String] ?? []
        #expect(
            notes.contains { $0.hasPrefix("SCPs and RCPs were not seen: organizations DescribeOrganization refused") })
    }

    /// Options that cannot work together are one sentence and exit 64, before any AWS call.
    @Test(
        arguments: [
            (
                ["check", "--principal", "arn:aws:iam::111122223333:role/ci", "--from-organization"],
                "iamgate: error: --from-organization works with --from-account only"
            ),
            (
                [
                    "check", "--from-account", "--from-organization", "--scp",
                    "policies/examples/scp-protect-images.json",
                ],
                "iamgate: error: --from-organization reads the SCPs and RCPs from AWS Organizations: drop --scp"
            ),
            (
                ["check", "--live", "--from-organization"],
                "iamgate: error: --from-organization works with --from-account only"
            ),
            (
                ["check", "--from-account", "--organization-profile", "org"],
                "iamgate: error: --organization-profile applies to --from-organization"
            ),
            (
                ["check", "--from-account", "--from-organization", "--save-plan", "/tmp/iamgate-never-written.json"],
                "iamgate: error: --save-plan cannot be used with --from-organization"
            ),
            (
                [
                    "audit", "--authorization-details", "policies/examples/accounts/111122223333.json",
                    "--from-organization",
                ],
                "iamgate: error: --from-organization works with --from-account only"
            ),
            (
                [
                    "audit", "--from-account", "--from-organization", "--scp",
                    "policies/examples/scp-protect-images.json",
                ],
                "iamgate: error: --from-organization reads the SCPs and RCPs from AWS Organizations: drop --scp"
            ),
            (
                ["audit", "--from-account", "--organization-profile", "org"],
                "iamgate: error: --organization-profile applies to --from-organization"
            ),
        ])
    func optionsThatDoNotGoTogether(arguments: [String], message: String) throws {
        let result = try CLI.run(
            arguments, environment: ["AWS_ACCESS_KEY_ID": "", "AWS_CONFIG_FILE": "/nonexistent/config"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

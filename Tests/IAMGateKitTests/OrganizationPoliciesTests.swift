import AWSCore
import AWSTestSupport
import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// `OrganizationPolicies.fetch(session:account:)` and `check --from-account --from-organization` against the
/// Organizations stand-in of `scripts/fake-aws-server.py`, which checks every signature (signing name
/// `organizations`, region us-east-1) and answers as AWS does where moto 5.2 does not: a delegated administrator may
/// read the organization from a member account, a refusal is `{"__type":"AccessDeniedException"}`, and ListParents
/// and ListRoots page. The suite shares one server; each test has its own scenario.
@Suite("Organization policies against the fake AWS server", .sharedFakeAWSServer)
struct OrganizationPoliciesTests {
    static let management = "111111111111"
    static let member = "222222222222"
    static let root = "r-ab12"
    static let workloads = "ou-ab12-workload1"
    static let team = "ou-ab12-teamaaaa"
    static let role = "arn:aws:iam::222222222222:role/ci-deployer"
    static let credentials = AWSCredentials(accessKeyId: "AKIAORGTESTEXAMPLE01", secretAccessKey: "org-test-secret")

    static let fullAccess = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    static let denyImageDelete = """
        {"Version":"2012-10-17","Statement":[{"Sid":"KeepImages","Effect":"Deny","Action":"imagebuilder:DeleteImage",\
        "Resource":"*"}]}
        """
    static let rcpFullAccess =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#
    static let keysInOrganization = """
        {"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"secretsmanager:*",\
        "Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}
        """

    /// The role's own policy: everything (so only the organization can take something away).
    static let rolePolicy =
        #"{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// The organization of the tests: root → OU workloads → OU team → account 222222222222. FullAWSAccess at every
    /// level, DenyImageDelete at the workloads OU and again at the account (one policy, two attachments), the RCPs
    /// RCPFullAWSAccess at every level and KeysInOrganization at the account; SCPs and RCPs enabled at the root.
    static func organization(rcps: String? = "ENABLED", scps: String? = "ENABLED") -> FakeOrganizationsScenario {
        var organization = FakeOrganizationsScenario(id: "o-exampleorgid", management: management, root: root)
        if let scps { organization.enable(.scp, status: scps) }
        if let rcps { organization.enable(.rcp, status: rcps) }
        organization.parents = [member: team, team: workloads, workloads: root, "333333333333": root]
        organization.policies = [
            "p-FullAWSAccess": .init(name: "FullAWSAccess", type: .scp, awsManaged: true, content: fullAccess),
            "p-denydelete1": .init(name: "DenyImageDelete", type: .scp, content: denyImageDelete),
            "p-RCPFullAWSAccess": .init(name: "RCPFullAWSAccess", type: .rcp, awsManaged: true, content: rcpFullAccess),
            "p-keysinorg1": .init(name: "KeysInOrganization", type: .rcp, content: keysInOrganization),
        ]
        for target in [root, workloads, team, member] {
            organization.attachments[target] = ["p-FullAWSAccess", "p-RCPFullAWSAccess"]
        }
        organization.attachments[workloads, default: []].append("p-denydelete1")
        organization.attachments[member, default: []] += ["p-denydelete1", "p-keysinorg1"]
        organization.delegatedAdministrators = [member]
        return organization
    }

    /// The authorization details (one page) of `account`: its role `ci-deployer`, whose policy is URL-encoded as the
    /// API sends it.
    static func authorizationDetails(account: String) -> String {
        let encoded = rolePolicy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return """
            <UserDetailList/><GroupDetailList/>
            <RoleDetailList><member><Path>/</Path><RoleName>ci-deployer</RoleName><RoleId>AROAEXAMPLE</RoleId>
            <Arn>arn:aws:iam::\(account):role/ci-deployer</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>
            <RolePolicyList><member><PolicyName>all</PolicyName><PolicyDocument>\(encoded)</PolicyDocument></member>
            </RolePolicyList><AttachedManagedPolicies/><Tags/></member></RoleDetailList><Policies/>
            """
    }

    /// One scenario: the caller is `caller`'s role `ci-deployer` (an assumed-role session), the organization as given.
    struct Setup {
        let server: FakeAWSServer
        let name: String
        let sleeper = RecordingSleeper()

        init(_ name: String, caller: String = member, organization: FakeOrganizationsScenario?) throws {
            guard let server = FakeAWSServer.shared else {
                throw TestServerFailure(description: "the suite has no shared fake AWS server")
            }
            self.server = server
            self.name = name
            try server.configure(
                scenario: name,
                FakeAWSScenario(
                    accepting: credentials,
                    identity: .init(
                        account: caller, arn: "arn:aws:sts::\(caller):assumed-role/ci-deployer/build-7",
                        userId: "AROAEXAMPLE:build-7"),
                    authorizationDetails: [OrganizationPoliciesTests.authorizationDetails(account: caller)],
                    organizations: organization))
        }

        var access: AWSAccessOptions {
            var options = AWSAccessOptions(
                region: "us-east-1", endpointURL: server.endpoint(for: name).absoluteString,
                environment: Environment(variables: [
                    "AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                    "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/creds",
                ]))
            options.sleeper = sleeper
            return options
        }

        func fetch(_ account: String = member) throws -> OrganizationPolicies {
            try OrganizationPolicies.fetch(session: try AWSSession(access), account: account)
        }

        /// The Organizations requests of the scenario, in order.
        func calls() throws -> [FakeAWSRequest] {
            try server.requests(name).requests.filter { $0.target?.hasPrefix("AWSOrganizationsV20161128.") == true }
        }

        func check(_ operations: [String], configure: (inout CheckOptions) -> Void = { _ in }) throws -> CheckReport {
            var options = CheckOptions()
            options.operations = operations
            options.fromOrganization = true
            configure(&options)
            return try CheckRunner.run(options, mode: .fromAccount, aws: access)
        }
    }

    static func body(_ request: FakeAWSRequest) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data((request.body ?? "").utf8)) as? [String: Any]
        return try #require(object).compactMapValues { $0 as? String }
    }

    // MARK: - The walk

    /// execution-and-audit.md §4 (iam-collect's walk for one account): DescribeOrganization, ListRoots, ListParents up
    /// to the root, ListPoliciesForTarget per level and type, DescribePolicy once per policy — DenyImageDelete is
    /// attached at the OU and at the account and is fetched once. Every page is followed (page size 1). The chain is
    /// root first, account last, as `--scp` files are (DESIGN.md: "one array per organization level, root first").
    @Test func theChainIsReadOncePerPolicy() throws {
        var organization = Self.organization()
        organization.pageSize = 1
        let setup = try Setup("chain", organization: organization)
        let policies = try setup.fetch()
        #expect(policies.status == .read && policies.isKnown && policies.policiesSeen)
        #expect(policies.organizationId == "o-exampleorgid" && policies.managementAccountId == Self.management)
        #expect(policies.levels.map(\.id) == [Self.root, Self.workloads, Self.team, Self.member])
        #expect(policies.levels.map(\.kind) == [.root, .organizationalUnit, .organizationalUnit, .account])
        #expect(
            policies.levels.map { $0.scps.map(\.summary.id) } == [
                ["p-FullAWSAccess"], ["p-FullAWSAccess", "p-denydelete1"], ["p-FullAWSAccess"],
                ["p-FullAWSAccess", "p-denydelete1"],
            ])
        #expect(
            policies.levels.map { $0.rcps.map(\.summary.id) } == [
                ["p-RCPFullAWSAccess"], ["p-RCPFullAWSAccess"], ["p-RCPFullAWSAccess"],
                ["p-RCPFullAWSAccess", "p-keysinorg1"],
            ])
        #expect(policies.scpLevels?.map(\.count) == [1, 2, 1, 2])
        #expect(policies.rcpLevels?.map(\.count) == [1, 1, 1, 2])
        #expect(policies.levels[1].scps[1].document.statements.first?.sid == "KeepImages")

        let calls = try setup.calls()
        let allSigned = calls.allSatisfy { $0.signatureValid }
        #expect(allSigned)
        let counts = Dictionary(calls.map { ($0.action ?? "", 1) }, uniquingKeysWith: +)
        #expect(counts["DescribeOrganization"] == 1 && counts["ListRoots"] == 1)
        // One parent per child, each on one page: account → team → workloads → root.
        #expect(
            try calls.filter { $0.action == "ListParents" }.map { try Self.body($0)["ChildId"] } == [
                Self.member, Self.team, Self.workloads,
            ])
        // Four targets × two types, one page per attached policy (page size 1): the workloads OU's SCPs, the account's
        // SCPs and the account's RCPs take a second page asked for with the first page's NextToken.
        let listed = try calls.filter { $0.action == "ListPoliciesForTarget" }.map { try Self.body($0) }
        #expect(Set(listed.map { "\($0["TargetId"] ?? "") \($0["Filter"] ?? "")" }).count == 8)
        #expect(listed.count == 11)
        #expect(listed.filter { $0["NextToken"] != nil }.count == 3)
        let described = try calls.filter { $0.action == "DescribePolicy" }.map { try Self.body($0)["PolicyId"] ?? "" }
        #expect(described.sorted() == ["p-FullAWSAccess", "p-RCPFullAWSAccess", "p-denydelete1", "p-keysinorg1"])
    }

    /// The policy lines are in the words `--scp` and `--rcp` files get ("SCP level 0 (root): …"), one per level.
    @Test func summaryLinesNameEveryLevel() throws {
        let policies = try Setup("summary", organization: Self.organization()).fetch()
        #expect(
            policies.summary.map(ReportSentences.policyLine) == [
                "SCP level 0 (root r-ab12): FullAWSAccess (p-FullAWSAccess)",
                "SCP level 1 (OU ou-ab12-workload1): FullAWSAccess (p-FullAWSAccess), DenyImageDelete (p-denydelete1)",
                "SCP level 2 (OU ou-ab12-teamaaaa): FullAWSAccess (p-FullAWSAccess)",
                "SCP level 3 (account 222222222222): FullAWSAccess (p-FullAWSAccess), DenyImageDelete (p-denydelete1)",
                "RCP level 0 (root r-ab12): RCPFullAWSAccess (p-RCPFullAWSAccess)",
                "RCP level 1 (OU ou-ab12-workload1): RCPFullAWSAccess (p-RCPFullAWSAccess)",
                "RCP level 2 (OU ou-ab12-teamaaaa): RCPFullAWSAccess (p-RCPFullAWSAccess)",
                "RCP level 3 (account 222222222222): RCPFullAWSAccess (p-RCPFullAWSAccess), KeysInOrganization "
                    + "(p-keysinorg1)",
            ])
        #expect(policies.notes.map(ReportSentences.note).count == 2)
        #expect(
            policies.notes.map(ReportSentences.note).first
                == "SCPs of organization o-exampleorgid were read for root r-ab12 → OU ou-ab12-workload1 → OU "
                + "ou-ab12-teamaaaa → account 222222222222 and added to the evaluation")
    }

    /// The model's `Root.PolicyTypes`: "The types of policies that are currently enabled for the root and therefore
    /// can be attached"; a type that is not enabled is not listed (no ListPoliciesForTarget for it) and no policy of it
    /// applies. A type being enabled (PENDING_ENABLE) is applied: its policies may already be in force, and they can
    /// only restrict.
    @Test func policyTypesFollowTheRoot() throws {
        let setup = try Setup("types", organization: Self.organization(rcps: nil, scps: "PENDING_ENABLE"))
        let policies = try setup.fetch()
        #expect(policies.rcpStatus == nil && policies.rcpLevels == nil)
        #expect(policies.scpStatus == .pendingEnable && policies.scpLevels?.count == 4)
        let filters = try setup.calls().filter { $0.action == "ListPoliciesForTarget" }.map {
            try Self.body($0)["Filter"]
        }
        #expect(filters == Array(repeating: "SERVICE_CONTROL_POLICY", count: 4))
        #expect(
            policies.notes.map(ReportSentences.note).contains(
                "RCPs are not enabled in organization o-exampleorgid (ListRoots): none apply to account 222222222222"))
        #expect(
            policies.notes.map(ReportSentences.note).first?.hasSuffix(
                "(the root says PENDING_ENABLE: they were applied, as they may be in force)") == true)
        #expect(!policies.summary.map(ReportSentences.policyLine).contains { $0.hasPrefix("RCP") })
    }

    // MARK: - When the organization cannot be seen

    /// iam-evaluation-anchors.md §1.1 (orgs_manage_policies_scps.html#not-restricted-by-scp): SCPs do not restrict the
    /// management account, and RCPs do not govern its resources. Its chain is not read: one DescribeOrganization.
    @Test func managementAccountIsNotRestricted() throws {
        let setup = try Setup("management", caller: Self.management, organization: Self.organization())
        let policies = try setup.fetch(Self.management)
        #expect(policies.status == .managementAccount && policies.isKnown && !policies.policiesSeen)
        #expect(policies.scpLevels == nil && policies.rcpLevels == nil)
        #expect(try setup.calls().map(\.action) == ["DescribeOrganization"])
        #expect(
            policies.notes.map(ReportSentences.note) == [
                "SCPs and RCPs were not seen: account 111111111111 is the management account of organization "
                    + "o-exampleorgid, which SCPs do not restrict (and RCPs do not govern its resources); none were "
                    + "applied"
            ])
    }

    /// A member account that is no delegated administrator may describe its organization but not read its policies:
    /// AWS answers `AccessDeniedException`. The policies are then not known — never taken for none.
    @Test func refusedReadIsNotKnown() throws {
        var organization = Self.organization()
        organization.delegatedAdministrators = []
        let setup = try Setup("refused", organization: organization)
        let policies = try setup.fetch()
        guard case .notReadable(let reason) = policies.status else {
            Issue.record("expected notReadable, got \(policies.status)")
            return
        }
        #expect(reason.hasPrefix("organizations ListRoots refused: AccessDeniedException: You don't have permissions"))
        #expect(!policies.isKnown && !policies.policiesSeen && policies.scpLevels == nil)
        #expect(policies.organizationId == "o-exampleorgid")
        #expect(
            policies.notes.map(ReportSentences.note).first?.hasPrefix(
                "SCPs and RCPs were not seen: organizations ListRoots refused:") == true)
        #expect(try setup.calls().map(\.action) == ["DescribeOrganization", "ListRoots"])
        let json = policies.json.rendered()
        #expect(json.contains(#""status": "notReadable""#) && json.contains(#""policiesSeen": false"#))
    }

    /// The model's `AWSOrganizationsNotInUseException`: "Your account isn't a member of an organization." Asked with
    /// the account's own credentials (sts GetCallerIdentity names it), no SCP or RCP applies; asked about another
    /// account, it says nothing about that account's policies.
    @Test func notInAnOrganization() throws {
        let own = try Setup("no-organization", organization: FakeOrganizationsScenario())
        let policies = try own.fetch()
        #expect(policies.status == .notInOrganization && policies.isKnown)
        #expect(policies.notes.map(ReportSentences.note).first?.contains("is not a member of an organization") == true)
        #expect(try own.server.requests(own.name).requests.map(\.action).last == "GetCallerIdentity")

        let other = try Setup("no-organization-other", organization: FakeOrganizationsScenario())
        let elsewhere = try other.fetch("333333333333")
        guard case .notReadable(let reason) = elsewhere.status else {
            Issue.record("expected notReadable, got \(elsewhere.status)")
            return
        }
        #expect(reason.hasSuffix("the credentials belong to account 222222222222, not to 333333333333"))
    }

    /// An account the organization does not hold (`ChildNotFoundException`) is not readable, not "no policies".
    @Test func accountOutsideTheOrganization() throws {
        let setup = try Setup("outside", organization: Self.organization())
        let policies = try setup.fetch("444444444444")
        guard case .notReadable(let reason) = policies.status else {
            Issue.record("expected notReadable, got \(policies.status)")
            return
        }
        #expect(reason.hasPrefix("organizations ListParents refused: ChildNotFoundException"))
    }

    /// Other failures are run-time errors, one sentence naming the call: throttling past the standard retry mode's
    /// three attempts (`TooManyRequestsException` is Organizations' throttling), and a policy the strict parser refuses
    /// (named by policy, with the parser's reason).
    @Test func otherFailuresAreErrors() throws {
        var throttled = Self.organization()
        throttled.faults = Array(
            repeating: .init(operation: "ListParents", code: "TooManyRequestsException", message: "Rate exceeded"),
            count: 3)
        let setup = try Setup("throttled", organization: throttled)
        let error = #expect(throws: RuntimeError.self) { try setup.fetch() }
        #expect(
            error?.message.hasPrefix("organizations ListParents failed: TooManyRequestsException: Rate exceeded")
                == true)
        #expect(setup.sleeper.sleeps.count == 2)

        var broken = Self.organization()
        broken.policies["p-denydelete1"]?.content = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]}"#
        let brokenSetup = try Setup("broken", organization: broken)
        let parse = #expect(throws: RuntimeError.self) { try brokenSetup.fetch() }
        #expect(
            parse?.message.hasPrefix("organizations DescribePolicy: policy 'SCP 'DenyImageDelete' (p-denydelete1)'")
                == true)
    }

    // MARK: - check --from-account --from-organization

    /// reference_policies_evaluation-logic.md: "If an SCP is present, identity-based and resource-based policies
    /// grant permissions to principals in member accounts only if those policies and the SCP allow the action"; an
    /// explicit deny in an SCP denies. The role allows everything; the OU's SCP denies imagebuilder:DeleteImage.
    @Test func anSCPDeniesWhatTheRoleAllows() throws {
        let setup = try Setup("check-deny", organization: Self.organization())
        let report = try setup.check(["get_resource", "delete_resource"])
        let verdicts = report.operations.map(\.verdict)
        #expect(verdicts == [.allowed, .denied])
        let delete = try #require(
            report.operations.last?.requests.first { $0.request.action == "imagebuilder:DeleteImage" })
        #expect(delete.decision?.decision == .explicitDeny)
        #expect(delete.decision?.matchedStatements.contains { $0.policyType == .scp && $0.sid == "KeepImages" } == true)
        let sentence = ReportSentences.outcome(delete)
        #expect(sentence.contains("is explicitly denied by scp[") && sentence.contains("(Sid \"KeepImages\")"))
        #expect(
            report.policySummary.map(ReportSentences.policyLine).contains(
                "SCP level 1 (OU ou-ab12-workload1): FullAWSAccess (p-FullAWSAccess), DenyImageDelete (p-denydelete1)"))
        #expect(report.organization?.status == .read)
        let json = report.json.rendered()
        #expect(json.contains(#""organization": {"#) && json.contains(#""policiesSeen": true"#))
        // The organization's calls are counted with the others.
        #expect((report.statistics?.calls ?? 0) == (try setup.server.requests(setup.name).requests.count))
    }

    /// Fail closed when the organization cannot be read: SCPs only take permissions away, so an allow is undetermined
    /// (the SCPs not seen may deny it), a denial stays denied; the report says plainly that SCPs and RCPs were not seen.
    @Test func unreadableOrganizationMakesAllowsUndetermined() throws {
        var organization = Self.organization()
        organization.delegatedAdministrators = []
        let setup = try Setup("check-refused", organization: organization)
        let report = try setup.check(["get_resource"])
        #expect(report.overall == .undetermined)
        let get = try #require(report.operations.first?.requests.first { $0.request.action == "imagebuilder:GetImage" })
        #expect(get.verdict == .undetermined && get.decision?.decision == .allowed)
        guard case .organizationPoliciesNotSeen(let statement) = get.evidence else {
            Issue.record("expected organizationPoliciesNotSeen, got \(get.evidence)")
            return
        }
        #expect(statement?.sid == "All")
        #expect(
            ReportSentences.outcome(get).hasSuffix(
                "but the organization's SCPs and RCPs were not seen, and they may deny it"))
        #expect(
            report.notes.map(ReportSentences.note).contains {
                $0.hasPrefix("SCPs and RCPs were not seen: organizations ListRoots refused: AccessDeniedException")
            })
        #expect(report.json.rendered().contains(#""status": "notReadable""#))
    }

    /// A management-account principal: SCPs do not apply, so its allows stand (and the report says why none were seen).
    @Test func managementAccountAllowsStand() throws {
        let setup = try Setup("check-management", caller: Self.management, organization: Self.organization())
        let report = try setup.check(["get_resource"])
        #expect(report.overall == .allowed)
        #expect(report.organization?.status == .managementAccount)
        #expect(
            report.notes.map(ReportSentences.note).contains {
                $0.contains("is the management account of organization o-exampleorgid")
            })
    }

    // MARK: - Options

    /// `--from-organization` goes with `--from-account` only, replaces `--scp`/`--rcp`, and reads the RCPs of the
    /// principal's account, so `--account` may not name another; `--organization-profile` needs it. Each is one
    /// sentence, before any call.
    @Test func optionsAreChecked() throws {
        var options = CheckOptions()
        options.principal = Self.role
        options.fromOrganization = true
        options.scps = ["policies/examples/scp-deny-delete.json"]
        let access = AWSAccessOptions(environment: Environment(variables: [:]))
        let files = #expect(throws: InputError.self) { try CheckRunner.run(options, mode: .fromAccount, aws: access) }
        #expect(
            files?.message.hasPrefix("--from-organization reads the SCPs and RCPs from AWS Organizations: drop --scp")
                == true)
        options.scps = []
        for mode in [CheckMode.live, .compare, .offline] {
            let error = #expect(throws: InputError.self) { try CheckRunner.run(options, mode: mode, aws: access) }
            #expect(error?.message.hasPrefix("--from-organization works with --from-account only") == true)
        }
        options.fromOrganization = false
        options.organizationProfile = "management"
        let profile = #expect(throws: InputError.self) { try CheckRunner.run(options, mode: .fromAccount, aws: access) }
        #expect(profile?.message == "--organization-profile applies to --from-organization")

        let setup = try Setup("check-account", organization: Self.organization())
        let account = #expect(throws: InputError.self) {
            try setup.check(["get_resource"]) { $0.account = "333333333333" }
        }
        #expect(
            account?.message.hasPrefix(
                "--from-organization reads the SCPs and RCPs of the principal's account 222222222222, but --account")
                == true)
        #expect(try setup.calls().isEmpty)
    }
}

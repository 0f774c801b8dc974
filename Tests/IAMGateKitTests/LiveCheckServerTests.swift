import AWSCore
import AWSTestSupport
import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// `check --live`, `--from-account` and `--compare` through `CheckRunner` against `scripts/fake-aws-server.py`, which
/// verifies every signature, answers SimulatePrincipalPolicy from rules and serves recorded authorization details.
/// Each test starts its own server and stops it before returning; retries wait on a recording sleeper.
@Suite("Live check against the fake AWS server")
struct LiveCheckServerTests {
    static let account = "111122223333"
    static let role = "arn:aws:iam::111122223333:role/ci-deployer"
    static let session = "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42"
    static let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "live-test-secret")
    static let sql = packageRoot.appendingPathComponent("policies/examples/sql/deploy-image.iql").path

    /// The role's only policy: everything, except deleting images (explicit deny).
    static let policy = """
        {"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"*","Resource":"*"},\
        {"Sid":"NoDelete","Effect":"Deny","Action":"imagebuilder:DeleteImage","Resource":"*"}]}
        """

    /// One page of GetAccountAuthorizationDetails lists with the role, its document URL-encoded as the API sends it.
    static var authorizationDetails: String {
        let encoded = policy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return """
            <UserDetailList/><GroupDetailList/>
            <RoleDetailList><member><Path>/</Path><RoleName>ci-deployer</RoleName><RoleId>AROAEXAMPLE</RoleId>
            <Arn>\(role)</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>
            <RolePolicyList><member><PolicyName>deploy</PolicyName><PolicyDocument>\(encoded)</PolicyDocument></member>
            </RolePolicyList><AttachedManagedPolicies/><Tags/></member></RoleDetailList><Policies/>
            """
    }

    /// What AWS answers when it agrees with the policy above.
    static let agreeingRules: [FakeAWSScenario.Rule] = [
        .init(
            action: "imagebuilder:DeleteImage", decision: .explicitDeny,
            matchedStatements: [.init(sourcePolicyId: "deploy", sourcePolicyType: "role", start: [1, 110])]),
        .init(
            action: "*", decision: .allowed,
            matchedStatements: [.init(sourcePolicyId: "deploy", sourcePolicyType: "role", start: [1, 38])]),
    ]

    struct Setup {
        let server: FakeAWSServer
        let sleeper = RecordingSleeper()
        let name: String

        init(_ name: String, rules: [FakeAWSScenario.Rule] = agreeingRules, faults: [FakeAWSScenario.Fault] = [])
            throws
        {
            self.name = name
            server = try FakeAWSServer(timeout: 120)
            try server.configure(
                scenario: name,
                FakeAWSScenario(
                    accepting: LiveCheckServerTests.credentials,
                    identity: .init(account: account, arn: session, userId: "AROAEXAMPLE:build-42"),
                    simulate: .init(rules: rules), authorizationDetails: [LiveCheckServerTests.authorizationDetails],
                    faults: faults))
        }

        var access: AWSAccessOptions {
            var options = AWSAccessOptions(
                region: "us-east-1", endpointURL: server.endpoint(for: name).absoluteString,
                environment: Environment(
                    variables: [
                        "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
                        "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                        "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/creds",
                    ]))
            options.sleeper = sleeper
            return options
        }

        func run(_ mode: CheckMode, sql: Bool = true, principal: String? = nil) throws -> CheckReport {
            var options = CheckOptions()
            options.principal = principal
            if sql {
                options.sqlFile = LiveCheckServerTests.sql
                options.variables = ["region=us-east-1", "env=prod"]
            }
            return try CheckRunner.run(options, mode: mode, aws: access)
        }
    }

    static func verdicts(_ report: CheckReport) -> [String: Verdict] {
        Dictionary(uniqueKeysWithValues: report.operations.map { ($0.operation, $0.verdict) })
    }

    /// The five operations (no SQL) go to AWS in one SimulatePrincipalPolicy call per distinct request context, every
    /// request signed correctly; the caller's session is simulated as its role.
    @Test func fiveOperationsInFewCalls() throws {
        let setup = try Setup("five")
        defer { setup.server.stop() }
        let report = try setup.run(.live, sql: false, principal: Self.role)
        let log = try setup.server.requests("five")
        let simulations = log.requests.filter { $0.action == "SimulatePrincipalPolicy" }
        #expect(log.rejected == 0 && log.requests.allSatisfy(\.signatureValid))
        #expect(simulations.allSatisfy { $0.params["PolicySourceArn"] == Self.role })
        let asked = report.operations.flatMap(\.requests).filter { $0.live != nil }.count
        #expect(asked >= 20)
        #expect(simulations.count <= 5)
        #expect(report.statistics?.calls == simulations.count)
        #expect(report.source == .live)
        // Partly known image ARNs cannot be decided by the simulator: undetermined, never allowed.
        #expect(Self.verdicts(report)["get_resource"] == .undetermined)
    }

    /// standard retry mode (aws-wire-formats.md, retries): Throttling is retried with backoff; two throttles then
    /// success give the answer after two waits, and the report counts them.
    @Test func throttlingIsRetried() throws {
        let throttle = FakeAWSScenario.Fault.error(400, "Throttling", "Rate exceeded")
        let setup = try Setup("throttle", faults: [throttle, throttle])
        defer { setup.server.stop() }
        let report = try setup.run(.live, principal: Self.role)
        #expect(setup.sleeper.sleeps.count == 2)
        #expect(report.statistics?.retries == 2)
        #expect(Self.verdicts(report)["delete_resource"] == .denied)
    }

    /// `--from-account`: the caller (a session) is found in the fetched details by its role and evaluated locally.
    @Test func fromAccountEvaluatesTheFetchedPolicies() throws {
        let setup = try Setup("account")
        defer { setup.server.stop() }
        let report = try setup.run(.fromAccount)
        #expect(report.principal == Self.session)
        #expect(report.source == .local)
        #expect(Self.verdicts(report)["delete_resource"] == .denied)
        #expect(Self.verdicts(report)["get_resource"] == .allowed)
        #expect(report.policySummary.first == .inlinePolicy(name: "deploy", holder: .role))
        let actions = try setup.server.requests("account").requests.compactMap(\.action)
        #expect(actions == ["GetAccountAuthorizationDetails", "GetCallerIdentity"])
    }

    /// `--compare` where AWS answers as the local engine decides: every request agrees.
    @Test func compareAgrees() throws {
        let setup = try Setup("agree")
        defer { setup.server.stop() }
        let report = try setup.run(.compare)
        #expect(report.source == .compare)
        #expect(report.disagreements.isEmpty)
        #expect(report.operations.flatMap(\.requests).contains { $0.comparison?.agree == true })
        #expect(Self.verdicts(report)["delete_resource"] == .denied)
        // The INSERT's image ARN is partly known: the local analysis of every ARN it can be decides (AWS's answer on
        // the literal text is only compared), so the allow-everything role may create.
        #expect(Self.verdicts(report)["create_resource"] == .allowed)
    }

    /// `--compare` where AWS denies what the local engine allows: listed with both sides, and the worse verdict wins.
    @Test func compareDisagrees() throws {
        let passRoleDenied = FakeAWSScenario.Rule(action: "iam:PassRole", decision: .implicitDeny)
        let setup = try Setup("differ", rules: [passRoleDenied] + Self.agreeingRules)
        defer { setup.server.stop() }
        let report = try setup.run(.compare)
        let differing = report.disagreements
        #expect(!differing.isEmpty && differing.allSatisfy { $0.request.action == "iam:PassRole" })
        #expect(differing.first?.comparison?.local.decision == .allowed)
        #expect(differing.first?.live?.decision == .implicitDeny)
        #expect(Self.verdicts(report)["create_resource"] == .denied)
        let text = CheckReportText.render(report, style: Style(enabled: false))
        #expect(text.contains("local and AWS disagree on \(differing.count) of"))
        #expect(text.contains("AWS:            implicitDeny — AWS denies it implicitly"))
    }

    /// SimulatePrincipalPolicy applies the organization's real SCPs, which a local check from the account cannot see:
    /// AWS's `OrganizationsDecisionDetail` names them as the blocker in the disagreement.
    @Test func anSCPOnlyAWSSeesIsNamed() throws {
        let scp = FakeAWSScenario.Rule(
            action: "iam:PassRole", decision: .implicitDeny, allowedByOrganizations: false)
        let setup = try Setup("scp", rules: [scp] + Self.agreeingRules)
        defer { setup.server.stop() }
        let report = try setup.run(.compare)
        let differing = try #require(report.disagreements.first)
        #expect(differing.live?.allowedByOrganizations == false)
        #expect(differing.live?.explanation == "AWS denies it implicitly (the organization's SCPs do not allow it)")
    }

    /// AWS refusing the signature is one sentence with the code and request id (exit 1 in the CLI), never retried.
    @Test func aWrongSecretIsOneSentence() throws {
        let setup = try Setup("wrong")
        defer { setup.server.stop() }
        var access = setup.access
        access.environment.variables["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        var options = CheckOptions()
        options.principal = Self.role
        do {
            _ = try CheckRunner.run(options, mode: .live, aws: access)
            Issue.record("a wrong secret must fail")
        } catch let error as RuntimeError {
            #expect(
                error.message.hasPrefix("iam SimulatePrincipalPolicy for \(Self.role) failed: SignatureDoesNotMatch"))
            #expect(error.message.contains("(request "))
            #expect(!error.message.contains("not-the-secret"))
        }
        #expect(setup.sleeper.sleeps.isEmpty)
    }
}

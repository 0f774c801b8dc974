import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// The live commands end to end: the built binary against the signature-verifying fake AWS server
/// (`scripts/fake-aws-server.py`, one per suite) with keys in the environment, as a user runs them.
@Suite("iamgate whoami and check with AWS", .sharedFakeAWSServer)
struct LiveCommandTests {
    static let account = "111122223333"
    static let role = "arn:aws:iam::111122223333:role/ci-deployer"
    static let session = "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42"
    static let keyId = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "cli-live-secret-value"
    static let statements = [
        "--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var", "env=prod",
    ]
    static let allowAllButDelete: [FakeAWSScenario.Rule] = [
        .init(
            action: "imagebuilder:DeleteImage", decision: .explicitDeny,
            matchedStatements: [.init(sourcePolicyId: "boundary", sourcePolicyType: "permissions boundary")]),
        .init(action: "*", decision: .allowed, matchedStatements: [.init(sourcePolicyId: "deploy")]),
    ]

    /// Installs scenario `name` and returns its endpoint.
    static func scenario(_ name: String, rules: [FakeAWSScenario.Rule] = allowAllButDelete, details: String? = nil)
        throws -> String
    {
        let server = try #require(FakeAWSServer.shared)
        try server.configure(
            scenario: name,
            FakeAWSScenario(
                credentials: [keyId: .init(secret: secret)],
                identity: .init(account: account, arn: session, userId: "AROAEXAMPLE:build-42"),
                simulate: .init(rules: rules), authorizationDetails: details.map { [$0] }))
        return server.endpoint(for: name).absoluteString
    }

    /// The environment of a user with keys exported and no AWS files.
    static func environment(secret: String = secret) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": keyId, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/nonexistent/iamgate-test-config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/iamgate-test-credentials", "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    static func run(_ arguments: [String], secret: String = secret) throws -> CLIResult {
        try CLI.run(arguments, environment: environment(secret: secret))
    }

    @Test("whoami names the caller, the role it is checked as, and the credential source")
    func whoami() throws {
        let endpoint = try Self.scenario("whoami")
        let result = try Self.run(["whoami", "--endpoint-url", endpoint])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("account      111122223333"))
        #expect(result.stdout.contains("caller       \(Self.session)"))
        #expect(result.stdout.contains("principal    \(Self.role) (checked for)"))
        #expect(result.stdout.contains("credentials  environment, key AKIA…MPLE"))
        #expect(!result.stdout.contains(Self.secret) && !result.stderr.contains(Self.secret))

        let json = try Self.run(["whoami", "--endpoint-url", endpoint, "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["arn"] as? String == Self.session)
        #expect(object["credentialSource"] as? String == "environment")
    }

    @Test("whoami finds the role's path with GetRole (the session ARN does not carry it)")
    func whoamiRolePath() throws {
        let server = try #require(FakeAWSServer.shared)
        var scenario = FakeAWSScenario(
            credentials: [Self.keyId: .init(secret: Self.secret)],
            identity: .init(account: Self.account, arn: Self.session, userId: "AROAEXAMPLE:build-42"))
        scenario.roles = ["ci-deployer": "arn:aws:iam::111122223333:role/pipelines/ci-deployer"]
        try server.configure(scenario: "role-path", scenario)
        let result = try Self.run(["whoami", "--endpoint-url", server.endpoint(for: "role-path").absoluteString])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("principal    arn:aws:iam::111122223333:role/pipelines/ci-deployer (checked for)"))
        #expect(!result.stdout.contains("note"))
    }

    @Test("--debug logs every exchange with the signature, token and keys redacted")
    func debugLogIsRedacted() throws {
        let endpoint = try Self.scenario("debug")
        let result = try Self.run(["whoami", "--endpoint-url", endpoint, "--debug"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("iamgate: debug: > POST \(endpoint)"))
        #expect(result.stderr.contains("> Authorization: <redacted>"))
        #expect(result.stderr.contains("< HTTP 200 from 127.0.0.1:"))
        #expect(!result.stderr.contains(Self.secret))
        #expect(!result.stderr.contains("Signature="))
    }

    @Test("on a terminal, stderr shows what AWS is being asked; in a pipe it stays quiet")
    func progressOnATerminal() throws {
        let endpoint = try Self.scenario("progress")
        let command = [CLI.binary.path, "check", "--live", "--principal", Self.role, "--endpoint-url", endpoint]
            .map { "'\($0)'" }.joined(separator: " ")
        // script(1) runs the command on a pseudo-terminal, as a user's shell would.
        let result = try CLI.run(
            ["-qec", command, "/dev/null"], environment: Self.environment(),
            executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.stdout.contains("asking AWS (iam SimulatePrincipalPolicy): call 1 of "))
        #expect(result.stdout.contains("\u{1B}[2K"))
        let piped = try Self.run(["check", "--live", "--principal", Self.role, "--endpoint-url", endpoint])
        #expect(!piped.stderr.contains("asking AWS"))
    }

    @Test("a wrong secret is one sentence with AWS's code and request id, exit 1")
    func wrongSecret() throws {
        let endpoint = try Self.scenario("wrong-secret")
        let result = try Self.run(["whoami", "--endpoint-url", endpoint], secret: "not-the-right-secret")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.hasPrefix("iamgate: error: sts GetCallerIdentity failed: SignatureDoesNotMatch: "))
        #expect(result.stderr.contains("(request "))
        #expect(!result.stderr.contains("not-the-right-secret"))
    }

    @Test("no credentials anywhere is one sentence naming what was tried, exit 1")
    func noCredentials() throws {
        var environment = Self.environment()
        environment["AWS_ACCESS_KEY_ID"] = nil
        environment["AWS_SECRET_ACCESS_KEY"] = nil
        let result = try CLI.run(
            ["check", "--live", "--principal", Self.role],
            environment: environment.merging(["HOME": "/nonexistent"]) { $1 })
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("iamgate: error: cannot find AWS credentials: no credentials found (tried: "))
    }

    @Test("check --live: AWS decides each statement's requests (delete explicitly denied: exit 2)")
    func live() throws {
        let endpoint = try Self.scenario("live")
        let result = try Self.run(
            ["check", "--live", "--principal", Self.role, "--endpoint-url", endpoint, "--format", "json"]
                + Self.statements)
        #expect(result.status == 2, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["source"] as? String == "live")
        let operations = try #require(report["operations"] as? [[String: Any]])
        let verdicts = Dictionary(
            uniqueKeysWithValues: operations.map { ($0["operation"] as? String ?? "", $0["verdict"] as? String ?? "") })
        #expect(verdicts["delete_resource"] == "denied")
        #expect(verdicts["get_resource"] == "allowed")
        // The INSERT's image build number is unknown: the simulator cannot decide the real ARN.
        #expect(verdicts["create_resource"] == "undetermined")
        let calls = try #require(report["awsCalls"] as? [String: Int])
        #expect(calls["retries"] == 0)
        let log = try #require(FakeAWSServer.shared).requests("live")
        #expect(calls["calls"] == log.requests.count && log.rejected == 0)
    }

    /// Issue 11: every input file is read once. A policy on standard input was read three times in live modes (the
    /// preflight, the principal's inputs, the simulation), so the second read found it empty and the check failed.
    @Test("--live --policy - reads the policy from standard input once and sends it to the simulator")
    func policyFromStandardInput() throws {
        let endpoint = try Self.scenario("live-stdin")
        let policy = try Data(contentsOf: packageRoot.appendingPathComponent("policies/examples/ci-deployer.json"))
        let result = try CLI.run(
            [
                "check", "--live", "--principal", Self.role, "--endpoint-url", endpoint, "--policy", "-",
                "--operation", "get_resource", "--region", "us-east-1",
            ], stdin: policy, environment: Self.environment())
        // The simulator answers for the partly known image ARN's text only: undetermined (exit 3), not an error.
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("identity policy - (added to the simulation)"))
        #expect(result.stdout.contains("AWS allows it (matched: deploy)"))
        let log = try #require(FakeAWSServer.shared).requests("live-stdin")
        let simulations = log.requests.filter { $0.action == "SimulatePrincipalPolicy" }
        #expect(!simulations.isEmpty)
        for call in simulations {
            #expect(call.params["PolicyInputList.member.1"] == String(decoding: policy, as: UTF8.self))
        }
        // The statements on standard input are read once too (the preflight before the first AWS call read them,
        // and the plan read them again).
        let statement = Data(
            "SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = 'arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1';"
                .utf8)
        let sql = try CLI.run(
            ["check", "--live", "--principal", Self.role, "--endpoint-url", endpoint, "--sql-file", "-"],
            stdin: statement, environment: Self.environment())
        #expect(sql.status == 0, "\(sql.stdout)\(sql.stderr)")
        #expect(sql.stdout.contains("get_resource  SELECT  -:1"))
        // Standard input is one input: two flags cannot both read it.
        let twice = try CLI.run(
            ["check", "--principal", Self.role, "--policy", "-", "--boundary", "-"], stdin: policy,
            environment: Self.environment())
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("standard input ('-') can be read by one flag only"))
    }

    /// `aws iam get-account-authorization-details` output for role ci-deployer: everything but deleting images.
    static let details = """
        {"UserDetailList": [], "GroupDetailList": [], "Policies": [],
         "RoleDetailList": [{"Path": "/", "RoleName": "ci-deployer", "RoleId": "AROAEXAMPLE",
           "Arn": "arn:aws:iam::111122223333:role/ci-deployer", "CreateDate": "2024-01-01T00:00:00Z",
           "RolePolicyList": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
             {"Effect": "Allow", "Action": "*", "Resource": "*"},
             {"Effect": "Deny", "Action": "imagebuilder:DeleteImage", "Resource": "*"}]}}],
           "AttachedManagedPolicies": [], "Tags": []}]}
        """

    @Test("check --compare: agreement exits with the verdict; a disagreement lists both sides and exits 4")
    func compare() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("details.json")
        try Data(Self.details.utf8).write(to: file)
        let local = ["check", "--compare", "--authorization-details", file.path, "--principal", Self.session]

        let agreeingEndpoint = try Self.scenario("compare")
        let agreeing = try Self.run(local + ["--endpoint-url", agreeingEndpoint] + Self.statements)
        #expect(agreeing.status == 2, "\(agreeing.stdout)\(agreeing.stderr)")
        #expect(agreeing.stdout.contains("local and AWS agree on all"))

        let passRole = FakeAWSScenario.Rule(action: "iam:PassRole", decision: .implicitDeny)
        let differingEndpoint = try Self.scenario("compare-differ", rules: [passRole] + Self.allowAllButDelete)
        let differing = try Self.run(local + ["--endpoint-url", differingEndpoint] + Self.statements)
        #expect(differing.status == 4, "\(differing.stderr)")
        #expect(differing.stdout.contains("local and AWS disagree on 1 of"))
        #expect(differing.stdout.contains("  ≠ iam:PassRole on arn:aws:iam::111122223333:role/ImageBuilderExecution"))
        #expect(differing.stdout.contains("      local (strict): allowed — "))
        #expect(differing.stdout.contains("      AWS:            implicitDeny — AWS denies it implicitly"))
    }

    @Test("inputs AWS's simulator cannot take, and mode combinations, are usage errors (exit 64)")
    func refusedCombinations() throws {
        let scp = try Self.run([
            "check", "--live", "--principal", Self.role, "--scp", "policies/examples/scp-full-access.json",
        ])
        #expect(scp.status == 64)
        #expect(scp.stderr.contains("--scp cannot be used with --live"))
        let both = try Self.run(["check", "--live", "--compare", "--principal", Self.role])
        #expect(both.status == 64)
        #expect(both.stderr.contains("give one of --live, --from-account and --compare"))
        let offline = try Self.run(["check", "--principal", Self.role, "--profile", "ci"])
        #expect(offline.status == 64)
        // Bad input is found before any call: no endpoint is given, so a call would have gone to AWS and failed.
        let badSQL = try Self.run(["check", "--live", "--principal", Self.role, "--sql", "SELEC * FROM x"])
        #expect(badSQL.status == 64, "\(badSQL.stderr)")
        #expect(badSQL.stderr.hasPrefix("iamgate: error: sql '--sql' line 1:1: unknown statement 'SELEC'"))
    }

    @Test("a server that is not there is one sentence after the retries, exit 1")
    func unreachable() throws {
        let port = try LocalPort.unused()
        let result = try Self.run([
            "check", "--live", "--principal", Self.role, "--endpoint-url", "http://127.0.0.1:\(port)/",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("iamgate: error: iam SimulatePrincipalPolicy for \(Self.role) failed: "))
        #expect(result.stderr.contains("(after 3 attempts)"))
    }
}

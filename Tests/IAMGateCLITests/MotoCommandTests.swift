import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// `iamgate whoami` and `check --from-account` against moto: a real IAM and STS that stores what the test creates and
/// checks every signature (and the caller's IAM policies) once the fixtures are in place. Keys come from the
/// environment or from profiles in temporary AWS config files, as a user's would.
@Suite("iamgate against moto")
struct MotoCommandTests {
    static let account = MotoServer.accountId
    static let deployerPolicy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Deploy", "Effect": "Allow", "Action": ["cloudformation:*", "imagebuilder:*", "iam:*", "sts:*"],
           "Resource": "*"},
          {"Sid": "KeepImages", "Effect": "Deny", "Action": "imagebuilder:DeleteImage", "Resource": "*"}]}
        """
    static let builderPolicy = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
          "iam:GetRole", "iam:GetAccountAuthorizationDetails", "sts:GetCallerIdentity",
          "cloudformation:GetResource", "imagebuilder:GetImage"]}]}
        """

    /// One moto with user `deployer` (an access key, an inline policy, a group) and role `/build/Builder` that
    /// `deployer` may assume; signatures required from then on.
    struct Account {
        let moto: MotoServer
        let credentials: AWSCredentials
        let userARN: String
        let roleARN: String

        init() throws {
            moto = try MotoServer(timeout: 180)
            userARN = try moto.createUser("deployer")
            try moto.putUserPolicy(user: "deployer", name: "deploy", document: MotoCommandTests.deployerPolicy)
            try moto.createGroup("builders")
            try moto.addUserToGroup(user: "deployer", group: "builders")
            let trust =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\#(userARN)"},"#
                + #""Action":"sts:AssumeRole"}]}"#
            roleARN = try moto.createRole("Builder", trustPolicy: trust, path: "/build/")
            try moto.putRolePolicy(role: "Builder", name: "build", document: MotoCommandTests.builderPolicy)
            credentials = try moto.createAccessKey(user: "deployer")
            try moto.requireSignatures()
        }

        /// Keys in the environment, no AWS files, no instance metadata.
        func environment(secret: String? = nil) -> [String: String] {
            [
                "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
                "AWS_SECRET_ACCESS_KEY": secret ?? credentials.secretAccessKey, "AWS_REGION": "us-east-1",
                "AWS_CONFIG_FILE": "/nonexistent/iamgate-config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/creds",
                "AWS_EC2_METADATA_DISABLED": "true",
            ]
        }

        var endpoint: [String] { ["--endpoint-url", moto.endpoint.absoluteString] }
    }

    @Test("whoami and check --from-account with real keys; a wrong secret is SignatureDoesNotMatch")
    func keysFromTheEnvironment() throws {
        let account = try Account()
        defer { account.moto.stop() }
        let whoami = try CLI.run(["whoami"] + account.endpoint, environment: account.environment())
        #expect(whoami.status == 0, "\(whoami.stderr)")
        #expect(whoami.stdout.contains("caller       \(account.userARN)"))
        #expect(whoami.stdout.contains("credentials  environment"))

        let check = try CLI.run(
            [
                "check", "--from-account", "--operation", "get_resource", "--operation", "delete_resource", "--format",
                "json",
            ] + account.endpoint,
            environment: account.environment())
        #expect(check.status == 2, "\(check.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(report["principal"] as? String == account.userARN)
        let operations = try #require(report["operations"] as? [[String: Any]])
        #expect(operations.map { $0["verdict"] as? String } == ["allowed", "denied"])
        #expect((report["policies"] as? [String])?.first == "inline policy 'deploy' (user)")

        let wrong = try CLI.run(
            ["check", "--from-account"] + account.endpoint, environment: account.environment(secret: "wrong-secret"))
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr.hasPrefix("iamgate: error: iam GetAccountAuthorizationDetails failed: SignatureDoesNotMatch"))
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        #expect(!wrong.stderr.contains("wrong-secret"))
    }

    @Test("a profile with role_arn assumes the role through moto's STS; the session is checked as the role")
    func assumeRoleProfile() throws {
        let account = try Account()
        defer { account.moto.stop() }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config")
        let credentials = directory.appendingPathComponent("credentials")
        try Data(
            """
            [profile builder]
            role_arn = \(account.roleARN)
            source_profile = base
            role_session_name = build-7
            region = us-east-1
            """.utf8
        ).write(to: config)
        try Data(
            """
            [base]
            aws_access_key_id = \(account.credentials.accessKeyId)
            aws_secret_access_key = \(account.credentials.secretAccessKey)
            """.utf8
        ).write(to: credentials)
        let environment = [
            "AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": credentials.path,
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ]
        let whoami = try CLI.run(["whoami", "--profile", "builder"] + account.endpoint, environment: environment)
        #expect(whoami.status == 0, "\(whoami.stderr)")
        #expect(whoami.stdout.contains("caller       arn:aws:sts::\(Self.account):assumed-role/Builder/build-7"))
        // GetRole gives the role's path, which the session ARN does not carry.
        #expect(whoami.stdout.contains("principal    \(account.roleARN) (checked for)"))
        #expect(whoami.stdout.contains("credentials  assume role"))
        #expect(whoami.stdout.contains("profile      builder (--profile)"))

        let check = try CLI.run(
            ["check", "--from-account", "--profile", "builder", "--operation", "get_resource"] + account.endpoint,
            environment: environment)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("get_resource  SELECT  —          allowed"))
    }

    /// `audit --from-account`: the account's users and roles fetched with GetAccountAuthorizationDetails, each checked
    /// locally. `reference_policies_evaluation-logic.md`: the deployer's explicit Deny wins over its Allow.
    @Test("audit --from-account checks every user and role moto holds")
    func auditFromAccount() throws {
        let account = try Account()
        defer { account.moto.stop() }
        let audit = try CLI.run(
            [
                "audit", "--from-account", "--operation", "get_resource", "--operation", "delete_resource", "--format",
                "json",
            ] + account.endpoint,
            environment: account.environment())
        #expect(audit.status == 0, "\(audit.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let principals = try #require(report["principals"] as? [[String: Any]])
        #expect(principals.map { $0["principal"] as? String } == [account.userARN, account.roleARN])
        let verdicts = principals.map { principal in
            (principal["operations"] as? [[String: Any]] ?? []).map { $0["verdict"] as? String ?? "" }
        }
        #expect(verdicts == [["allowed", "denied"], ["allowed", "denied"]])
        #expect(principals.first?["groups"] as? [String] == ["builders"])
        let inputs = report["inputs"] as? [String] ?? []
        #expect(inputs.first?.hasPrefix("authorization details GetAccountAuthorizationDetails: account ") == true)
    }

    /// Issue 14 (see NoSecretTests): the base profile's secret key, and the session credentials moto's STS hands out
    /// (their tokens start with moto's fixed prefix), appear nowhere, not even in the `--debug` wire log of the
    /// AssumeRole exchange.
    @Test("a role assumed through a profile: no secret key or session token in any output")
    func assumedRoleKeepsSecrets() throws {
        let account = try Account()
        defer { account.moto.stop() }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config")
        let credentials = directory.appendingPathComponent("credentials")
        try Data("[profile builder]\nrole_arn = \(account.roleARN)\nsource_profile = base\nregion = us-east-1\n".utf8)
            .write(to: config)
        try Data(
            """
            [base]
            aws_access_key_id = \(account.credentials.accessKeyId)
            aws_secret_access_key = \(account.credentials.secretAccessKey)
            """.utf8
        ).write(to: credentials)
        let environment = [
            "AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": credentials.path,
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ]
        // The role may not simulate: --live ends in AccessDenied, whose message is checked too.
        let runs: [(arguments: [String], status: Int32)] = [
            (["whoami", "--profile", "builder", "--debug"], 0),
            (
                [
                    "check", "--from-account", "--profile", "builder", "--operation", "get_resource", "--debug",
                    "--format", "json",
                ], 0
            ),
            (["check", "--live", "--profile", "builder", "--operation", "get_resource", "--debug"], 1),
        ]
        // moto's session tokens all start with this prefix (moto/sts/utils.py SESSION_TOKEN_PREFIX).
        let forbidden = [account.credentials.secretAccessKey, "FQoGZXIvYXdzEBYaD"]
        for (arguments, status) in runs {
            let result = try CLI.run(arguments + account.endpoint, environment: environment)
            #expect(result.status == status, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("> POST"), "\(arguments): no wire log")
            #expect(result.stderr.contains("X-Amz-Security-Token: <redacted>"), "\(arguments): no session token sent")
            for secret in forbidden {
                #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(arguments): '\(secret)'")
            }
        }
    }
}

import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// Issue 14: no secret in any output. Every command that can touch credentials runs as a user runs it — the built
/// binary against the signature-verifying fake AWS server and its Cloud Control stand-in, or against moto — with a
/// secret access key and a session token that are easy to recognise, and everything it leaves behind is searched for
/// them: stdout, stderr (with `--debug`, the wire log), the reports in every format, saved plans and audit logs.
@Suite("no secret in any output", .sharedFakeAWSServer)
struct NoSecretTests {
    static let account = "111122223333"
    static let role = "arn:aws:iam::111122223333:role/ci-deployer"
    static let session = "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42"
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1"
    static let keyId = "AKIANOSECRETEXAMPLE1"
    /// Real secrets hold `/`, `+` and `=`, which change when percent-encoded or JSON-escaped; the markers
    /// (`SECRETzq7`, `TOKENzq7`, `WRONGzq7`) are letters and digits, which no encoding changes, so a piece of a value
    /// is caught too.
    static let secret = "ns7SECRETzq7/Access+Key=8c1f0b9e4d2a6e3f5b7c"
    static let token = "IQoJns7TOKENzq7/Session+Token=a9f3e1c5b2d8a6f4e0c7b1d3"
    static let wrongSecret = "ns7WRONGzq7/Not+The=Key4d2a6e3f5b7c8c1f0b9e"
    static let markers = ["SECRETzq7", "TOKENzq7", "WRONGzq7"]

    /// Every form a secret could take in output: as is, percent-encoded (a form body or query), JSON-escaped (`\/`),
    /// and each marker.
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    static var forbidden: [String] {
        [secret, token, wrongSecret].flatMap { value in
            [
                value, value.replacingOccurrences(of: "/", with: "\\/"),
                value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value,
                value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value,
            ]
        } + markers
    }

    static let deployer = [
        "--principal", session, "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]
    static let build = [
        "--sql-file", "policies/examples/sql/build-image.iql", "--var", "region=us-east-1", "--var", "env=prod",
    ]
    static let allowAllButDelete: [FakeAWSScenario.Rule] = [
        .init(action: "imagebuilder:DeleteImage", decision: .explicitDeny),
        .init(action: "*", decision: .allowed, matchedStatements: [.init(sourcePolicyId: "deploy")]),
    ]

    /// Where the credentials come from.
    enum KeySource: String, Sendable, CaseIterable {
        /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
        case environment
        /// Profile `ci` of a shared credentials file, chosen with `--profile ci`.
        case credentialsFile
    }

    /// One command line (`{dir}` stands for the case's temporary directory) and its exit status; a step that asks
    /// AWS is sent to the case's scenario with `--endpoint-url`.
    struct Step: Sendable {
        var arguments: [String]
        var status: Int32
        var asksAWS = true
    }

    /// A named run of one or more commands in one directory, against its own scenario.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var steps: [Step]
        /// The commands should be refused by AWS (a wrong secret): the server rejects every request.
        var wrongSecret = false
        var testDescription: String { name }
    }

    /// The role's authorization details, as a file for `--compare` and as the API's XML page for `--from-account`:
    /// everything but deleting images.
    static let details = LiveCommandTests.details
    static var detailsPage: String {
        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},"#
            + #"{"Effect":"Deny","Action":"imagebuilder:DeleteImage","Resource":"*"}]}"#
        let encoded = policy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return """
            <UserDetailList/><GroupDetailList/>
            <RoleDetailList><member><Path>/</Path><RoleName>ci-deployer</RoleName><RoleId>AROAEXAMPLE</RoleId>
            <Arn>\(role)</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>
            <RolePolicyList><member><PolicyName>deploy</PolicyName><PolicyDocument>\(encoded)</PolicyDocument></member>
            </RolePolicyList><AttachedManagedPolicies/><Tags/></member></RoleDetailList><Policies/>
            """
    }

    static let cases: [Case] = [
        Case(name: "whoami", steps: [Step(arguments: ["whoami"], status: 0)]),
        Case(
            name: "whoami-json-debug",
            steps: [Step(arguments: ["whoami", "--format", "json", "--debug"], status: 0)]),
        Case(
            name: "live-json-plan",
            steps: [
                Step(
                    arguments: [
                        "check", "--live", "--principal", role, "--format", "json", "--save-plan", "{dir}/plan",
                    ]
                        + build, status: 3)
            ]),
        Case(
            name: "live-text-debug",
            steps: [Step(arguments: ["check", "--live", "--principal", role, "--debug", "-v"] + build, status: 3)]),
        Case(
            name: "from-account-sarif-debug",
            steps: [Step(arguments: ["check", "--from-account", "--format", "sarif", "--debug"] + build, status: 0)]),
        Case(
            name: "from-account-markdown",
            steps: [Step(arguments: ["check", "--from-account", "--format", "markdown"] + build, status: 0)]),
        Case(
            name: "compare-junit-debug-plan",
            steps: [
                Step(
                    arguments: [
                        "check", "--compare", "--authorization-details", "{dir}/details.json", "--principal", session,
                        "--format", "junit", "--debug", "--save-plan", "{dir}/plan",
                    ] + build, status: 0)
            ]),
        Case(
            name: "exec-audit-debug",
            steps: [
                Step(
                    arguments: ["exec"] + deployer + build + ["--audit-log", "{dir}/audit.jsonl", "--debug"], status: 0),
                Step(arguments: ["audit-log", "verify", "{dir}/audit.jsonl"], status: 0, asksAWS: false),
            ]),
        Case(
            name: "exec-json-audit",
            steps: [
                Step(
                    arguments: ["exec"] + deployer + build + ["--format", "json", "--audit-log", "{dir}/audit.jsonl"],
                    status: 0)
            ]),
        Case(
            name: "exec-saved-plan",
            steps: [
                Step(
                    arguments: ["check"] + deployer + build + ["--save-plan", "{dir}/plan"], status: 0, asksAWS: false),
                Step(arguments: ["exec", "--plan", "{dir}/plan", "--dry-run"], status: 0, asksAWS: false),
                Step(
                    arguments: ["exec", "--plan", "{dir}/plan", "--audit-log", "{dir}/audit.jsonl", "--debug"],
                    status: 0),
            ]),
        Case(
            name: "exec-live-dry-run-debug",
            steps: [Step(arguments: ["exec", "--live", "--dry-run", "--debug"] + build, status: 3)]),
        Case(
            name: "wrong-secret",
            steps: [
                Step(arguments: ["whoami", "--debug"], status: 1),
                Step(arguments: ["check", "--live", "--principal", role, "--debug"] + build, status: 1),
                Step(arguments: ["check", "--from-account", "--format", "json"], status: 1),
                Step(
                    arguments: ["exec"] + deployer + build + ["--audit-log", "{dir}/audit.jsonl", "--debug"], status: 1),
            ], wrongSecret: true),
    ]

    /// Installs a scenario accepting the key with its session token: the deployer's session as the caller, AWS's
    /// simulator allowing everything but deleting images, the role's authorization details, and the current image in
    /// Cloud Control.
    static func scenario(_ name: String) throws -> String {
        let server = try #require(FakeAWSServer.shared)
        try server.configure(
            scenario: name,
            FakeAWSScenario(
                credentials: [keyId: .init(secret: secret, sessionToken: token)],
                identity: .init(account: account, arn: session, userId: "AROAEXAMPLE:build-42"),
                simulate: .init(rules: allowAllButDelete), authorizationDetails: [detailsPage],
                cloudControl: FakeCloudControlScenario(
                    resources: [
                        "AWS::ImageBuilder::Image": [
                            .init(
                                identifier: image,
                                properties: #"{"Arn": "\#(image)", "Name": "web-server", "Tags": {"team": "web"}}"#)
                        ]
                    ], pollsToFinish: 1, retryAfter: 0.1)))
        return server.endpoint(for: name).absoluteString
    }

    /// The environment of a user whose keys (and token) come from `source`, written into `directory` when they are
    /// in a file; no real AWS file or instance metadata is reached.
    static func environment(_ source: KeySource, secret: String, directory: URL) throws -> [String: String] {
        var environment = [
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
            "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
        ]
        switch source {
        case .environment:
            environment["AWS_ACCESS_KEY_ID"] = keyId
            environment["AWS_SECRET_ACCESS_KEY"] = secret
            environment["AWS_SESSION_TOKEN"] = token
        case .credentialsFile:
            let file =
                "[ci]\naws_access_key_id = \(keyId)\naws_secret_access_key = \(secret)\naws_session_token = \(token)\n"
            try Data(file.utf8).write(to: directory.appendingPathComponent("credentials"))
            try Data("[profile ci]\nregion = us-east-1\n".utf8).write(to: directory.appendingPathComponent("config"))
            environment["AWS_PROFILE"] = "ci"
        }
        return environment
    }

    @Test(
        "every command that touches credentials leaves neither the secret key nor the session token anywhere",
        arguments: cases, KeySource.allCases)
    func noSecret(_ run: Case, source: KeySource) throws {
        let name = "\(run.name)-\(source.rawValue)"
        let endpoint = try Self.scenario(name)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.details.utf8).write(to: directory.appendingPathComponent("details.json"))
        let environment = try Self.environment(
            source, secret: run.wrongSecret ? Self.wrongSecret : Self.secret, directory: directory)
        var outputs: [(String, String)] = []
        for (index, step) in run.steps.enumerated() {
            let arguments =
                step.arguments.map { $0.replacingOccurrences(of: "{dir}", with: directory.path) }
                + (step.asksAWS ? ["--endpoint-url", endpoint] : [])
            let result = try CLI.run(arguments, environment: environment)
            #expect(result.status == step.status, "\(name) step \(index + 1): \(result.stdout)\(result.stderr)")
            outputs += [("step \(index + 1) stdout", result.stdout), ("step \(index + 1) stderr", result.stderr)]
            if step.arguments.contains("--debug") {
                // The wire log is there, and the token was sent (redacted in it).
                #expect(result.stderr.contains("iamgate: debug: > POST"), "\(name): no wire log")
                #expect(result.stderr.contains("X-Amz-Security-Token: <redacted>"), "\(name): no token header")
            }
        }
        // Every file the commands wrote (plans, audit logs), except the credentials file the user wrote.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "credentials" }
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            outputs.append((file, String(decoding: data, as: UTF8.self)))
        }
        for (label, text) in outputs {
            for secret in Self.forbidden {
                #expect(!text.contains(secret), "\(name): \(label) holds '\(secret)'")
            }
        }
        // The commands really used the credentials: AWS saw signed requests (and refused them all for a wrong secret).
        let log = try #require(FakeAWSServer.shared).requests(name)
        #expect(!log.requests.isEmpty, "\(name): no request reached AWS")
        #expect(run.wrongSecret ? log.rejected == log.requests.count : log.rejected == 0, "\(name): \(log.rejected)")
        if run.steps.contains(where: { $0.arguments.contains("--audit-log") }) && !run.wrongSecret {
            #expect(files.contains("audit.jsonl"), "\(name): no audit log was written")
        }
        if run.steps.contains(where: { $0.arguments.contains("--save-plan") }) {
            #expect(files.contains("plan"), "\(name): no plan was saved")
        }
    }
}

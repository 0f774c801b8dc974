import AWSTestSupport
import Foundation
import Testing

/// `iamgate exec` end to end: the built binary against the fake AWS server's stateful Cloud Control stand-in
/// (`scripts/fake-cloudcontrol.py`: it verifies every SigV4 signature, stores resources, moves requests PENDING →
/// IN_PROGRESS → final over polls with `RetryAfter`, and logs every call), with keys in the environment.
@Suite("iamgate exec against Cloud Control", .sharedFakeAWSServer)
struct ExecCommandTests {
    static let account = "111122223333"
    static let session = "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42"
    static let keyId = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "exec-test-secret-value"
    static let typeName = "AWS::ImageBuilder::Image"
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1"
    static let deployer = [
        "--principal", session, "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]
    static let build = [
        "--sql-file", "policies/examples/sql/build-image.iql", "--var", "region=us-east-1", "--var", "env=prod",
    ]
    static let mutations: Set<String> = ["CreateResource", "UpdateResource", "DeleteResource"]

    /// Installs scenario `name` (the deployer's session as the caller, the current image stored) and returns its
    /// endpoint.
    static func scenario(
        _ name: String, faults: [FakeCloudControlScenario.Fault] = [], pollsToFinish: Int = 1,
        caller: String = session
    ) throws -> String {
        let server = try #require(FakeAWSServer.shared)
        try server.configure(
            scenario: name,
            FakeAWSScenario(
                credentials: [keyId: .init(secret: secret)],
                identity: .init(account: account, arn: caller, userId: "AROAEXAMPLE:build-42"),
                cloudControl: FakeCloudControlScenario(
                    resources: [
                        typeName: [
                            .init(
                                identifier: image,
                                properties: #"{"Arn": "\#(image)", "Name": "web-server", "Tags": {"team": "web"}}"#)
                        ]
                    ], pollsToFinish: pollsToFinish, retryAfter: 0.2, faults: faults)))
        return server.endpoint(for: name).absoluteString
    }

    static func log(_ name: String) throws -> FakeAWSRequestLog {
        try #require(FakeAWSServer.shared).requests(name)
    }

    static func environment() -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": keyId, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/nonexistent/iamgate-test-config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/iamgate-test-credentials", "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    static func exec(_ arguments: [String], endpoint: String) throws -> CLIResult {
        try CLI.run(["exec"] + arguments + ["--endpoint-url", endpoint], environment: environment())
    }

    /// An audit log path in a fresh directory.
    static func auditLog() throws -> URL {
        try CLI.temporaryDirectory().appendingPathComponent("audit.jsonl")
    }

    static func records(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("an allowed file runs in file order, each mutation followed to SUCCESS; the audit log chains")
    func allowedRuns() throws {
        let endpoint = try Self.scenario("allowed")
        let audit = try Self.auditLog()
        let result = try Self.exec(Self.deployer + Self.build + ["--audit-log", audit.path], endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("[1] succeeded: CreateResource us-east-1 → arn:aws:imagebuilder:"))
        #expect(result.stdout.contains("[2] succeeded: GetResource us-east-1"))
        #expect(result.stdout.contains("[3] succeeded: UpdateResource us-east-1 → \(Self.image)"))
        #expect(result.stdout.contains("3 succeeded, 0 failed, 0 not run."))
        #expect(result.stdout.contains("web-server"))

        let log = try Self.log("allowed")
        #expect(log.rejected == 0)
        let calls = log.requests.compactMap(\.action).filter { $0 != "GetCallerIdentity" && $0 != "GetRole" }
        // Each write waited for before the next statement: create, its polls, get, update, its polls.
        #expect(
            calls == [
                "CreateResource", "GetResourceRequestStatus", "GetResource", "UpdateResource",
                "GetResourceRequestStatus",
            ])
        let stored = try #require(log.resources[Self.typeName]?.first { $0.identifier == Self.image })
        #expect(stored.properties.contains(#""owner":"platform""#))

        let records = try Self.records(audit)
        #expect(records.map { $0["record"] as? String } == ["run", "intent", "outcome", "intent", "outcome"])
        #expect(records[2]["status"] as? String == "SUCCESS")
        #expect((records[1]["call"] as? [String: Any])?["desiredStateSha256"] is String)
        // DesiredState and PatchDocument (sensitive in Cloud Control's model) are recorded only as digests.
        let text = try String(contentsOf: audit, encoding: .utf8)
        #expect(!text.contains(#""env":"prod""#) && !text.contains("platform") && !text.contains("DesiredState\""))
        let verify = try CLI.run(["audit-log", "verify", audit.path])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test("a denied statement anywhere in the file: exit 2 and no call at all, not even for the statements before it")
    func deniedSendsNothing() throws {
        let endpoint = try Self.scenario("denied")
        let audit = try Self.auditLog()
        let result = try Self.exec(
            Self.deployer + [
                "--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var",
                "env=prod",
                "--audit-log", audit.path,
            ], endpoint: endpoint)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "Nothing was sent: statement 4 (policies/examples/sql/deploy-image.iql:27) is denied."))
        #expect(try Self.log("denied").requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: audit.path))
    }

    @Test("an undetermined statement (a value nobody knows) keeps the gate closed: exit 3, no call")
    func undeterminedSendsNothing() throws {
        let endpoint = try Self.scenario("undetermined")
        let result = try Self.exec(
            Self.deployer + [
                "--sql",
                "SELECT region, arn FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = '{{ id }}'",
            ], endpoint: endpoint)
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Nothing was sent: statement 1"))
        #expect(try Self.log("undetermined").requests.isEmpty)
    }

    @Test("credentials that are not the checked principal's: exit 64, only STS asked")
    func wrongCaller() throws {
        let endpoint = try Self.scenario("wrong-caller", caller: "arn:aws:iam::111122223333:user/someone-else")
        let result = try Self.exec(Self.deployer + Self.build, endpoint: endpoint)
        #expect(result.status == 64)
        #expect(result.stderr.contains("the credentials are arn:aws:iam::111122223333:user/someone-else's"))
        #expect(try Self.log("wrong-caller").requests.allSatisfy { !Self.mutations.contains($0.action ?? "") })
    }

    /// Throttling shows up late: a write accepted and then `FAILED` with `ErrorCode: Throttling`
    /// (`execution-and-audit.md` §1); it is submitted again with the next attempt's ClientToken, because Cloud Control
    /// answers a reused token with the old, failed request.
    @Test("a FAILED Throttling is submitted again with a new ClientToken, then succeeds")
    func throttledThenSuccess() throws {
        let endpoint = try Self.scenario("throttled", faults: .throttledSubmissions(1))
        let audit = try Self.auditLog()
        let result = try Self.exec(Self.deployer + Self.build + ["--audit-log", audit.path], endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let creates = try Self.log("throttled").requests.filter { $0.action == "CreateResource" }
        #expect(creates.count == 2)
        #expect(Set(creates.compactMap(\.clientToken)).count == 2)
        #expect(result.stdout.contains("2 submissions"))
        let intents = try Self.records(audit).filter { $0["record"] as? String == "intent" }
        #expect(intents.map { $0["attempt"] as? Int } == [1, 2, 1])
    }

    @Test("a connection reset before the write is processed: the retry repeats the same ClientToken")
    func resetRetrySameToken() throws {
        let endpoint = try Self.scenario("reset", faults: [.reset(operations: ["CreateResource"])])
        let result = try Self.exec(Self.deployer + Self.build, endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let creates = try Self.log("reset").requests.filter { $0.action == "CreateResource" }
        #expect(creates.count == 2)
        #expect(Set(creates.compactMap(\.clientToken)).count == 1)
        let updates = try Self.log("reset").requests.filter { $0.action == "UpdateResource" }
        #expect(Set(updates.compactMap(\.clientToken)).isDisjoint(with: creates.compactMap(\.clientToken)))
    }

    /// Cloud Control API Reference, ClientToken: "A unique identifier to ensure the idempotency of the resource
    /// request" — a write processed whose answer was lost is sent again with the same token, and Cloud Control answers
    /// with the first request instead of creating a second resource.
    @Test("a write processed but its answer lost: the retry repeats the ClientToken and no second image is created")
    func resetAfterProcessing() throws {
        let endpoint = try Self.scenario("reset-after", faults: [.resetAfterProcessing(operations: ["CreateResource"])])
        let result = try Self.exec(Self.deployer + Self.build, endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let log = try Self.log("reset-after")
        let creates = log.requests.filter { $0.action == "CreateResource" }
        #expect(creates.count == 2)
        #expect(Set(creates.compactMap(\.clientToken)).count == 1)
        #expect(Set(creates.compactMap(\.requestToken)).count == 1)
        #expect(log.resources[Self.typeName]?.count == 2)  // the stored image and exactly one new build
    }

    @Test(
        "every fault ends the run at its statement with the documented exit code; later statements are not sent",
        arguments: [
            (
                "handler", [FakeCloudControlScenario.Fault.failed("HandlerFailure", "the recipe does not exist")], 1,
                "failed with HandlerFailure: the recipe does not exist"
            ),
            (
                "denied-by-aws",
                [.error(400, "AccessDeniedException", "not authorized", namespace: "com.amazon.coral.service")], 1,
                "CreateResource failed: AccessDeniedException: not authorized (request "
            ),
            (
                "concurrent", [.error(400, "ConcurrentOperationException", "another request is in progress")], 1,
                "ConcurrentOperationException"
            ),
            ("malformed", [.malformedJSON(operations: ["CreateResource"])], 1, "could not be read"),
            ("cancelled", [.cancelComplete], 1, "was cancelled (CANCEL_COMPLETE) and did not complete"),
        ])
    func faults(name: String, faults: [FakeCloudControlScenario.Fault], status: Int32, message: String) throws {
        let endpoint = try Self.scenario(name, faults: faults)
        let audit = try Self.auditLog()
        let result = try Self.exec(Self.deployer + Self.build + ["--audit-log", audit.path], endpoint: endpoint)
        #expect(result.status == status, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(message), "\(result.stdout)")
        #expect(result.stdout.contains("0 succeeded, 1 failed, 2 not run."))
        let calls = try Self.log(name).requests.compactMap(\.action)
        #expect(!calls.contains("GetResource") && !calls.contains("UpdateResource"))
        let records = try Self.records(audit)
        #expect(records.last?["record"] as? String == "outcome")
        #expect(records.last?["error"] is String)
        #expect(try CLI.run(["audit-log", "verify", audit.path]).status == 0)
    }

    @Test("a request slower than --timeout: exit 5, its RequestToken named, the rest not sent")
    func timeout() throws {
        let endpoint = try Self.scenario("slow", faults: [.neverFinishes])
        let result = try Self.exec(Self.deployer + Self.build + ["--timeout", "1.5"], endpoint: endpoint)
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        let token = try #require(
            try Self.log("slow").requests.first { $0.action == "CreateResource" }?.requestToken)
        #expect(result.stdout.contains("it may still finish"))
        #expect(result.stdout.contains("RequestToken \(token)"))
        #expect(result.stdout.contains("0 succeeded, 1 failed, 2 not run."))
    }

    @Test("a saved plan runs when nothing changed, and is refused (exit 64, nothing sent) when an input did")
    func plans() throws {
        let endpoint = try Self.scenario("plan")
        let directory = try CLI.temporaryDirectory()
        let sql = directory.appendingPathComponent("build.iql")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("policies/examples/sql/build-image.iql"), to: sql)
        let plan = directory.appendingPathComponent("plan.json").path
        let check = try CLI.run(
            ["check"] + Self.deployer + [
                "--sql-file", sql.path, "--var", "region=us-east-1", "--var", "env=prod",
                "--save-plan", plan,
            ])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let dry = try Self.exec(["--plan", plan, "--dry-run"], endpoint: endpoint)
        #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
        #expect(dry.stdout.contains("Dry run: nothing was sent."))
        #expect(try Self.log("plan").requests.isEmpty)

        let handle = try FileHandle(forWritingTo: sql)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n-- edited\n".utf8))
        try handle.close()
        let stale = try Self.exec(["--plan", plan], endpoint: endpoint)
        #expect(stale.status == 64)
        #expect(stale.stderr.contains("plan '\(plan)' is stale: sql '\(sql.path)' changed since the plan was saved"))
        #expect(try Self.log("plan").requests.isEmpty)
    }
}

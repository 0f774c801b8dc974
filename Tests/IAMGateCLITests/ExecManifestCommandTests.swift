import AWSTestSupport
import Foundation
import Testing

/// `iamgate exec --manifest` end to end: the built binary runs `fixtures/manifests/image-deploy` against the fake AWS
/// server's Cloud Control stand-in (`scripts/fake-cloudcontrol.py`), which stores resources, follows each write
/// through its polls and logs every call. Each test names the stackql-deploy rule it checks, from stackql-deploy's
/// `website/docs/resource-query-files.md` (anchors and query options) and its `build` and `teardown` commands.
@Suite("iamgate exec --manifest against Cloud Control", .sharedFakeAWSServer)
struct ExecManifestCommandTests {
    static let account = "111122223333"
    static let session = "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42"
    static let admin = "arn:aws:iam::111122223333:user/ops-admin"
    static let keyId = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "exec-manifest-test-secret"
    static let typeName = "AWS::ImageBuilder::Image"
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1"
    static let recipe = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web-server/1.0.0"
    static let file = "fixtures/manifests/image-deploy/resources/image.iql"
    static let deployer = [
        "--principal", session, "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]
    static let adminPolicies = ["--principal", admin, "--policy", "policies/examples/ops-admin.json"]
    static let project = [
        "--manifest", "fixtures/manifests/image-deploy", "--env", "dev", "-e", "AWS_REGION=us-east-1",
        "-e", "image_arn=\(image)",
    ]
    /// The tags the project's `Tags` prop resolves to in `dev`.
    static let desiredTags = #"{"stack":"web-image-dev","team":"web"}"#

    /// Installs scenario `name` with `stored` images (the caller `caller`) and returns its endpoint.
    static func scenario(
        _ name: String, stored: [FakeCloudControlScenario.Resource] = [], caller: String = session
    ) throws -> String {
        let server = try #require(FakeAWSServer.shared)
        try server.configure(
            scenario: name,
            FakeAWSScenario(
                credentials: [keyId: .init(secret: secret)],
                identity: .init(account: account, arn: caller, userId: "AIDAEXAMPLE"),
                cloudControl: FakeCloudControlScenario(
                    resources: [typeName: stored], pollsToFinish: 1, retryAfter: 0.2)))
        return server.endpoint(for: name).absoluteString
    }

    /// The image stored at the project's ARN, with `recipe` and `tags` (a JSON object's text).
    static func storedImage(recipe: String = recipe, tags: String) -> FakeCloudControlScenario.Resource {
        .init(
            identifier: image,
            properties:
                #"{"Arn": "\#(image)", "Name": "web-server", "ImageId": "ami-0abc", "ImageRecipeArn": "\#(recipe)", "#
                + #""InfrastructureConfigurationArn": "arn:aws:imagebuilder:us-east-1:111122223333:"#
                + #"infrastructure-configuration/web-build", "Tags": \#(tags)}"#)
    }

    static func exec(_ arguments: [String], endpoint: String) throws -> CLIResult {
        try CLI.run(
            ["exec"] + arguments + ["--endpoint-url", endpoint],
            environment: [
                "AWS_ACCESS_KEY_ID": keyId, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1",
                "AWS_CONFIG_FILE": "/nonexistent/iamgate-test-config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/iamgate-test-credentials",
                "AWS_EC2_METADATA_DISABLED": "true",
            ])
    }

    static func log(_ name: String) throws -> FakeAWSRequestLog {
        try #require(FakeAWSServer.shared).requests(name)
    }

    /// The Cloud Control calls of scenario `name`, in order.
    static func calls(_ name: String) throws -> [String] {
        try log(name).requests.compactMap(\.action).filter { $0 != "GetCallerIdentity" && $0 != "GetRole" }
    }

    static func stored(_ name: String) throws -> [FakeCloudControlResource] {
        try log(name).resources[typeName] ?? []
    }

    /// "A `count` value of `1` indicates that the resource exists, a value of `0` would indicate that the resource does
    /// not exist"; `create` queries "create resources that do not exist (in accordance with the `exists` query)"
    /// (resource-query-files.md, exists and create). The statecheck that follows must count 1.
    @Test("a build of an absent image: exists counts 0, create runs and is followed, statecheck counts 1, exports read")
    func buildCreates() throws {
        let endpoint = try Self.scenario("manifest-create")
        let audit = try CLI.temporaryDirectory().appendingPathComponent("audit.jsonl")
        let result = try Self.exec(
            Self.deployer + Self.project + ["--audit-log", audit.path], endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try Self.calls("manifest-create") == [
                "GetResource", "CreateResource", "GetResourceRequestStatus", "GetResource", "GetResource",
            ])
        for line in [
            "[1] \(Self.file):3 (image.exists) succeeded: GetResource us-east-1",
            "      count 0: no resource",
            "[4] \(Self.file):21 (image.create) succeeded: CreateResource us-east-1 → \(Self.image)",
            "[5] \(Self.file):36 (image.update) not run (exists found no resource, so create ran instead)",
            "after the change: count 1, the resource is in the desired state",
            "4 succeeded, 0 failed, 1 not run.",
        ] {
            #expect(result.stdout.contains(line), "\(line)\n\(result.stdout)")
        }
        let image = try #require(try Self.stored("manifest-create").first { $0.identifier == Self.image })
        #expect(image.properties.contains(#""Tags":\#(Self.desiredTags)"#), "\(image.properties)")
        let records = try String(contentsOf: audit, encoding: .utf8).split(separator: "\n")
        #expect(records.count == 3)  // run, then the create's intent and outcome
        #expect(try CLI.run(["audit-log", "verify", audit.path]).status == 0)
    }

    /// A resource that exists but is "not in the desired state" is updated; the `statecheck` ("`1` (the resource meets
    /// the desired state tests) or `0`") decides, and runs again after the update (resource-query-files.md,
    /// statecheck; stackql-deploy's build).
    @Test("a build of an image in another state: create not run, update runs, the statecheck then counts 1 (JSON)")
    func buildUpdates() throws {
        let endpoint = try Self.scenario(
            "manifest-update", stored: [Self.storedImage(tags: #"{"team": "web"}"#)])
        let result = try Self.exec(
            Self.deployer + Self.project + ["--format", "json"], endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try Self.calls("manifest-update") == [
                "GetResource", "GetResource", "UpdateResource", "GetResourceRequestStatus", "GetResource",
                "GetResource",
            ])
        let image = try #require(try Self.stored("manifest-update").first { $0.identifier == Self.image })
        #expect(image.properties.contains(#""Tags":\#(Self.desiredTags)"#), "\(image.properties)")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["deployment"] as? String == "build")
        let statements = try #require(report["statements"] as? [[String: Any]])
        let byAnchor = Dictionary(
            uniqueKeysWithValues: statements.compactMap { statement in
                (statement["anchor"] as? String).map { ($0, statement) }
            })
        #expect(byAnchor["create"]?["status"] as? String == "not run")
        #expect(byAnchor["create"]?["why"] as? String == "exists found it")
        #expect(byAnchor["create"]?["line"] as? Int == 21)
        #expect(byAnchor["update"]?["status"] as? String == "succeeded")
        #expect(byAnchor["update"]?["why"] as? String == "statecheck found it not in the desired state")
        #expect(byAnchor["statecheck"]?["resource"] as? String == "image")
        #expect(
            byAnchor["statecheck"]?["why"] as? String
                == "before any update: count 0; after the change: count 1, the resource is in the desired state")
        #expect(byAnchor["exports"]?["rows"] as? [[String: String]] == [["image_id": "ami-0abc"]])
    }

    /// `retries` and `retry_delay` let a resource "reach the desired state without failing the stack"; a statecheck
    /// that still counts 0 after them fails the build (resource-query-files.md, query options; stackql-deploy's build
    /// stops with "deployment failed … after post-deploy checks").
    @Test("a statecheck that never counts 1: tried retries=3 times, then exit 1 and the exports are not read")
    func statecheckFails() throws {
        let endpoint = try Self.scenario(
            "manifest-statecheck",
            stored: [
                Self.storedImage(
                    recipe: "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/other/2.0.0",
                    tags: #"{"team": "web"}"#)
            ])
        let result = try Self.exec(Self.deployer + Self.project, endpoint: endpoint)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        // exists, statecheck before the update, the update and its poll, then the statecheck's three attempts.
        #expect(
            try Self.calls("manifest-statecheck") == [
                "GetResource", "GetResource", "UpdateResource", "GetResourceRequestStatus", "GetResource",
                "GetResource", "GetResource",
            ])
        #expect(
            result.stdout.contains(
                "statecheck counted 0, not 1, on each of its 3 attempt(s) (retries=3, retry_delay=1): the resource is "
                    + "not in the desired state"))
        #expect(
            result.stdout.contains("[3] \(Self.file):45 (image.exports) not run (the build stopped at statement 2)"))
    }

    /// teardown runs `delete` "to de-provision resources": in reverse manifest order, only when the exists check
    /// counts 1, and then the exists check again with `postdelete_retries`/`postdelete_retry_delay` "allowing time for
    /// the resource to be deleted" (resource-query-files.md, delete and query options; stackql-deploy's teardown).
    @Test("a teardown: exports read, exists counts 1, delete followed to SUCCESS, exists then counts 0")
    func teardown() throws {
        let endpoint = try Self.scenario(
            "manifest-teardown", stored: [Self.storedImage(tags: Self.desiredTags)], caller: Self.admin)
        let result = try Self.exec(Self.adminPolicies + Self.project + ["--teardown"], endpoint: endpoint)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            try Self.calls("manifest-teardown") == [
                "GetResource", "GetResource", "DeleteResource", "GetResourceRequestStatus", "GetResource",
            ])
        #expect(try Self.stored("manifest-teardown").isEmpty)
        #expect(result.stdout.contains("before the delete: count 1; after the delete: count 0, the resource is gone"))

        // Nothing left: the exists check counts 0 and the delete is not sent.
        let again = try Self.exec(Self.adminPolicies + Self.project + ["--teardown"], endpoint: endpoint)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("(image.delete) not run (exists found no resource (count 0))"))
        #expect(try Self.calls("manifest-teardown").filter { $0 == "DeleteResource" }.count == 1)
    }

    /// Every statement a build could run is checked before anything is sent: create and update both (which runs
    /// depends on what exists finds), so an update the principal may not make closes the gate even for a build that
    /// would only create.
    @Test("an update the principal may not make: exit 2 and not one call, not even the exists check")
    func deniedSendsNothing() throws {
        let endpoint = try Self.scenario("manifest-denied")
        let directory = try CLI.temporaryDirectory()
        let session = directory.appendingPathComponent("no-update.json")
        try Data(
            #"""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "*", "Resource": "*"},
              {"Effect": "Deny", "Action": "cloudformation:UpdateResource", "Resource": "*"}]}
            """#.utf8
        ).write(to: session)
        let result = try Self.exec(
            Self.deployer + ["--session-policy", session.path] + Self.project, endpoint: endpoint)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Nothing was sent: statement 5 (\(Self.file):36 (image.update)) is denied."))
        #expect(try Self.log("manifest-denied").requests.isEmpty)

        // The deployer's boundary never lets it delete images: a teardown sends nothing either.
        let teardown = try Self.exec(Self.deployer + Self.project + ["--teardown"], endpoint: endpoint)
        #expect(teardown.status == 2, "\(teardown.stdout)\(teardown.stderr)")
        #expect(teardown.stdout.contains("(image.delete)) is denied."))
        #expect(try Self.log("manifest-denied").requests.isEmpty)
    }

    /// stackql-deploy's `--dry-run` only renders the queries; iamgate's prints the Cloud Control requests each
    /// statement would send, and they are the requests a real run sends (the same ClientToken and DesiredState).
    @Test("--dry-run prints every request with its statement and when it runs, sends nothing, and matches the run")
    func dryRun() throws {
        let endpoint = try Self.scenario("manifest-dry")
        let dry = try Self.exec(Self.deployer + Self.project + ["--dry-run", "--format", "json"], endpoint: endpoint)
        #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
        #expect(try Self.log("manifest-dry").requests.isEmpty)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        let requests = try #require(report["requests"] as? [[String: Any]])
        #expect(
            requests.map { $0["target"] as? String } == [
                "CloudApiService.GetResource", "CloudApiService.GetResource", "CloudApiService.GetResource",
                "CloudApiService.CreateResource", "CloudApiService.UpdateResource",
            ])
        let create = try #require(requests[3]["body"] as? [String: Any])

        let text = try Self.exec(Self.deployer + Self.project + ["--dry-run"], endpoint: endpoint)
        #expect(
            text.stdout.contains(
                "  [4] \(Self.file):21 (image.create): runs only when the resource does not exist\n"
                    + "      POST \(endpoint) X-Amz-Target: CloudApiService.CreateResource"))

        let run = try Self.exec(Self.deployer + Self.project, endpoint: endpoint)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let sent = try #require(try Self.log("manifest-dry").requests.first { $0.action == "CreateResource" })
        #expect(sent.clientToken == create["ClientToken"] as? String)
        let sentBody = try #require(sent.body)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sentBody.utf8)) as? [String: Any])
        #expect(body["DesiredState"] as? String == create["DesiredState"] as? String)
    }

    /// A plan saved by `check --manifest --save-plan` binds the run to the manifest and every query file read.
    @Test("a saved plan of a project runs; after a query file changes it is refused naming that file, nothing sent")
    func plans() throws {
        let endpoint = try Self.scenario("manifest-plan")
        let directory = try CLI.temporaryDirectory()
        let copy = directory.appendingPathComponent("image-deploy")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("fixtures/manifests/image-deploy"), to: copy)
        let plan = directory.appendingPathComponent("plan.json").path
        let arguments =
            ["--manifest", copy.path] + Self.project.dropFirst(2)
        let check = try CLI.run(["check"] + Self.deployer + arguments + ["--save-plan", plan])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let saved = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(saved.contains(#""kind" : "manifest""#) || saved.contains(#""kind": "manifest""#), "\(saved)")
        #expect(saved.contains("\(copy.path)/resources/image.iql"))

        let dry = try Self.exec(["--plan", plan, "--dry-run"], endpoint: endpoint)
        #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")

        let query = copy.appendingPathComponent("resources/image.iql")
        let handle = try FileHandle(forWritingTo: query)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n-- edited\n".utf8))
        try handle.close()
        let stale = try Self.exec(["--plan", plan], endpoint: endpoint)
        #expect(stale.status == 64)
        #expect(
            stale.stderr.contains(
                "plan '\(plan)' is stale: query file '\(query.path)' changed since the plan was saved"),
            "\(stale.stderr)")
        #expect(try Self.log("manifest-plan").requests.isEmpty)
    }
}

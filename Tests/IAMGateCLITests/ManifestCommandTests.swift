import Foundation
import Testing

/// `iamgate check --manifest`: the built binary on the stackql-deploy projects of `fixtures/manifests/`, every
/// statement of a build or teardown reported with its file and line, and every broken project one sentence (exit 64).
@Suite("iamgate check --manifest")
struct ManifestCommandTests {
    static let deployer = [
        "--principal", "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]
    static let imageBuild = [
        "--manifest", "fixtures/manifests/image-build", "--env", "dev", "-e", "AWS_REGION=us-east-1",
        "-e", "image_arn=arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1",
    ]
    static let admin = [
        "--principal", "arn:aws:iam::111122223333:user/ops-admin", "--policy", "policies/examples/ops-admin.json",
    ]

    @Test("a build's statements are checked one by one, each with its file, line, resource and anchor")
    func build() throws {
        let result = try CLI.run(["check"] + Self.deployer + Self.imageBuild)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let file = "fixtures/manifests/image-build/resources/image.iql"
        for row in [
            "get_resource     SELECT  \(file):3 (image.exists)      allowed",
            "get_resource     SELECT  \(file):9 (image.statecheck)  allowed",
            "get_resource     SELECT  \(file):50 (image.exports)    allowed",
            "create_resource  INSERT  \(file):21 (image.create)     allowed",
            "update_resource  UPDATE  \(file):41 (image.update)     allowed",
        ] {
            #expect(result.stdout.contains(row), "\(row)")
        }
        #expect(result.stdout.contains("create and update both depend on what the exists check finds"))
        #expect(result.stdout.contains("5 operations: 5 allowed, 0 denied, 0 undetermined"))
    }

    @Test("a teardown checks the exists check and the delete; the boundary's deny names the statement's line")
    func teardown() throws {
        let result = try CLI.run(["check"] + Self.deployer + Self.imageBuild + ["--teardown"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "delete_resource  DELETE  fixtures/manifests/image-build/resources/image.iql:56 (image.delete)   denied"
            ))
        #expect(result.stdout.contains("  image delete: runs only when the resource exists"))
        #expect(
            result.stdout.contains(
                "explicitly denied by permissionsBoundary[0] statement 1 (Sid \"NeverDeleteImages\")"))
    }

    /// DESIGN.md's check-report contract, with the fields a project's statements add.
    @Test("--format json carries each statement's resource, anchor, options and when it runs")
    func json() throws {
        let result = try CLI.run(["check", "--format", "json"] + Self.deployer + Self.imageBuild)
        #expect(result.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["resource"] as? String == "awscc.imagebuilder.images")
        let operations = try #require(report["operations"] as? [[String: Any]])
        let statecheck = try #require(operations.dropFirst().first)
        #expect(statecheck["resource"] as? String == "awscc.imagebuilder.images")
        let statement = try #require(statecheck["statement"] as? [String: Any])
        #expect(statement["source"] as? String == "fixtures/manifests/image-build/resources/image.iql")
        #expect(statement["line"] as? Int == 9)
        let step = try #require(statement["deployment"] as? [String: Any])
        #expect(step["resource"] as? String == "image")
        #expect(step["anchor"] as? String == "statecheck")
        #expect(step["options"] as? [String] == ["retries=5", "retry_delay=10"])
        #expect(step["runs"] as? String == "when the resource exists, and again after a create or update")
    }

    @Test("values not given stay unknown and the report says which and why")
    func unknownValues() throws {
        let result = try CLI.run(["check"] + Self.deployer + ["--manifest", "fixtures/manifests/image-build"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "note: unknown before the run (no external value, global, prop or built-in has the name: give -e "
                    + "NAME=VALUE): {{ AWS_REGION }}, {{ image_arn }}"))
        #expect(
            result.stdout.contains(
                "note: unknown before the run (its value depends on the environment: give --env NAME): "
                    + "{{ DistributionConfigurationArn }}"))
    }

    @Test("a stack over two resources, a skipped resource, a script, inline sql and a FROM-less exports query")
    func stackAnchors() throws {
        let result = try CLI.run(
            ["check"] + Self.admin + ["--manifest", "fixtures/manifests/stack-anchors", "--env", "dev"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("on awscc.imagebuilder.image_recipes, awscc.imagebuilder.images"))
        #expect(
            result.stdout.contains(
                "update_resource  UPDATE  fixtures/manifests/stack-anchors/stackql_manifest.yml:42 (retag.sql)"))
        #expect(
            result.stdout.contains("note: resource 'prod_image' is skipped: its condition ('dev' == 'prd') is false"))
        #expect(result.stdout.contains("note: resource 'fetch_tools' (type script) runs a shell command"))
        #expect(
            result.stdout.contains(
                "note: fixtures/manifests/stack-anchors/resources/recipe.iql:17 (recipe.exports) reads no table"))
        let prd = try CLI.run(
            ["check"] + Self.admin + ["--manifest", "fixtures/manifests/stack-anchors", "--env", "prd"])
        #expect(prd.stdout.contains("fixtures/manifests/stack-anchors/resources/image.iql:6 (prod_image.create)"))
    }

    @Test(
        "a broken project is one sentence with its file and line, and exit 64",
        arguments: [
            (
                "broken-yaml",
                "manifest 'fixtures/manifests/broken-yaml/stackql_manifest.yml' line 10: invalid YAML: did not find "
                    + "expected ',' or ']' (while parsing a flow sequence that starts at line 9)"
            ),
            (
                "broken-key",
                "manifest 'fixtures/manifests/broken-key/stackql_manifest.yml' line 5: unknown key 'resource' (did you "
                    + "mean 'resources'?)"
            ),
            (
                "broken-missing-iql",
                "manifest 'fixtures/manifests/broken-missing-iql/stackql_manifest.yml' line 6: resources[0] 'image': its "
                    + "query file fixtures/manifests/broken-missing-iql/resources/image.iql does not exist"
            ),
            (
                "broken-anchor",
                "query file 'fixtures/manifests/broken-anchor/resources/image.iql' line 5: unknown anchor 'craete' (did "
                    + "you mean 'create'?)"
            ),
            (
                "broken-filter",
                "query file 'fixtures/manifests/broken-filter/resources/image.iql' line 9: unknown filter 'tojsn' (did "
                    + "you mean 'tojson'?); stackql-deploy would stop on it"
            ),
            (
                "callback",
                "sql 'fixtures/manifests/callback/resources/image.iql' line 13:6: unknown resource "
                    + "'awscc.cloudcontrol.resource_request_statuses'"
            ),
            (
                "seed-image",
                "query file 'fixtures/manifests/seed-image/resources/image.iql': a resource needs an exists, statecheck or "
                    + "exports anchor for a build (resource 'image'); stackql-deploy stops on it"
            ),
        ])
    func broken(project: String, expected: String) throws {
        let result = try CLI.run(["check"] + Self.admin + ["--manifest", "fixtures/manifests/\(project)"])
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("iamgate: error: \(expected)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "--manifest's options do not mix with --sql's",
        arguments: [
            (
                ["--manifest", "fixtures/manifests/image-build", "--sql", "SELECT 1"],
                "give --manifest or --sql/--sql-file, not both"
            ),
            (
                ["--sql-file", "policies/examples/sql/deploy-image.iql", "-e", "A=b"],
                "--env, -e and --teardown apply to --manifest"
            ),
            (["--teardown", "--operation", "get_resource"], "--env, -e and --teardown apply to --manifest"),
            (
                ["--manifest", "fixtures/manifests/image-build", "--operation", "get_resource"],
                "--operation does not apply to --manifest: every statement the project runs is checked"
            ),
            (
                ["--manifest", "fixtures/manifests/image-build", "--var", "a=b"],
                "give --manifest's template values with -e KEY=VALUE (--var is for --sql)"
            ),
        ])
    func exclusive(arguments: [String], expected: String) throws {
        let result = try CLI.run(["check"] + Self.admin + arguments)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test("-e without '=' is one sentence")
    func badExternal() throws {
        let result = try CLI.run(
            ["check"] + Self.admin + ["--manifest", "fixtures/manifests/image-build", "-e", "AWS_REGION"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("-e 'AWS_REGION' must be KEY=VALUE, e.g. -e AWS_REGION=us-east-1"))
    }
}

import Catalog
import DeploymentFacts
import StackQL
import Testing

@testable import Manifest

/// The statements stackql-deploy's build and teardown run (build.rs/teardown.rs; resource-query-files.md): per
/// resource exists, statecheck and exports checks, then create or update (or createorupdate); teardown reads every
/// resource's exports first, then deletes in reverse order.
@Suite("DeploymentPlan")
struct DeploymentPlanTests {
    static let imageInputs = DeploymentInputs(
        environment: "dev",
        externals: [
            "AWS_REGION": "us-east-1",
            "image_arn": "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1",
        ])

    static func plan(_ project: String, _ command: DeployCommand, _ inputs: DeploymentInputs) throws -> DeploymentPlan {
        try DeploymentPlan.load(directory: Fixtures.project(project), command: command, inputs: inputs)
    }

    static func failure(_ project: String, _ command: DeployCommand = .build) -> ManifestError? {
        do {
            _ = try plan(project, command, DeploymentInputs(environment: "dev"))
            return nil
        } catch let error as ManifestError {
            return error
        } catch {
            return nil
        }
    }

    @Test("a build checks exists, statecheck and exports, then create and update, each at its file and line")
    func imageBuild() throws {
        let plan = try Self.plan("image-build", .build, Self.imageInputs)
        #expect(plan.statements.map(\.anchorName) == ["exists", "statecheck", "exports", "create", "update"])
        #expect(plan.statements.map(\.line) == [3, 9, 50, 21, 41])
        #expect(plan.statements.allSatisfy { $0.file == "resources/image.iql" && $0.resource == "image" })
        #expect(
            plan.statements[1].options == [.init(name: "retries", value: "5"), .init(name: "retry_delay", value: "10")])
        #expect(
            plan.statements.map(\.runs) == [
                [.firstToDecide], [.whenExistsAndAfterChange], [.toReadValuesAlsoAsStateCheck], [.whenAbsent],
                [.whenNotInDesiredState],
            ])
        #expect(plan.unknownValues.isEmpty)
        #expect(plan.notes.isEmpty)
    }

    @Test("the update's patch document is the value the parser sees, not SQL it re-reads")
    func updateValue() throws {
        let plan = try Self.plan("image-build", .build, Self.imageInputs)
        let update = try #require(plan.statements.first { $0.anchor == .update })
        let statement = try #require(try update.parse().first)
        #expect(statement.location.line == 41)
        #expect(
            statement.assignedValue("PatchDocument")?.value.knownText
                == #"[{"op":"add","path":"/ExecutionRole","value":"arn:aws:iam::111122223333:role/ImageBuilderExecution"},"#
                + #"{"op":"add","path":"/Tags","value":{"team":"web","stack":"web-image-dev"}}]"#)
        #expect(statement.whereValue("Identifier")?.value.knownText == Self.imageInputs.externals["image_arn"])
    }

    @Test("the COUNT(*) state check reads the inner SELECT's table and parameters; the rest filters locally")
    func stateCheck() throws {
        let plan = try Self.plan("image-build", .build, Self.imageInputs)
        let statecheck = try #require(plan.statements.first { $0.anchor == .statecheck })
        let statement = try #require(try statecheck.parse().first)
        #expect(statement.verb == .select && statement.table == "awscc.imagebuilder.images")
        #expect(statement.whereEquals.map(\.column) == ["region", "Identifier"])
        #expect(
            statement.localFilters == [
                "image_recipe_arn = '{{ ImageRecipeArn }}'", "test_tags = 1",
            ])
    }

    @Test("a value with quotes and SQL in it stays one value")
    func valuesAreNotSQL() throws {
        var inputs = Self.imageInputs
        inputs.externals["image_arn"] = "x' OR '1'='1'; DELETE FROM awscc.imagebuilder.images WHERE '1'='1"
        let plan = try Self.plan("image-build", .build, inputs)
        let exists = try #require(plan.statements.first)
        let statements = try exists.parse()
        #expect(statements.count == 1)
        #expect(statements.first?.whereValue("Identifier")?.value.knownText == inputs.externals["image_arn"])
    }

    @Test("unknown values are listed with why, in order of first use")
    func unknownValues() throws {
        let plan = try Self.plan("image-build", .build, DeploymentInputs())
        #expect(
            plan.unknownValues.map(\.name) == ["AWS_REGION", "image_arn", "stack_env", "DistributionConfigurationArn"])
        #expect(plan.unknownValues.map(\.reason) == [.noValue, .noValue, .environment, .dependsOnEnvironment])
    }

    @Test("a teardown reads exports first, then deletes; the exists check serves both")
    func imageTeardown() throws {
        let plan = try Self.plan("image-build", .teardown, Self.imageInputs)
        #expect(plan.statements.map(\.anchorName) == ["exists", "exports", "delete"])
        #expect(
            plan.statements.map(\.runs) == [
                [.beforeTeardownToReadExports, .aroundDelete], [.beforeTeardownToReadExports], [.whenExists],
            ])
        #expect(plan.statements[2].line == 56)
    }

    @Test("every kind of resource and anchor; a false condition skips a resource, a script is only noted")
    func stackAnchors() throws {
        let dev = try Self.plan("stack-anchors", .build, DeploymentInputs(environment: "dev"))
        #expect(
            dev.statements.map { "\($0.resource).\($0.anchorName):\($0.line)" } == [
                "recipe.createorupdate:7", "recipe.statecheck:12", "recipe.exports:17", "image.exists:2",
                "image.exports:10", "image.create:6", "image_facts.sql:33", "retag.sql:42",
            ])
        #expect(dev.statements[1].writtenAnchor == "postdeploy")
        #expect(dev.statements[6].file == "stackql_manifest.yml")
        #expect(
            dev.notes == [
                .scriptNotChecked(resource: "fetch_tools"), .noUpdateAnchor(resource: "image"),
                .skipped(resource: "prod_image", condition: "'dev' == 'prd'"),
            ])
        #expect(
            dev.unknownValues == [
                UnknownValue(name: "recipe_arn", reason: .exportedBy(resource: "recipe"))
            ])
        let prd = try Self.plan("stack-anchors", .build, DeploymentInputs(environment: "prd"))
        #expect(
            prd.statements.filter { $0.resource == "prod_image" }.map(\.anchorName) == ["exists", "exports", "create"])
        let unset = try Self.plan("stack-anchors", .teardown, DeploymentInputs())
        let delete = try #require(unset.statements.first { $0.resource == "prod_image" && $0.anchor == .delete })
        #expect(delete.condition == "'{{ stack_env }}' == 'prd'")
        #expect(
            unset.statements.filter { $0.anchor == .delete }.map(\.resource) == ["prod_image", "image", "recipe"])
    }

    @Test("a callback is planned with its options after the create")
    func callback() throws {
        let plan = try Self.plan("callback", .build, DeploymentInputs())
        #expect(plan.statements.map(\.anchorName) == ["exists", "create", "callback:create"])
        #expect(
            plan.statements[2].options.map(\.name) == [
                "retries", "retry_delay", "short_circuit_field", "short_circuit_value",
            ])
        #expect(plan.unknownValues.map(\.name) == ["callback.ProgressEvent.RequestToken"])
    }

    @Test(
        "a project stackql-deploy would stop on is one sentence with its file and line",
        arguments: [
            (
                "seed-image", DeployCommand.build,
                "query file '*/seed-image/resources/image.iql': a resource needs an exists, statecheck or exports anchor for "
                    + "a build (resource 'image'); stackql-deploy stops on it"
            ),
            (
                "broken-missing-iql", .build,
                "manifest '*/broken-missing-iql/stackql_manifest.yml' line 6: resources[0] 'image': its query file "
                    + "*/broken-missing-iql/resources/image.iql does not exist (stackql-deploy reads resources/NAME.iql, or "
                    + "resources/ and the resource's file:)"
            ),
            (
                "broken-filter", .build,
                "query file '*/broken-filter/resources/image.iql' line 9: unknown filter 'tojsn' (did you mean 'tojson'?); "
                    + "stackql-deploy would stop on it"
            ),
            (
                "broken-anchor", .teardown,
                "query file '*/broken-anchor/resources/image.iql' line 5: unknown anchor 'craete' (did you mean 'create'?)"
            ),
        ])
    func stops(project: String, command: DeployCommand, expected: String) throws {
        let error = try #require(Self.failure(project, command))
        let root = Fixtures.root.path + "/fixtures/manifests/"
        #expect(error.description.replacingOccurrences(of: root, with: "*/") == expected)
    }

    @Test("the seed's project is not deleted by a teardown, and says why")
    func seedTeardown() throws {
        let plan = try Self.plan("seed-image", .teardown, DeploymentInputs())
        #expect(plan.statements.isEmpty)
        let file = Fixtures.root.path + "/fixtures/manifests/seed-image/resources/image.iql"
        #expect(plan.notes == [.notDeletedWithoutCheck(resource: "image", file: file)])
    }
}

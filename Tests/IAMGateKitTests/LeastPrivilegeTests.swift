import Catalog
import Foundation
import IAMPolicy
import Testing

@testable import IAMGateKit

/// `iamgate policy`: the shipped least-privilege policies are what the generator makes, each allows its own operation
/// and denies the other four; statement-level policies name the statement's ARNs and carry its conditions; every
/// generated policy parses and lints clean.
@Suite("Least-privilege policies")
struct LeastPrivilegeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalog = root.appendingPathComponent("policies/catalog").path
    static let deploySQL = root.appendingPathComponent("policies/examples/sql/deploy-image.iql").path
    static let operations = ["get_resource", "list_resources", "create_resource", "update_resource", "delete_resource"]
    static let principal = "arn:aws:iam::111122223333:role/ci"

    static func shippedPath(_ operation: String) -> String {
        root.appendingPathComponent("policies/least-privilege/\(operation).json").path
    }

    static func generate(
        operations: [String] = [], sql: String? = nil, sqlFile: String? = nil, variables: [String] = [],
        account: String? = nil
    ) throws -> LeastPrivilegePolicy {
        var options = LeastPrivilegeOptions()
        options.operations = operations
        options.sql = sql
        options.sqlFile = sqlFile
        options.variables = variables
        options.account = account
        options.catalogDirectory = catalog
        return try LeastPrivilegePolicy.generate(options)
    }

    /// `iamgate check` (discovery mode, as by default) of `policy` for `operations`, or for the statements of `sql`.
    static func check(
        policy path: String, operations: [String] = [], sql: String? = nil, sqlFile: String? = nil,
        variables: [String] = []
    ) throws -> CheckReport {
        var options = CheckOptions()
        options.principal = principal
        options.identityPolicies = [path]
        options.region = "us-east-1"
        options.operations = operations
        options.sql = sql
        options.sqlFile = sqlFile
        options.variables = variables
        options.catalogDirectory = catalog
        options.strict = false
        return try CheckRunner.run(options)
    }

    /// Writes `policy` to a fresh temporary file.
    static func write(_ policy: LeastPrivilegePolicy) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "least-privilege-\(UUID().uuidString).json")
        try Data(policy.document.utf8).write(to: url)
        return url.path
    }

    static func why(_ report: CheckReport) -> String {
        report.operations.map {
            "\($0.operation): \($0.verdict) — \(ReportSentences.reasons($0).joined(separator: "; "))"
        }
        .joined(separator: "\n")
    }

    // MARK: - The shipped policies

    @Test("the shipped policy is what the generator makes now", arguments: operations)
    func shippedPolicyMatchesTheGenerator(_ operation: String) throws {
        let shipped = try String(contentsOfFile: Self.shippedPath(operation), encoding: .utf8)
        let generated = try Self.generate(operations: [operation]).document
        #expect(shipped == generated, "regenerate policies/least-privilege/\(operation).json (see its README)")
    }

    @Test("the shipped policy allows its own operation and denies every other", arguments: operations, operations)
    func shippedPolicyAllowsOnlyItsOperation(policyOperation: String, checkedOperation: String) throws {
        let report = try Self.check(policy: Self.shippedPath(policyOperation), operations: [checkedOperation])
        let result = try #require(report.operations.first)
        #expect(report.operations.count == 1)
        #expect(result.operation == checkedOperation)
        let expected: Verdict = policyOperation == checkedOperation ? .allowed : .denied
        #expect(result.verdict == expected, "\(Self.why(report))")
        if expected == .allowed {
            // Every request the operation makes — situational ones too — is allowed outright, with no condition left
            // open.
            for outcome in result.requests {
                #expect(outcome.verdict == nil || outcome.verdict == .allowed, "\(ReportSentences.outcome(outcome))")
            }
        }
    }

    /// Why `create_resource.json` carries `iam:CreateServiceLinkedRole`: without it the situational request turns
    /// the verdict to undetermined.
    @Test func createWithoutTheServiceLinkedRoleStatementIsUndetermined() throws {
        var policy = try Self.generate(operations: ["create_resource"])
        let before = policy.statements.count
        policy.statements.removeAll { $0.actions.contains("iam:CreateServiceLinkedRole") }
        #expect(policy.statements.count == before - 1)
        let report = try Self.check(policy: try Self.write(policy), operations: ["create_resource"])
        #expect(report.operations.first?.verdict == .undetermined, "\(Self.why(report))")
    }

    @Test("a generated policy parses as an identity policy and lints clean", arguments: operations)
    func generatedPolicyIsLintClean(_ operation: String) throws {
        try Self.expectClean(try Self.generate(operations: [operation]), source: "\(operation).json")
    }

    @Test func statementLevelPoliciesAreLintClean() throws {
        try Self.expectClean(
            try Self.generate(sqlFile: Self.deploySQL, variables: ["region=us-east-1", "env=prod"]),
            source: "deploy.json")
        try Self.expectClean(try Self.generate(sql: Self.taggedInsert), source: "tagged.json")
    }

    static func expectClean(_ policy: LeastPrivilegePolicy, source: String) throws {
        let bytes = Array(policy.document.utf8)
        let parsed = PolicyParser(policyType: .identity).parse(bytes: bytes, source: PolicySource(source))
        #expect(parsed.document != nil)
        #expect(parsed.findings.isEmpty, "\(parsed.findings.map(\.description))")
        let report = PolicyLinter(policyType: .identity).lint(bytes: bytes, source: PolicySource(source))
        #expect(report.errorCount == 0 && report.warningCount == 0, "\(report.findings.map(\.description))")
    }

    // MARK: - Shape

    @Test func placeholdersBecomeStarsAndConcreteARNsStay() {
        let template = PartialValue(
            template:
                "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/${ImageBuildVersion}")
        #expect(
            LeastPrivilegePolicy.resourcePattern(template)
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/*")
        let unknownPlace = PartialValue(
            template: "arn:aws:imagebuilder:${Region}:${Account}:image/${ImageName}/${A}${B}")
        #expect(LeastPrivilegePolicy.resourcePattern(unknownPlace) == "arn:aws:imagebuilder:*:*:image/*/*")
        let concrete = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web-server/1.0.0"
        #expect(LeastPrivilegePolicy.resourcePattern(PartialValue(template: concrete)) == concrete)
    }

    @Test func outputIsStableWhateverTheOrderOfOperations() throws {
        let forward = try Self.generate(operations: ["create_resource", "get_resource", "delete_resource"]).document
        let backward = try Self.generate(operations: ["delete_resource", "get_resource", "create_resource"]).document
        #expect(forward == backward)
        #expect(forward.hasSuffix("}\n"))
        #expect(forward.contains("\n  \"Statement\": [\n    {\n      \"Sid\": "))
    }

    @Test func statementsGroupActionsBySameResourceAndCondition() throws {
        let policy = try Self.generate(operations: ["delete_resource"])
        #expect(policy.statements.map(\.sid) == ["CloudControlAnyResource", "ImageBuilderImage"])
        #expect(
            policy.statements.map(\.actions) == [
                ["cloudformation:DeleteResource", "cloudformation:GetResourceRequestStatus"],
                [
                    "imagebuilder:CancelImageCreation", "imagebuilder:DeleteImage", "imagebuilder:GetImage",
                    "imagebuilder:UntagResource",
                ],
            ])
        #expect(policy.statements.map(\.resources) == [["*"], ["arn:aws:imagebuilder:*:*:image/*/*/*"]])
        let sids = try Self.generate(operations: Self.operations).statements.map(\.sid)
        #expect(Set(sids).count == sids.count)
        #expect(
            sids.allSatisfy { sid in !sid.isEmpty && sid.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
    }

    @Test func operationLevelCreateNarrowsPassRoleToImageBuilder() throws {
        let policy = try Self.generate(operations: ["create_resource"])
        let passRole = try #require(policy.statements.first { $0.actions == ["iam:PassRole"] })
        #expect(passRole.resources == ["arn:aws:iam::*:role/*"])
        #expect(passRole.conditions == [Self.equals("iam:PassedToService", "imagebuilder.amazonaws.com")])
        let serviceLinked = try #require(policy.statements.first { $0.actions == ["iam:CreateServiceLinkedRole"] })
        #expect(
            serviceLinked.resources == [
                "arn:aws:iam::*:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"
            ])
        #expect(serviceLinked.conditions == [Self.equals("iam:AWSServiceName", "imagebuilder.amazonaws.com")])
        #expect(policy.text.contains("narrow it to the real execution role"))
    }

    @Test func neitherOperationNorSQLIsAnError() {
        #expect(throws: InputError.self) { try Self.generate() }
        do {
            _ = try Self.generate()
        } catch let error as InputError {
            #expect(error.message == "give --operation or --sql")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    static func equals(_ key: String, _ value: String) -> LeastPrivilegePolicy.Condition {
        LeastPrivilegePolicy.Condition(conditionOperator: "StringEquals", key: key, values: [value], isSet: false)
    }

    // MARK: - Statement level

    @Test func deployStatementsPolicyAllowsEachStatementItCameFrom() throws {
        let variables = ["region=us-east-1", "env=prod"]
        let policy = try Self.generate(sqlFile: Self.deploySQL, variables: variables)
        let path = try Self.write(policy)
        let report = try Self.check(policy: path, sqlFile: Self.deploySQL, variables: variables)
        #expect(report.operations.count == 4)
        for result in report.operations {
            #expect(result.verdict == .allowed, "\(Self.why(report))")
        }
        // Least privilege: the operations the file does not run are not allowed.
        let list = try Self.check(policy: path, operations: ["list_resources"])
        #expect(list.operations.first?.verdict == .denied)

        let recipe = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web-server/1.0.0"
        let role = "arn:aws:iam::111122223333:role/ImageBuilderExecution"
        let getRecipe = try #require(policy.statements.first { $0.actions.contains("imagebuilder:GetImageRecipe") })
        #expect(getRecipe.resources == [recipe])
        let passRole = try #require(policy.statements.first { $0.actions.contains("iam:PassRole") })
        #expect(passRole.resources == [role])
        #expect(passRole.conditions == [Self.equals("iam:PassedToService", "imagebuilder.amazonaws.com")])
        #expect(policy.document.contains("\"iam:PassedToService\": \"imagebuilder.amazonaws.com\""))
        // The statement's tags (env from --var) travel as conditions on the new image.
        let create = try #require(policy.statements.first { $0.actions.contains("imagebuilder:CreateImage") })
        #expect(create.conditions.contains(Self.equals("aws:RequestTag/env", "prod")))
        // Requests the statements do not make are left out: no workflows, no scanning configuration.
        #expect(!policy.statements.contains { $0.actions.contains("imagebuilder:GetWorkflow") })
        #expect(!policy.statements.contains { $0.actions.contains("ecr:BatchGetRepositoryScanningConfiguration") })
        #expect(policy.skipped.contains { $0.request.action == "imagebuilder:GetWorkflow" })
    }

    static let taggedInsert = """
        INSERT INTO awscc.imagebuilder.images (ImageRecipeArn, InfrastructureConfigurationArn, Tags, region)
        SELECT 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/api/2.0.0',
        'arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/api-build',
        '{"team": "api", "cost-center": "42"}', 'us-east-1';
        """

    @Test func insertWithTagsCarriesTheTagConditions() throws {
        let policy = try Self.generate(sql: Self.taggedInsert, account: "111122223333")
        let create = try #require(policy.statements.first { $0.actions.contains("imagebuilder:CreateImage") })
        #expect(create.actions == ["imagebuilder:CreateImage", "imagebuilder:TagResource"])
        #expect(create.resources == ["arn:aws:imagebuilder:us-east-1:111122223333:image/api/2.0.0/*"])
        #expect(
            create.conditions == [
                LeastPrivilegePolicy.Condition(
                    conditionOperator: "ForAllValues:StringEquals", key: "aws:TagKeys",
                    values: ["cost-center", "team"],
                    isSet: true),
                Self.equals("aws:RequestTag/cost-center", "42"),
                Self.equals("aws:RequestTag/team", "api"),
            ])
        #expect(create.sid == "ImageBuilderImageWithRequestTags")
        #expect(!policy.statements.contains { $0.actions.contains("iam:PassRole") })

        // The policy allows that statement, and the tag conditions bite: other tag values are not allowed.
        let path = try Self.write(policy)
        let allowed = try Self.check(policy: path, sql: Self.taggedInsert)
        #expect(allowed.operations.first?.verdict == .allowed, "\(Self.why(allowed))")
        let otherTeam = Self.taggedInsert.replacingOccurrences(of: "\"team\": \"api\"", with: "\"team\": \"web\"")
        let denied = try Self.check(policy: path, sql: otherTeam)
        #expect(denied.operations.first?.verdict == .denied, "\(Self.why(denied))")
        let extraKey = Self.taggedInsert.replacingOccurrences(of: "\"cost-center\": \"42\"", with: "\"owner\": \"x\"")
        #expect(try Self.check(policy: path, sql: extraKey).operations.first?.verdict == .denied)
    }

    @Test func severalStatementsGiveOnePolicyForTheirUnion() throws {
        let sql = """
            SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-east-1'
            AND Identifier = 'arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1';
            DELETE FROM awscc.imagebuilder.images WHERE region = 'us-east-1'
            AND Identifier = 'arn:aws:imagebuilder:us-east-1:111122223333:image/web/0.9.0/2';
            """
        let policy = try Self.generate(sql: sql)
        let actions = Set(policy.statements.flatMap(\.actions))
        #expect(actions.isSuperset(of: ["cloudformation:GetResource", "cloudformation:DeleteResource"]))
        let getImage = try #require(policy.statements.first { $0.actions.contains("imagebuilder:GetImage") })
        #expect(
            getImage.resources == [
                "arn:aws:imagebuilder:us-east-1:111122223333:image/web/0.9.0/2",
                "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1",
            ])
        // Only the statements running the requested operations count.
        let onlyGet = try Self.generate(operations: ["get_resource"], sql: sql)
        #expect(!onlyGet.statements.contains { $0.actions.contains("cloudformation:DeleteResource") })
    }
}

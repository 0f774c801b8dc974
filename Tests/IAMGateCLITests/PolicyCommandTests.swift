import Foundation
import Testing

/// `iamgate policy` end to end: the built binary's stdout, stderr and exit code.
@Suite("iamgate policy")
struct PolicyCommandTests {
    @Test func jsonIsThePolicyAlone() throws {
        let result = try CLI.run(["policy", "--operation", "get_resource"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["Version"] as? String == "2012-10-17")
        let statements = try #require(object?["Statement"] as? [[String: Any]])
        #expect(statements.map { $0["Sid"] as? String } == ["CloudControlAnyResource", "ImageBuilderImage"])
        #expect(statements.map { $0["Effect"] as? String } == ["Allow", "Allow"])
        #expect(statements.last?["Resource"] as? String == "arn:aws:imagebuilder:*:*:image/*/*/*")
        #expect(result.stdout.hasSuffix("}\n"))
        // The shipped file is this output.
        let shipped = try String(
            contentsOf: packageRoot.appendingPathComponent("policies/least-privilege/get_resource.json"),
            encoding: .utf8)
        #expect(result.stdout == shipped)
    }

    @Test func regionAndAccountNarrowTheARNs() throws {
        let result = try CLI.run([
            "policy", "--operation", "delete_resource", "--region", "eu-west-1", "--account", "444455556666",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"arn:aws:imagebuilder:eu-west-1:444455556666:image/*/*/*\""))
        #expect(!result.stdout.contains(":*:*:"))
    }

    @Test func repeatedOperationsGiveTheirUnion() throws {
        let result = try CLI.run(["policy", "--operation", "get_resource", "--operation", "list_resources"])
        #expect(result.status == 0, "\(result.stderr)")
        for action in ["cloudformation:GetResource", "cloudformation:ListResources", "imagebuilder:ListImages"] {
            #expect(result.stdout.contains("\"\(action)\""), "\(action)")
        }
        #expect(!result.stdout.contains("cloudformation:DeleteResource"))
    }

    @Test func textAddsWhatEachStatementCovers() throws {
        let result = try CLI.run(["policy", "--operation", "create_resource", "--format", "text"])
        #expect(result.status == 0, "\(result.stderr)")
        let commentary = try #require(
            result.stdout.range(of: "\n\nWhat each statement allows, and for which request:\n"))
        let json = String(result.stdout[..<commentary.lowerBound])
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
        let text = String(result.stdout[commentary.upperBound...])
        #expect(
            text.contains(
                "  IAMRolePassedToImageBuilder\n    - create_resource: iam:PassRole on arn:aws:iam::${Account}:role/"))
        #expect(
            text.contains("needed only while the service-linked role AWSServiceRoleForImageBuilder does not exist yet"))
        #expect(text.contains("narrow it to the real execution role"))
    }

    @Test func statementsFromAFileNameTheirARNs() throws {
        let result = try CLI.run([
            "policy", "--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var",
            "env=prod", "--format", "text",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"Resource\": \"arn:aws:iam::111122223333:role/ImageBuilderExecution\""))
        #expect(result.stdout.contains("\"aws:RequestTag/env\": \"prod\""))
        #expect(result.stdout.contains("Left out (not made for these statements):"))
        #expect(result.stdout.contains("imagebuilder:GetWorkflow — the statement sets no Workflows"))
    }

    @Test func neitherOperationNorSQLIsAUsageError() throws {
        let result = try CLI.run(["policy"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("give --operation or --sql"))
    }

    @Test func unknownOperationIsAnInputError() throws {
        let result = try CLI.run(["policy", "--operation", "launch_resource"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.contains(
                "iamgate: error: unknown operation 'launch_resource' for awscc.imagebuilder.images (expected one of: "))
    }

    @Test func badSQLNamesLineAndColumn() throws {
        let result = try CLI.run([
            "policy", "--sql", "SELECT *\nFORM awscc.imagebuilder.images WHERE region = 'us-east-1'",
        ])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "iamgate: error: sql '--sql' line 2:1: unexpected 'FORM' (expected FROM)\n")
    }

    @Test func unreadableSQLFileIsAnInputError() throws {
        let result = try CLI.run(["policy", "--sql-file", "/nonexistent/deploy.iql"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("cannot read sql file '/nonexistent/deploy.iql'"))
    }
}

import Foundation
import Testing

/// What a statement's values stand for, end to end: a role given by name has an unknown path, and a value that cannot
/// be what its column is gets one sentence with its line:column and exit 64.
@Suite("iamgate check: statement values")
struct StatementValueTests {
    static let deployer = [
        "--principal", "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        "--policy", "policies/examples/ci-deployer.json",
        "--boundary", "policies/examples/ci-deployer-boundary.json",
    ]

    static func insert(role: String, region: String = "us-east-1") -> String {
        """
        INSERT INTO awscc.imagebuilder.images (ImageRecipeArn, InfrastructureConfigurationArn, ExecutionRole, region)
        SELECT 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web-server/1.0.0',
         'arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/web-build', '\(role)', '\(region)'
        """
    }

    /// `reference_identifiers.md`: role names are unique in an account whatever their path, and the ARN holds the
    /// path. ci-deployer may pass only `role/ImageBuilderExecution`, the role at path `/`.
    @Test("a role given by name is not assumed to be at path /: its PassRole is undetermined, not allowed")
    func roleByName() throws {
        let byARN = try CLI.run(
            ["check"] + Self.deployer + [
                "--sql", Self.insert(role: "arn:aws:iam::111122223333:role/ImageBuilderExecution"),
            ])
        #expect(byARN.status == 0, "\(byARN.stdout)\(byARN.stderr)")
        let byName = try CLI.run(
            ["check"] + Self.deployer + ["--sql", Self.insert(role: "ImageBuilderExecution"), "-v"])
        #expect(byName.status == 3, "\(byName.stdout)\(byName.stderr)")
        #expect(
            byName.stdout.contains(
                "iam:PassRole on arn:aws:iam::111122223333:role${RolePath}ImageBuilderExecution is allowed only if the "
                    + "resource (unknown RolePath) is one of 'arn:aws:iam::111122223333:role/ImageBuilderExecution'"))
        let other = try CLI.run(["check"] + Self.deployer + ["--sql", Self.insert(role: "SomeOtherRole")])
        #expect(other.status == 2)
    }

    @Test("a role named in the authorization details has its recorded path")
    func roleFromAuthorizationDetails() throws {
        let result = try CLI.run([
            "check", "--authorization-details", "fixtures/authorization-details/small.json", "--principal",
            "arn:aws:iam::111122223333:role/ci", "--format", "json", "--sql",
            Self.insert(role: "ImageBuilderServiceRole"),
        ])
        #expect(
            result.stdout.contains(
                #""resource": "arn:aws:iam::111122223333:role/service-role/ImageBuilderServiceRole""#))
        #expect(!result.stdout.contains("RolePath"))
        let unknown = try CLI.run([
            "check", "--authorization-details", "fixtures/authorization-details/small.json", "--principal",
            "arn:aws:iam::111122223333:role/ci", "--format", "json", "--sql", Self.insert(role: "NotInTheFile"),
        ])
        #expect(unknown.stdout.contains(#""resource": "arn:aws:iam::111122223333:role${RolePath}NotInTheFile""#))
    }

    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1"

    /// Statements with a value that cannot be right, and the sentence each gets.
    static let refusals: [(sql: String, message: String)] = [
        (
            "DELETE FROM awscc.imagebuilder.images\nWHERE Identifier = '<Arn>' AND region = 'us-east-1'",
            "sql '--sql' line 2:20: Identifier '<Arn>' is the documentation's placeholder, not an image ARN"
        ),
        (
            "DELETE FROM awscc.imagebuilder.images\nWHERE Identifier = "
                + "'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0' AND region = 'us-east-1'",
            "sql '--sql' line 2:20: Identifier 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0' "
                + "is an image recipe ARN, not an image ARN (arn:aws:imagebuilder:${Region}:${Account}:image/"
        ),
        (
            "SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-eats-1' AND Identifier = '\(image)'",
            "sql '--sql' line 1:56: region 'us-eats-1' is not an AWS Region name (Regions are named like "
                + "us-east-1; did you mean 'us-east-1'?)"
        ),
        (
            "SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-west-2' AND Identifier = '\(image)'",
            "is in Region us-east-1, but the statement runs in Region us-west-2"
        ),
        (
            "SELECT * FROM awscc.imagebuilder.images WHERE region = 'us-east-1' AND Identifier = "
                + "'arn:aws:imagebuilder:us-east-1:444455556666:image/web-server/1.0.0/1'",
            "belongs to account 444455556666, but the statement runs in account 111122223333"
        ),
        (insert(role: "Image Builder Exec"), "line 3:88: ExecutionRole 'Image Builder Exec' is neither a role ARN"),
        (
            "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '\(image)' AND region = 'us-east-1' "
                + "AND RoleArn = 'cfn-exec'",
            "RoleArn 'cfn-exec' is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME); Cloud Control takes only"
        ),
    ]

    /// A value that cannot be what its column is: one sentence at its line:column, exit 64, nothing on stdout.
    @Test(
        "a value that cannot be right is refused with its line:column and exit 64",
        arguments: refusals)
    func refused(sql: String, message: String) throws {
        let result = try CLI.run(["check"] + Self.deployer + ["--sql", sql])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("iamgate: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test("--region and --account are checked too")
    func flags() throws {
        let region = try CLI.run(["check"] + Self.deployer + ["--operation", "get_resource", "--region", "us-eats-1"])
        #expect(region.status == 64)
        #expect(region.stderr.contains("--region 'us-eats-1' is not an AWS Region name"))
        let account = try CLI.run(["check"] + Self.deployer + ["--operation", "get_resource", "--account", "1234"])
        #expect(account.status == 64)
        #expect(account.stderr.contains("--account '1234' is not an account id"))
        let fine = try CLI.run(
            ["check"] + Self.deployer + ["--operation", "get_resource", "--region", "ap-southeast-7"])
        #expect(fine.status != 64, "\(fine.stderr)")
    }

    @Test("a template variable without a value stays unknown, not refused")
    func templatesStayUnknown() throws {
        let result = try CLI.run(
            ["check"] + Self.deployer + [
                "--sql",
                "DELETE FROM awscc.imagebuilder.images WHERE Identifier = '{{ image_arn }}' AND region = '{{ region }}'",
            ])
        #expect(result.status != 64, "\(result.stderr)")
        let bundled = try CLI.run(
            ["check"] + Self.deployer + [
                "--sql-file", "policies/examples/sql/deploy-image.iql", "--var", "region=us-east-1", "--var",
                "env=prod",
            ])
        #expect(bundled.status != 64, "\(bundled.stderr)")
    }

    /// The seed page's own SQL examples (`fixtures/stackql-docs/awscc.imagebuilder.images.md`): those with
    /// `{{ var }}` templates stay checkable (unknown values), those that keep the page's `'<Arn>'` placeholder are
    /// refused — copied verbatim, they would send the text `<Arn>` as the Identifier.
    @Test("the doc page's SQL examples: templates are unknown, the '<Arn>' placeholder is refused")
    func docPageExamples() throws {
        let page = try String(
            contentsOf: packageRoot.appendingPathComponent("fixtures/stackql-docs/awscc.imagebuilder.images.md"),
            encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```sql") {
                current = []
            } else if line.hasPrefix("```"), let lines = current {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        try #require(blocks.count == 6, "the seed page has six SQL examples")
        var refused = 0
        for block in blocks {
            let result = try CLI.run(["check"] + Self.deployer + ["--sql", block])
            if block.contains("'<Arn>'") {
                refused += 1
                #expect(result.status == 64)
                #expect(
                    result.stderr.contains("Identifier '<Arn>' is the documentation's placeholder"), "\(result.stderr)")
            } else {
                #expect(result.status != 64, "\(block)\n\(result.stderr)")
            }
        }
        #expect(refused == 3)
    }
}

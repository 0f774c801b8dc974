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
}

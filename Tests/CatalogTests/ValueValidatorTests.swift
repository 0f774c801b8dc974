import Foundation
import IAMPolicy
import Testing

@testable import Catalog

/// A statement value that cannot be what its column is is refused; one that is merely unknown stays unknown. Facts:
/// ARN format and partitions (`general/latest/gr/aws-arns-and-namespaces.html`), Region codes
/// (`general/latest/gr/rande.html`), IAM's `roleNameType` and `accountIdType` (IAM API reference), Cloud Control's
/// `RoleArn` (`arn:.+:iam::[0-9]{12}:role/.+`), the service reference's ImageBuilder ARN templates.
@Suite("Statement values")
struct ValueValidatorTests {
    static let catalogDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("policies/catalog")

    let validator = ValueValidator()

    func problem(
        _ column: String, _ value: PartialValue, method: String = "delete_resource", region: String? = "us-east-1",
        account: String? = "111122223333", resource id: String = "awscc.imagebuilder.images"
    ) throws -> String? {
        let catalog = try Catalog.load(directory: Self.catalogDirectory)
        let resource = try #require(catalog.resource(id: id))
        let method = try #require(resource.method(method))
        let inputs = OperationInputs(
            region: region.map(PartialValue.known) ?? .unknown("region"),
            account: account.map(PartialValue.known) ?? .unknown("account"))
        return validator.problem(column: column, value: value, resource: resource, method: method, inputs: inputs)
    }

    @Test(
        "Region names: a Region's shape is accepted, a misspelling is not",
        arguments: [
            ("us-east-1", true), ("us-eats-1", false), ("eu-central-2", true), ("eu-centrl-2", false),
            ("ap-southeast-7", true), ("us-gov-west-1", true), ("us-isob-east-1", true), ("eusc-de-east-1", true),
            ("xy-north-9", true), ("us-east", false), ("US-EAST-1", false), ("us-east-1a", false), ("", false),
            ("useast1", false), ("us-east-123", false),
        ])
    func regions(region: String, valid: Bool) {
        #expect(ValueValidator.isRegionShaped(region) == valid)
    }

    @Test("A misspelt Region names the Region it was probably meant to be")
    func regionSuggestion() throws {
        #expect(
            try problem("region", .known("us-eats-1"))
                == "region 'us-eats-1' is not an AWS Region name (Regions are named like us-east-1; did you mean "
                + "'us-east-1'?)")
        #expect(try problem("region", .known("us-east-2")) == nil)
        #expect(try problem("region", .unknown("region")) == nil)
    }

    @Test("A Region of another partition than the principal's is refused")
    func regionPartition() throws {
        #expect(try problem("region", .known("cn-north-1"))?.contains("is a Region of partition aws-cn") == true)
        #expect(ValueValidator.partition(ofRegion: "us-gov-east-1") == "aws-us-gov")
        #expect(ValueValidator.partition(ofRegion: "us-isob-east-1") == "aws-iso-b")
        #expect(ValueValidator.partition(ofRegion: "eu-west-1") == "aws")
    }

    @Test("With no principal the partition is a default, and values are not held to it")
    func unknownPartition() throws {
        let catalog = try Catalog.load(directory: Self.catalogDirectory)
        let resource = try #require(catalog.resource(id: "awscc.imagebuilder.images"))
        let method = try #require(resource.method("get_resource"))
        var inputs = OperationInputs(region: .known("cn-north-1"))
        inputs.partitionIsKnown = false
        let arn = PartialValue.known("arn:aws-cn:imagebuilder:cn-north-1:111122223333:image/web/1.0.0/1")
        #expect(
            validator.problem(
                column: "region", value: .known("cn-north-1"), resource: resource, method: method, inputs: inputs)
                == nil)
        #expect(
            validator.problem(column: "Identifier", value: arn, resource: resource, method: method, inputs: inputs)
                == nil)
        inputs.partitionIsKnown = true
        #expect(
            validator.problem(column: "Identifier", value: arn, resource: resource, method: method, inputs: inputs)
                != nil)
    }

    @Test(
        "Account ids are 12 digits",
        arguments: [("111122223333", true), ("11112222333", false), ("1111222233334", false), ("11112222333a", false)])
    func accounts(text: String, valid: Bool) {
        #expect(ValueValidator.isAccountID(text) == valid)
    }

    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    @Test(
        "Identifier: an image build version ARN of the statement's Region and account, or unknown",
        arguments: [
            // value, the problem's distinctive words (nil: accepted)
            (PartialValue.known(image), nil),
            (.known("<Arn>"), "is the documentation's placeholder, not an image ARN"),
            (.known("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0"), "is an image recipe ARN"),
            (.known("arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0"), "is an image version ARN"),
            (.known("arn:aws:imagebuilder:us-west-2:111122223333:image/web/1.0.0/1"), "is in Region us-west-2"),
            (
                .known("arn:aws:imagebuilder:us-east-1:444455556666:image/web/1.0.0/1"),
                "belongs to account 444455556666"
            ),
            (.known("arn:aws:imagebuilder:us-east-1:1111:image/web/1.0.0/1"), "not a 12-digit account id"),
            (.known("arn:aws-cn:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"), "is in partition aws-cn"),
            (.known("arn:aws:s3:::bucket"), "is an ARN of service s3, not an image ARN"),
            (.known("web/1.0.0/1"), "is not an image ARN"),
            (.known("arn:aws:imagebuilder:us-eats-1:111122223333:image/web/1.0.0/1"), "is not an AWS Region name"),
            (.unknown("arn"), nil),
            (
                PartialValue(parts: [.literal("arn:aws:imagebuilder:us-east-1:111122223333:image/web/"), .unknown("v")]
                ),
                nil
            ),
            (
                PartialValue(parts: [
                    .literal("arn:aws:imagebuilder:"), .unknown("region"), .literal(":1:image/x/1.0.0/1"),
                ]), nil
            ),
            (
                PartialValue(parts: [
                    .literal("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/"), .unknown("r"),
                ]),
                "is an image recipe ARN"
            ),
            (
                PartialValue(parts: [.literal("arn:aws:imagebuilder:us-west-2:"), .unknown("rest")]),
                "is in Region us-west-2"
            ),
        ])
    func identifier(value: PartialValue, problem expected: String?) throws {
        let found = try problem("Identifier", value)
        if let expected {
            #expect(found?.contains(expected) == true, "\(found ?? "accepted")")
        } else {
            #expect(found == nil)
        }
    }

    @Test("The exact message for a recipe ARN given as an image's Identifier")
    func recipeMessage() throws {
        #expect(
            try problem("Identifier", .known("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0"))
                == "Identifier 'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0' is an image recipe "
                + "ARN, not an image ARN (arn:aws:imagebuilder:${Region}:${Account}:image/${ImageName}/${ImageVersion}/"
                + "${ImageBuildVersion})")
    }

    @Test("With the account or Region unknown, only the ARN's own shape is checked")
    func unknownContext() throws {
        let other = "arn:aws:imagebuilder:us-west-2:444455556666:image/web/1.0.0/1"
        #expect(try problem("Identifier", .known(other), region: nil, account: nil) == nil)
        #expect(try problem("Identifier", .known(other), region: "us-west-2", account: "444455556666") == nil)
    }

    @Test("Reading an AWS-owned image may work; changing one cannot")
    func awsOwned() throws {
        let owned = PartialValue.known("arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2-x86/2024.1.1/1")
        #expect(try problem("Identifier", owned, method: "get_resource") == nil)
        #expect(try problem("Identifier", owned, method: "delete_resource") != nil)
    }

    @Test(
        "Referenced ARNs: the column's resource type, the statement's Region, any account (shared or AWS-owned)",
        arguments: [
            ("ImageRecipeArn", "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0", nil),
            ("ImageRecipeArn", "arn:aws:imagebuilder:us-east-1:444455556666:image-recipe/web/x.x.x", nil),
            (
                "ImageRecipeArn", "arn:aws:imagebuilder:us-east-1:111122223333:container-recipe/web/1.0.0",
                "is a container recipe ARN, not an image recipe ARN"
            ),
            ("ImageRecipeArn", "arn:aws:imagebuilder:us-west-2:111122223333:image-recipe/web/1.0.0", "is in Region"),
            ("ContainerRecipeArn", "arn:aws:imagebuilder:us-east-1:111122223333:container-recipe/c/1.0.0", nil),
            (
                "InfrastructureConfigurationArn",
                "arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/b", nil
            ),
            (
                "InfrastructureConfigurationArn",
                "arn:aws:imagebuilder:us-east-1:111122223333:distribution-configuration/d",
                "is a distribution configuration ARN"
            ),
            ("DistributionConfigurationArn", "web-dist", "is not a distribution configuration ARN"),
            (
                "Workflows",
                #"[{"WorkflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x"}]"#, nil
            ),
            (
                "Workflows", #"[{"WorkflowArn": "arn:aws:imagebuilder:us-east-1:aws:image/x/1.0.0/1"}]"#,
                "Workflows[0].WorkflowArn"
            ),
        ])
    func references(column: String, value: String, problem expected: String?) throws {
        let found = try problem(column, .known(value), method: "create_resource")
        if let expected {
            #expect(found?.contains(expected) == true, "\(found ?? "accepted")")
        } else {
            #expect(found == nil, "\(found ?? "")")
        }
    }

    @Test(
        "Roles: ExecutionRole takes a role ARN or a role name; Cloud Control's RoleArn only an ARN",
        arguments: [
            ("ExecutionRole", "ImageBuilderExec", true),
            ("ExecutionRole", "service-role/ImageBuilderExec", true),
            ("ExecutionRole", "arn:aws:iam::111122223333:role/service-role/ImageBuilderExec", true),
            ("ExecutionRole", "Image Builder Exec", false),
            ("ExecutionRole", String(repeating: "r", count: 65), false),
            ("ExecutionRole", "arn:aws:iam::111122223333:user/ImageBuilderExec", false),
            ("ExecutionRole", "arn:aws:iam:us-east-1:111122223333:role/ImageBuilderExec", false),
            ("ExecutionRole", "arn:aws:iam::1111:role/ImageBuilderExec", false),
            ("ExecutionRole", "<ExecutionRole>", false),
            ("RoleArn", "arn:aws:iam::111122223333:role/cfn-exec", true),
            ("RoleArn", "cfn-exec", false),
        ])
    func roles(column: String, value: String, valid: Bool) throws {
        let found = try problem(column, .known(value), method: "create_resource")
        #expect((found == nil) == valid, "\(found ?? "accepted")")
    }

    @Test("Unknown template parts are unknown, not garbage")
    func templates() throws {
        #expect(try problem("ExecutionRole", .unknown("ExecutionRole"), method: "create_resource") == nil)
        #expect(try problem("RoleArn", .unknown("role_arn"), method: "create_resource") == nil)
        #expect(try problem("ImageRecipeArn", .unknown("ImageRecipeArn"), method: "create_resource") == nil)
        #expect(try problem("Workflows", .unknown("Workflows"), method: "create_resource") == nil)
        let partly = PartialValue(parts: [.literal("arn:aws:iam::111122223333:role/"), .unknown("name")])
        #expect(try problem("ExecutionRole", partly, method: "create_resource") == nil)
        let wrongService = PartialValue(parts: [.literal("arn:aws:s3:::"), .unknown("name")])
        #expect(try problem("ExecutionRole", wrongService, method: "create_resource") != nil)
    }

    @Test("Other resources' Identifiers are checked against their own type")
    func otherResources() throws {
        let recipe = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0"
        #expect(try problem("Identifier", .known(recipe), resource: "awscc.imagebuilder.image_recipes") == nil)
        #expect(
            try problem("Identifier", .known(Self.image), resource: "awscc.imagebuilder.image_recipes")?.contains(
                "is an image ARN, not an image recipe ARN") == true)
    }
}

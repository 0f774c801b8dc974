import Catalog
import IAMPolicy
import JSON
import Testing

@testable import StackQL

/// `awscc.imagebuilder.images` as the seed page's Methods table and Fields describe it, built here so the tests do
/// not depend on the imported catalog files.
enum TestCatalog {
    static let imageProperties = [
        "ImageScanningConfiguration", "ContainerRecipeArn", "Workflows", "ImageUri", "Name",
        "InfrastructureConfigurationArn", "ImageRecipeArn", "DistributionConfigurationArn", "ImageId",
        "ImageTestsConfiguration", "Arn", "EnhancedImageMetadataEnabled", "ExecutionRole", "Tags",
    ]

    static func method(_ name: String, _ table: String, _ verb: String, _ params: [String]) -> ResourceMethod {
        ResourceMethod(
            name: name, table: table, sqlVerb: verb, requiredParams: params,
            handler: handlerName(forMethod: name) ?? "",
            permissions: [],
            cloudControl: CloudControlCall.forMethod(name)
                ?? CloudControlCall(operation: "", action: "", followUpActions: []))
    }

    static let images = ResourceDefinition(
        id: "awscc.imagebuilder.images", provider: "awscc", service: "imagebuilder", name: "images",
        listView: "images_list_only", cloudFormationType: "AWS::ImageBuilder::Image",
        summary: "Creates, updates, deletes or gets an image resource or lists images in a region",
        identifier: "Arn", properties: imageProperties,
        methods: [
            method("get_resource", "images", "SELECT", ["Identifier", "region"]),
            method("list_resources", "images_list_only", "SELECT", ["region"]),
            method("create_resource", "images", "INSERT", ["region"]),
            method("update_resource", "images", "UPDATE", ["Identifier", "PatchDocument", "region"]),
            method("delete_resource", "images", "DELETE", ["Identifier", "region"]),
        ],
        source: ImportSource(page: "awscc.imagebuilder.images.md", fingerprint: ""))

    /// A sibling resource, so suggestions have more than one candidate.
    static let workflows = ResourceDefinition(
        id: "awscc.imagebuilder.workflows", provider: "awscc", service: "imagebuilder", name: "workflows",
        listView: "workflows_list_only", cloudFormationType: "AWS::ImageBuilder::Workflow", summary: "",
        identifier: "Arn", properties: ["Name", "Version", "Type", "Data", "Tags"],
        methods: [
            method("get_resource", "workflows", "SELECT", ["Identifier", "region"]),
            method("list_resources", "workflows_list_only", "SELECT", ["region"]),
        ],
        source: ImportSource(page: "awscc.imagebuilder.workflows.md", fingerprint: ""))

    static let all = [images, workflows]
}

func loc(_ line: Int, _ column: Int) -> JSON.SourceLocation {
    JSON.SourceLocation(line: line, column: column)
}

/// Parses text that must be valid.
func parse(_ text: String, variables: [String: String] = [:]) throws -> [SQLStatement] {
    try SQLParser.parse(text, source: "test.iql", variables: variables)
}

/// Parses text that must hold exactly one statement.
func parseOne(_ text: String, variables: [String: String] = [:]) throws -> SQLStatement {
    let statements = try parse(text, variables: variables)
    try #require(statements.count == 1)
    return statements[0]
}

/// The error parsing and classifying `text` against `TestCatalog.all` gives, or `nil` when it is accepted.
func sqlError(_ text: String, variables: [String: String] = [:]) -> SQLError? {
    do {
        _ = try StatementClassifier.parseAndClassify(
            text: text, source: "test.iql", variables: variables, catalog: TestCatalog.all)
        return nil
    } catch {
        return error
    }
}

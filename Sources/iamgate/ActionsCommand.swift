import ArgumentParser
import IAMGateKit

extension IAMGate {
    struct Actions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, per operation of a resource, the SQL that reaches it and the IAM permissions it needs.",
            discussion: """
                For each method: the SQL verb and table, the required params, the Cloud Control action StackQL \
                calls, and the handler's documented permissions with their resource types and ARN templates \
                ('*' for wildcard-only actions). Exit 64 for an unknown resource or operation.
                """
        )

        @Argument(help: "A resource id or qualified table (default: awscc.imagebuilder.images).")
        var resource: String?

        @Option(help: "Only this operation (get_resource, list_resources, create_resource, …).")
        var operation: String?

        @Option(help: "A catalog directory instead of the built-in catalog (default: $IAMGATE_CATALOG_DIR).")
        var catalog: String?

        @Option(help: "Output format.")
        var format: CatalogFormat = .text

        func run() throws {
            try requireServiceData()
            let code = try reportingErrors {
                let loaded = try CatalogCommands.loadCatalog(directory: catalog)
                let report = try ActionsReport.describe(catalog: loaded, resource: resource, operation: operation)
                switch format {
                case .text: print(report.text(style: .automatic), terminator: "")
                case .json: print(report.json.rendered())
                }
                return Exit.success
            }
            throw code
        }
    }
}

import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate check`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
    case junit
    case sarif
}

extension IAMGate {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report, per operation on a StackQL resource, whether a principal may perform it and why.",
            discussion: """
                Checks get_resource, list_resources, create_resource, update_resource and delete_resource on \
                awscc.imagebuilder.images (or the operations a SQL statement runs) against the principal's \
                policies, offline. Exit 0 all allowed, 2 any denied, 3 otherwise undetermined, 64 bad input.
                """
        )

        @Option(help: "The principal: an IAM user, role or assumed-role session ARN.")
        var principal: String?

        @Option(name: .customLong("policy"), help: "An identity-based policy file (repeatable).")
        var policies: [String] = []

        @Option(help: "The principal's permissions boundary policy file.")
        var boundary: String?

        @Option(name: .customLong("session-policy"), help: "A session policy file (role sessions).")
        var sessionPolicy: String?

        @Option(name: .customLong("resource-policy"), help: "The resource-based policy file (e.g. an image policy).")
        var resourcePolicy: String?

        @Option(
            name: .customLong("scp"),
            help: "SCP files of one organization level, comma-separated (repeatable, root first, account last).")
        var scps: [String] = []

        @Option(name: .customLong("rcp"), help: "RCP files of one organization level, comma-separated (repeatable).")
        var rcps: [String] = []

        @Option(name: .customLong("endpoint-policy"), help: "A VPC endpoint policy file.")
        var endpointPolicy: String?

        @Option(
            name: .customLong("authorization-details"),
            help: "JSON from 'aws iam get-account-authorization-details'; --principal picks the user or role.")
        var authorizationDetails: String?

        @Option(name: .customLong("context"), help: "A context value KEY=VALUE, [a,b] for sets (repeatable).")
        var context: [String] = []

        @OptionGroup var operation: OperationOptions

        @Flag(help: "Treat absent context keys as absent instead of unknown (no undetermined verdicts).")
        var strict = false

        @Option(help: "Output format.")
        var format: CheckFormat = .text

        @Flag(name: .shortAndLong, help: "Text format: also list allowed and unneeded requests.")
        var verbose = false

        func validate() throws {
            if principal == nil { throw ValidationError("--principal is required") }
        }

        func run() throws {
            try requireServiceData()
            var options = CheckOptions()
            options.principal = principal
            options.identityPolicies = policies
            options.permissionsBoundary = boundary
            options.sessionPolicy = sessionPolicy
            options.resourcePolicy = resourcePolicy
            options.scps = scps
            options.rcps = rcps
            options.endpointPolicy = endpointPolicy
            options.authorizationDetails = authorizationDetails
            options.operations = operation.operations
            options.sql = operation.sql
            options.sqlFile = operation.sqlFile
            options.region = operation.region
            options.account = operation.account
            options.context = context
            options.variables = operation.variables
            options.resource = operation.resource
            options.catalogDirectory = operation.catalog
            options.strict = strict
            let code = try reportingInputErrors {
                let report = try CheckRunner.run(options)
                switch format {
                case .text: print(CheckReportText.render(report, style: .automatic, verbose: verbose), terminator: "")
                case .json: print(report.json.rendered())
                case .markdown: print(MarkdownReport.render(report), terminator: "")
                case .junit: print(JUnitReport.render(report), terminator: "")
                case .sarif: print(SARIFReport.render(report))
                }
                switch report.overall {
                case .allowed: return Exit.success
                case .denied: return Exit.denied
                case .undetermined: return Exit.undetermined
                }
            }
            throw code
        }
    }
}

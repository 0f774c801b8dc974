import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate policy`.
enum PolicyFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case text
}

extension IAMGate {
    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Print the least-privilege IAM policy for operations or SQL statements on a StackQL resource.",
            discussion: """
                Allows exactly the requests the operations (or the statements) make, required and situational: \
                resource ARNs as narrow as the inputs allow (unknown parts become '*'), iam:PassRole only to the \
                service that receives the role, request tags when the statement's tags are known. The JSON format \
                prints the policy alone; the text format adds which request each statement covers. Exit 0, or 64 \
                on bad input.
                """
        )

        @OptionGroup var operation: OperationOptions

        @Option(help: "Output format.")
        var format: PolicyFormat = .json

        func validate() throws {
            if operation.operations.isEmpty && operation.sql == nil && operation.sqlFile == nil {
                throw ValidationError("give --operation or --sql")
            }
        }

        func run() throws {
            try requireServiceData()
            var options = LeastPrivilegeOptions()
            options.operations = operation.operations
            options.sql = operation.sql
            options.sqlFile = operation.sqlFile
            options.region = operation.region
            options.account = operation.account
            options.variables = operation.variables
            options.resource = operation.resource
            options.catalogDirectory = operation.catalog
            let code = try reportingErrors {
                let policy = try LeastPrivilegePolicy.generate(options)
                switch format {
                case .json: print(policy.document, terminator: "")
                case .text: print(policy.text, terminator: "")
                }
                return Exit.success
            }
            throw code
        }
    }
}

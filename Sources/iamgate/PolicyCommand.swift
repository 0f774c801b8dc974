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

        @Option(name: .customLong("operation"), help: "An operation the policy must allow (repeatable).")
        var operations: [String] = []

        @Option(help: "StackQL statements the policy must allow (several separated by ';').")
        var sql: String?

        @Option(name: .customLong("sql-file"), help: "A file of StackQL statements (.iql/.sql).")
        var sqlFile: String?

        @Option(help: "The region, when the statement does not say (default: any, '*').")
        var region: String?

        @Option(help: "The account that owns the resources (default: any, '*').")
        var account: String?

        @Option(name: .customLong("var"), help: "A template variable NAME=VALUE for {{ NAME }} (repeatable).")
        var variables: [String] = []

        @Option(help: "The StackQL resource.")
        var resource = "awscc.imagebuilder.images"

        @Option(help: "The operation catalog directory (default: policies/catalog).")
        var catalog: String?

        @Option(help: "Output format.")
        var format: PolicyFormat = .json

        func validate() throws {
            if sql != nil && sqlFile != nil { throw ValidationError("give --sql or --sql-file, not both") }
            if operations.isEmpty && sql == nil && sqlFile == nil { throw ValidationError("give --operation or --sql") }
        }

        func run() throws {
            var options = LeastPrivilegeOptions()
            options.operations = operations
            options.sql = sql
            options.sqlFile = sqlFile
            options.region = region
            options.account = account
            options.variables = variables
            options.resource = resource
            options.catalogDirectory = catalog
            let code = try reportingInputErrors {
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

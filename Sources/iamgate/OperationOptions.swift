import ArgumentParser

/// The options `check` and `policy` share: which resource and operations, the SQL statements, and the values that
/// fill them in.
struct OperationOptions: ParsableArguments {
    @Option(help: "The StackQL resource.")
    var resource = "awscc.imagebuilder.images"

    @Option(name: .customLong("operation"), help: "An operation: get_resource, list_resources… (repeatable).")
    var operations: [String] = []

    @Option(help: "StackQL statements (several separated by ';').")
    var sql: String?

    @Option(name: .customLong("sql-file"), help: "A file of StackQL statements (.iql/.sql).")
    var sqlFile: String?

    @Option(name: .customLong("var"), help: "A template variable NAME=VALUE for {{ NAME }} (repeatable).")
    var variables: [String] = []

    @Option(help: "The region, when the statement does not say.")
    var region: String?

    @Option(help: "The account that owns the resources.")
    var account: String?

    @Option(help: "A catalog directory instead of the built-in catalog (default: $IAMGATE_CATALOG_DIR).")
    var catalog: String?

    func validate() throws {
        if sql != nil && sqlFile != nil { throw ValidationError("give --sql or --sql-file, not both") }
    }
}

import Catalog
import StackQL

/// One operation to check (or to write a policy for) and the requests it makes.
struct PlannedOperation: Sendable {
    var method: ResourceMethod
    /// The SQL statement that runs the operation; `nil` when the operation was named with `--operation`.
    var origin: StatementOrigin?
    var requests: [RequiredRequest]
}

/// The operations a command is about — named with `--operation` or run by SQL statements — with the requests each
/// makes. `check` and `policy` share it, so both see exactly the same requests.
struct OperationPlan: Sendable {
    /// What selects the operations.
    struct Selection: Sendable {
        var resource: String
        /// Catalog method names; empty means every method of the resource (or every statement).
        var operations: [String]
        var sql: String?
        var sqlFile: String?
        /// The SQL text and its source name when already read; `sql` and `sqlFile` are then not read again.
        var sqlRead: (text: String, source: String)? = nil
        /// `name=value` template variables.
        var variables: [String]
        var catalogDirectory: String?
        /// `check` or `policy`, for messages.
        var command: String
    }

    var resource: ResourceDefinition
    var operations: [PlannedOperation]

    /// Loads the catalog, classifies the SQL (if any) and builds each operation's requests from `inputs`; a
    /// statement's own `region` replaces the input region.
    static func make(_ selection: Selection, inputs: OperationInputs) throws(InputError) -> OperationPlan {
        let catalog = try CatalogCommands.loadCatalog(directory: selection.catalogDirectory)
        guard let resource = catalog.resource(id: selection.resource) else {
            let known = catalog.resources.map(\.id).sorted().joined(separator: ", ")
            throw InputError("unknown resource '\(selection.resource)' (the catalog has: \(known))")
        }
        let variables = try CheckRunner.parseVariables(selection.variables)
        let methods = try CheckRunner.selectedMethods(selection.operations, resource: resource)
        var sqlText = selection.sqlRead
        if sqlText == nil, let read = try CheckRunner.sqlText(sql: selection.sql, sqlFile: selection.sqlFile) {
            sqlText = (read.0, read.1)
        }
        guard let (text, source) = sqlText else {
            var operations: [PlannedOperation] = []
            for method in methods {
                let requests = try CheckRunner.operationRequests(
                    method: method, resource: resource, inputs: inputs, origin: nil)
                operations.append(PlannedOperation(method: method, origin: nil, requests: requests))
            }
            return OperationPlan(resource: resource, operations: operations)
        }
        let statements: [ClassifiedStatement]
        do {
            statements = try StatementClassifier.parseAndClassify(
                text: text, source: source, variables: variables, catalog: catalog.resources)
        } catch let error {
            throw InputError(error.description)
        }
        if statements.isEmpty { throw InputError("sql '\(source)' holds no statement") }
        var operations: [PlannedOperation] = []
        for classified in statements {
            guard classified.resource.id == resource.id else {
                throw InputError(
                    SQLError(
                        message: "this \(selection.command) is for \(resource.id), but the statement is on "
                            + "\(classified.resource.id) (use --resource \(classified.resource.id))",
                        location: classified.statement.tableLocation, source: source
                    ).description)
            }
            if !selection.operations.isEmpty && !methods.contains(where: { $0.name == classified.method.name }) {
                continue
            }
            var statementInputs = inputs
            statementInputs.statement = classified.inputs
            if let region = classified.parameter("region")?.value.knownText {
                statementInputs.region = .known(region)
            }
            try checkValues(classified, inputs: statementInputs, source: source)
            let origin = StatementOrigin(
                source: source, location: classified.statement.location, text: classified.statement.text)
            let requests = try CheckRunner.operationRequests(
                method: classified.method, resource: resource, inputs: statementInputs, origin: origin)
            operations.append(PlannedOperation(method: classified.method, origin: origin, requests: requests))
        }
        if operations.isEmpty {
            let names = methods.map(\.name).joined(separator: ", ")
            throw InputError("sql '\(source)' holds no statement that runs \(names)")
        }
        return OperationPlan(resource: resource, operations: operations)
    }

    /// Refuses a statement value that cannot be what its column is (a Region, the resource's ARN, a recipe's ARN, a
    /// role): one sentence at the value's line:column, before any request is built from it.
    static func checkValues(
        _ classified: ClassifiedStatement, inputs: OperationInputs, source: String
    ) throws(InputError) {
        let statement = classified.statement
        let located: [(String, SQLValue)] =
            statement.whereEquals.map { ($0.column, $0.value) }
            + zip(statement.insertColumns, statement.insertValues).map { ($0, $1) }
            + statement.assignments.map { ($0.column, $0.value) }
        let validator = ValueValidator()
        for (column, value) in located {
            guard
                let problem = validator.problem(
                    column: column, value: value.value, resource: classified.resource, method: classified.method,
                    inputs: inputs)
            else { continue }
            throw InputError(SQLError(message: problem, location: value.location, source: source).description)
        }
    }
}

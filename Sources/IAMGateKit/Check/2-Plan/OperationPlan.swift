import Catalog
import DeploymentFacts
import Manifest
import StackQL

/// One operation to check (or to write a policy for) and the requests it makes.
struct PlannedOperation: Sendable {
    var method: ResourceMethod
    /// The SQL statement that runs the operation; `nil` when the operation was named with `--operation`.
    var origin: StatementOrigin?
    var requests: [RequiredRequest]
    /// The StackQL resource, for a stackql-deploy project's statements (which may reach several); `nil`: the plan's.
    var resource: ResourceDefinition? = nil
    /// The parsed statement the requests were built from; exec builds its Cloud Control call from this same value.
    var statement: ClassifiedStatement? = nil
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
        /// A stackql-deploy project's planned statements (`--manifest`), which replace `sql`, `operations` and
        /// `resource`.
        var deployment: DeploymentPlan? = nil
        /// Where the SQL and the catalog resource are recorded as read.
        var ledger: InputLedger? = nil
        /// exec: every mutation is followed to its final state, so its follow-up requests are required whether or
        /// not the statement says `/*+ AWAIT */`.
        var followsEveryMutation = false
    }

    var resource: ResourceDefinition
    var operations: [PlannedOperation]
    /// What the report should also say: a stackql-deploy project's notes and unknown values.
    var notes: [ReportNote] = []

    /// The report's `resource`: the plan's, or every resource a project's statements reach, in order.
    var resourceLabel: String {
        var ids: [String] = []
        for operation in operations {
            let id = operation.resource?.id ?? resource.id
            if !ids.contains(id) { ids.append(id) }
        }
        return ids.isEmpty ? resource.id : ids.joined(separator: ", ")
    }

    /// Loads the catalog, classifies the SQL (if any) and builds each operation's requests from `inputs`; a
    /// statement's own `region` replaces the input region.
    static func make(_ selection: Selection, inputs: OperationInputs) throws(InputError) -> OperationPlan {
        let catalog = try CatalogCommands.loadCatalog(directory: selection.catalogDirectory)
        if let deployment = selection.deployment {
            return try make(
                deployment: deployment, catalog: catalog, inputs: inputs,
                followsEveryMutation: selection.followsEveryMutation, ledger: selection.ledger)
        }
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
        selection.ledger?.record(kind: "catalog resource", name: resource.id, bytes: Catalog.encode(resource))
        if let (text, source) = sqlText {
            selection.ledger?.record(kind: "sql", name: source, bytes: text.utf8)
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
            throw InputError(error)
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
            if selection.followsEveryMutation { statementInputs.statement?.awaitsCompletion = true }
            if let region = classified.parameter("region")?.value.knownText {
                statementInputs.region = .known(region)
            }
            try checkValues(classified, inputs: statementInputs, source: source)
            let origin = StatementOrigin(
                source: source, location: classified.statement.location, text: classified.statement.text)
            let requests = try CheckRunner.operationRequests(
                method: classified.method, resource: resource, inputs: statementInputs, origin: origin)
            operations.append(
                PlannedOperation(method: classified.method, origin: origin, requests: requests, statement: classified))
        }
        if operations.isEmpty {
            let names = methods.map(\.name).joined(separator: ", ")
            throw InputError("sql '\(source)' holds no statement that runs \(names)")
        }
        return OperationPlan(resource: resource, operations: operations)
    }

    /// The operations of a stackql-deploy project: every planned statement parsed (as a deployment query) and
    /// classified against the whole catalog, each located at its file and line with its resource, anchor and when it
    /// runs. A statement that reads no table needs no permission and is only noted.
    static func make(
        deployment: DeploymentPlan, catalog: Catalog, inputs: OperationInputs, followsEveryMutation: Bool = false,
        ledger: InputLedger? = nil
    ) throws(InputError) -> OperationPlan {
        var operations: [PlannedOperation] = []
        var notes: [ReportNote] = []
        let command = deployment.command.rawValue
        for planned in deployment.statements {
            let results: [(statement: SQLStatement, classified: ClassifiedStatement?)]
            do {
                results = try planned.classify(catalog: catalog.resources)
            } catch let error {
                throw InputError(error)
            }
            let step = DeploymentStep(
                resource: planned.resource, anchor: planned.anchorName,
                options: planned.options.map { "\($0.name)=\($0.value)" }, runs: planned.runs,
                condition: planned.condition)
            if results.isEmpty {
                notes.append(
                    .queryHoldsNoStatement(
                        file: planned.path, line: planned.firstLine, resource: planned.resource,
                        anchor: planned.anchorName))
            }
            for (statement, classified) in results {
                guard let classified else {
                    notes.append(
                        .statementReadsNoTable(
                            file: planned.path, line: statement.location.line, resource: planned.resource,
                            anchor: planned.anchorName))
                    continue
                }
                ledger?.record(
                    kind: "catalog resource", name: classified.resource.id, bytes: Catalog.encode(classified.resource))
                var statementInputs = inputs
                statementInputs.statement = classified.inputs
                if followsEveryMutation { statementInputs.statement?.awaitsCompletion = true }
                if let region = classified.parameter("region")?.value.knownText {
                    statementInputs.region = .known(region)
                }
                try checkValues(classified, inputs: statementInputs, source: planned.path)
                let origin = StatementOrigin(
                    source: planned.path, location: statement.location, text: statement.text, deployment: step)
                let requests = try CheckRunner.operationRequests(
                    method: classified.method, resource: classified.resource, inputs: statementInputs, origin: origin)
                operations.append(
                    PlannedOperation(
                        method: classified.method, origin: origin, requests: requests, resource: classified.resource,
                        statement: classified))
            }
        }
        let project = deployment.project
        guard let first = operations.first?.resource else {
            let why = (deployment.notes.map(ReportSentences.planNote) + notes.map(ReportSentences.note)).joined(
                separator: "; ")
            throw InputError(
                "manifest '\(project.manifestPath)': a \(command) of '\(project.name)' runs no statement that reaches a "
                    + "StackQL resource, so there is nothing to check" + (why.isEmpty ? "" : " (\(why))"))
        }
        var allNotes: [ReportNote] = [
            .deploymentStatements(
                command: command, project: project.name, environment: deployment.inputs.environment,
                checksCreateAndUpdate: deployment.command == .build)
        ]
        allNotes += deployment.notes.map(ReportNote.deploymentPlan) + notes
        var reasons: [UnknownValueCause] = []
        var namesByReason: [UnknownValueCause: [String]] = [:]
        for unknown in deployment.unknownValues {
            if namesByReason[unknown.reason] == nil { reasons.append(unknown.reason) }
            namesByReason[unknown.reason, default: []].append(unknown.name)
        }
        for reason in reasons {
            allNotes.append(.unknownBeforeRun(reason: reason, names: namesByReason[reason] ?? []))
        }
        return OperationPlan(resource: first, operations: operations, notes: allNotes)
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

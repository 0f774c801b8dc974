import Catalog
import IAMPolicy
import JSON

/// A value in a statement and where it is: literal text with `{{ var }}` template parts resolved when their value is
/// known and kept as named unknowns otherwise. `'us-east-1'` is fully known; `'{{ region }}'` without
/// `--var region=…` is unknown; `'arn:aws:imagebuilder:us-east-1:{{ account }}:image/web/1.0.0/1'` is partly known.
/// The value is the one partly known value type, so a statement's values reach the request builder as they are; the
/// location is what errors about it name.
public struct SQLValue: Sendable, Hashable, CustomStringConvertible {
    /// The literal runs of text and the template expressions with no value (the text inside `{{ }}`, trimmed).
    public var value: PartialValue
    /// Where the value starts in the SQL text.
    public var location: SourceLocation

    public init(_ value: PartialValue, location: SourceLocation) {
        self.value = value
        self.location = location
    }

    public init(literal: String, location: SourceLocation) {
        self.init(.known(literal), location: location)
    }

    /// `us-east-1`, or `arn:…:{{ account }}:…` with unknown parts shown as templates.
    public var description: String { value.sqlText }
}

/// The SQL verbs StackQL reaches resources with.
public enum SQLVerb: String, Sendable, Hashable {
    case select = "SELECT"
    case insert = "INSERT"
    case update = "UPDATE"
    case delete = "DELETE"
}

/// One parsed statement, before classification.
public struct SQLStatement: Sendable, Hashable {
    public var verb: SQLVerb
    /// The table as written, lowercased: `awscc.imagebuilder.images`; empty for a SELECT that reads no table (only in
    /// `SQLParser.Mode.deploymentQuery`).
    public var table: String
    /// Where the statement's first token is.
    public var location: SourceLocation
    /// Where the table name is (for errors about it).
    public var tableLocation: SourceLocation
    /// The statement's source text, comments included, without the trailing `;`.
    public var text: String
    /// `/*+ … */` hints: a stackql-deploy anchor before the statement (`create`), or one after the verb (`AWAIT`).
    public var hints: [String]
    /// `WHERE a = 'x' AND b = 'y'` as column → value (columns as written).
    public var whereEquals: [(column: String, value: SQLValue)]
    /// INSERT: the column list and the first row of values (same length).
    public var insertColumns: [String]
    public var insertValues: [SQLValue]
    /// UPDATE: `SET column = value` pairs; a `string('…')` wrapper is unwrapped to its argument.
    public var assignments: [(column: String, value: SQLValue)]
    /// SELECT: the projected expressions as written (`*`, `region`, `JSON_EXTRACT(...) AS x`).
    public var selectColumns: [String]
    /// RETURNING columns, when present.
    public var returning: [String]
    /// INSERT: how many rows of values were given. `VALUES (…), (…)` may have several, of which only the first is
    /// kept in `insertValues` (the caller should warn); `INSERT … SELECT` has 1; other verbs have 0.
    public var valueRowCount: Int = 0
    /// The stackql-deploy anchor key of a `/*+ … */` hint before the statement (`create`, `statecheck`…), if any.
    public var anchor: String?
    /// Where each WHERE column is, in the order of `whereEquals`.
    public var whereColumnLocations: [SourceLocation] = []
    /// Where each INSERT column is, in the order of `insertColumns`.
    public var insertColumnLocations: [SourceLocation] = []
    /// Where each SET column is, in the order of `assignments`.
    public var assignmentColumnLocations: [SourceLocation] = []
    /// SELECT in `SQLParser.Mode.deploymentQuery`: the WHERE conditions StackQL applies to the rows it read (on
    /// columns other than the Cloud Control parameters, or not equalities), as written. They change no request.
    public var localFilters: [String] = []
    /// SELECT in `SQLParser.Mode.deploymentQuery`: `localFilters` as expressions `iamgate exec` evaluates over the rows
    /// it read, to decide an exists or statecheck query (same order).
    public var rowFilters: [RowFilter] = []
    /// SELECT in `SQLParser.Mode.deploymentQuery`: the projected columns (`COUNT(*) AS count`) with their expressions.
    public var selectItems: [RowColumn] = []
    /// SELECT in `SQLParser.Mode.deploymentQuery` from a derived table: the derived table's projected columns (its
    /// aliases, which the outer WHERE may name).
    public var derivedColumns: [RowColumn] = []

    public init(
        verb: SQLVerb, table: String, location: SourceLocation, tableLocation: SourceLocation, text: String,
        hints: [String] = [], whereEquals: [(column: String, value: SQLValue)] = [], insertColumns: [String] = [],
        insertValues: [SQLValue] = [], assignments: [(column: String, value: SQLValue)] = [],
        selectColumns: [String] = [], returning: [String] = []
    ) {
        self.verb = verb
        self.table = table
        self.location = location
        self.tableLocation = tableLocation
        self.text = text
        self.hints = hints
        self.whereEquals = whereEquals
        self.insertColumns = insertColumns
        self.insertValues = insertValues
        self.assignments = assignments
        self.selectColumns = selectColumns
        self.returning = returning
    }

    public static func == (lhs: SQLStatement, rhs: SQLStatement) -> Bool {
        lhs.verb == rhs.verb && lhs.table == rhs.table && lhs.location == rhs.location && lhs.text == rhs.text
            && lhs.hints == rhs.hints && lhs.insertColumns == rhs.insertColumns
            && lhs.insertValues == rhs.insertValues && lhs.selectColumns == rhs.selectColumns
            && lhs.returning == rhs.returning
            && lhs.whereEquals.map(\.column) == rhs.whereEquals.map(\.column)
            && lhs.whereEquals.map(\.value) == rhs.whereEquals.map(\.value)
            && lhs.assignments.map(\.column) == rhs.assignments.map(\.column)
            && lhs.assignments.map(\.value) == rhs.assignments.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(verb)
        hasher.combine(table)
        hasher.combine(location)
        hasher.combine(text)
    }

    /// The value of a WHERE equality, matching the column case-insensitively.
    public func whereValue(_ column: String) -> SQLValue? {
        whereEquals.first { $0.column.lowercased() == column.lowercased() }?.value
    }

    /// The value an INSERT gives a column, case-insensitively.
    public func insertValue(_ column: String) -> SQLValue? {
        guard let index = insertColumns.firstIndex(where: { $0.lowercased() == column.lowercased() }),
            index < insertValues.count
        else { return nil }
        return insertValues[index]
    }

    /// The value an UPDATE assigns a column, case-insensitively.
    public func assignedValue(_ column: String) -> SQLValue? {
        assignments.first { $0.column.lowercased() == column.lowercased() }?.value
    }
}

/// A statement matched to a catalog resource and method.
public struct ClassifiedStatement: Sendable, Hashable {
    public var statement: SQLStatement
    public var resource: ResourceDefinition
    public var method: ResourceMethod

    public init(statement: SQLStatement, resource: ResourceDefinition, method: ResourceMethod) {
        self.statement = statement
        self.resource = resource
        self.method = method
    }

    /// What the request builder needs of the statement: its Identifier, its INSERT columns keyed as the catalog
    /// spells the property, its PatchDocument, whether it waits (`/*+ AWAIT */`), and its RoleArn.
    public var inputs: StatementInputs {
        var properties: [String: PartialValue] = [:]
        if statement.verb == .insert {
            for (column, value) in zip(statement.insertColumns, statement.insertValues) {
                let name = resource.properties.first { $0.lowercased() == column.lowercased() } ?? column
                properties[name] = value.value
            }
        }
        let awaits = statement.hints.contains { $0.lowercased().contains("await") }
        return StatementInputs(
            identifier: parameter("Identifier")?.value, properties: properties,
            patchDocument: parameter("PatchDocument")?.value, awaitsCompletion: awaits,
            roleArn: parameter("RoleArn")?.value)
    }

    /// The value of a parameter, wherever the verb carries it: `region` and `Identifier` in WHERE (SELECT, UPDATE,
    /// DELETE) or the column list (INSERT); `PatchDocument` in SET.
    public func parameter(_ name: String) -> SQLValue? {
        switch statement.verb {
        case .insert: return statement.insertValue(name)
        case .update: return statement.assignedValue(name) ?? statement.whereValue(name)
        case .select, .delete: return statement.whereValue(name)
        }
    }
}

/// A statement that cannot be used: one sentence and where.
public struct SQLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    /// The file (or `--sql`) the statement came from.
    public var source: String

    public init(message: String, location: SourceLocation, source: String) {
        self.message = message
        self.location = location
        self.source = source
    }

    /// `sql 'deploy.iql' line 3:14: unexpected 'FORM' (expected FROM)`.
    public var description: String {
        "sql '\(source)' line \(location.line):\(location.column): \(message)"
    }
}

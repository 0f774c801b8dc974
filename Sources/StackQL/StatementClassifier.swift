import Catalog
import Diagnostics

/// Matches parsed statements to the catalog: which resource and method a statement reaches (by its table and
/// verb, as each `ResourceMethod` declares them), and whether it carries what that method needs — its required
/// params, and only columns Cloud Control can take.
public struct StatementClassifier: Sendable {
    /// The Cloud Control parameters any mutation may pass besides the resource's properties.
    public static let optionalParams = ["ClientToken", "RoleArn", "TypeVersionId"]
    /// The parameters an UPDATE sets rather than filters on.
    public static let setParams = ["PatchDocument"]
    /// The parameters read from WHERE.
    static let whereParams = ["Identifier", "region"]

    /// The resources statements are classified against.
    public let resources: [ResourceDefinition]

    public init(catalog resources: [ResourceDefinition]) {
        self.resources = resources
    }

    /// Parses `text` and classifies each statement; the first problem is thrown.
    public static func parseAndClassify(
        text: String, source: String, variables: [String: String] = [:], catalog: [ResourceDefinition]
    ) throws(SQLError) -> [ClassifiedStatement] {
        let classifier = StatementClassifier(catalog: catalog)
        var classified: [ClassifiedStatement] = []
        for statement in try SQLParser.parse(text, source: source, variables: variables) {
            classified.append(try classifier.classify(statement, source: source))
        }
        return classified
    }

    /// Parses `text` as `SQLParser.parse(_:source:templates:mode:firstLine:)` does and classifies each statement
    /// that reads a table; a SELECT that reads none (`.deploymentQuery` mode) gives `nil` in its place, since it
    /// reaches no resource.
    public static func parseAndClassify(
        text: String, source: String, templates: TemplateValues, mode: SQLParser.Mode, firstLine: Int,
        catalog: [ResourceDefinition]
    ) throws(SQLError) -> [(statement: SQLStatement, classified: ClassifiedStatement?)] {
        let classifier = StatementClassifier(catalog: catalog)
        var results: [(statement: SQLStatement, classified: ClassifiedStatement?)] = []
        let statements = try SQLParser.parse(
            text, source: source, templates: templates, mode: mode, firstLine: firstLine)
        for statement in statements {
            let classified = statement.table.isEmpty ? nil : try classifier.classify(statement, source: source)
            results.append((statement, classified))
        }
        return results
    }

    /// The resource and method `statement` reaches. Throws for an unknown table (with a suggestion), a verb the
    /// table has no method for, a column the method cannot take, or a missing required param.
    public func classify(_ statement: SQLStatement, source: String) throws(SQLError) -> ClassifiedStatement {
        let (resource, method) = try resolve(statement, source: source)
        let classified = ClassifiedStatement(statement: statement, resource: resource, method: method)
        // Only the first row's values are kept; checking them for every row could call a denied row allowed.
        if statement.verb == .insert && statement.valueRowCount > 1 {
            throw SQLError(
                message: "this INSERT has \(statement.valueRowCount) rows of values; iamgate checks one resource per "
                    + "INSERT (each row's values decide its permissions): write one INSERT per row",
                location: statement.location, source: source)
        }
        try checkColumns(classified, source: source)
        try checkRequiredParams(classified, source: source)
        return classified
    }

    // MARK: - Table and method

    /// A table a statement can name, with the method it reaches.
    private struct Route {
        var table: String
        var resource: ResourceDefinition
        var method: ResourceMethod
    }

    private var routes: [Route] {
        resources.flatMap { resource in
            let prefix = resource.id.split(separator: ".").dropLast().joined(separator: ".")
            return resource.methods.map { method in
                Route(table: "\(prefix).\(method.table)".lowercased(), resource: resource, method: method)
            }
        }
    }

    private func resolve(
        _ statement: SQLStatement, source: String
    ) throws(SQLError) -> (ResourceDefinition, ResourceMethod) {
        let onTable = routes.filter { $0.table == statement.table }
        if let route = onTable.first(where: { $0.method.sqlVerb.uppercased() == statement.verb.rawValue }) {
            return (route.resource, route.method)
        }
        if !onTable.isEmpty {
            let methods = onTable.map { "\($0.method.name) by \($0.method.sqlVerb.uppercased())" }
            throw SQLError(
                message:
                    "no \(statement.verb.rawValue) method on '\(statement.table)' (it has \(methods.joined(separator: ", ")))",
                location: statement.tableLocation, source: source)
        }
        var known = routes.map(\.table) + resources.map { $0.id.lowercased() }
        known = known.enumerated().filter { known.firstIndex(of: $0.element) == $0.offset }.map(\.element)
        var message = "unknown resource '\(statement.table)'"
        if let suggestion = Self.suggestion(for: statement.table, among: known) {
            message += " (did you mean '\(suggestion)'?)"
        }
        throw SQLError(message: message, location: statement.tableLocation, source: source)
    }

    // MARK: - Columns

    private func checkColumns(_ classified: ClassifiedStatement, source: String) throws(SQLError) {
        let statement = classified.statement
        let method = classified.method
        switch statement.verb {
        case .insert:
            let properties = classified.resource.properties
            let params = ["region"] + Self.optionalParams
            for (column, location) in zip(statement.insertColumns, statement.insertColumnLocations) {
                let isProperty = properties.contains(column)
                let isParam = params.contains { $0.lowercased() == column.lowercased() }
                guard !isProperty && !isParam else { continue }
                var message = "unknown column '\(column)' for \(classified.resource.id)"
                if let suggestion = Self.suggestion(for: column, among: properties + params) {
                    message += " (did you mean '\(suggestion)'?)"
                }
                throw SQLError(message: message, location: location, source: source)
            }
        case .update:
            let settable = Self.setParams + Self.optionalParams
            for ((column, _), location) in zip(statement.assignments, statement.assignmentColumnLocations)
            where !settable.contains(where: { $0.lowercased() == column.lowercased() }) {
                var message = "column '\(column)' cannot be set by \(method.name)"
                if let suggestion = Self.suggestion(for: column, among: settable) {
                    message += " (did you mean '\(suggestion)'?)"
                } else {
                    message += " (set PatchDocument to a JSON Patch document instead)"
                }
                throw SQLError(message: message, location: location, source: source)
            }
        case .select, .delete:
            break
        }
        guard statement.verb != .insert else { return }
        let filters = whereColumns(for: method, verb: statement.verb)
        for ((column, _), location) in zip(statement.whereEquals, statement.whereColumnLocations)
        where !filters.contains(where: { $0.lowercased() == column.lowercased() }) {
            var message = "column '\(column)' cannot be used in WHERE for \(method.name)"
            if let suggestion = Self.suggestion(for: column, among: filters) {
                message += " (did you mean '\(suggestion)'?)"
            } else {
                let names = filters.map { "'\($0)'" }
                message += " (Cloud Control takes only \(names.joined(separator: ", ")) there)"
            }
            throw SQLError(message: message, location: location, source: source)
        }
    }

    /// The WHERE columns a method takes: its required `Identifier`/`region`, plus Cloud Control's optional params
    /// for UPDATE and DELETE (whose request bodies carry them).
    private func whereColumns(for method: ResourceMethod, verb: SQLVerb) -> [String] {
        let required = method.requiredParams.filter { param in
            Self.whereParams.contains { $0.lowercased() == param.lowercased() }
        }
        return verb == .update || verb == .delete ? required + Self.optionalParams : required
    }

    // MARK: - Required params

    private func checkRequiredParams(_ classified: ClassifiedStatement, source: String) throws(SQLError) {
        let statement = classified.statement
        for param in classified.method.requiredParams where classified.parameter(param) == nil {
            let hint: String
            switch statement.verb {
            case .insert:
                hint = "add \(param) to the column list and a value for it"
            case .update where Self.setParams.contains(where: { $0.lowercased() == param.lowercased() }):
                hint = "add SET \(param) = '…'"
            case .select, .update, .delete:
                hint = "add WHERE \(param) = '…'"
            }
            throw SQLError(
                message: "missing required param '\(param)' for \(classified.method.name) (\(hint))",
                location: statement.location, source: source)
        }
    }

    // MARK: - Suggestions

    /// The candidate a misspelled name most likely meant: one equal ignoring case, the name without an old
    /// `data__` prefix, or the closest by edit distance when it is close enough.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let lower = name.lowercased()
        if let match = candidates.first(where: { $0.lowercased() == lower }) { return match }
        if lower.hasPrefix("data__"),
            let match = candidates.first(where: { $0.lowercased() == lower.dropFirst("data__".count) })
        {
            return match
        }
        return Suggestion.closest(to: name, among: candidates) { max(2, $0.count / 5) }
    }
}

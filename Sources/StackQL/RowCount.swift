import JSON

/// An exists or statecheck query as stackql-deploy decides it: the query "needs to return a single row with a single
/// field named `count`", 1 meaning the resource exists (or is in the desired state) and 0 that it does not
/// (stackql-deploy `website/docs/resource-query-files.md`, exists and statecheck). iamgate takes the rows the
/// statement's Cloud Control read returned, keeps those every local filter holds for (a derived table's aliases
/// evaluated per row), and counts them as the `count` column's `COUNT(…)` does.
public struct RowCount: Sendable, Hashable {
    /// `COUNT`'s argument: `*` counts every row, an expression the rows where it is not NULL.
    public var counted: RowExpression
    public var filters: [RowExpression]
    /// The derived table's columns a filter uses, by lowercased name.
    public var aliases: [String: RowExpression]
    /// `aliases`' names in the order the text writes them.
    var aliasOrder: [String] = []

    /// The count query of `statement` (a SELECT parsed in `SQLParser.Mode.deploymentQuery`). Throws one sentence at
    /// the place iamgate cannot read: no `count` column, a `count` that is not `COUNT(…)`, or a filter or derived
    /// column iamgate does not evaluate.
    public static func make(_ statement: SQLStatement, source: String) throws(SQLError) -> RowCount {
        guard
            let column = statement.selectItems.first(where: { $0.name.lowercased() == "count" })
        else {
            let returned = statement.selectColumns.joined(separator: ", ")
            throw SQLError(
                message: "exec decides this query by its count column, as stackql-deploy does, but it returns "
                    + "\(returned) (write SELECT COUNT(*) AS count …)",
                location: statement.location, source: source)
        }
        guard case .call("COUNT", let arguments)? = column.expression, arguments.count == 1 else {
            throw SQLError(
                message: "exec counts rows with COUNT(…) AS count; iamgate does not evaluate '\(column.text)'",
                location: column.location, source: source)
        }
        var filters: [RowExpression] = []
        for filter in statement.rowFilters {
            guard let expression = filter.expression else {
                throw SQLError(
                    message: "exec evaluates this query's conditions itself to decide what runs, but "
                        + "\(filter.problem ?? "not this one"): '\(filter.text)'",
                    location: filter.location, source: source)
            }
            filters.append(expression)
        }
        var aliases: [String: RowExpression] = [:]
        var order: [String] = []
        for derived in statement.derivedColumns {
            // A derived column a filter does not use needs no value.
            guard filtersUse(derived.name, statement.rowFilters) else { continue }
            guard let expression = derived.expression else {
                throw SQLError(
                    message: "exec evaluates the derived column '\(derived.name)' to decide what runs, but "
                        + "\(derived.problem ?? "cannot"): '\(derived.text)'",
                    location: derived.location, source: source)
            }
            aliases[derived.name.lowercased()] = expression
            order.append(derived.name.lowercased())
        }
        return RowCount(counted: arguments[0], filters: filters, aliases: aliases, aliasOrder: order)
    }

    static func filtersUse(_ name: String, _ filters: [RowFilter]) -> Bool {
        func uses(_ expression: RowExpression) -> Bool {
            switch expression {
            case .column(let column): return column.lowercased() == name.lowercased()
            case .text, .number, .boolean, .null, .star: return false
            case .call(_, let arguments): return arguments.contains(where: uses)
            case .not(let inner), .negate(let inner), .isNull(let inner, _): return uses(inner)
            case .compare(_, let left, let right), .and(let left, let right), .or(let left, let right),
                .like(let left, let right, _):
                return uses(left) || uses(right)
            case .inList(let left, let items, _): return uses(left) || items.contains(where: uses)
            }
        }
        return filters.contains { $0.expression.map(uses) ?? false }
    }

    /// The names of the unknown template values its filters and columns use, in the order the text uses them
    /// (a derived table's columns before the filters): while any is unknown, the count cannot be decided.
    public var unknownNames: [String] {
        var names: [String] = []
        for expression in [counted] + aliasOrder.compactMap({ aliases[$0] }) + filters {
            for name in expression.unknownNames where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The `count` of `rows`, each given as its columns' values.
    public func count(_ rows: [(String) -> RowValue]) -> Int {
        rows.filter { row in
            let column: (String) -> RowValue = { name in
                if let alias = aliases[name.lowercased()] { return alias.evaluate(row) }
                return row(name)
            }
            guard filters.allSatisfy({ $0.evaluate(column).holds }) else { return false }
            if case .star = counted { return true }
            return counted.evaluate(column) != .null
        }.count
    }
}

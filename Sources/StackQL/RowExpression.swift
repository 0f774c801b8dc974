/// An expression StackQL evaluates over the rows it read (a stackql-deploy query's local filter or a projected
/// column), parsed from the statement so `iamgate exec` decides an exists or statecheck query from the same values
/// the check evaluated: its literals are `SQLValue`s, `{{ }}` templates resolved once, at parse time.
public indirect enum RowExpression: Sendable, Hashable {
    /// A column of the row (the last part of a qualified name), or a derived table's alias.
    case column(String)
    /// A string literal or a bare template.
    case text(SQLValue)
    case number(String)
    case boolean(Bool)
    case null
    /// `*`, only as `COUNT(*)`'s argument.
    case star
    /// A function call; the name uppercased.
    case call(String, [RowExpression])
    case not(RowExpression)
    case negate(RowExpression)
    /// `=`, `!=`, `<`, `<=`, `>`, `>=` (`==` and `<>` read as `=` and `!=`).
    case compare(String, RowExpression, RowExpression)
    case and(RowExpression, RowExpression)
    case or(RowExpression, RowExpression)
    case like(RowExpression, RowExpression, negated: Bool)
    case isNull(RowExpression, negated: Bool)
    case inList(RowExpression, [RowExpression], negated: Bool)

    /// The functions iamgate evaluates: the JSON functions stackql-deploy's documentation suggests for state checks
    /// (`resource-query-files.md`: JSON_EQUAL, JSON_EXTRACT), AWS_POLICY_EQUAL from its AWS examples, and a few of
    /// SQLite's own.
    public static let functions: Set<String> = [
        "COUNT", "JSON_EQUAL", "AWS_POLICY_EQUAL", "JSON_EXTRACT", "JSON_ARRAY_LENGTH", "LOWER", "UPPER", "LENGTH",
    ]

    /// The names of the unknown template values it uses, in order.
    public var unknownNames: [String] {
        var names: [String] = []
        func add(_ expression: RowExpression) {
            switch expression {
            case .text(let value):
                for name in value.value.unknownNames where !names.contains(name) { names.append(name) }
            case .column, .number, .boolean, .null, .star: break
            case .call(_, let arguments): arguments.forEach(add)
            case .not(let inner), .negate(let inner), .isNull(let inner, _): add(inner)
            case .compare(_, let left, let right), .and(let left, let right), .or(let left, let right),
                .like(let left, let right, _):
                add(left)
                add(right)
            case .inList(let left, let items, _):
                add(left)
                items.forEach(add)
            }
        }
        add(self)
        return names
    }
}

import JSON

/// One projected column of a stackql-deploy query's SELECT or of its derived table (`COUNT(*) AS count`,
/// `JSON_EQUAL(tags, '…') AS test_tags`): the name rows know it by, and the expression iamgate evaluates, or why it
/// cannot evaluate it.
public struct RowColumn: Sendable, Hashable {
    /// The alias, else the column's own name, else the text as written.
    public var name: String
    public var text: String
    public var location: SourceLocation
    public var expression: RowExpression?
    /// Why iamgate cannot evaluate it (`nil` when `expression` is set).
    public var problem: String?

    public init(
        name: String, text: String, location: SourceLocation, expression: RowExpression?, problem: String?
    ) {
        self.name = name
        self.text = text
        self.location = location
        self.expression = expression
        self.problem = problem
    }
}

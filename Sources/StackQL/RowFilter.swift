import JSON

/// One condition of a stackql-deploy query's WHERE that StackQL applies to the rows it read (`localFilters`, in the
/// same order): as written, where it is, and the expression iamgate evaluates, or why it cannot evaluate it.
public struct RowFilter: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    public var expression: RowExpression?
    /// Why iamgate cannot evaluate it (`nil` when `expression` is set).
    public var problem: String?

    public init(text: String, location: SourceLocation, expression: RowExpression?, problem: String?) {
        self.text = text
        self.location = location
        self.expression = expression
        self.problem = problem
    }
}

/// Parses the subset of StackQL that reaches a resource: `SELECT`, `INSERT`, `UPDATE` and `DELETE` against a
/// `provider.service.resource` table, with equality-only `WHERE` clauses and literal or templated values.
///
/// A text may hold several statements separated by `;` (the last one optional). A `/*+ … */` hint before a
/// statement (a stackql-deploy anchor such as `/*+ create */`) or right after its verb (`/*+ AWAIT */`) is recorded
/// in `hints`; other comments are skipped. Locations are 1-based with columns counted in characters of the line.
public enum SQLParser {
    /// How strictly a text is read.
    public enum Mode: Sendable, Hashable {
        /// Statements as `check --sql` takes them: every WHERE condition is an equality on a Cloud Control parameter.
        case statements
        /// A query section of a stackql-deploy resource file. A SELECT may also read a derived table
        /// (`SELECT COUNT(*) AS count FROM (SELECT … FROM t WHERE …) alias WHERE …`: the statement is the inner
        /// SELECT's table and parameters), give its table an alias, filter on any column or expression (kept in
        /// `localFilters`: StackQL applies them to the rows it read, so they change no request), or read no table at
        /// all (`SELECT '{{ name }}' AS name`, whose `table` is empty). INSERT, UPDATE and DELETE are read as in
        /// `.statements`.
        case deploymentQuery
    }

    /// Parses every statement of `text`. `source` names the text in errors (a file name, or `--sql`); `variables`
    /// resolve `{{ name }}` templates (unresolved ones stay unknown). A text with no statement gives `[]`.
    public static func parse(
        _ text: String, source: String, variables: [String: String] = [:]
    ) throws(SQLError) -> [SQLStatement] {
        try parse(text, source: source, templates: TemplateValues(variables))
    }

    /// Parses every statement of `text` with `templates` resolving its `{{ … }}` expressions, read as `mode` says.
    /// `firstLine` is the line of the file `text` starts on, so locations are the file's.
    public static func parse(
        _ text: String, source: String, templates: TemplateValues, mode: Mode = .statements, firstLine: Int = 1
    ) throws(SQLError) -> [SQLStatement] {
        var lexer = SQLLexer(text: text, source: source, firstLine: firstLine)
        let tokens = try lexer.tokenize()
        var parser = StatementParser(
            tokens: tokens, characters: lexer.characters, source: source, templates: templates, mode: mode)
        return try parser.parseAll()
    }
}

/// Parses the subset of StackQL that reaches a resource: `SELECT`, `INSERT`, `UPDATE` and `DELETE` against a
/// `provider.service.resource` table, with equality-only `WHERE` clauses and literal or templated values.
///
/// A text may hold several statements separated by `;` (the last one optional). A `/*+ … */` hint before a
/// statement (a stackql-deploy anchor such as `/*+ create */`) or right after its verb (`/*+ AWAIT */`) is recorded
/// in `hints`; other comments are skipped. Locations are 1-based with columns counted in characters of the line.
public enum SQLParser {
    /// Parses every statement of `text`. `source` names the text in errors (a file name, or `--sql`); `variables`
    /// resolve `{{ name }}` templates (unresolved ones stay unknown). A text with no statement gives `[]`.
    public static func parse(
        _ text: String, source: String, variables: [String: String] = [:]
    ) throws(SQLError) -> [SQLStatement] {
        var lexer = SQLLexer(text: text, source: source)
        let tokens = try lexer.tokenize()
        var parser = StatementParser(
            tokens: tokens, characters: lexer.characters, source: source, templates: TemplateValues(variables))
        return try parser.parseAll()
    }
}

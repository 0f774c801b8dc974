import Diagnostics
import JSON

/// The recursive-descent parser behind `SQLParser`: one pass over a text's tokens, one statement at a time. The
/// first error ends the parse; every error is one sentence at the offending token.
struct StatementParser {
    /// The tokens without hints.
    let tokens: [SQLToken]
    /// For each token, the `/*+ … */` hints written directly before it.
    let hintsBefore: [[String]]
    let characters: [Character]
    let source: String
    let templates: TemplateValues
    /// How strictly the text is read.
    let mode: SQLParser.Mode
    /// The next token to read.
    var position = 0

    /// Words that end or shape a clause, so they are never read as a name or an implicit alias.
    static let reservedWords: Set<String> = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "FROM", "WHERE", "AND", "OR", "XOR", "NOT", "SET", "VALUES", "INTO",
        "RETURNING", "AS", "IN", "IS", "LIKE", "BETWEEN", "REGEXP", "RLIKE", "NULL", "TRUE", "FALSE", "IGNORE",
        "LIMIT", "OFFSET", "ORDER", "GROUP", "BY", "HAVING", "JOIN", "INNER", "LEFT", "RIGHT", "OUTER", "CROSS", "ON",
        "USING", "UNION", "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END",
    ]

    /// Statements StackQL has that iamgate does not check.
    static let otherStatements: Set<String> = [
        "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "CREATE", "DROP", "ALTER", "REGISTRY", "EXEC", "PURGE", "NOP", "USE",
        "AUTH", "REPLACE", "SET", "WITH", "TRUNCATE", "GRANT", "REVOKE", "BEGIN", "COMMIT", "ROLLBACK", "CALL", "LOAD",
    ]

    init(
        tokens: [SQLToken], characters: [Character], source: String, templates: TemplateValues,
        mode: SQLParser.Mode = .statements
    ) {
        var kept: [SQLToken] = []
        var hints: [[String]] = []
        var pending: [String] = []
        for token in tokens {
            if case .hint(let text) = token.kind {
                pending.append(text)
                continue
            }
            kept.append(token)
            hints.append(pending)
            pending = []
        }
        self.tokens = kept
        self.hintsBefore = hints
        self.characters = characters
        self.source = source
        self.templates = templates
        self.mode = mode
    }

    // MARK: - Statements

    /// Every statement of the text; empty statements (`;;`) are skipped.
    mutating func parseAll() throws(SQLError) -> [SQLStatement] {
        var statements: [SQLStatement] = []
        while let token = current {
            if isSymbol(token, ";") {
                position += 1
                continue
            }
            statements.append(try parseStatement())
            // A statement parser returns only at the end of its statement: a `;` or the end of the text.
            position += 1
        }
        return statements
    }

    private mutating func parseStatement() throws(SQLError) -> SQLStatement {
        let start = position
        let first = tokens[start]
        guard case .word(let word) = first.kind else {
            throw unexpected(expected: "SELECT, INSERT, UPDATE or DELETE")
        }
        guard let verb = SQLVerb(rawValue: word.uppercased()) else {
            throw unsupported(word, at: first.location)
        }
        position += 1
        var statement = SQLStatement(
            verb: verb, table: "", location: first.location, tableLocation: first.location, text: "")
        let leading = hintsBefore[start]
        statement.hints = leading + (start + 1 < tokens.count ? hintsBefore[start + 1] : [])
        statement.anchor = leading.first.map { hint in
            String(hint.split(separator: ",", maxSplits: 1).first ?? "").trimmingWhitespace()
        }
        switch verb {
        case .select: try parseSelect(into: &statement)
        case .insert: try parseInsert(into: &statement)
        case .update: try parseUpdate(into: &statement)
        case .delete: try parseDelete(into: &statement)
        }
        statement.text = String(characters[first.range.lowerBound..<tokens[position - 1].range.upperBound])
        return statement
    }

    /// `SELECT select_list FROM table [WHERE cond]`; in `.deploymentQuery` mode also a derived table, a table alias,
    /// any WHERE condition and no FROM at all (see `SQLParser.Mode`).
    private mutating func parseSelect(into statement: inout SQLStatement) throws(SQLError) {
        let items = try parseProjectionItems(endKeyword: "FROM")
        statement.selectColumns = items.map(\.text)
        guard mode == .deploymentQuery else {
            guard consumeKeyword("FROM") else { throw unexpected(expected: "FROM") }
            try parseTable(after: "FROM", into: &statement)
            try parseTail(into: &statement, allowsReturning: false)
            return
        }
        statement.selectItems = items.map(rowColumn)
        guard consumeKeyword("FROM") else {
            // `SELECT '{{ name }}' AS name`: StackQL computes the row itself and calls nothing.
            try expectEnd(["FROM"])
            return
        }
        if let open = current, isSymbol(open, "("), let select = lookahead(1), isKeyword(select, "SELECT") {
            try parseDerivedTable(into: &statement)
            if consumeKeyword("WHERE") {
                // Conditions on the derived table's columns: StackQL filters the rows it already has.
                try parseConditions(into: &statement, parameters: [], closedByParenthesis: false)
            }
            try expectEnd(statement.localFilters.isEmpty ? ["WHERE"] : ["AND"])
            return
        }
        try parseTable(after: "FROM", into: &statement)
        try parseTableAlias()
        var expected = ["WHERE"]
        if consumeKeyword("WHERE") {
            try parseConditions(
                into: &statement, parameters: StatementClassifier.whereParams, closedByParenthesis: false)
            expected = ["AND"]
        }
        try expectEnd(expected)
    }

    /// `( SELECT … FROM table [alias] [WHERE …] ) [AS] alias`: the statement takes the inner SELECT's table, its
    /// parameters and its local filters.
    private mutating func parseDerivedTable(into statement: inout SQLStatement) throws(SQLError) {
        position += 1
        let select = tokens[position]
        position += 1
        var inner = SQLStatement(
            verb: .select, table: "", location: select.location, tableLocation: select.location, text: "")
        let items = try parseProjectionItems(endKeyword: "FROM")
        inner.selectColumns = items.map(\.text)
        inner.selectItems = items.map(rowColumn)
        guard consumeKeyword("FROM") else { throw unexpected(expected: "FROM") }
        if let open = current, isSymbol(open, "("), let nested = lookahead(1), isKeyword(nested, "SELECT") {
            try parseDerivedTable(into: &inner)
        } else {
            try parseTable(after: "FROM", into: &inner)
            try parseTableAlias()
        }
        if consumeKeyword("WHERE") {
            try parseConditions(into: &inner, parameters: StatementClassifier.whereParams, closedByParenthesis: true)
        }
        guard consumeSymbol(")") else {
            throw unexpected(
                expected: inner.whereEquals.isEmpty && inner.localFilters.isEmpty ? "WHERE or ')'" : "AND or ')'")
        }
        guard consumeKeyword("AS") || (current.map(isName) ?? false) else {
            throw unexpected(expected: "an alias for the derived table")
        }
        guard let alias = current, !atStatementEnd, isName(alias) else {
            throw unexpected(expected: "an alias for the derived table")
        }
        position += 1
        statement.table = inner.table
        statement.tableLocation = inner.tableLocation
        statement.whereEquals = inner.whereEquals
        statement.whereColumnLocations = inner.whereColumnLocations
        statement.localFilters = inner.localFilters
        statement.rowFilters = inner.rowFilters
        statement.derivedColumns = inner.selectItems + inner.derivedColumns
    }

    /// An optional table alias (`FROM t AS i`, `FROM t i`); a join is refused with one sentence.
    private mutating func parseTableAlias() throws(SQLError) {
        try refuseJoin()
        if consumeKeyword("AS") {
            guard let alias = current, !atStatementEnd, isName(alias) else {
                throw unexpected(expected: "an alias after AS")
            }
            position += 1
        } else if let alias = current, !atStatementEnd, isName(alias) {
            position += 1
        }
        try refuseJoin()
    }

    private func refuseJoin() throws(SQLError) {
        guard let token = current, !atStatementEnd else { return }
        if ["JOIN", "INNER", "LEFT", "RIGHT", "CROSS", "OUTER", "NATURAL"].contains(where: { isKeyword(token, $0) })
            || isSymbol(token, ",")
        {
            throw error("joins are not supported; a checked statement reads one table", at: token.location)
        }
    }

    /// `INSERT [IGNORE] [INTO] table (col, …) { SELECT v, … | VALUES (v, …)[, …] } [RETURNING …]`.
    private mutating func parseInsert(into statement: inout SQLStatement) throws(SQLError) {
        _ = consumeKeyword("IGNORE")
        let into = consumeKeyword("INTO")
        try parseTable(after: into ? "INTO" : "INSERT", into: &statement)
        guard consumeSymbol("(") else { throw unexpected(expected: "'(' and the column list") }
        repeat {
            guard let token = current, !atStatementEnd, isName(token) else {
                throw unexpected(expected: "a column name")
            }
            let name = nameText(token)
            if statement.insertColumns.contains(where: { $0.lowercased() == name.lowercased() }) {
                throw error("duplicate column '\(name)' in the column list", at: token.location)
            }
            statement.insertColumns.append(name)
            statement.insertColumnLocations.append(token.location)
            position += 1
        } while consumeSymbol(",")
        guard consumeSymbol(")") else { throw unexpected(expected: "',' or ')'") }

        var rows: [(values: [SQLValue], location: SourceLocation)] = []
        let valuesLocation = currentLocation
        var expected = ["RETURNING"]
        if consumeKeyword("SELECT") {
            var values: [SQLValue] = []
            repeat {
                values.append(try parseValue())
                if consumeKeyword("AS") {
                    guard let alias = current, !atStatementEnd, isName(alias) else {
                        throw unexpected(expected: "an alias after AS")
                    }
                    position += 1
                }
            } while consumeSymbol(",")
            rows.append((values, valuesLocation))
            expected.insert("','", at: 0)
        } else if consumeKeyword("VALUES") {
            repeat {
                let rowLocation = currentLocation
                guard consumeSymbol("(") else { throw unexpected(expected: "'(' and a row of values") }
                var values: [SQLValue] = []
                repeat { values.append(try parseValue()) } while consumeSymbol(",")
                guard consumeSymbol(")") else { throw unexpected(expected: "',' or ')'") }
                rows.append((values, rowLocation))
            } while consumeSymbol(",")
        } else {
            throw unexpected(expected: "SELECT or VALUES")
        }

        let columnCount = statement.insertColumns.count
        for (number, row) in rows.enumerated() where row.values.count != columnCount {
            let columns = plural(columnCount, "column")
            let message =
                number == 0
                ? "the column list has \(columns) but \(plural(row.values.count, "value")) \(row.values.count == 1 ? "was" : "were") given"
                : "row \(number + 1) has \(plural(row.values.count, "value")) but the column list has \(columns)"
            throw error(message, at: row.location)
        }
        statement.insertValues = rows.first?.values ?? []
        statement.valueRowCount = rows.count

        if consumeKeyword("RETURNING") {
            statement.returning = try parseProjection(endKeyword: nil)
            expected = []
        }
        try expectEnd(expected)
    }

    /// `UPDATE [IGNORE] table SET col = value [, …] [WHERE cond] [RETURNING …]`.
    private mutating func parseUpdate(into statement: inout SQLStatement) throws(SQLError) {
        _ = consumeKeyword("IGNORE")
        try parseTable(after: "UPDATE", into: &statement)
        guard consumeKeyword("SET") else { throw unexpected(expected: "SET") }
        repeat {
            guard let token = current, !atStatementEnd, isName(token) else {
                throw unexpected(expected: "a column name")
            }
            let name = nameText(token)
            position += 1
            guard consumeSymbol("=") else { throw unexpected(expected: "=") }
            let value = try parseValue()
            if statement.assignments.contains(where: { $0.column.lowercased() == name.lowercased() }) {
                throw error("duplicate assignment to '\(name)' in SET", at: token.location)
            }
            statement.assignments.append((name, value))
            statement.assignmentColumnLocations.append(token.location)
        } while consumeSymbol(",")
        try parseTail(into: &statement, allowsReturning: true)
    }

    /// `DELETE FROM table [WHERE cond] [RETURNING …]`.
    private mutating func parseDelete(into statement: inout SQLStatement) throws(SQLError) {
        guard consumeKeyword("FROM") else { throw unexpected(expected: "FROM") }
        try parseTable(after: "FROM", into: &statement)
        try parseTail(into: &statement, allowsReturning: true)
    }

    /// `[WHERE cond] [RETURNING …]` and the end of the statement.
    private mutating func parseTail(into statement: inout SQLStatement, allowsReturning: Bool) throws(SQLError) {
        var expected: [String]
        if consumeKeyword("WHERE") {
            try parseWhere(into: &statement)
            expected = ["AND"]
        } else {
            expected = ["WHERE"]
        }
        if allowsReturning {
            if consumeKeyword("RETURNING") {
                statement.returning = try parseProjection(endKeyword: nil)
                expected = []
            } else {
                expected.append("RETURNING")
            }
        }
        try expectEnd(expected)
    }

    /// `provider.service.resource`, exactly three parts, lowercased into `table`.
    private mutating func parseTable(after keyword: String, into statement: inout SQLStatement) throws(SQLError) {
        guard let first = current, !atStatementEnd, isName(first) else {
            if atStatementEnd || current.map(isReservedWord) == true {
                throw error("missing table name after \(keyword)", at: currentLocation)
            }
            throw unexpected(expected: "a table name")
        }
        var parts = [nameText(first)]
        position += 1
        while consumeSymbol(".") {
            guard let part = current, !atStatementEnd, isName(part) else {
                throw unexpected(expected: "a name after '.'")
            }
            parts.append(nameText(part))
            position += 1
        }
        let written = parts.joined(separator: ".")
        guard parts.count == 3 else {
            throw error(
                "table name '\(written)' must have 3 parts (provider.service.resource), not \(parts.count)",
                at: first.location)
        }
        statement.table = written.lowercased()
        statement.tableLocation = first.location
    }

    /// The error for a first word that is not one of the four verbs.
    private func unsupported(_ word: String, at location: SourceLocation) -> SQLError {
        let upper = word.uppercased()
        let verbs = ["SELECT", "INSERT", "UPDATE", "DELETE"]
        if !Self.otherStatements.contains(upper),
            let closest = Suggestion.closest(to: upper, among: verbs, maxDistance: 2)
        {
            return error("unknown statement '\(word)' (did you mean \(closest)?)", at: location)
        }
        return error(
            "'\(upper)' statements are not supported; iamgate checks SELECT, INSERT, UPDATE and DELETE", at: location)
    }
}

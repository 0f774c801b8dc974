import IAMPolicy
import JSON

/// WHERE conditions, values and projections (select lists, RETURNING).
extension StatementParser {
    /// Words and symbols that compare or combine conditions other than by `=` and `AND`.
    static let nonEqualityWords: Set<String> = [
        "OR", "XOR", "NOT", "LIKE", "IN", "IS", "BETWEEN", "REGEXP", "RLIKE", "SOUNDS",
    ]
    static let nonEqualitySymbols: Set<String> = ["<", ">", "<=", ">=", "!=", "<>", "<=>", "||", "!", "("]
    /// Binary operators an expression of a select list may use (JSON extraction, arithmetic, comparison, casts).
    static let binaryOperators: Set<String> = [
        "->", "->>", "+", "-", "*", "/", "%", "||", "&&", "=", "!=", "<>", "<", ">", "<=", ">=", "<=>", "&", "|",
        "^", "::",
    ]

    // MARK: - WHERE

    /// `col = value [AND …]`, optionally parenthesized; anything else is rejected with one sentence.
    mutating func parseWhere(into statement: inout SQLStatement) throws(SQLError) {
        guard !atStatementEnd else { throw error("missing condition after WHERE", at: currentLocation) }
        try parseConjunction(into: &statement)
    }

    private mutating func parseConjunction(into statement: inout SQLStatement) throws(SQLError) {
        repeat {
            try parseConditionTerm(into: &statement)
        } while consumeKeyword("AND") || consumeSymbol("&&")
        if let token = current, !atStatementEnd, isNonEquality(token) {
            throw equalityOnly(token)
        }
    }

    private mutating func parseConditionTerm(into statement: inout SQLStatement) throws(SQLError) {
        if consumeSymbol("(") {
            if let token = current, isKeyword(token, "SELECT") { throw equalityOnly(token) }
            try parseConjunction(into: &statement)
            guard consumeSymbol(")") else { throw unexpected(expected: "AND or ')'") }
            return
        }
        guard let column = current, !atStatementEnd else { throw unexpected(expected: "a condition") }
        if isKeyword(column, "NOT") { throw equalityOnly(column) }
        guard isName(column) else { throw unexpected(expected: "a column name") }
        position += 1
        guard consumeSymbol("=") else {
            if let token = current, !atStatementEnd, isNonEquality(token) { throw equalityOnly(token) }
            throw unexpected(expected: "=")
        }
        if let token = current, isSymbol(token, "(") { throw equalityOnly(token) }
        let value = try parseValue()
        let name = nameText(column)
        if statement.whereEquals.contains(where: { $0.column.lowercased() == name.lowercased() }) {
            throw error("duplicate condition on '\(name)' in WHERE", at: column.location)
        }
        statement.whereEquals.append((name, value))
        statement.whereColumnLocations.append(column.location)
    }

    // MARK: - WHERE of a stackql-deploy query

    /// The WHERE of a SELECT in `.deploymentQuery` mode: conditions joined by AND. An equality `column = value` on one
    /// of `parameters` (`Identifier`, `region`) is a Cloud Control parameter and goes to `whereEquals`; every other
    /// condition is kept as written in `localFilters`. A parameter named anywhere else (`region IN (…)`, inside an
    /// OR), or an OR beside a parameter, is refused: the parameters decide which calls StackQL makes.
    /// `closedByParenthesis`: the WHERE of a derived table, which ends at its `)`.
    mutating func parseConditions(
        into statement: inout SQLStatement, parameters: [String], closedByParenthesis: Bool
    ) throws(SQLError) {
        guard !atStatementEnd, !(closedByParenthesis && current.map { isSymbol($0, ")") } == true) else {
            throw error("missing condition after WHERE", at: currentLocation)
        }
        var firstOr: SQLToken?
        repeat {
            let start = position
            if let (column, location, value) = simpleEquality(closedByParenthesis: closedByParenthesis),
                parameters.contains(where: { $0.lowercased() == column.lowercased() })
            {
                if statement.whereEquals.contains(where: { $0.column.lowercased() == column.lowercased() }) {
                    throw error("duplicate condition on '\(column)' in WHERE", at: location)
                }
                statement.whereEquals.append((column, value))
                statement.whereColumnLocations.append(location)
                continue
            }
            position = start
            let (text, or) = try skipCondition(parameters: parameters, closedByParenthesis: closedByParenthesis)
            statement.localFilters.append(text)
            var parser = RowExpressionParser(tokens: tokens[start..<position], templates: templates)
            do {
                statement.rowFilters.append(
                    RowFilter(
                        text: text, location: tokens[start].location, expression: try parser.parse(), problem: nil))
            } catch {
                statement.rowFilters.append(
                    RowFilter(text: text, location: tokens[start].location, expression: nil, problem: error.message))
            }
            if firstOr == nil { firstOr = or }
        } while consumeKeyword("AND") || consumeSymbol("&&")
        if let or = firstOr, let parameter = statement.whereEquals.first {
            throw error(
                "'\(rawText(or))' beside the condition on '\(parameter.column)' is not supported: with it the "
                    + "parameter would no longer bind every row", at: or.location)
        }
    }

    /// `column = value` (the column possibly qualified, `i.region`) ending the condition, or `nil` (the caller
    /// rewinds).
    private mutating func simpleEquality(closedByParenthesis: Bool) -> (String, SourceLocation, SQLValue)? {
        guard let first = current, !atStatementEnd, isName(first) else { return nil }
        position += 1
        var column = first
        while let dot = current, isSymbol(dot, "."), let part = lookahead(1), isName(part) {
            position += 2
            column = part
        }
        guard consumeSymbol("="), let value = try? parseValue() else { return nil }
        guard atConditionBoundary(closedByParenthesis: closedByParenthesis) else { return nil }
        return (nameText(column), column.location, value)
    }

    private func atConditionBoundary(closedByParenthesis: Bool) -> Bool {
        guard let token = current, !atStatementEnd else { return true }
        return isKeyword(token, "AND") || isSymbol(token, "&&") || (closedByParenthesis && isSymbol(token, ")"))
    }

    /// Reads one condition up to the next AND at its depth (or the end), as written; also returns the first OR at
    /// the top level. Naming a parameter in it is an error.
    private mutating func skipCondition(
        parameters: [String], closedByParenthesis: Bool
    ) throws(SQLError) -> (String, SQLToken?) {
        let start = position
        var depth = 0
        var or: SQLToken?
        while let token = current, !atStatementEnd {
            if depth == 0 {
                if isKeyword(token, "AND") || isSymbol(token, "&&") { break }
                if isSymbol(token, ")") {
                    if closedByParenthesis { break }
                    throw unexpected(expected: "AND or end of statement")
                }
                if isKeyword(token, "OR") || isKeyword(token, "XOR") || isSymbol(token, "||") { or = or ?? token }
            }
            if isSymbol(token, "(") { depth += 1 }
            if isSymbol(token, ")") { depth -= 1 }
            if case .word(let word) = token.kind, parameters.contains(where: { $0.lowercased() == word.lowercased() }) {
                throw error(
                    "a condition on '\(word)' must be an equality (\(word) = '…') joined to the others by AND",
                    at: token.location)
            }
            position += 1
        }
        guard position > start else { throw unexpected(expected: "a condition") }
        return (sourceText(from: start, to: position), or)
    }

    private func isNonEquality(_ token: SQLToken) -> Bool {
        switch token.kind {
        case .word(let word): return Self.nonEqualityWords.contains(word.uppercased())
        case .symbol(let symbol): return Self.nonEqualitySymbols.contains(symbol)
        default: return false
        }
    }

    private func equalityOnly(_ token: SQLToken) -> SQLError {
        error(
            "only equality conditions joined by AND are supported in WHERE (got '\(rawText(token))')",
            at: token.location)
    }

    // MARK: - Values

    /// A string literal, number, `true`/`false`/`null`, bare template, negative number, or `string(…)`/`json(…)`
    /// around one of those (unwrapped).
    mutating func parseValue() throws(SQLError) -> SQLValue {
        guard let token = current, !atStatementEnd else { throw unexpected(expected: "a value") }
        switch token.kind {
        case .string(let segments, _):
            position += 1
            return SQLValue(PartialValue(parts: templates.resolve(segments: segments)), location: token.location)
        case .number(let number):
            position += 1
            return SQLValue(literal: number, location: token.location)
        case .template(let expression):
            position += 1
            return SQLValue(PartialValue(parts: templates.parts(of: expression)), location: token.location)
        case .symbol("-"):
            if let next = lookahead(1), case .number(let number) = next.kind {
                position += 2
                return SQLValue(literal: "-" + number, location: token.location)
            }
        case .word(let word):
            let lower = word.lowercased()
            if lower == "true" || lower == "false" || lower == "null" {
                position += 1
                return SQLValue(literal: lower, location: token.location)
            }
            if lower == "string" || lower == "json", let next = lookahead(1), isSymbol(next, "(") {
                position += 2
                let inner = try parseValue()
                guard consumeSymbol(")") else { throw unexpected(expected: "')' after the value of \(lower)(…)") }
                return inner
            }
        default:
            break
        }
        throw error(
            "unsupported value \(describe(token)) (expected a string, number, true, false, null or {{ template }})",
            at: token.location)
    }

    // MARK: - Projections

    /// A select list or RETURNING list: `*` or expressions with optional aliases, kept as source text. A select list
    /// ends at `endKeyword` (`FROM`); a RETURNING list at the end of the statement.
    mutating func parseProjection(endKeyword: String?) throws(SQLError) -> [String] {
        try parseProjectionItems(endKeyword: endKeyword).map(\.text)
    }

    /// `parseProjection`'s items with where each expression's tokens are and its alias.
    mutating func parseProjectionItems(
        endKeyword: String?
    ) throws(SQLError) -> [(text: String, expression: Range<Int>, alias: String?)] {
        var items: [(text: String, expression: Range<Int>, alias: String?)] = []
        repeat {
            guard let token = current, !atStatementEnd, !(endKeyword.map { isKeyword(token, $0) } ?? false) else {
                throw unexpected(expected: "a column or *")
            }
            let start = position
            try parseExpression()
            let expressionEnd = position
            var aliasName: String?
            if consumeKeyword("AS") {
                guard let alias = current, !atStatementEnd, isName(alias) || isString(alias) else {
                    throw unexpected(expected: "an alias after AS")
                }
                aliasName = aliasText(alias)
                position += 1
            } else if let alias = current, isName(alias) {
                // An alias without AS must end the item; otherwise the word is most likely a misspelled keyword.
                var endsItem = true
                if let next = lookahead(1) {
                    endsItem =
                        isSymbol(next, ",") || isSymbol(next, ";") || (endKeyword.map { isKeyword(next, $0) } ?? false)
                }
                guard endsItem else {
                    throw error(
                        "unexpected \(describe(alias)) (expected \(endKeyword ?? "',' or end of statement"))",
                        at: alias.location)
                }
                aliasName = nameText(alias)
                position += 1
            }
            items.append((sourceText(from: start, to: position), start..<expressionEnd, aliasName))
        } while consumeSymbol(",")
        return items
    }

    /// An alias as written: a name, or a string's text.
    func aliasText(_ token: SQLToken) -> String {
        if case .string(let segments, _) = token.kind {
            return segments.map { segment in
                switch segment {
                case .text(let text): return text
                case .template(let expression): return "{{\(expression)}}"
                }
            }.joined()
        }
        return nameText(token)
    }

    /// A projected column of a stackql-deploy query, with its expression as iamgate evaluates it.
    func rowColumn(_ item: (text: String, expression: Range<Int>, alias: String?)) -> RowColumn {
        let location = item.expression.isEmpty ? currentLocation : tokens[item.expression.lowerBound].location
        var parser = RowExpressionParser(tokens: tokens[item.expression], templates: templates)
        do {
            let expression = try parser.parse()
            var name = item.alias ?? item.text
            if item.alias == nil, case .column(let column) = expression { name = column }
            return RowColumn(name: name, text: item.text, location: location, expression: expression, problem: nil)
        } catch {
            return RowColumn(
                name: item.alias ?? item.text, text: item.text, location: location, expression: nil,
                problem: error.message)
        }
    }

    /// An expression of a projection: operands joined by binary operators.
    private mutating func parseExpression() throws(SQLError) {
        try parseOperand()
        while let token = current, case .symbol(let symbol) = token.kind, Self.binaryOperators.contains(symbol) {
            position += 1
            try parseOperand()
        }
    }

    private mutating func parseOperand() throws(SQLError) {
        guard let token = current, !atStatementEnd else { throw unexpected(expected: "an expression") }
        switch token.kind {
        case .string, .number, .template:
            position += 1
        case .symbol("-"), .symbol("+"), .symbol("~"), .symbol("!"):
            position += 1
            try parseOperand()
        case .symbol("*"):
            position += 1
        case .symbol("("):
            position += 1
            if let inner = current, isKeyword(inner, "SELECT") {
                throw error("subqueries are not supported", at: inner.location)
            }
            try parseExpression()
            guard consumeSymbol(")") else { throw unexpected(expected: "')'") }
        case .word(let word):
            let upper = word.uppercased()
            if upper == "TRUE" || upper == "FALSE" || upper == "NULL" {
                position += 1
            } else if upper == "NOT" {
                position += 1
                try parseOperand()
            } else if Self.reservedWords.contains(upper) {
                throw unexpected(expected: "an expression")
            } else {
                try parseNameOrCall()
            }
        case .quotedIdentifier:
            try parseNameOrCall()
        case .symbol, .hint:
            throw unexpected(expected: "an expression")
        }
    }

    /// `name`, `a.b`, `t.*` or a call `f(expr, …)` (`COUNT(*)`, `JSON_EXTRACT(Properties, '$.Arn')`).
    private mutating func parseNameOrCall() throws(SQLError) {
        position += 1
        while consumeSymbol(".") {
            guard let part = current, !atStatementEnd, isName(part) || isSymbol(part, "*") else {
                throw unexpected(expected: "a name after '.'")
            }
            position += 1
        }
        guard consumeSymbol("(") else { return }
        if consumeSymbol(")") { return }
        _ = consumeKeyword("DISTINCT")
        repeat {
            try parseExpression()
            if consumeKeyword("AS") { try parseOperand() }
        } while consumeSymbol(",")
        guard consumeSymbol(")") else { throw unexpected(expected: "',' or ')'") }
    }

    // MARK: - Cursor

    var current: SQLToken? { lookahead(0) }

    /// The token `offset` places after the current one.
    func lookahead(_ offset: Int) -> SQLToken? {
        position + offset < tokens.count ? tokens[position + offset] : nil
    }

    /// At a `;` or past the last token.
    var atStatementEnd: Bool {
        guard let token = current else { return true }
        return isSymbol(token, ";")
    }

    /// Where the next token is, or just after the last one at the end of the text.
    var currentLocation: SourceLocation {
        if let token = current { return token.location }
        return tokens.last?.endLocation ?? SourceLocation(line: 1, column: 1)
    }

    func isSymbol(_ token: SQLToken, _ symbol: String) -> Bool {
        if case .symbol(let text) = token.kind { return text == symbol }
        return false
    }

    func isKeyword(_ token: SQLToken, _ keyword: String) -> Bool {
        if case .word(let word) = token.kind { return word.uppercased() == keyword }
        return false
    }

    func isReservedWord(_ token: SQLToken) -> Bool {
        if case .word(let word) = token.kind { return Self.reservedWords.contains(word.uppercased()) }
        return false
    }

    func isString(_ token: SQLToken) -> Bool {
        if case .string = token.kind { return true }
        return false
    }

    /// A word that is not reserved, or a backquoted identifier.
    func isName(_ token: SQLToken) -> Bool {
        switch token.kind {
        case .word(let word): return !Self.reservedWords.contains(word.uppercased())
        case .quotedIdentifier: return true
        default: return false
        }
    }

    /// The name a word or backquoted identifier stands for.
    func nameText(_ token: SQLToken) -> String {
        switch token.kind {
        case .word(let word), .quotedIdentifier(let word): return word
        default: return rawText(token)
        }
    }

    mutating func consumeKeyword(_ keyword: String) -> Bool {
        guard let token = current, isKeyword(token, keyword) else { return false }
        position += 1
        return true
    }

    mutating func consumeSymbol(_ symbol: String) -> Bool {
        guard let token = current, isSymbol(token, symbol) else { return false }
        position += 1
        return true
    }

    /// Throws unless the statement ends here; `expected` names what else could have followed.
    func expectEnd(_ expected: [String]) throws(SQLError) {
        guard atStatementEnd else { throw unexpected(expected: list(expected + ["end of statement"])) }
    }

    // MARK: - Text and errors

    /// The source text of tokens `start..<end`, comments between them included.
    func sourceText(from start: Int, to end: Int) -> String {
        guard start < end else { return "" }
        return String(characters[tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound])
    }

    /// A token as written, on one line and at most 40 characters.
    func rawText(_ token: SQLToken) -> String {
        let text = String(characters[token.range])
        let firstLine = text.prefix { !$0.isNewline }
        if firstLine.count > 40 { return firstLine.prefix(39) + "…" }
        return firstLine.count < text.count ? firstLine + "…" : text
    }

    /// `'FORM'`, `string 'us-east-1'`, or `end of statement`.
    func describe(_ token: SQLToken?) -> String {
        guard let token, !isSymbol(token, ";") else { return "end of statement" }
        if isString(token) { return "string \(rawText(token))" }
        return "'\(rawText(token))'"
    }

    func unexpected(expected: String) -> SQLError {
        error("unexpected \(describe(current)) (expected \(expected))", at: currentLocation)
    }

    func error(_ message: String, at location: SourceLocation) -> SQLError {
        SQLError(message: message, location: location, source: source)
    }

    /// `a`, `a or b`, `a, b or c`.
    func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }

    /// `1 column`, `3 columns`.
    func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

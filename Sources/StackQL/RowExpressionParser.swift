import IAMPolicy

/// Reads the tokens of one local filter or projected column of a stackql-deploy query into a `RowExpression`:
/// comparisons, `IS [NOT] NULL`, `[NOT] LIKE`, `[NOT] IN (…)`, `AND`, `OR`, `NOT`, parentheses, literals, templates,
/// columns and the calls of `RowExpression.functions`. Anything else is a `Failure` naming what iamgate does not
/// evaluate; the statement still parses (the check needs only its table and parameters).
struct RowExpressionParser {
    /// Why an expression cannot be evaluated by iamgate: one phrase.
    struct Failure: Error {
        var message: String
    }

    let tokens: [SQLToken]
    let templates: TemplateValues
    var position = 0

    init(tokens: some Sequence<SQLToken>, templates: TemplateValues) {
        self.tokens = Array(tokens)
        self.templates = templates
    }

    /// The whole token list as one expression.
    mutating func parse() throws(Failure) -> RowExpression {
        let expression = try parseOr()
        if let token = current { throw Failure(message: "iamgate does not evaluate '\(text(token))' here") }
        return expression
    }

    private var current: SQLToken? { position < tokens.count ? tokens[position] : nil }

    private func text(_ token: SQLToken) -> String {
        switch token.kind {
        case .word(let word), .quotedIdentifier(let word): return word
        case .number(let number): return number
        case .symbol(let symbol): return symbol
        case .template(let expression): return "{{\(expression)}}"
        case .string: return "a string"
        case .hint(let hint): return "/*+ \(hint) */"
        }
    }

    private func isKeyword(_ keyword: String, at offset: Int = 0) -> Bool {
        guard position + offset < tokens.count, case .word(let word) = tokens[position + offset].kind else {
            return false
        }
        return word.uppercased() == keyword
    }

    private func isSymbol(_ symbol: String, at offset: Int = 0) -> Bool {
        guard position + offset < tokens.count, case .symbol(let text) = tokens[position + offset].kind else {
            return false
        }
        return text == symbol
    }

    private mutating func consumeKeyword(_ keyword: String) -> Bool {
        guard isKeyword(keyword) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: String) throws(Failure) {
        guard isSymbol(symbol) else {
            throw Failure(message: "expected '\(symbol)'" + (current.map { " before '\(text($0))'" } ?? " at the end"))
        }
        position += 1
    }

    // MARK: - Grammar

    private mutating func parseOr() throws(Failure) -> RowExpression {
        var left = try parseAnd()
        while consumeKeyword("OR") {
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(Failure) -> RowExpression {
        var left = try parseNot()
        while consumeKeyword("AND") || (isSymbol("&&") && advance()) {
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func advance() -> Bool {
        position += 1
        return true
    }

    private mutating func parseNot() throws(Failure) -> RowExpression {
        if consumeKeyword("NOT") { return .not(try parseNot()) }
        return try parsePredicate()
    }

    private mutating func parsePredicate() throws(Failure) -> RowExpression {
        let left = try parseUnary()
        if let symbol = comparison() {
            return .compare(symbol, left, try parseUnary())
        }
        if consumeKeyword("IS") {
            let negated = consumeKeyword("NOT")
            guard consumeKeyword("NULL") else { throw Failure(message: "iamgate evaluates IS [NOT] NULL only") }
            return .isNull(left, negated: negated)
        }
        let negated = isKeyword("NOT") && (isKeyword("LIKE", at: 1) || isKeyword("IN", at: 1))
        if negated { position += 1 }
        if consumeKeyword("LIKE") {
            return .like(left, try parseUnary(), negated: negated)
        }
        if consumeKeyword("IN") {
            try expect("(")
            var items: [RowExpression] = []
            repeat {
                items.append(try parseUnary())
            } while isSymbol(",") && advance()
            try expect(")")
            return .inList(left, items, negated: negated)
        }
        return left
    }

    /// A comparison operator, consumed (the lexer reads `!=`, `<>`, `<=` and `>=` as one symbol; `==` is two).
    private mutating func comparison() -> String? {
        guard let token = current, case .symbol(let symbol) = token.kind else { return nil }
        let names = ["=": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="]
        guard let name = names[symbol] else { return nil }
        position += 1
        if symbol == "=", let next = current, case .symbol("=") = next.kind,
            next.range.lowerBound == token.range.upperBound
        {
            position += 1
        }
        return name
    }

    private mutating func parseUnary() throws(Failure) -> RowExpression {
        if isSymbol("-") {
            position += 1
            return .negate(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(Failure) -> RowExpression {
        guard let token = current else { throw Failure(message: "an expression is missing") }
        position += 1
        switch token.kind {
        case .string(let segments, _):
            return .text(SQLValue(PartialValue(parts: templates.resolve(segments: segments)), location: token.location))
        case .template(let expression):
            return .text(SQLValue(PartialValue(parts: templates.parts(of: expression)), location: token.location))
        case .number(let number):
            return .number(number)
        case .symbol("("):
            let inner = try parseOr()
            try expect(")")
            return inner
        case .symbol("*"):
            return .star
        case .quotedIdentifier(let name):
            return try nameOrCall(name)
        case .word(let word):
            switch word.uppercased() {
            case "TRUE": return .boolean(true)
            case "FALSE": return .boolean(false)
            case "NULL": return .null
            default: return try nameOrCall(word)
            }
        default:
            throw Failure(message: "iamgate does not evaluate '\(text(token))'")
        }
    }

    /// `name`, `t.name` (the last part), or `f(arguments)`.
    private mutating func nameOrCall(_ first: String) throws(Failure) -> RowExpression {
        var name = first
        while isSymbol("."), position + 1 < tokens.count {
            switch tokens[position + 1].kind {
            case .word(let part), .quotedIdentifier(let part):
                name = part
                position += 2
            default:
                throw Failure(message: "iamgate does not evaluate '\(first).…'")
            }
        }
        guard isSymbol("(") else { return .column(name) }
        let function = name.uppercased()
        guard RowExpression.functions.contains(function) else {
            throw Failure(
                message: "iamgate does not evaluate \(name)() (it evaluates "
                    + RowExpression.functions.sorted().joined(separator: ", ") + ")")
        }
        position += 1
        var arguments: [RowExpression] = []
        if !isSymbol(")") {
            repeat {
                arguments.append(try parseOr())
            } while isSymbol(",") && advance()
        }
        try expect(")")
        return .call(function, arguments)
    }
}

/// Evaluates a rendered `if:` condition when it is one of the simple forms stackql-deploy projects write:
/// comparisons of literals with `==` or `!=`, `True`/`False`, joined by `and`, `or`, `not` and parentheses
/// (`'dev' == 'prd'`). Anything else gives `nil`: the condition is not evaluated.
enum ConditionEvaluator {
    private enum Token: Equatable {
        case literal(String)
        case word(String)
        case symbol(String)
    }

    static func evaluate(_ text: String) -> Bool? {
        guard let tokens = tokenize(text) else { return nil }
        var position = 0
        guard let result = disjunction(tokens, &position), position == tokens.count else { return nil }
        return result
    }

    private static func tokenize(_ text: String) -> [Token]? {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" || character == "\"" {
                guard let end = characters[(index + 1)...].firstIndex(of: character) else { return nil }
                tokens.append(.literal(String(characters[(index + 1)..<end])))
                index = end + 1
            } else if character == "=" || character == "!" {
                guard index + 1 < characters.count, characters[index + 1] == "=" else { return nil }
                tokens.append(.symbol(String(character) + "="))
                index += 2
            } else if character == "(" || character == ")" {
                tokens.append(.symbol(String(character)))
                index += 1
            } else if character.isLetter || character.isNumber || character == "_" || character == "-"
                || character == "."
            {
                var word = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || "_-.".contains(characters[index])
                {
                    word.append(characters[index])
                    index += 1
                }
                tokens.append(.word(word))
            } else {
                return nil
            }
        }
        return tokens
    }

    private static func disjunction(_ tokens: [Token], _ position: inout Int) -> Bool? {
        guard var value = conjunction(tokens, &position) else { return nil }
        while position < tokens.count, tokens[position] == .word("or") {
            position += 1
            guard let right = conjunction(tokens, &position) else { return nil }
            value = value || right
        }
        return value
    }

    private static func conjunction(_ tokens: [Token], _ position: inout Int) -> Bool? {
        guard var value = negation(tokens, &position) else { return nil }
        while position < tokens.count, tokens[position] == .word("and") {
            position += 1
            guard let right = negation(tokens, &position) else { return nil }
            value = value && right
        }
        return value
    }

    private static func negation(_ tokens: [Token], _ position: inout Int) -> Bool? {
        if position < tokens.count, tokens[position] == .word("not") {
            position += 1
            return negation(tokens, &position).map { !$0 }
        }
        return comparison(tokens, &position)
    }

    private static func comparison(_ tokens: [Token], _ position: inout Int) -> Bool? {
        guard position < tokens.count else { return nil }
        if tokens[position] == .symbol("(") {
            position += 1
            guard let inner = disjunction(tokens, &position), position < tokens.count,
                tokens[position] == .symbol(")")
            else { return nil }
            position += 1
            return inner
        }
        guard let left = operand(tokens[position]) else { return nil }
        position += 1
        guard position < tokens.count, case .symbol(let symbol) = tokens[position], symbol == "==" || symbol == "!="
        else {
            if case .bool(let flag) = left { return flag }
            return nil
        }
        position += 1
        guard position < tokens.count, let right = operand(tokens[position]) else { return nil }
        position += 1
        return symbol == "==" ? left == right : left != right
    }

    private enum Operand: Equatable {
        case text(String)
        case number(Double)
        case bool(Bool)
    }

    private static func operand(_ token: Token) -> Operand? {
        switch token {
        case .literal(let text): return .text(text)
        case .word("True"), .word("true"): return .bool(true)
        case .word("False"), .word("false"): return .bool(false)
        case .word(let word): return Double(word).map(Operand.number)
        case .symbol: return nil
        }
    }
}

/// The part of the Jinja expression language stackql-deploy projects use in `{{ … }}`: names (`region`,
/// `vars.AWS_REGION`, `ContainerTags[0]`, `tags['team']`), string, number and boolean literals, list and dict
/// literals, `uuid()`, and filters with arguments (`x | generate_patch_document`, `a | merge_objects(b)`). Anything
/// else (operators, tests, conditionals) is `Unsupported`, and its value stays unknown.
indirect enum TemplateExpression: Sendable, Hashable {
    /// A name and what is read of it: `a.b[0]['c']` is `a` with `.member("b")`, `.index(0)`, `.key("c")`.
    case name(String, [Step])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case list([TemplateExpression])
    case dict([Entry])
    /// A call without arguments (`uuid()`).
    case call(String)
    case filter(TemplateExpression, name: String, arguments: [TemplateExpression])

    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
        case key(String)
    }

    struct Entry: Sendable, Hashable {
        var key: String
        var value: TemplateExpression
    }

    /// The expression written out again (`stack_env | upper`), naming a part whose value stays unknown.
    var text: String {
        switch self {
        case .name(let root, let steps): return TemplateEvaluator.pathText(root, steps)
        case .string(let value): return "'\(value)'"
        case .number(let value): return value
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "none"
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .dict(let entries):
            return "{" + entries.map { "\"\($0.key)\": \($0.value.text)" }.joined(separator: ", ") + "}"
        case .call(let name): return "\(name)()"
        case .filter(let input, let name, let arguments):
            let call = arguments.isEmpty ? name : "\(name)(" + arguments.map(\.text).joined(separator: ", ") + ")"
            return "\(input.text) | \(call)"
        }
    }

    /// An expression outside the supported part of the language.
    struct Unsupported: Error {
        var reason: String
    }

    /// Parses one expression (the text between `{{` and `}}`, whitespace markers removed).
    static func parse(_ text: String) throws(Unsupported) -> TemplateExpression {
        var parser = ExpressionParser(characters: Array(text))
        let expression = try parser.filtered()
        parser.skipSpace()
        guard parser.atEnd else {
            throw Unsupported(reason: "'\(parser.rest)' is not supported here")
        }
        return expression
    }
}

/// A recursive-descent reader of one `TemplateExpression`.
private struct ExpressionParser {
    let characters: [Character]
    var index = 0

    var atEnd: Bool { index >= characters.count }
    var rest: String { String(characters[min(index, characters.count)...].prefix(30)) }

    mutating func skipSpace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    func peek() -> Character? { index < characters.count ? characters[index] : nil }

    mutating func consume(_ character: Character) -> Bool {
        skipSpace()
        guard peek() == character else { return false }
        index += 1
        return true
    }

    /// `primary ( '|' name [ '(' arguments ')' ] )*`
    mutating func filtered() throws(TemplateExpression.Unsupported) -> TemplateExpression {
        var expression = try primary()
        while consume("|") {
            skipSpace()
            guard let name = identifier() else {
                throw TemplateExpression.Unsupported(reason: "a filter name must follow '|'")
            }
            var arguments: [TemplateExpression] = []
            if consume("(") {
                if !consume(")") {
                    repeat {
                        skipSpace()
                        // Keyword arguments (`other=x`) are read by value.
                        let saved = index
                        if identifier() != nil, consume("="), peek() != "=" {
                        } else {
                            index = saved
                        }
                        arguments.append(try filtered())
                    } while consume(",")
                    guard consume(")") else {
                        throw TemplateExpression.Unsupported(reason: "missing ')' after arguments")
                    }
                }
            }
            expression = .filter(expression, name: name, arguments: arguments)
        }
        return expression
    }

    mutating func primary() throws(TemplateExpression.Unsupported) -> TemplateExpression {
        skipSpace()
        guard let character = peek() else { throw TemplateExpression.Unsupported(reason: "an empty expression") }
        switch character {
        case "'", "\"":
            return .string(try stringLiteral())
        case "{":
            index += 1
            var entries: [TemplateExpression.Entry] = []
            if !consume("}") {
                repeat {
                    skipSpace()
                    if peek() == "}" { break }  // a trailing comma
                    let key: String
                    if let quote = peek(), quote == "'" || quote == "\"" {
                        key = try stringLiteral()
                    } else if let name = identifier() {
                        key = name
                    } else {
                        throw TemplateExpression.Unsupported(reason: "a dict key must be a string")
                    }
                    guard consume(":") else { throw TemplateExpression.Unsupported(reason: "missing ':' in a dict") }
                    entries.append(.init(key: key, value: try filtered()))
                } while consume(",")
                guard consume("}") else { throw TemplateExpression.Unsupported(reason: "missing '}' closing a dict") }
            }
            return .dict(entries)
        case "[":
            index += 1
            var items: [TemplateExpression] = []
            if !consume("]") {
                repeat {
                    skipSpace()
                    if peek() == "]" { break }
                    items.append(try filtered())
                } while consume(",")
                guard consume("]") else { throw TemplateExpression.Unsupported(reason: "missing ']' closing a list") }
            }
            return .list(items)
        case "(":
            index += 1
            let inner = try filtered()
            guard consume(")") else { throw TemplateExpression.Unsupported(reason: "missing ')'") }
            return inner
        case "-", "0"..."9":
            let text = number()
            guard Double(text) != nil else {
                throw TemplateExpression.Unsupported(reason: "'\(rest)' is not supported here")
            }
            return .number(text)
        default:
            guard let name = identifier() else {
                throw TemplateExpression.Unsupported(reason: "'\(rest)' is not supported here")
            }
            switch name {
            case "true", "True": return .bool(true)
            case "false", "False": return .bool(false)
            case "none", "None", "null": return .null
            case "and", "or", "not", "if", "else", "is", "in":
                throw TemplateExpression.Unsupported(reason: "'\(name)' expressions are not supported")
            default: break
            }
            if consume("(") {
                guard consume(")") else {
                    throw TemplateExpression.Unsupported(reason: "calls with arguments are not supported")
                }
                return .call(name)
            }
            var steps: [TemplateExpression.Step] = []
            while true {
                if peek() == "." {
                    index += 1
                    guard let member = identifier() else {
                        throw TemplateExpression.Unsupported(reason: "a name must follow '.'")
                    }
                    steps.append(.member(member))
                } else if peek() == "[" {
                    index += 1
                    skipSpace()
                    if let quote = peek(), quote == "'" || quote == "\"" {
                        steps.append(.key(try stringLiteral()))
                    } else {
                        let text = number()
                        guard let position = Int(text), position >= 0 else {
                            throw TemplateExpression.Unsupported(reason: "an index must be a whole number or a string")
                        }
                        steps.append(.index(position))
                    }
                    guard consume("]") else { throw TemplateExpression.Unsupported(reason: "missing ']'") }
                } else {
                    break
                }
            }
            return .name(name, steps)
        }
    }

    mutating func identifier() -> String? {
        guard let first = peek(), first.isLetter || first == "_" else { return nil }
        var name = ""
        while let character = peek(), character.isLetter || character.isNumber || character == "_" {
            name.append(character)
            index += 1
        }
        return name
    }

    mutating func number() -> String {
        var text = ""
        if peek() == "-" {
            text.append("-")
            index += 1
        }
        while let character = peek(), character.isNumber || character == "." {
            text.append(character)
            index += 1
        }
        return text
    }

    /// A Jinja string literal with backslash escapes.
    mutating func stringLiteral() throws(TemplateExpression.Unsupported) -> String {
        guard let quote = peek() else { throw TemplateExpression.Unsupported(reason: "missing string") }
        index += 1
        var text = ""
        while let character = peek() {
            index += 1
            if character == quote { return text }
            if character == "\\", let next = peek() {
                index += 1
                switch next {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(next)
                }
                continue
            }
            text.append(character)
        }
        throw TemplateExpression.Unsupported(reason: "an unterminated string")
    }
}

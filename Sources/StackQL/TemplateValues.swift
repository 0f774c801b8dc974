import IAMPolicy

/// Values for the Jinja-style `{{ … }}` expressions of stackql-deploy query files.
///
/// Two kinds of value: `variables` (`--var name=value`) resolve an expression that is exactly a variable name
/// (`region`, dotted `vars.AWS_REGION` or indexed `ContainerTags[0]` count as names here); `expressions` give the
/// value of a whole expression — `{{ {"Tags": tags} | generate_patch_document }}` — as a caller that evaluates
/// expressions itself (a stackql-deploy project) found it, possibly only partly known. Anything else stays a named
/// unknown, so later stages never guess a value. A value is substituted as a value: it is never read as SQL, so a
/// value holding quotes or SQL stays one value.
public struct TemplateValues: Sendable, Hashable {
    /// Variable name → value, matched exactly (case-sensitive, as Jinja does).
    public var variables: [String: String]
    /// Expression (as `key(of:)` spells it) → its value: literal runs and named unknowns.
    public var expressions: [String: [PartialValue.Part]]

    public init(_ variables: [String: String] = [:], expressions: [String: [PartialValue.Part]] = [:]) {
        self.variables = variables
        self.expressions = expressions
    }

    /// The value of one expression (the text between `{{` and `}}`) as one part: `.literal(value)` when it is fully
    /// known, otherwise `.unknown(expression)` with the expression as `key(of:)` spells it.
    public func resolve(expression: String) -> PartialValue.Part {
        let parts = parts(of: expression)
        var text = ""
        for part in parts {
            guard case .literal(let literal) = part else { return .unknown(Self.key(of: expression)) }
            text += literal
        }
        return .literal(text)
    }

    /// The value of one expression as literal runs and named unknowns: the value `expressions` gives it, else the
    /// value of the variable it names, else one unknown named after the expression.
    public func parts(of expression: String) -> [PartialValue.Part] {
        let key = Self.key(of: expression)
        if let value = expressions[key] { return value.isEmpty ? [.literal("")] : value }
        if Self.isName(key), let value = variables[key] { return [.literal(value)] }
        return [.unknown(key)]
    }

    /// How an expression is looked up in `expressions` and named when unknown: trimmed, without Jinja's `-`/`+`
    /// whitespace markers (`{{- name -}}`).
    public static func key(of expression: String) -> String {
        trimmedExpression(expression)
    }

    /// The raw expressions of every `{{ … }}` in `text`, in order (an unterminated `{{` ends the search).
    public static func expressions(in text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        var index = 0
        while index + 1 < characters.count {
            if characters[index] == "{", characters[index + 1] == "{" {
                guard let close = templateEnd(in: characters, from: index + 2) else { break }
                found.append(String(characters[(index + 2)..<close]))
                index = close + 2
            } else {
                index += 1
            }
        }
        return found
    }

    /// Splits a text with embedded `{{ … }}` expressions into literal and template parts, resolving each expression.
    /// Adjacent literal parts are merged; an empty text gives one empty literal. An unterminated `{{` is kept as text.
    public func resolve(text: String) -> [PartialValue.Part] {
        let characters = Array(text)
        var segments: [TemplateSegment] = []
        var buffer = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{",
                let close = Self.templateEnd(in: characters, from: index + 2)
            {
                segments.append(.text(buffer))
                buffer = ""
                segments.append(.template(String(characters[(index + 2)..<close])))
                index = close + 2
            } else {
                buffer.append(characters[index])
                index += 1
            }
        }
        segments.append(.text(buffer))
        return resolve(segments: segments)
    }

    /// Resolves the segments of one string literal into value parts (adjacent literals merged, empty ones dropped,
    /// at least one part).
    func resolve(segments: [TemplateSegment]) -> [PartialValue.Part] {
        var parts: [PartialValue.Part] = []
        // Known text collects here until an unknown part or the end: appending to the last part instead copied the
        // text joined so far every time (a text of n expressions took time quadratic in n).
        var pending = ""
        for segment in segments {
            switch segment {
            case .text(let text):
                pending += text
            case .template(let expression):
                for part in self.parts(of: expression) {
                    switch part {
                    case .literal(let value): pending += value
                    case .unknown(let name):
                        if !pending.isEmpty { parts.append(.literal(pending)) }
                        pending = ""
                        parts.append(.unknown(name))
                    }
                }
            }
        }
        if !pending.isEmpty { parts.append(.literal(pending)) }
        return parts.isEmpty ? [.literal("")] : parts
    }

    /// The expression without surrounding whitespace and without Jinja's whitespace-control markers
    /// (`{{- name -}}`).
    static func trimmedExpression(_ expression: String) -> String {
        var text = Substring(expression)
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        if text.last == "-" || text.last == "+" { text = text.dropLast() }
        return text.trimmingWhitespace()
    }

    /// Whether an expression is a plain name: `region`, `vars.AWS_REGION`, `ContainerTags[0]`, `tags['team']`.
    public static func isName(_ expression: String) -> Bool {
        let characters = Array(expression)
        var index = 0
        func identifier() -> Bool {
            guard index < characters.count, characters[index].isLetter || characters[index] == "_" else {
                return false
            }
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
            {
                index += 1
            }
            return true
        }
        guard identifier() else { return false }
        while index < characters.count {
            switch characters[index] {
            case ".":
                index += 1
                guard identifier() else { return false }
            case "[":
                guard let close = characters[index...].firstIndex(of: "]") else { return false }
                let inside = String(characters[(index + 1)..<close])
                let isIndex = !inside.isEmpty && inside.allSatisfy { $0.isASCII && $0.isNumber }
                let isKey =
                    inside.count >= 2 && (inside.first == "'" || inside.first == "\"") && inside.last == inside.first
                guard isIndex || isKey else { return false }
                index = close + 1
            default:
                return false
            }
        }
        return true
    }

    /// The index of the first `}` of the `}}` that closes a template whose expression starts at `start` (just after
    /// `{{`), or `nil` when it is unterminated. Braces, brackets and parentheses nest and Jinja string literals are
    /// skipped, so `{{ {"a": {"b": 1}} | f }}` closes at its last `}}`.
    public static func templateEnd(in characters: [Character], from start: Int) -> Int? {
        var index = start
        var depth = 0
        var quote: Character?
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == "\\" {
                    index += 2
                    continue
                }
                if character == open { quote = nil }
                index += 1
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
            case "{", "(", "[":
                depth += 1
            case "}" where depth == 0:
                if index + 1 < characters.count, characters[index + 1] == "}" { return index }
            case "}", ")", "]":
                depth = max(0, depth - 1)
            default:
                break
            }
            index += 1
        }
        return nil
    }
}

/// A piece of a string literal as the lexer reads it: plain text, or the raw expression of a `{{ … }}` template.
enum TemplateSegment: Sendable, Hashable {
    case text(String)
    case template(String)
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

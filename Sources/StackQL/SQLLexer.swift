import JSON

/// One lexical token of StackQL text, with where it starts and ends.
struct SQLToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word: a keyword (compared case-insensitively by the parser) or an identifier.
        case word(String)
        /// A `` `backquoted` `` identifier (never a keyword), with ``` `` ``` unescaped.
        case quotedIdentifier(String)
        /// A `'…'` or `"…"` string literal: its text with doubled quotes unescaped, split around `{{ … }}` templates.
        case string([TemplateSegment], quote: Character)
        /// A number as written: `42`, `-` is a separate symbol.
        case number(String)
        /// A bare `{{ … }}` template: the raw expression between the braces.
        case template(String)
        /// An operator or punctuation: `= , ( ) ; * . -> ->>` and any other single character.
        case symbol(String)
        /// A `/*+ … */` hint: its content, trimmed.
        case hint(String)
    }

    var kind: Kind
    /// Where the token starts.
    var location: SourceLocation
    /// Just after the token's last character.
    var endLocation: SourceLocation
    /// The token's characters as offsets into the lexed text.
    var range: Range<Int>
}

/// Splits StackQL text (MySQL-flavoured, as `stackql-parser`'s `token.go`) into tokens.
///
/// Comments `-- …`, `# …`, `// …` and `/* … */` are skipped; `/*+ … */` hints are kept. String literals may be
/// `'…'` or `"…"`, with a doubled quote as the only escape (backslashes are kept as written, so JSON inside a
/// literal is not altered). `{{ … }}` templates are read whole, inside literals and bare, before SQL quoting applies
/// — as stackql-deploy renders them before StackQL sees the text.
///
/// Locations are 1-based; columns count the characters (grapheme clusters) of the line, so a tab or an `é` is one
/// column and `\r\n` ends one line.
struct SQLLexer {
    let characters: [Character]
    let source: String
    private var index = 0
    private var line = 1
    private var column = 1

    /// `firstLine` is the line the text starts on in its file (a query section of a stackql-deploy file starts past
    /// line 1), so every location is the file's.
    init(text: String, source: String, firstLine: Int = 1) {
        self.characters = Array(text)
        self.source = source
        self.line = firstLine
    }

    /// Where the lexer is now.
    var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// All tokens of the text, in order.
    mutating func tokenize() throws(SQLError) -> [SQLToken] {
        var tokens: [SQLToken] = []
        while let character = peek() {
            if character.isWhitespace {
                advance()
                continue
            }
            let start = location
            let startIndex = index
            guard let kind = try scanToken(character, start: start) else { continue }
            tokens.append(SQLToken(kind: kind, location: start, endLocation: location, range: startIndex..<index))
        }
        return tokens
    }

    /// Reads one token starting at `character`, or skips a comment and returns `nil`.
    private mutating func scanToken(_ character: Character, start: SourceLocation) throws(SQLError) -> SQLToken.Kind? {
        let next = peek(1)
        switch character {
        case "#":
            skipLine()
            return nil
        case "-" where next == "-":
            skipLine()
            return nil
        case "/" where next == "/":
            skipLine()
            return nil
        case "/" where next == "*":
            return try scanBlockComment(start: start)
        case "'", "\"":
            return try scanString(quote: character, start: start)
        case "`":
            return try scanQuotedIdentifier(start: start)
        case "{" where next == "{":
            advance(2)
            return .template(try scanTemplate(start: start))
        case "{" where next == "%" || next == "#":
            throw SQLError(
                message: "template tags '{\(next.map(String.init) ?? "")' are not supported; render the file first",
                location: start, source: source)
        case _ where character.isASCII && character.isNumber:
            return .number(scanNumber())
        case _ where character.isLetter || character == "_":
            return .word(scanWord())
        default:
            return .symbol(scanSymbol(character))
        }
    }

    // MARK: - Cursor

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < characters.count {
            if characters[index].isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }

    private mutating func skipLine() {
        while let character = peek(), !character.isNewline { advance() }
    }

    // MARK: - Tokens

    private mutating func scanBlockComment(start: SourceLocation) throws(SQLError) -> SQLToken.Kind? {
        let isHint = peek(2) == "+"
        let contentStart = index + (isHint ? 3 : 2)
        advance(isHint ? 3 : 2)
        while let character = peek() {
            if character == "*", peek(1) == "/" {
                let content = characters[contentStart..<index]
                advance(2)
                return isHint ? .hint(String(content).trimmingWhitespace()) : nil
            }
            advance()
        }
        throw SQLError(message: "unterminated comment", location: start, source: source)
    }

    private mutating func scanString(quote: Character, start: SourceLocation) throws(SQLError) -> SQLToken.Kind {
        advance()
        var segments: [TemplateSegment] = []
        var buffer = ""
        while let character = peek() {
            if character == quote {
                if peek(1) == quote {
                    buffer.append(quote)
                    advance(2)
                    continue
                }
                advance()
                segments.append(.text(buffer))
                return .string(segments, quote: quote)
            }
            if character == "{", peek(1) == "{" {
                segments.append(.text(buffer))
                buffer = ""
                let templateStart = location
                advance(2)
                segments.append(.template(try scanTemplate(start: templateStart)))
                continue
            }
            buffer.append(character)
            advance()
        }
        throw SQLError(message: "unterminated string literal", location: start, source: source)
    }

    /// Reads a template's expression after its `{{`, through the closing `}}`.
    private mutating func scanTemplate(start: SourceLocation) throws(SQLError) -> String {
        guard let close = TemplateValues.templateEnd(in: characters, from: index) else {
            throw SQLError(message: "unterminated template expression (missing '}}')", location: start, source: source)
        }
        let expression = String(characters[index..<close])
        advance(close + 2 - index)
        return expression
    }

    private mutating func scanQuotedIdentifier(start: SourceLocation) throws(SQLError) -> SQLToken.Kind {
        advance()
        var name = ""
        while let character = peek() {
            if character == "`" {
                if peek(1) == "`" {
                    name.append("`")
                    advance(2)
                    continue
                }
                advance()
                return .quotedIdentifier(name)
            }
            name.append(character)
            advance()
        }
        throw SQLError(message: "unterminated quoted identifier", location: start, source: source)
    }

    private mutating func scanNumber() -> String {
        var text = ""
        func digits() {
            while let character = peek(), character.isASCII, character.isNumber {
                text.append(character)
                advance()
            }
        }
        digits()
        if peek() == ".", let next = peek(1), next.isASCII, next.isNumber {
            text.append(".")
            advance()
            digits()
        }
        if let marker = peek(), marker == "e" || marker == "E" {
            let sign = peek(1) == "+" || peek(1) == "-"
            if let digit = peek(sign ? 2 : 1), digit.isASCII, digit.isNumber {
                for _ in 0..<(sign ? 2 : 1) {
                    if let character = peek() { text.append(character) }
                    advance()
                }
                digits()
            }
        }
        return text
    }

    private mutating func scanWord() -> String {
        var text = ""
        while let character = peek(), character.isLetter || character.isNumber || character == "_" || character == "$" {
            text.append(character)
            advance()
        }
        return text
    }

    private mutating func scanSymbol(_ character: Character) -> String {
        let pairs: Set<String> = ["->", "<=", ">=", "<>", "!=", "||", "&&", "::", ":="]
        if let next = peek(1) {
            let pair = String(character) + String(next)
            if pair == "->", peek(2) == ">" {
                advance(3)
                return "->>"
            }
            if pair == "<=", peek(2) == ">" {
                advance(3)
                return "<=>"
            }
            if pairs.contains(pair) {
                advance(2)
                return pair
            }
        }
        advance()
        return String(character)
    }
}

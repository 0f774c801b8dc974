/// Reads an MDX page into an ``MDXDocument``: a tolerant, single-pass scanner of the constructs StackQL's doc pages
/// use. At the start of a line it recognises front matter, fenced code blocks and headings; within a line, tags
/// (`<Tabs …>`, `</TabItem>`, `<CopyableCode … />`), comments, `{…}` expressions (skipped, strings and nesting
/// respected) and inline code spans; everything else is text.
///
/// Tolerance: a closing tag closes any elements left open inside it, a closing tag with no open element is ignored,
/// a level-1 or level-2 heading closes every open element, and elements still open at the end are closed. Only what
/// would make the rest of the page unreadable is an error: an unclosed front matter, fence, tag or expression.
struct MDXScanner {
    private let bytes: [UInt8]
    private let page: String
    private var index = 0
    private var line = 1
    private var root: [MDXNode] = []
    private var open: [MDXElement] = []
    private var text: [UInt8] = []
    private var textLine = 1

    /// HTML elements that never have children, with or without `/>`.
    private static let voidElements: Set<String> = ["br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"]
    /// How deep elements may nest. StackQL's pages nest a handful of levels; a page nested deeper is refused with its
    /// line, so that the tree's walks (and its release) stay shallow and closing a tag scans a bounded list.
    static let maximumDepth = 256

    private init(text: String, page: String) {
        // CRLF reads as LF; a leading byte order mark is not content.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let utf8 = Array(text.utf8)
        var position = utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while position < utf8.count {
            if utf8[position] == .carriageReturn, position + 1 < utf8.count, utf8[position + 1] == .lineFeed {
                position += 1
                continue
            }
            bytes.append(utf8[position])
            position += 1
        }
        self.bytes = bytes
        self.page = page
    }

    /// The page as a document, or the first construct that is never closed.
    static func parse(_ text: String, page: String) throws(CatalogImportError) -> MDXDocument {
        var scanner = MDXScanner(text: text, page: page)
        try scanner.scanDocument()
        return MDXDocument(nodes: scanner.root)
    }

    private mutating func scanDocument() throws(CatalogImportError) {
        try skipFrontMatter()
        var atLineStart = true
        while index < bytes.count {
            if atLineStart {
                if try scanFence() { continue }
                if scanHeading() { continue }
                atLineStart = false
            }
            let byte = bytes[index]
            switch byte {
            case .lineFeed:
                appendText(byte)
                advance()
                atLineStart = true
            case .lessThan:
                if peek(1).map(Self.isNameStart) == true {
                    try scanOpenTag()
                } else if peek(1) == .slash, peek(2).map(Self.isNameStart) == true {
                    scanCloseTag()
                } else if starts(with: "<!--") {
                    try skipComment()
                } else {
                    appendText(byte)
                    advance()
                }
            case .openBrace:
                flushText()
                try skipExpression()
            case .backtick:
                scanInlineCode()
            default:
                appendText(byte)
                advance()
            }
        }
        flushText()
        closeElements(downTo: 0)
    }

    // MARK: Block constructs (at the start of a line)

    private mutating func skipFrontMatter() throws(CatalogImportError) {
        guard index == 0, lineText(at: 0) == "---" else { return }
        let startLine = line
        skipLine()
        while index < bytes.count {
            let isEnd = lineText(at: index).trimmingTrailingSpaces == "---"
            skipLine()
            if isEnd { return }
        }
        throw CatalogImportError(page: page, line: startLine, message: "the front matter opened here is never closed")
    }

    /// A fenced code block: three or more backticks or tildes and an info string, after any indentation (MDX has no
    /// indented code blocks, so a fence inside an indented JSX block is still a fence); it ends at a line of at least
    /// as many of the same character.
    private mutating func scanFence() throws(CatalogImportError) -> Bool {
        let opening = lineText(at: index)
        let indent = opening.prefix { $0 == " " || $0 == "\t" }.count
        let rest = opening.dropFirst(indent)
        guard let marker = rest.first, marker == "`" || marker == "~" else { return false }
        let run = rest.prefix { $0 == marker }.count
        guard run >= 3 else { return false }
        let info = String(rest.dropFirst(run)).collapsingWhitespace
        if marker == "`" && info.contains("`") { return false }
        flushText()
        let fenceLine = line
        skipLine()
        var body: [String] = []
        while index < bytes.count {
            let current = lineText(at: index)
            skipLine()
            let trimmed = current.drop { $0 == " " || $0 == "\t" }.trimmingTrailingSpaces
            if trimmed.count >= run && trimmed.allSatisfy({ $0 == marker }) {
                append(.fence(MDXFence(info: info, body: body, line: fenceLine)))
                return true
            }
            body.append(String(current))
        }
        throw CatalogImportError(
            page: page, line: fenceLine,
            message: "the code block opened here with '\(String(rest.prefix(run)))' is never closed")
    }

    /// `## Title`: up to three spaces, one to six `#`, a space. A level-1 or level-2 heading closes open elements.
    private mutating func scanHeading() -> Bool {
        let current = lineText(at: index)
        let indent = current.prefix { $0 == " " }.count
        guard indent <= 3 else { return false }
        let rest = current.dropFirst(indent)
        let level = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return false }
        let title = rest.dropFirst(level)
        guard title.isEmpty || title.first == " " || title.first == "\t" else { return false }
        flushText()
        let heading = MDXHeading(
            level: level,
            text: String(title.reversed().drop { $0 == "#" || $0 == " " }.reversed()).collapsingWhitespace,
            line: line)
        if level <= 2 { closeElements(downTo: 0) }
        append(.heading(heading))
        skipLine()
        return true
    }

    // MARK: Inline constructs

    /// `<Name attr="v" attr={expr} …>` or `<Name … />`.
    private mutating func scanOpenTag() throws(CatalogImportError) {
        flushText()
        let tagLine = line
        advance()  // <
        let name = scanName()
        var attributes: [String: String] = [:]
        var expressions: [String: String] = [:]
        var selfClosing = false
        func unclosed() -> CatalogImportError {
            CatalogImportError(
                page: page, line: tagLine, message: "the tag '<\(name)' opened here is never closed with '>'")
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw unclosed() }
            if starts(with: "/>") {
                advance(2)
                selfClosing = true
                break
            }
            if bytes[index] == .greaterThan {
                advance()
                break
            }
            if bytes[index] == .openBrace {
                try skipExpression()  // {...spread}
                continue
            }
            var attribute: [UInt8] = []
            while index < bytes.count, !Self.isSpace(bytes[index]),
                ![.equals, .greaterThan, .slash].contains(bytes[index])
            {
                attribute.append(bytes[index])
                advance()
            }
            if attribute.isEmpty {
                advance()  // a stray '/' or '='
                continue
            }
            skipWhitespace()
            var value = ""
            if index < bytes.count, bytes[index] == .equals {
                advance()
                skipWhitespace()
                guard index < bytes.count else { throw unclosed() }
                switch bytes[index] {
                case .doubleQuote, .singleQuote:
                    let quote = bytes[index]
                    advance()
                    var valueBytes: [UInt8] = []
                    while index < bytes.count, bytes[index] != quote {
                        valueBytes.append(bytes[index])
                        advance()
                    }
                    guard index < bytes.count else { throw unclosed() }
                    advance()
                    value = String(decoding: valueBytes, as: UTF8.self)
                case .openBrace:
                    let start = index
                    try skipExpression()
                    // `fields={[…]}`: the text inside the outer braces, for readers of SchemaTable data.
                    expressions[String(decoding: attribute, as: UTF8.self)] = String(
                        decoding: bytes[(start + 1)..<(index - 1)], as: UTF8.self)
                    continue
                default:
                    var valueBytes: [UInt8] = []
                    while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != .greaterThan {
                        valueBytes.append(bytes[index])
                        advance()
                    }
                    value = String(decoding: valueBytes, as: UTF8.self)
                }
            }
            attributes[String(decoding: attribute, as: UTF8.self)] = value
        }
        let element = MDXElement(
            name: name, attributes: attributes, expressions: expressions, children: [], line: tagLine)
        if selfClosing || Self.voidElements.contains(name.lowercased()) {
            append(.element(element))
        } else {
            guard open.count < Self.maximumDepth else {
                throw CatalogImportError(
                    page: page, line: tagLine,
                    message: "elements nest more than \(Self.maximumDepth) levels deep here ('<\(name)>'); a "
                        + "documentation page nests a few")
            }
            open.append(element)
        }
    }

    /// `</Name>`: closes the innermost open element of that name and any left open inside it; ignored otherwise.
    private mutating func scanCloseTag() {
        flushText()
        advance(2)  // </
        let name = scanName()
        while index < bytes.count, bytes[index] != .greaterThan, bytes[index] != .lineFeed { advance() }
        if index < bytes.count, bytes[index] == .greaterThan { advance() }
        if let depth = open.lastIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            closeElements(downTo: depth)
        }
    }

    private mutating func skipComment() throws(CatalogImportError) {
        let startLine = line
        advance(4)
        while index < bytes.count {
            if starts(with: "-->") {
                advance(3)
                return
            }
            advance()
        }
        throw CatalogImportError(page: page, line: startLine, message: "the comment opened here is never closed")
    }

    /// Skips a `{…}` expression: nested braces and JavaScript strings (including template literals) respected.
    private mutating func skipExpression() throws(CatalogImportError) {
        let startLine = line
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case .openBrace:
                depth += 1
                advance()
            case .closeBrace:
                depth -= 1
                advance()
                if depth == 0 { return }
            case .doubleQuote, .singleQuote, .backtick:
                advance()
                while index < bytes.count, bytes[index] != byte {
                    if bytes[index] == .backslash { advance() }
                    advance()
                }
                advance()
            default:
                advance()
            }
        }
        throw CatalogImportError(page: page, line: startLine, message: "the expression '{' opened here is never closed")
    }

    /// `` `code` ``: the span's text without its backticks; a run with no closing run on the same line is text.
    private mutating func scanInlineCode() {
        let run = bytes[index...].prefix { $0 == .backtick }.count
        var search = index + run
        while search < bytes.count, bytes[search] != .lineFeed {
            if bytes[search] == .backtick {
                let closing = bytes[search...].prefix { $0 == .backtick }.count
                if closing == run {
                    for byte in bytes[(index + run)..<search] { appendText(byte) }
                    advance(search + run - index)
                    return
                }
                search += closing
            } else {
                search += 1
            }
        }
        for _ in 0..<run {
            appendText(.backtick)
            advance()
        }
    }

    // MARK: Tree building

    private mutating func append(_ node: MDXNode) {
        if open.isEmpty {
            root.append(node)
        } else {
            open[open.count - 1].children.append(node)
        }
    }

    /// Closes open elements until `depth` of them remain.
    private mutating func closeElements(downTo depth: Int) {
        flushText()
        while open.count > depth {
            let element = open.removeLast()
            append(.element(element))
        }
    }

    private mutating func appendText(_ byte: UInt8) {
        if text.isEmpty { textLine = line }
        text.append(byte)
    }

    private mutating func flushText() {
        guard !text.isEmpty else { return }
        let node = MDXNode.text(MDXText(text: String(decoding: text, as: UTF8.self), line: textLine))
        text.removeAll(keepingCapacity: true)
        append(node)
    }

    // MARK: Low-level reading

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            if bytes[index] == .lineFeed { line += 1 }
            index += 1
        }
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func starts(with literal: String) -> Bool {
        bytes[index...].starts(with: literal.utf8)
    }

    /// The text of the line starting at `start`, without its line feed.
    private func lineText(at start: Int) -> Substring {
        let end = bytes[start...].firstIndex(of: .lineFeed) ?? bytes.count
        return Substring(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// Moves past the current line and its line feed.
    private mutating func skipLine() {
        while index < bytes.count, bytes[index] != .lineFeed { index += 1 }
        advance()
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { advance() }
    }

    private mutating func scanName() -> String {
        var name: [UInt8] = []
        while index < bytes.count, Self.isNameCharacter(bytes[index]) {
            name.append(bytes[index])
            advance()
        }
        return String(decoding: name, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == .space || byte == .lineFeed || byte == .tab
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == .hyphen || byte == .period
            || byte == .underscore || byte == .colon
    }
}

extension UInt8 {
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let lessThan = UInt8(ascii: "<")
    fileprivate static let greaterThan = UInt8(ascii: ">")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let singleQuote = UInt8(ascii: "'")
    fileprivate static let backtick = UInt8(ascii: "`")
    fileprivate static let hyphen = UInt8(ascii: "-")
    fileprivate static let period = UInt8(ascii: ".")
    fileprivate static let underscore = UInt8(ascii: "_")
    fileprivate static let colon = UInt8(ascii: ":")
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}

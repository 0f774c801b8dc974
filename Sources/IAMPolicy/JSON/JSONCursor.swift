/// A pull-style reader over one JSON document held in memory: it steps into objects and arrays, reads keys and
/// scalars, skips values without building them, and builds one value as a `JSONNode` on demand.
///
/// It accepts exactly what `JSONParser` accepts and reports the same errors at the same locations, so a caller that
/// skips most of a large document (an account's authorization details, say) stays strict about all of it: skipped
/// values are validated — strings, escapes, UTF-8, numbers, literals and nesting depth — and `finish()` validates
/// whatever was not read. Only the values a caller asks for are materialised.
///
/// The calls follow the document: `peek()` names the next value's type; `enterObject()` / `nextKey()` and
/// `enterArray()` / `nextElement()` walk containers (a member or element left unread is skipped); `readString()`,
/// `readNumber()`, `readBool()` and `readNull()` consume a scalar of that type; `skipValue()` passes over any value
/// and returns its `Span`, which `node(in:)` can build later with locations as in the whole document.
public struct JSONCursor: Sendable {
    /// The JSON type of the next value.
    public enum ValueKind: String, Sendable, Hashable, CustomStringConvertible {
        case object, array, string, number, bool, null

        /// A short name for error messages, e.g. "a string" or "an object".
        public var description: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        }
    }

    /// A byte offset into the document and its line and column.
    public struct Position: Sendable, Hashable {
        /// The 0-based byte offset.
        public var offset: Int
        /// The 1-based line and byte column of `offset`.
        public var location: SourceLocation
    }

    /// The bytes of one complete value the cursor passed over, and where it starts, so it can be built later.
    public struct Span: Sendable, Hashable {
        /// The value's first byte.
        public var start: Position
        /// The offset just past the value's last byte.
        public var end: Int

        /// The value's bytes in the document.
        public var range: Range<Int> { start.offset..<end }
    }

    /// The whole document.
    public let bytes: [UInt8]
    /// The limit on nested arrays and objects, as in `JSONParser`.
    public let maxDepth: Int

    private var state: ScanState
    /// The containers entered and not yet closed, outermost first.
    private var frames: [Frame] = []
    /// Whether a value starts at the current offset (the document's, an element's or a member's).
    private var expectingValue = true
    /// The structural byte before the expected value (`[`, `,` or `:`), 0 at the start of the document; it shapes
    /// the error message as in `JSONParser`.
    private var previous: UInt8 = 0
    /// The offset just past the last value completed.
    private var lastValueEnd = 0
    /// Whether the document's value has been read completely.
    public private(set) var isAtEnd = false
    /// The location of the key `nextKey()` returned last.
    public private(set) var keyLocation = SourceLocation(line: 1, column: 1)

    private struct Frame: Sendable {
        var isObject: Bool
        /// Members or elements started so far.
        var count: Int
    }

    /// Starts reading `bytes` (a leading byte order mark is skipped). An empty document is an error, as in
    /// `JSONParser`.
    public init(bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONSyntaxError) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        state = ScanState()
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            state.pos = 3
            state.lineStart = 3
        }
        try scan { (scanner) throws(JSONSyntaxError) in scanner.skipWhitespace() }
        guard state.pos < bytes.count else {
            throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
        }
    }

    /// How many containers are open.
    public var depth: Int { frames.count }

    /// The current offset (white space already skipped): the next value, key or structural character.
    public var position: Position {
        Position(
            offset: state.pos, location: SourceLocation(line: state.line, column: state.pos - state.lineStart + 1))
    }

    /// The span from `start` (taken with `position` just before a value) to the end of the value completed last.
    public func span(from start: Position) -> Span {
        Span(start: start, end: max(lastValueEnd, start.offset))
    }

    // MARK: Values

    /// The type of the value at the current offset, without consuming it; an error when no valid value starts
    /// there.
    public mutating func peek() throws(JSONSyntaxError) -> ValueKind {
        try requireValue()
        let previous = self.previous
        return try scan { (scanner) throws(JSONSyntaxError) -> ValueKind in
            guard scanner.pos < scanner.end else { throw scanner.error(valueExpectedAfter: previous) }
            switch scanner.base[scanner.pos] {
            case CursorASCII.openBrace: return .object
            case CursorASCII.openBracket: return .array
            case CursorASCII.quote: return .string
            case CursorASCII.minus, CursorASCII.zero...CursorASCII.nine: return .number
            case CursorASCII.lowerT, CursorASCII.lowerF: return .bool
            case CursorASCII.lowerN: return .null
            default: throw scanner.error(valueExpectedAfter: previous)
            }
        }
    }

    /// Consumes the string at the current offset; `nil` (nothing consumed) when the value is of another type.
    public mutating func readString() throws(JSONSyntaxError) -> String? {
        guard try peek() == .string else { return nil }
        let value = try scan { (scanner) throws(JSONSyntaxError) -> String in try scanner.parseString() }
        completeValue()
        return value
    }

    /// Consumes the number at the current offset and returns its literal text; `nil` when it is not a number.
    public mutating func readNumber() throws(JSONSyntaxError) -> String? {
        guard try peek() == .number else { return nil }
        let value = try scan { (scanner) throws(JSONSyntaxError) -> String in
            let start = scanner.pos
            try scanner.skipNumber()
            return String(
                decoding: UnsafeBufferPointer(start: scanner.base + start, count: scanner.pos - start), as: UTF8.self)
        }
        completeValue()
        return value
    }

    /// Consumes `true` or `false` at the current offset; `nil` when the value is of another type.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool? {
        guard try peek() == .bool else { return nil }
        let value = try scan { (scanner) throws(JSONSyntaxError) -> Bool in
            if scanner.base[scanner.pos] == CursorASCII.lowerT {
                try scanner.expectLiteral("true")
                return true
            }
            try scanner.expectLiteral("false")
            return false
        }
        completeValue()
        return value
    }

    /// Consumes `null` at the current offset and returns `true`; `false` (nothing consumed) for any other value.
    public mutating func readNull() throws(JSONSyntaxError) -> Bool {
        guard try peek() == .null else { return false }
        try scan { (scanner) throws(JSONSyntaxError) in try scanner.expectLiteral("null") }
        completeValue()
        return true
    }

    /// Passes over the value at the current offset, validating it completely without building it, and returns its
    /// span.
    @discardableResult
    public mutating func skipValue() throws(JSONSyntaxError) -> Span {
        try requireValue()
        let start = position
        let previous = self.previous
        let limit = maxDepth
        let available = limit - frames.count
        let end = try scan { (scanner) throws(JSONSyntaxError) -> Int in
            try scanner.skipValue(previous: previous, availableDepth: available, maxDepth: limit)
        }
        completeValue(end: end)
        return Span(start: start, end: end)
    }

    /// Reads the value at the current offset as a `JSONNode` whose locations are those of the whole document.
    public mutating func readNode() throws(JSONSyntaxError) -> JSONNode {
        try node(in: skipValue())
    }

    /// Builds the value of a span this cursor returned, with locations as in the whole document.
    public func node(in span: Span) throws(JSONSyntaxError) -> JSONNode {
        let range = span.range.clamped(to: 0..<bytes.count)
        let origin = span.start.location
        do {
            let node = try JSONParser.parse(Array(bytes[range]), maxDepth: maxDepth)
            return JSONCursor.shift(node, to: origin)
        } catch let error {
            throw JSONSyntaxError(message: error.message, location: JSONCursor.shift(error.location, to: origin))
        }
    }

    // MARK: Containers

    /// Steps into the object at the current offset; `false` (nothing consumed) when the value is of another type.
    /// Read its members with `nextKey()`.
    public mutating func enterObject() throws(JSONSyntaxError) -> Bool {
        guard try peek() == .object else { return false }
        try open(isObject: true)
        return true
    }

    /// Steps into the array at the current offset; `false` (nothing consumed) when the value is of another type.
    /// Walk its elements with `nextElement()`.
    public mutating func enterArray() throws(JSONSyntaxError) -> Bool {
        guard try peek() == .array else { return false }
        try open(isObject: false)
        return true
    }

    /// Moves to the next member of the innermost object and returns its key, leaving the cursor at the member's
    /// value; `nil` after the object's closing brace, which is consumed. An unread value of the previous member is
    /// skipped first.
    public mutating func nextKey() throws(JSONSyntaxError) -> String? {
        if expectingValue && !frames.isEmpty {
            try skipValue()
        }
        guard let top = frames.last, top.isObject, !expectingValue else {
            throw misuse("nextKey() outside an object")
        }
        let isFirst = top.count == 0
        let key = try scan { (scanner) throws(JSONSyntaxError) -> (String, SourceLocation)? in
            guard scanner.pos < scanner.end else {
                throw scanner.error(describing: scanner.pos, expected: isFirst ? "a string key or '}'" : "',' or '}'")
            }
            let byte = scanner.base[scanner.pos]
            if byte == CursorASCII.closeBrace {
                scanner.pos += 1
                return nil
            }
            if isFirst {
                guard byte == CursorASCII.quote else {
                    throw scanner.error(describing: scanner.pos, expected: "a string key or '}'")
                }
            } else {
                guard byte == CursorASCII.comma else {
                    throw scanner.error(describing: scanner.pos, expected: "',' or '}'")
                }
                scanner.pos += 1
                scanner.skipWhitespace()
                guard scanner.pos < scanner.end && scanner.base[scanner.pos] == CursorASCII.quote else {
                    throw JSONSyntaxError(
                        message: "\(scanner.describe(at: scanner.pos)) after ','",
                        location: scanner.location(at: scanner.pos))
                }
            }
            let location = scanner.location(at: scanner.pos)
            let key = try scanner.parseString()
            scanner.skipWhitespace()
            guard scanner.pos < scanner.end && scanner.base[scanner.pos] == CursorASCII.colon else {
                throw scanner.error(describing: scanner.pos, expected: "':' after the object key")
            }
            scanner.pos += 1
            scanner.skipWhitespace()
            return (key, location)
        }
        guard let (name, location) = key else {
            frames.removeLast()
            completeValue(end: state.pos)
            return nil
        }
        frames[frames.count - 1].count += 1
        keyLocation = location
        expectingValue = true
        previous = CursorASCII.colon
        return name
    }

    /// Moves to the next element of the innermost array and returns `true`, leaving the cursor at the element;
    /// `false` after the array's closing bracket, which is consumed. An unread previous element is skipped first.
    public mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        if expectingValue && !frames.isEmpty && frames[frames.count - 1].count > 0 {
            try skipValue()
        }
        guard let top = frames.last, !top.isObject else {
            throw misuse("nextElement() outside an array")
        }
        let isFirst = top.count == 0
        let more = try scan { (scanner) throws(JSONSyntaxError) -> Bool in
            guard scanner.pos < scanner.end else {
                if isFirst { return true }  // the value read reports the end of input after '['
                throw scanner.error(describing: scanner.pos, expected: "',' or ']'")
            }
            let byte = scanner.base[scanner.pos]
            if byte == CursorASCII.closeBracket {
                scanner.pos += 1
                return false
            }
            if isFirst { return true }
            guard byte == CursorASCII.comma else {
                throw scanner.error(describing: scanner.pos, expected: "',' or ']'")
            }
            scanner.pos += 1
            scanner.skipWhitespace()
            return true
        }
        guard more else {
            frames.removeLast()
            expectingValue = false
            completeValue(end: state.pos)
            return false
        }
        frames[frames.count - 1].count += 1
        expectingValue = true
        previous = isFirst ? CursorASCII.openBracket : CursorASCII.comma
        return true
    }

    /// Reads and validates the rest of the document — unread values, the closing of every open container — and
    /// checks that nothing but white space follows the document's value.
    public mutating func finish() throws(JSONSyntaxError) {
        while !isAtEnd {
            if expectingValue {
                try skipValue()
            } else if let top = frames.last {
                if top.isObject {
                    _ = try nextKey()
                } else {
                    _ = try nextElement()
                }
            } else {
                break
            }
        }
        try scan { (scanner) throws(JSONSyntaxError) in
            guard scanner.pos == scanner.end else {
                throw JSONSyntaxError(
                    message: "trailing content after the JSON value", location: scanner.location(at: scanner.pos))
            }
        }
    }

    // MARK: Internals

    private mutating func open(isObject: Bool) throws(JSONSyntaxError) {
        guard frames.count < maxDepth else {
            throw JSONSyntaxError(message: "nesting deeper than \(maxDepth) levels", location: position.location)
        }
        try scan { (scanner) throws(JSONSyntaxError) in
            scanner.pos += 1
            scanner.skipWhitespace()
        }
        frames.append(Frame(isObject: isObject, count: 0))
        expectingValue = false
        previous = isObject ? CursorASCII.openBrace : CursorASCII.openBracket
    }

    private func requireValue() throws(JSONSyntaxError) {
        guard expectingValue && !isAtEnd else {
            throw misuse(isAtEnd ? "no value after the end of the document" : "no value here (expected a key)")
        }
    }

    private func misuse(_ what: String) -> JSONSyntaxError {
        JSONSyntaxError(message: "json cursor misuse: \(what)", location: position.location)
    }

    /// Marks the value just consumed as complete; white space after it is skipped.
    private mutating func completeValue(end: Int? = nil) {
        lastValueEnd = end ?? state.pos
        expectingValue = false
        if frames.isEmpty {
            isAtEnd = true
        }
        let bytes = self.bytes
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var scanner = CursorScanner(base: base, end: buffer.count, state: state)
            scanner.skipWhitespace()
            state = scanner.state
        }
    }

    /// Runs `body` with a scanner over the bytes at the current state, keeping the state it leaves.
    private mutating func scan<Result>(
        _ body: (inout CursorScanner) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        let bytes = self.bytes
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> Result in
            guard let base = buffer.baseAddress else {
                throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
            }
            var scanner = CursorScanner(base: base, end: buffer.count, state: state)
            defer { state = scanner.state }
            return try body(&scanner)
        }
    }

    /// A node parsed from a slice that starts at `origin` of the document, moved to the document's locations.
    static func shift(_ node: JSONNode, to origin: SourceLocation) -> JSONNode {
        if origin.line == 1 && origin.column == 1 {
            return node
        }
        let location = shift(node.location, to: origin)
        switch node.kind {
        case .array(let elements):
            return JSONNode(kind: .array(elements.map { shift($0, to: origin) }), location: location)
        case .object(let members):
            let moved = members.map {
                JSONMember(
                    key: $0.key, keyLocation: shift($0.keyLocation, to: origin), value: shift($0.value, to: origin))
            }
            return JSONNode(kind: .object(moved), location: location)
        default:
            return JSONNode(kind: node.kind, location: location)
        }
    }

    /// A location in a slice that starts at `origin`, as a location in the document: columns move only on the
    /// slice's first line, because later lines start where the document's lines start.
    static func shift(_ location: SourceLocation, to origin: SourceLocation) -> SourceLocation {
        if location.line == 1 {
            return SourceLocation(line: origin.line, column: origin.column + location.column - 1)
        }
        return SourceLocation(line: origin.line + location.line - 1, column: location.column)
    }
}

/// The scanner's position: offset, line, and where the line starts.
private struct ScanState: Sendable {
    var pos = 0
    var line = 1
    /// The offset of the first byte of the current line.
    var lineStart = 0
}

/// ASCII code points used by the cursor.
private enum CursorASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let upperE: UInt8 = 0x45
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let lowerB: UInt8 = 0x62
    static let lowerE: UInt8 = 0x65
    static let lowerF: UInt8 = 0x66
    static let lowerN: UInt8 = 0x6E
    static let lowerR: UInt8 = 0x72
    static let lowerT: UInt8 = 0x74
    static let lowerU: UInt8 = 0x75
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let delete: UInt8 = 0x7F
}

/// Scanning over one contiguous UTF-8 buffer: white space, strings, numbers, literals and whole values, with the
/// grammar and the error messages of `JSONParser`.
private struct CursorScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var state: ScanState

    var pos: Int {
        get { state.pos }
        set { state.pos = newValue }
    }

    init(base: UnsafePointer<UInt8>, end: Int, state: ScanState) {
        self.base = base
        self.end = end
        self.state = state
    }

    mutating func skipWhitespace() {
        var p = state.pos
        while p < end {
            switch base[p] {
            case CursorASCII.space, CursorASCII.tab, CursorASCII.carriageReturn:
                p += 1
            case CursorASCII.lineFeed:
                p += 1
                state.line += 1
                state.lineStart = p
            default:
                state.pos = p
                return
            }
        }
        state.pos = p
    }

    // MARK: Whole values

    /// Skips the value at `pos` and the white space after it, validating everything; returns the offset just past
    /// the value. `availableDepth` is how many more containers may open.
    mutating func skipValue(previous start: UInt8, availableDepth: Int, maxDepth: Int) throws(JSONSyntaxError) -> Int {
        // One flag per open container: true for an object.
        var open: [Bool] = []
        var previous = start
        var valueEnd = pos
        outer: while true {
            guard pos < end else { throw error(valueExpectedAfter: previous) }
            let byte = base[pos]
            switch byte {
            case CursorASCII.openBracket, CursorASCII.openBrace:
                guard open.count < availableDepth else {
                    throw JSONSyntaxError(
                        message: "nesting deeper than \(maxDepth) levels", location: location(at: pos))
                }
                pos += 1
                skipWhitespace()
                if byte == CursorASCII.openBracket {
                    if pos < end && base[pos] == CursorASCII.closeBracket {
                        pos += 1
                    } else {
                        if open.isEmpty { open.reserveCapacity(16) }
                        open.append(false)
                        previous = CursorASCII.openBracket
                        continue outer
                    }
                } else {
                    if pos < end && base[pos] == CursorASCII.closeBrace {
                        pos += 1
                    } else {
                        try skipKey(afterComma: false)
                        if open.isEmpty { open.reserveCapacity(16) }
                        open.append(true)
                        previous = CursorASCII.colon
                        continue outer
                    }
                }
            case CursorASCII.quote:
                try skipString()
            case CursorASCII.minus, CursorASCII.zero...CursorASCII.nine:
                try skipNumber()
            case CursorASCII.lowerT:
                try expectLiteral("true")
            case CursorASCII.lowerF:
                try expectLiteral("false")
            case CursorASCII.lowerN:
                try expectLiteral("null")
            default:
                throw error(valueExpectedAfter: previous)
            }

            // After a value: continue the innermost container, closing containers as they end.
            while true {
                valueEnd = pos
                skipWhitespace()
                guard let isObject = open.last else { break outer }
                if isObject {
                    if pos < end && base[pos] == CursorASCII.comma {
                        pos += 1
                        skipWhitespace()
                        try skipKey(afterComma: true)
                        previous = CursorASCII.colon
                        continue outer
                    }
                    guard pos < end && base[pos] == CursorASCII.closeBrace else {
                        throw error(describing: pos, expected: "',' or '}'")
                    }
                } else {
                    if pos < end && base[pos] == CursorASCII.comma {
                        pos += 1
                        skipWhitespace()
                        previous = CursorASCII.comma
                        continue outer
                    }
                    guard pos < end && base[pos] == CursorASCII.closeBracket else {
                        throw error(describing: pos, expected: "',' or ']'")
                    }
                }
                pos += 1
                open.removeLast()
            }
        }
        return valueEnd
    }

    /// Skips an object key, the colon and the white space after it.
    mutating func skipKey(afterComma: Bool) throws(JSONSyntaxError) {
        guard pos < end && base[pos] == CursorASCII.quote else {
            if afterComma {
                throw JSONSyntaxError(message: "\(describe(at: pos)) after ','", location: location(at: pos))
            }
            throw error(describing: pos, expected: "a string key or '}'")
        }
        try skipString()
        skipWhitespace()
        guard pos < end && base[pos] == CursorASCII.colon else {
            throw error(describing: pos, expected: "':' after the object key")
        }
        pos += 1
        skipWhitespace()
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for index in 1..<count where pos + index >= end || base[pos + index] != bytes[index] {
            throw error(describing: pos + index, expected: "'\(literal)'")
        }
        pos += count
    }

    // MARK: Numbers

    /// Skips a number per the RFC 8259 grammar.
    mutating func skipNumber() throws(JSONSyntaxError) {
        var p = pos
        if base[p] == CursorASCII.minus {
            p += 1
        }
        guard p < end && isDigit(base[p]) else {
            throw error(describing: p, expected: "a digit after '-'")
        }
        if base[p] == CursorASCII.zero {
            if p + 1 < end && isDigit(base[p + 1]) {
                throw JSONSyntaxError(message: "leading zeros are not allowed in numbers", location: location(at: p))
            }
            p += 1
        } else {
            p = skipDigits(from: p)
        }
        if p < end && base[p] == CursorASCII.period {
            p += 1
            guard p < end && isDigit(base[p]) else {
                throw error(describing: p, expected: "a digit after '.'")
            }
            p = skipDigits(from: p)
        }
        if p < end && (base[p] == CursorASCII.lowerE || base[p] == CursorASCII.upperE) {
            p += 1
            if p < end && (base[p] == CursorASCII.plus || base[p] == CursorASCII.minus) {
                p += 1
            }
            guard p < end && isDigit(base[p]) else {
                throw error(describing: p, expected: "a digit in the exponent")
            }
            p = skipDigits(from: p)
        }
        pos = p
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- CursorASCII.zero < 10
    }

    func skipDigits(from start: Int) -> Int {
        var p = start
        while p < end && isDigit(base[p]) {
            p += 1
        }
        return p
    }

    // MARK: Strings

    /// Skips the string whose opening quote is at `pos`, validating UTF-8, escapes and control characters.
    /// Returns whether it contains an escape.
    @discardableResult
    mutating func skipString() throws(JSONSyntaxError) -> Bool {
        let quote = pos
        var p = pos + 1
        var escaped = false
        while true {
            p = skipPlainASCII(from: p)
            guard p < end else {
                throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
            }
            let byte = base[p]
            if byte == CursorASCII.quote {
                pos = p + 1
                return escaped
            } else if byte == CursorASCII.backslash {
                escaped = true
                p = try validateEscape(at: p, quote: quote)
            } else if byte < CursorASCII.space {
                throw unescapedControlCharacter(at: p)
            } else {
                p += try validateUTF8Sequence(at: p)
            }
        }
    }

    /// Reads the string whose opening quote is at `pos`, decoding escapes.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let contentStart = pos + 1
        let escaped = try skipString()
        let contentEnd = pos - 1
        let content = UnsafeBufferPointer(start: base + contentStart, count: contentEnd - contentStart)
        guard escaped else {
            return String(decoding: content, as: UTF8.self)
        }
        // The string is valid, so decoding cannot fail.
        var output: [UInt8] = []
        output.reserveCapacity(content.count)
        var p = contentStart
        while p < contentEnd {
            let byte = base[p]
            guard byte == CursorASCII.backslash else {
                output.append(byte)
                p += 1
                continue
            }
            let kind = base[p + 1]
            switch kind {
            case CursorASCII.lowerB: output.append(0x08)
            case CursorASCII.lowerF: output.append(0x0C)
            case CursorASCII.lowerN: output.append(CursorASCII.lineFeed)
            case CursorASCII.lowerR: output.append(CursorASCII.carriageReturn)
            case CursorASCII.lowerT: output.append(CursorASCII.tab)
            case CursorASCII.lowerU:
                var value = UInt32(hexQuadValue(at: p + 2))
                p += 6
                if (0xD800...0xDBFF).contains(value) {
                    let low = UInt32(hexQuadValue(at: p + 2))
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    p += 6
                }
                appendUTF8(value, to: &output)
                continue
            default: output.append(kind)  // '"', '\' and '/' stand for themselves
            }
            p += 2
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Validates the escape sequence starting with the backslash at `backslash`; returns the offset after it.
    func validateEscape(at backslash: Int, quote: Int) throws(JSONSyntaxError) -> Int {
        let p = backslash + 1
        guard p < end else {
            throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
        }
        switch base[p] {
        case CursorASCII.quote, CursorASCII.backslash, CursorASCII.slash, CursorASCII.lowerB, CursorASCII.lowerF,
            CursorASCII.lowerN, CursorASCII.lowerR, CursorASCII.lowerT:
            return p + 1
        case CursorASCII.lowerU:
            let first = try hexQuad(at: backslash, quote: quote)
            var next = backslash + 6
            if (0xD800...0xDBFF).contains(first) {
                guard next + 1 < end && base[next] == CursorASCII.backslash && base[next + 1] == CursorASCII.lowerU
                else {
                    throw unpairedSurrogate(first, at: backslash)
                }
                let second = try hexQuad(at: next, quote: quote)
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw unpairedSurrogate(first, at: backslash)
                }
                next += 6
            } else if (0xDC00...0xDFFF).contains(first) {
                throw unpairedSurrogate(first, at: backslash)
            }
            return next
        default:
            let byte = base[p]
            let shown =
                byte > CursorASCII.space && byte < CursorASCII.delete ? " '\\\(Character(Unicode.Scalar(byte)))'" : ""
            throw JSONSyntaxError(message: "invalid escape sequence\(shown)", location: location(at: backslash))
        }
    }

    /// Reads the four hex digits of the `\u` escape at `backslash`.
    func hexQuad(at backslash: Int, quote: Int) throws(JSONSyntaxError) -> UInt16 {
        for offset in 2..<6 {
            let p = backslash + offset
            guard p < end else {
                throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
            }
            guard hexDigit(base[p]) != nil else {
                throw JSONSyntaxError(
                    message: "invalid unicode escape, expected 4 hex digits after '\\u'",
                    location: location(at: backslash))
            }
        }
        return hexQuadValue(at: backslash + 2)
    }

    /// The value of four hex digits already validated.
    func hexQuadValue(at start: Int) -> UInt16 {
        var value: UInt16 = 0
        for p in start..<(start + 4) {
            value = value << 4 | UInt16(hexDigit(base[p]) ?? 0)
        }
        return value
    }

    @inline(__always)
    func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case CursorASCII.zero...CursorASCII.nine: return byte - CursorASCII.zero
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Appends the UTF-8 encoding of a scalar value (never a surrogate).
    func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | (value >> 6) & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | (value >> 12) & 0x3F))
            output.append(UInt8(0x80 | (value >> 6) & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }

    func unpairedSurrogate(_ unit: UInt16, at backslash: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            message: "unpaired surrogate escape '\\u\(hex(unit, digits: 4))'", location: location(at: backslash))
    }

    func unescapedControlCharacter(at p: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            message: "unescaped control character U+\(hex(base[p], digits: 4)) in string", location: location(at: p))
    }

    /// Returns the offset of the first byte at or after `start` that is not plain string content: a quote, a
    /// backslash, a control character, a non-ASCII byte, or the end of input.
    @inline(__always)
    func skipPlainASCII(from start: Int) -> Int {
        var p = start
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while p + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(CursorASCII.quote))
            let backslashes = word ^ (ones &* UInt64(CursorASCII.backslash))
            // A byte has its high bit set in each term when it is non-ASCII, below 0x20, a quote, or a backslash.
            let special =
                word | ((word &- ones &* UInt64(CursorASCII.space)) & ~word)
                | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            if special & highBits != 0 {
                break
            }
            p += 8
        }
        while p < end {
            let byte = base[p]
            if byte < CursorASCII.space || byte >= 0x80 || byte == CursorASCII.quote || byte == CursorASCII.backslash {
                return p
            }
            p += 1
        }
        return p
    }

    /// Validates the UTF-8 sequence at `p` and returns its length.
    func validateUTF8Sequence(at p: Int) throws(JSONSyntaxError) -> Int {
        guard let length = utf8SequenceLength(at: p) else {
            throw JSONSyntaxError(message: "invalid UTF-8 byte 0x\(hex(base[p], digits: 2))", location: location(at: p))
        }
        return length
    }

    /// The length of the well-formed UTF-8 sequence starting at `p`, or nil if it is ill-formed or truncated.
    func utf8SequenceLength(at p: Int) -> Int? {
        let lead = base[p]
        if lead < 0x80 {
            return 1
        }
        // The allowed range of the second byte excludes overlong forms, UTF-16 surrogates and values above U+10FFFF.
        let length: Int
        let low: UInt8
        let high: UInt8
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return nil
        }
        guard p + length <= end else {
            return nil
        }
        let second = base[p + 1]
        guard second >= low && second <= high else {
            return nil
        }
        for index in 2..<length where base[p + index] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    // MARK: Diagnostics

    func location(at p: Int) -> SourceLocation {
        SourceLocation(line: state.line, column: p - state.lineStart + 1)
    }

    func error(describing p: Int, expected: String) -> JSONSyntaxError {
        JSONSyntaxError(message: "\(describe(at: p)), expected \(expected)", location: location(at: p))
    }

    func error(valueExpectedAfter previous: UInt8) -> JSONSyntaxError {
        if previous == 0 {
            return error(describing: pos, expected: "a value")
        }
        let token = Character(Unicode.Scalar(previous))
        return JSONSyntaxError(message: "\(describe(at: pos)) after '\(token)'", location: location(at: pos))
    }

    /// Names what is found at `p`: "unexpected end of input", "unexpected character 'x'", and so on.
    func describe(at p: Int) -> String {
        guard p < end else {
            return "unexpected end of input"
        }
        let byte = base[p]
        if byte < CursorASCII.space || byte == CursorASCII.delete {
            return "unexpected control character U+\(hex(byte, digits: 4))"
        }
        if byte < 0x80 {
            return "unexpected character '\(Character(Unicode.Scalar(byte)))'"
        }
        guard let length = utf8SequenceLength(at: p) else {
            return "invalid UTF-8 byte 0x\(hex(byte, digits: 2))"
        }
        let bytes = UnsafeBufferPointer(start: base + p, count: length)
        guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else {
            return "invalid UTF-8 byte 0x\(hex(byte, digits: 2))"
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .privateUse,
            .unassigned:
            return "unexpected character U+\(hex(scalar.value, digits: 4))"
        default:
            return "unexpected character '\(scalar)'"
        }
    }

    func hex<Value: BinaryInteger>(_ value: Value, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

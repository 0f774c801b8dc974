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

    /// The whole document (without its lines' indentation when `indentation` is given).
    public let bytes: [UInt8]
    /// What `LineIndentation.strip` took from the start of each line of `bytes`: every location this cursor gives,
    /// in errors, positions, keys and nodes, is one in the original document.
    public let indentation: LineIndentation?
    /// The limit on nested arrays and objects, as in `JSONParser`.
    public let maxDepth: Int

    private var state: JSONBytes.State
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
    /// `JSONParser`. `indentation`: what `LineIndentation.strip` took out of `bytes`, to give locations as in the
    /// original document.
    public init(
        bytes: [UInt8], indentation: LineIndentation? = nil, maxDepth: Int = JSONParser.defaultMaxDepth
    ) throws(JSONSyntaxError) {
        self.bytes = bytes
        self.indentation = indentation
        self.maxDepth = maxDepth
        state = JSONBytes.State()
        try scan { (scanner) throws(JSONSyntaxError) in
            scanner.skipByteOrderMark()
            scanner.skipWhitespace()
        }
        guard state.pos < bytes.count else {
            throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
        }
    }

    /// How many containers are open.
    public var depth: Int { frames.count }

    /// The current offset (white space already skipped): the next value, key or structural character.
    public var position: Position {
        Position(
            offset: state.pos,
            location: original(SourceLocation(line: state.line, column: state.pos - state.lineStart + 1)))
    }

    /// A location in `bytes` as a location in the original document.
    private func original(_ location: SourceLocation) -> SourceLocation {
        indentation?.original(location) ?? location
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
            case JSONASCII.openBrace: return .object
            case JSONASCII.openBracket: return .array
            case JSONASCII.quote: return .string
            case JSONASCII.minus, JSONASCII.zero...JSONASCII.nine: return .number
            case JSONASCII.lowerT, JSONASCII.lowerF: return .bool
            case JSONASCII.lowerN: return .null
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
            return scanner.text(from: start)
        }
        completeValue()
        return value
    }

    /// Consumes `true` or `false` at the current offset; `nil` when the value is of another type.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool? {
        guard try peek() == .bool else { return nil }
        let value = try scan { (scanner) throws(JSONSyntaxError) -> Bool in
            if scanner.base[scanner.pos] == JSONASCII.lowerT {
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
            return JSONCursor.shift(node, to: origin, indentation: indentation)
        } catch let error {
            throw JSONSyntaxError(
                message: error.message,
                location: JSONCursor.shift(error.location, to: origin, indentation: indentation))
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
            if byte == JSONASCII.closeBrace {
                scanner.pos += 1
                return nil
            }
            if !isFirst {
                guard byte == JSONASCII.comma else {
                    throw scanner.error(describing: scanner.pos, expected: "',' or '}'")
                }
                scanner.pos += 1
                scanner.skipWhitespace()
            }
            try scanner.expectKey(afterComma: !isFirst)
            let location = scanner.location(at: scanner.pos)
            let key = try scanner.parseString()
            try scanner.expectColon()
            return (key, location)
        }
        guard let (name, location) = key else {
            frames.removeLast()
            completeValue(end: state.pos)
            return nil
        }
        frames[frames.count - 1].count += 1
        keyLocation = original(location)
        expectingValue = true
        previous = JSONASCII.colon
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
            if byte == JSONASCII.closeBracket {
                scanner.pos += 1
                return false
            }
            if isFirst { return true }
            guard byte == JSONASCII.comma else {
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
        previous = isFirst ? JSONASCII.openBracket : JSONASCII.comma
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
            guard scanner.pos == scanner.end else { throw scanner.trailingContent() }
        }
    }

    // MARK: Internals

    private mutating func open(isObject: Bool) throws(JSONSyntaxError) {
        let maxDepth = self.maxDepth
        let depth = frames.count
        try scan { (scanner) throws(JSONSyntaxError) in
            guard depth < maxDepth else { throw scanner.nestingTooDeep(maxDepth: maxDepth) }
            scanner.pos += 1
            scanner.skipWhitespace()
        }
        frames.append(Frame(isObject: isObject, count: 0))
        expectingValue = false
        previous = isObject ? JSONASCII.openBrace : JSONASCII.openBracket
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
            var scanner = JSONBytes(base: base, end: buffer.count, state: state)
            scanner.skipWhitespace()
            state = scanner.state
        }
    }

    /// Runs `body` with a scanner over the bytes at the current state, keeping the state it leaves; an error it
    /// throws is given at its location in the original document.
    @inline(__always)
    private mutating func scan<Result>(
        _ body: (inout JSONBytes) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        let bytes = self.bytes
        let indentation = self.indentation
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> Result in
            guard let base = buffer.baseAddress else {
                throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
            }
            var scanner = JSONBytes(base: base, end: buffer.count, state: state)
            defer { state = scanner.state }
            do throws(JSONSyntaxError) {
                return try body(&scanner)
            } catch let error {
                guard let indentation else { throw error }
                throw JSONSyntaxError(message: error.message, location: indentation.original(error.location))
            }
        }
    }

    /// A node parsed from a slice that starts at `origin` of the document, moved to the document's locations.
    static func shift(_ node: JSONNode, to origin: SourceLocation, indentation: LineIndentation?) -> JSONNode {
        if origin.line == 1 && origin.column == 1 && indentation == nil {
            return node
        }
        let location = shift(node.location, to: origin, indentation: indentation)
        switch node.kind {
        case .array(let elements):
            return JSONNode(
                kind: .array(elements.map { shift($0, to: origin, indentation: indentation) }), location: location)
        case .object(let members):
            let moved = members.map {
                JSONMember(
                    key: $0.key, keyLocation: shift($0.keyLocation, to: origin, indentation: indentation),
                    value: shift($0.value, to: origin, indentation: indentation))
            }
            return JSONNode(kind: .object(moved), location: location)
        default:
            return JSONNode(kind: node.kind, location: location)
        }
    }

    /// A location in a slice that starts at `origin` (a location in the original document), as a location in the
    /// original document: on the slice's first line columns count from `origin`; later lines start where the
    /// document's lines start, less the indentation `indentation` says their line lost.
    static func shift(
        _ location: SourceLocation, to origin: SourceLocation, indentation: LineIndentation?
    ) -> SourceLocation {
        if location.line == 1 {
            return SourceLocation(line: origin.line, column: origin.column + location.column - 1)
        }
        let moved = SourceLocation(line: origin.line + location.line - 1, column: location.column)
        return indentation?.original(moved) ?? moved
    }
}

/// The cursor's reading of whole values, keys and strings, on the grammar and error messages shared with
/// `JSONParser`.
extension JSONBytes {

    /// Skips the value at `pos` and the white space after it, validating everything; returns the offset just past
    /// the value. `availableDepth` is how many more containers may open.
    fileprivate mutating func skipValue(
        previous start: UInt8, availableDepth: Int, maxDepth: Int
    ) throws(JSONSyntaxError) -> Int {
        // One flag per open container: true for an object.
        var open: [Bool] = []
        var previous = start
        var valueEnd = pos
        outer: while true {
            guard pos < end else { throw error(valueExpectedAfter: previous) }
            let byte = base[pos]
            switch byte {
            case JSONASCII.openBracket, JSONASCII.openBrace:
                guard open.count < availableDepth else { throw nestingTooDeep(maxDepth: maxDepth) }
                pos += 1
                skipWhitespace()
                if byte == JSONASCII.openBracket {
                    if pos < end && base[pos] == JSONASCII.closeBracket {
                        pos += 1
                    } else {
                        if open.isEmpty { open.reserveCapacity(16) }
                        open.append(false)
                        previous = JSONASCII.openBracket
                        continue outer
                    }
                } else {
                    if pos < end && base[pos] == JSONASCII.closeBrace {
                        pos += 1
                    } else {
                        try skipKey(afterComma: false)
                        if open.isEmpty { open.reserveCapacity(16) }
                        open.append(true)
                        previous = JSONASCII.colon
                        continue outer
                    }
                }
            case JSONASCII.quote:
                try skipString()
            case JSONASCII.minus, JSONASCII.zero...JSONASCII.nine:
                try skipNumber()
            case JSONASCII.lowerT:
                try expectLiteral("true")
            case JSONASCII.lowerF:
                try expectLiteral("false")
            case JSONASCII.lowerN:
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
                    if pos < end && base[pos] == JSONASCII.comma {
                        pos += 1
                        skipWhitespace()
                        try skipKey(afterComma: true)
                        previous = JSONASCII.colon
                        continue outer
                    }
                    guard pos < end && base[pos] == JSONASCII.closeBrace else {
                        throw error(describing: pos, expected: "',' or '}'")
                    }
                } else {
                    if pos < end && base[pos] == JSONASCII.comma {
                        pos += 1
                        skipWhitespace()
                        previous = JSONASCII.comma
                        continue outer
                    }
                    guard pos < end && base[pos] == JSONASCII.closeBracket else {
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
    fileprivate mutating func skipKey(afterComma: Bool) throws(JSONSyntaxError) {
        try expectKey(afterComma: afterComma)
        try skipString()
        try expectColon()
    }

    /// Skips the string whose opening quote is at `pos`, validating UTF-8, escapes and control characters.
    fileprivate mutating func skipString() throws(JSONSyntaxError) {
        var validation = JSONStringValidation()
        _ = try scanString(into: &validation)
    }

    /// Reads the string whose opening quote is at `pos`, decoding escapes.
    fileprivate mutating func parseString() throws(JSONSyntaxError) -> String {
        let contentStart = pos + 1
        var decoded: [UInt8] = []
        guard try scanString(into: &decoded) else {
            return String(
                decoding: UnsafeBufferPointer(start: base + contentStart, count: pos - 1 - contentStart), as: UTF8.self)
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

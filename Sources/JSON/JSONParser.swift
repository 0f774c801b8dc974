/// A strict RFC 8259 JSON parser that records the source location of every value and object key.
///
/// The input must be valid UTF-8 (a leading byte order mark is skipped). Locations are 1-based; columns count UTF-8
/// bytes. The parser is iterative, so deeply nested input produces a depth error instead of a stack overflow.
public enum JSONParser {
    /// The default limit on nested arrays and objects.
    public static let defaultMaxDepth = 512

    /// Parses a whole document: exactly one JSON value, optional surrounding whitespace, nothing else.
    ///
    /// Nesting more than `maxDepth` arrays and objects is an error.
    public static func parse(
        _ bytes: [UInt8],
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONNode {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONNode in
            try parse(buffer: buffer, maxDepth: maxDepth)
        }
    }

    /// Parses a whole document given as text, with the same rules as the `[UInt8]` overload.
    public static func parse(
        _ text: String,
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONNode {
        let result = text.utf8.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) -> JSONNode in
                try parse(buffer: buffer, maxDepth: maxDepth)
            }
        }
        if let result {
            return try result.get()
        }
        return try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
        }
        var scanner = JSONScanner(base: base, end: buffer.count, maxDepth: maxDepth)
        return try scanner.parseDocument()
    }
}

/// An array or object whose members are still being read.
private struct OpenContainer {
    var isObject: Bool
    var location: SourceLocation
    var elements: [JSONNode] = []
    var members: [JSONMember] = []
    /// The key of the object member whose value is being read.
    var key: String = ""
    var keyLocation: SourceLocation

    init(isObject: Bool, location: SourceLocation, key: String = "", keyLocation: SourceLocation) {
        self.isObject = isObject
        self.location = location
        self.key = key
        self.keyLocation = keyLocation
        // Most policy arrays and objects are small; one right-sized allocation avoids regrowing 1 → 2 → 4.
        if isObject {
            members.reserveCapacity(4)
        } else {
            elements.reserveCapacity(4)
        }
    }
}

/// The parsing state over one contiguous UTF-8 buffer.
private struct JSONScanner {
    /// The bytes, the offset and the line bookkeeping.
    var bytes: JSONBytes
    let maxDepth: Int
    /// Reused buffer for strings that contain escape sequences.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, end: Int, maxDepth: Int) {
        bytes = JSONBytes(base: base, end: end)
        self.maxDepth = maxDepth
    }

    var base: UnsafePointer<UInt8> { bytes.base }
    var end: Int { bytes.end }
    var pos: Int {
        @inline(__always) get { bytes.state.pos }
        @inline(__always) set { bytes.state.pos = newValue }
    }

    // MARK: Document structure

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        bytes.skipByteOrderMark()
        bytes.skipWhitespace()
        guard pos < end else {
            throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
        }
        var stack: [OpenContainer] = []
        // The structural byte before the value about to be read; 0 at the start of the document.
        var previous: UInt8 = 0
        while true {
            // Read one value at `pos` (whitespace already skipped), or open a container and loop.
            let location = bytes.location(at: pos)
            guard pos < end else { throw bytes.error(valueExpectedAfter: previous) }
            let byte = base[pos]
            var value: JSONNode
            switch byte {
            case JSONASCII.openBracket, JSONASCII.openBrace:
                guard stack.count < maxDepth else { throw bytes.nestingTooDeep(maxDepth: maxDepth) }
                pos += 1
                bytes.skipWhitespace()
                if byte == JSONASCII.openBracket {
                    if pos < end && base[pos] == JSONASCII.closeBracket {
                        pos += 1
                        value = JSONNode(kind: .array([]), location: location)
                    } else {
                        stack.append(OpenContainer(isObject: false, location: location, keyLocation: location))
                        previous = JSONASCII.openBracket
                        continue
                    }
                } else {
                    if pos < end && base[pos] == JSONASCII.closeBrace {
                        pos += 1
                        value = JSONNode(kind: .object([]), location: location)
                    } else {
                        let keyLocation = bytes.location(at: pos)
                        let key = try parseKey(after: JSONASCII.openBrace)
                        stack.append(
                            OpenContainer(isObject: true, location: location, key: key, keyLocation: keyLocation))
                        previous = JSONASCII.colon
                        continue
                    }
                }
            case JSONASCII.quote:
                value = JSONNode(kind: .string(try parseString()), location: location)
            case JSONASCII.minus, JSONASCII.zero...JSONASCII.nine:
                value = JSONNode(kind: .number(try parseNumber()), location: location)
            case JSONASCII.lowerT:
                try bytes.expectLiteral("true")
                value = JSONNode(kind: .bool(true), location: location)
            case JSONASCII.lowerF:
                try bytes.expectLiteral("false")
                value = JSONNode(kind: .bool(false), location: location)
            case JSONASCII.lowerN:
                try bytes.expectLiteral("null")
                value = JSONNode(kind: .null, location: location)
            default:
                throw bytes.error(valueExpectedAfter: previous)
            }

            // Attach the value to the innermost open container, closing containers as they end.
            while true {
                bytes.skipWhitespace()
                guard let top = stack.indices.last else {
                    guard pos == end else { throw bytes.trailingContent() }
                    return value
                }
                if stack[top].isObject {
                    stack[top].members.append(
                        JSONMember(key: stack[top].key, keyLocation: stack[top].keyLocation, value: value))
                    if pos < end && base[pos] == JSONASCII.comma {
                        pos += 1
                        bytes.skipWhitespace()
                        stack[top].keyLocation = bytes.location(at: pos)
                        stack[top].key = try parseKey(after: JSONASCII.comma)
                        previous = JSONASCII.colon
                        break
                    }
                    guard pos < end && base[pos] == JSONASCII.closeBrace else {
                        throw bytes.error(describing: pos, expected: "',' or '}'")
                    }
                    pos += 1
                    let container = stack.removeLast()
                    value = JSONNode(kind: .object(container.members), location: container.location)
                } else {
                    stack[top].elements.append(value)
                    if pos < end && base[pos] == JSONASCII.comma {
                        pos += 1
                        bytes.skipWhitespace()
                        previous = JSONASCII.comma
                        break
                    }
                    guard pos < end && base[pos] == JSONASCII.closeBracket else {
                        throw bytes.error(describing: pos, expected: "',' or ']'")
                    }
                    pos += 1
                    let container = stack.removeLast()
                    value = JSONNode(kind: .array(container.elements), location: container.location)
                }
            }
        }
    }

    /// Reads an object key, the following colon and the whitespace after it.
    mutating func parseKey(after previous: UInt8) throws(JSONSyntaxError) -> String {
        try bytes.expectKey(afterComma: previous == JSONASCII.comma)
        let key = try parseString()
        try bytes.expectColon()
        return key
    }

    /// Reads a number per the RFC 8259 grammar and returns its literal text.
    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = pos
        try bytes.skipNumber()
        return bytes.text(from: start)
    }

    /// Reads a string starting at the opening quote at `pos`, validating UTF-8 and decoding escapes.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let contentStart = pos + 1
        guard try bytes.scanString(into: &scratch) else {
            return String(
                decoding: UnsafeBufferPointer(start: base + contentStart, count: pos - 1 - contentStart), as: UTF8.self)
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}

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

/// ASCII code points used by the scanner.
private enum ASCII {
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
    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    var pos = 0
    var line = 1
    /// The offset of the first byte of the current line.
    var lineStart = 0
    /// Reused buffer for strings that contain escape sequences.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, end: Int, maxDepth: Int) {
        self.base = base
        self.end = end
        self.maxDepth = maxDepth
    }

    // MARK: Document structure

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
        skipWhitespace()
        guard pos < end else {
            throw JSONSyntaxError(message: "the document is empty", location: SourceLocation(line: 1, column: 1))
        }
        var stack: [OpenContainer] = []
        // The structural byte before the value about to be read; 0 at the start of the document.
        var previous: UInt8 = 0
        while true {
            // Read one value at `pos` (whitespace already skipped), or open a container and loop.
            let location = self.location(at: pos)
            guard pos < end else { throw error(valueExpectedAfter: previous) }
            let byte = base[pos]
            var value: JSONNode
            switch byte {
            case ASCII.openBracket, ASCII.openBrace:
                guard stack.count < maxDepth else {
                    throw JSONSyntaxError(message: "nesting deeper than \(maxDepth) levels", location: location)
                }
                pos += 1
                skipWhitespace()
                if byte == ASCII.openBracket {
                    if pos < end && base[pos] == ASCII.closeBracket {
                        pos += 1
                        value = JSONNode(kind: .array([]), location: location)
                    } else {
                        stack.append(OpenContainer(isObject: false, location: location, keyLocation: location))
                        previous = ASCII.openBracket
                        continue
                    }
                } else {
                    if pos < end && base[pos] == ASCII.closeBrace {
                        pos += 1
                        value = JSONNode(kind: .object([]), location: location)
                    } else {
                        let keyLocation = self.location(at: pos)
                        let key = try parseKey(after: ASCII.openBrace)
                        stack.append(
                            OpenContainer(isObject: true, location: location, key: key, keyLocation: keyLocation))
                        previous = ASCII.colon
                        continue
                    }
                }
            case ASCII.quote:
                value = JSONNode(kind: .string(try parseString()), location: location)
            case ASCII.minus, ASCII.zero...ASCII.nine:
                value = JSONNode(kind: .number(try parseNumber()), location: location)
            case ASCII.lowerT:
                try expectLiteral("true")
                value = JSONNode(kind: .bool(true), location: location)
            case ASCII.lowerF:
                try expectLiteral("false")
                value = JSONNode(kind: .bool(false), location: location)
            case ASCII.lowerN:
                try expectLiteral("null")
                value = JSONNode(kind: .null, location: location)
            default:
                throw error(valueExpectedAfter: previous)
            }

            // Attach the value to the innermost open container, closing containers as they end.
            while true {
                skipWhitespace()
                guard let top = stack.indices.last else {
                    guard pos == end else {
                        throw JSONSyntaxError(
                            message: "trailing content after the JSON value", location: self.location(at: pos))
                    }
                    return value
                }
                if stack[top].isObject {
                    stack[top].members.append(
                        JSONMember(key: stack[top].key, keyLocation: stack[top].keyLocation, value: value))
                    if pos < end && base[pos] == ASCII.comma {
                        pos += 1
                        skipWhitespace()
                        stack[top].keyLocation = self.location(at: pos)
                        stack[top].key = try parseKey(after: ASCII.comma)
                        previous = ASCII.colon
                        break
                    }
                    guard pos < end && base[pos] == ASCII.closeBrace else {
                        throw error(describing: pos, expected: "',' or '}'")
                    }
                    pos += 1
                    let container = stack.removeLast()
                    value = JSONNode(kind: .object(container.members), location: container.location)
                } else {
                    stack[top].elements.append(value)
                    if pos < end && base[pos] == ASCII.comma {
                        pos += 1
                        skipWhitespace()
                        previous = ASCII.comma
                        break
                    }
                    guard pos < end && base[pos] == ASCII.closeBracket else {
                        throw error(describing: pos, expected: "',' or ']'")
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
        guard pos < end && base[pos] == ASCII.quote else {
            if previous == ASCII.comma {
                throw JSONSyntaxError(message: "\(describe(at: pos)) after ','", location: location(at: pos))
            }
            throw error(describing: pos, expected: "a string key or '}'")
        }
        let key = try parseString()
        skipWhitespace()
        guard pos < end && base[pos] == ASCII.colon else {
            throw error(describing: pos, expected: "':' after the object key")
        }
        pos += 1
        skipWhitespace()
        return key
    }

    mutating func skipWhitespace() {
        while pos < end {
            switch base[pos] {
            case ASCII.space, ASCII.tab, ASCII.carriageReturn:
                pos += 1
            case ASCII.lineFeed:
                pos += 1
                line += 1
                lineStart = pos
            default:
                return
            }
        }
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

    /// Reads a number per the RFC 8259 grammar and returns its literal text.
    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = pos
        var p = pos
        if base[p] == ASCII.minus {
            p += 1
        }
        guard p < end && isDigit(base[p]) else {
            throw error(describing: p, expected: "a digit after '-'")
        }
        if base[p] == ASCII.zero {
            if p + 1 < end && isDigit(base[p + 1]) {
                throw JSONSyntaxError(message: "leading zeros are not allowed in numbers", location: location(at: p))
            }
            p += 1
        } else {
            p = skipDigits(from: p)
        }
        if p < end && base[p] == ASCII.period {
            p += 1
            guard p < end && isDigit(base[p]) else {
                throw error(describing: p, expected: "a digit after '.'")
            }
            p = skipDigits(from: p)
        }
        if p < end && (base[p] == ASCII.lowerE || base[p] == ASCII.upperE) {
            p += 1
            if p < end && (base[p] == ASCII.plus || base[p] == ASCII.minus) {
                p += 1
            }
            guard p < end && isDigit(base[p]) else {
                throw error(describing: p, expected: "a digit in the exponent")
            }
            p = skipDigits(from: p)
        }
        pos = p
        return String(decoding: UnsafeBufferPointer(start: base + start, count: p - start), as: UTF8.self)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- ASCII.zero < 10
    }

    func skipDigits(from start: Int) -> Int {
        var p = start
        while p < end && isDigit(base[p]) {
            p += 1
        }
        return p
    }

    // MARK: Strings

    /// Reads a string starting at the opening quote at `pos`, validating UTF-8 and decoding escapes.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = pos
        let contentStart = pos + 1
        var p = contentStart
        while true {
            p = skipPlainASCII(from: p)
            guard p < end else {
                throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
            }
            let byte = base[p]
            if byte == ASCII.quote {
                pos = p + 1
                return String(
                    decoding: UnsafeBufferPointer(start: base + contentStart, count: p - contentStart), as: UTF8.self)
            } else if byte == ASCII.backslash {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + contentStart, count: p - contentStart))
                return try parseEscapedString(quote: quote, from: p)
            } else if byte < ASCII.space {
                throw unescapedControlCharacter(at: p)
            } else {
                p += try validateUTF8Sequence(at: p)
            }
        }
    }

    /// Continues a string at the first backslash, decoding into `scratch`.
    mutating func parseEscapedString(quote: Int, from start: Int) throws(JSONSyntaxError) -> String {
        var p = start
        while true {
            let runStart = p
            p = skipPlainASCII(from: p)
            while p < end && base[p] >= 0x80 {
                p += try validateUTF8Sequence(at: p)
                p = skipPlainASCII(from: p)
            }
            if p > runStart {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: p - runStart))
            }
            guard p < end else {
                throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
            }
            let byte = base[p]
            if byte == ASCII.quote {
                pos = p + 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == ASCII.backslash {
                p = try decodeEscape(at: p, quote: quote)
            } else {
                throw unescapedControlCharacter(at: p)
            }
        }
    }

    /// Decodes the escape sequence starting with the backslash at `backslash` into `scratch`.
    /// Returns the offset after it.
    mutating func decodeEscape(at backslash: Int, quote: Int) throws(JSONSyntaxError) -> Int {
        let p = backslash + 1
        guard p < end else {
            throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
        }
        let decoded: UInt8
        switch base[p] {
        case ASCII.quote: decoded = ASCII.quote
        case ASCII.backslash: decoded = ASCII.backslash
        case ASCII.slash: decoded = ASCII.slash
        case ASCII.lowerB: decoded = 0x08
        case ASCII.lowerF: decoded = 0x0C
        case ASCII.lowerN: decoded = ASCII.lineFeed
        case ASCII.lowerR: decoded = ASCII.carriageReturn
        case ASCII.lowerT: decoded = ASCII.tab
        case ASCII.lowerU:
            return try decodeUnicodeEscape(at: backslash, quote: quote)
        default:
            let byte = base[p]
            let shown = byte > ASCII.space && byte < ASCII.delete ? " '\\\(Character(Unicode.Scalar(byte)))'" : ""
            throw JSONSyntaxError(message: "invalid escape sequence\(shown)", location: location(at: backslash))
        }
        scratch.append(decoded)
        return p + 1
    }

    /// Decodes a `\uXXXX` escape, combining a surrogate pair, into `scratch`. Returns the offset after it.
    mutating func decodeUnicodeEscape(at backslash: Int, quote: Int) throws(JSONSyntaxError) -> Int {
        let first = try hexQuad(at: backslash, quote: quote)
        var scalarValue = UInt32(first)
        var next = backslash + 6
        if (0xD800...0xDBFF).contains(first) {
            guard next + 1 < end && base[next] == ASCII.backslash && base[next + 1] == ASCII.lowerU else {
                throw unpairedSurrogate(first, at: backslash)
            }
            let second = try hexQuad(at: next, quote: quote)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw unpairedSurrogate(first, at: backslash)
            }
            scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            next += 6
        } else if (0xDC00...0xDFFF).contains(first) {
            throw unpairedSurrogate(first, at: backslash)
        }
        appendUTF8(scalarValue)
        return next
    }

    /// Appends the UTF-8 encoding of a scalar value (never a surrogate) to `scratch`.
    mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | (value >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | (value >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (value >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// Reads the four hex digits of the `\u` escape at `backslash`.
    func hexQuad(at backslash: Int, quote: Int) throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for offset in 2..<6 {
            let p = backslash + offset
            guard p < end else {
                throw JSONSyntaxError(message: "unterminated string", location: location(at: quote))
            }
            let byte = base[p]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default:
                throw JSONSyntaxError(
                    message: "invalid unicode escape, expected 4 hex digits after '\\u'",
                    location: location(at: backslash))
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    func unpairedSurrogate(_ unit: UInt16, at backslash: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            message: "unpaired surrogate escape '\\u\(hex(unit, digits: 4))'", location: location(at: backslash))
    }

    func unescapedControlCharacter(at p: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            message: "unescaped control character U+\(hex(base[p], digits: 4)) in string", location: location(at: p))
    }

    /// Returns the offset of the first byte at or after `start` that is not plain string content:
    /// a quote, a backslash, a control character, a non-ASCII byte, or the end of input.
    @inline(__always)
    func skipPlainASCII(from start: Int) -> Int {
        var p = start
        let raw = UnsafeRawPointer(base)
        while p + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            // A byte has its high bit set in each term when it is non-ASCII, below 0x20, a quote, or a backslash.
            let special =
                word | ((word &- ones &* UInt64(ASCII.space)) & ~word)
                | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            if special & highBits != 0 {
                break
            }
            p += 8
        }
        while p < end {
            let byte = base[p]
            if byte < ASCII.space || byte >= 0x80 || byte == ASCII.quote || byte == ASCII.backslash {
                return p
            }
            p += 1
        }
        return p
    }

    /// Validates the UTF-8 sequence at `p` (its first byte is not ASCII-special) and returns its length.
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
        SourceLocation(line: line, column: p - lineStart + 1)
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
        if byte < ASCII.space || byte == ASCII.delete {
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

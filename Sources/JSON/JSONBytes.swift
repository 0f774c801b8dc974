/// ASCII code points used by the JSON parser and cursor.
enum JSONASCII {
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

/// Where decoded string content goes while `JSONBytes.scanString(into:)` reads a string with escapes.
protocol JSONStringSink {
    /// Called once, at the first escape, with the content before it.
    mutating func begin(with prefix: UnsafeBufferPointer<UInt8>)
    /// Appends raw content bytes (already validated).
    mutating func append(contentsOf run: UnsafeBufferPointer<UInt8>)
    /// Appends one byte decoded from an escape.
    mutating func append(_ byte: UInt8)
}

extension [UInt8]: JSONStringSink {
    @inline(__always)
    mutating func begin(with prefix: UnsafeBufferPointer<UInt8>) {
        removeAll(keepingCapacity: true)
        append(contentsOf: prefix)
    }
}

/// A sink that drops the content: the string is only validated.
struct JSONStringValidation: JSONStringSink {
    @inline(__always)
    mutating func begin(with prefix: UnsafeBufferPointer<UInt8>) {}
    @inline(__always)
    mutating func append(contentsOf run: UnsafeBufferPointer<UInt8>) {}
    @inline(__always)
    mutating func append(_ byte: UInt8) {}
}

/// The byte-level JSON grammar over one contiguous UTF-8 buffer, shared by `JSONParser` and `JSONCursor`: white
/// space, literals, numbers, strings with escapes and surrogates, UTF-8 validation, locations and error messages.
struct JSONBytes {
    /// A position in the buffer: offset, line, and where the line starts.
    struct State: Sendable {
        var pos = 0
        var line = 1
        /// The offset of the first byte of the current line.
        var lineStart = 0
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    var state: State

    init(base: UnsafePointer<UInt8>, end: Int, state: State = State()) {
        self.base = base
        self.end = end
        self.state = state
    }

    var pos: Int {
        @inline(__always) get { state.pos }
        @inline(__always) set { state.pos = newValue }
    }

    /// Skips a leading UTF-8 byte order mark; call at offset 0.
    mutating func skipByteOrderMark() {
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF {
            state.pos = 3
            state.lineStart = 3
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        var p = state.pos
        while p < end {
            switch base[p] {
            case JSONASCII.space, JSONASCII.tab, JSONASCII.carriageReturn:
                p += 1
            case JSONASCII.lineFeed:
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

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for index in 1..<count where pos + index >= end || base[pos + index] != bytes[index] {
            throw error(describing: pos + index, expected: "'\(literal)'")
        }
        pos += count
    }

    /// Checks that an object key starts at `pos`; `afterComma` shapes the error message.
    @inline(__always)
    func expectKey(afterComma: Bool) throws(JSONSyntaxError) {
        guard pos < end && base[pos] == JSONASCII.quote else {
            if afterComma {
                throw error(valueExpectedAfter: JSONASCII.comma)
            }
            throw error(describing: pos, expected: "a string key or '}'")
        }
    }

    /// Reads the white space, colon and white space after an object key.
    @inline(__always)
    mutating func expectColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard pos < end && base[pos] == JSONASCII.colon else {
            throw error(describing: pos, expected: "':' after the object key")
        }
        pos += 1
        skipWhitespace()
    }

    /// The bytes from `start` to `pos` as a string.
    func text(from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
    }

    // MARK: Numbers

    /// Skips a number per the RFC 8259 grammar.
    mutating func skipNumber() throws(JSONSyntaxError) {
        var p = pos
        if base[p] == JSONASCII.minus {
            p += 1
        }
        guard p < end && isDigit(base[p]) else {
            throw error(describing: p, expected: "a digit after '-'")
        }
        if base[p] == JSONASCII.zero {
            if p + 1 < end && isDigit(base[p + 1]) {
                throw JSONSyntaxError(message: "leading zeros are not allowed in numbers", location: location(at: p))
            }
            p += 1
        } else {
            p = skipDigits(from: p)
        }
        if p < end && base[p] == JSONASCII.period {
            p += 1
            guard p < end && isDigit(base[p]) else {
                throw error(describing: p, expected: "a digit after '.'")
            }
            p = skipDigits(from: p)
        }
        if p < end && (base[p] == JSONASCII.lowerE || base[p] == JSONASCII.upperE) {
            p += 1
            if p < end && (base[p] == JSONASCII.plus || base[p] == JSONASCII.minus) {
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
        byte &- JSONASCII.zero < 10
    }

    func skipDigits(from start: Int) -> Int {
        var p = start
        while p < end && isDigit(base[p]) {
            p += 1
        }
        return p
    }

    // MARK: Strings

    /// Reads the string whose opening quote is at `pos`, validating UTF-8, escapes and control characters.
    ///
    /// Returns `false` when the string has no escape: its content is then the bytes between the quotes. Otherwise
    /// returns `true` and `sink` has received the decoded content.
    @inline(__always)
    mutating func scanString<Sink: JSONStringSink>(into sink: inout Sink) throws(JSONSyntaxError) -> Bool {
        let quote = pos
        let contentStart = pos + 1
        var p = contentStart
        while true {
            p = skipPlainASCII(from: p)
            guard p < end else {
                throw unterminatedString(quote: quote)
            }
            let byte = base[p]
            if byte == JSONASCII.quote {
                pos = p + 1
                return false
            } else if byte == JSONASCII.backslash {
                sink.begin(with: UnsafeBufferPointer(start: base + contentStart, count: p - contentStart))
                try scanEscapedString(quote: quote, from: p, into: &sink)
                return true
            } else if byte < JSONASCII.space {
                throw unescapedControlCharacter(at: p)
            } else {
                p += try validateUTF8Sequence(at: p)
            }
        }
    }

    /// Continues a string at the first backslash, decoding into `sink`.
    mutating func scanEscapedString<Sink: JSONStringSink>(
        quote: Int, from start: Int, into sink: inout Sink
    ) throws(JSONSyntaxError) {
        var p = start
        while true {
            let runStart = p
            p = skipPlainASCII(from: p)
            while p < end && base[p] >= 0x80 {
                p += try validateUTF8Sequence(at: p)
                p = skipPlainASCII(from: p)
            }
            if p > runStart {
                sink.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: p - runStart))
            }
            guard p < end else {
                throw unterminatedString(quote: quote)
            }
            let byte = base[p]
            if byte == JSONASCII.quote {
                pos = p + 1
                return
            } else if byte == JSONASCII.backslash {
                p = try decodeEscape(at: p, quote: quote, into: &sink)
            } else {
                throw unescapedControlCharacter(at: p)
            }
        }
    }

    /// Decodes the escape sequence starting with the backslash at `backslash` into `sink`. Returns the offset after
    /// it.
    func decodeEscape<Sink: JSONStringSink>(
        at backslash: Int, quote: Int, into sink: inout Sink
    ) throws(JSONSyntaxError) -> Int {
        let p = backslash + 1
        guard p < end else {
            throw unterminatedString(quote: quote)
        }
        let decoded: UInt8
        switch base[p] {
        case JSONASCII.quote: decoded = JSONASCII.quote
        case JSONASCII.backslash: decoded = JSONASCII.backslash
        case JSONASCII.slash: decoded = JSONASCII.slash
        case JSONASCII.lowerB: decoded = 0x08
        case JSONASCII.lowerF: decoded = 0x0C
        case JSONASCII.lowerN: decoded = JSONASCII.lineFeed
        case JSONASCII.lowerR: decoded = JSONASCII.carriageReturn
        case JSONASCII.lowerT: decoded = JSONASCII.tab
        case JSONASCII.lowerU:
            return try decodeUnicodeEscape(at: backslash, quote: quote, into: &sink)
        default:
            let byte = base[p]
            let shown =
                byte > JSONASCII.space && byte < JSONASCII.delete ? " '\\\(Character(Unicode.Scalar(byte)))'" : ""
            throw JSONSyntaxError(message: "invalid escape sequence\(shown)", location: location(at: backslash))
        }
        sink.append(decoded)
        return p + 1
    }

    /// Decodes a `\uXXXX` escape, combining a surrogate pair, into `sink`. Returns the offset after it.
    func decodeUnicodeEscape<Sink: JSONStringSink>(
        at backslash: Int, quote: Int, into sink: inout Sink
    ) throws(JSONSyntaxError) -> Int {
        let first = try hexQuad(at: backslash, quote: quote)
        var value = UInt32(first)
        var next = backslash + 6
        if (0xD800...0xDBFF).contains(first) {
            guard next + 1 < end && base[next] == JSONASCII.backslash && base[next + 1] == JSONASCII.lowerU else {
                throw unpairedSurrogate(first, at: backslash)
            }
            let second = try hexQuad(at: next, quote: quote)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw unpairedSurrogate(first, at: backslash)
            }
            value = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            next += 6
        } else if (0xDC00...0xDFFF).contains(first) {
            throw unpairedSurrogate(first, at: backslash)
        }
        // The UTF-8 encoding of the scalar value (never a surrogate).
        switch value {
        case 0..<0x80:
            sink.append(UInt8(value))
        case 0x80..<0x800:
            sink.append(UInt8(0xC0 | value >> 6))
            sink.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            sink.append(UInt8(0xE0 | value >> 12))
            sink.append(UInt8(0x80 | (value >> 6) & 0x3F))
            sink.append(UInt8(0x80 | value & 0x3F))
        default:
            sink.append(UInt8(0xF0 | value >> 18))
            sink.append(UInt8(0x80 | (value >> 12) & 0x3F))
            sink.append(UInt8(0x80 | (value >> 6) & 0x3F))
            sink.append(UInt8(0x80 | value & 0x3F))
        }
        return next
    }

    /// Reads the four hex digits of the `\u` escape at `backslash`.
    func hexQuad(at backslash: Int, quote: Int) throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for offset in 2..<6 {
            let p = backslash + offset
            guard p < end else {
                throw unterminatedString(quote: quote)
            }
            let byte = base[p]
            let digit: UInt8
            switch byte {
            case JSONASCII.zero...JSONASCII.nine: digit = byte - JSONASCII.zero
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

    /// Returns the offset of the first byte at or after `start` that is not plain string content: a quote, a
    /// backslash, a control character, a non-ASCII byte, or the end of input.
    @inline(__always)
    func skipPlainASCII(from start: Int) -> Int {
        var p = start
        let raw = UnsafeRawPointer(base)
        while p + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let quotes = word ^ (ones &* UInt64(JSONASCII.quote))
            let backslashes = word ^ (ones &* UInt64(JSONASCII.backslash))
            // A byte has its high bit set in each term when it is non-ASCII, below 0x20, a quote, or a backslash.
            let special =
                word | ((word &- ones &* UInt64(JSONASCII.space)) & ~word)
                | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            if special & highBits != 0 {
                break
            }
            p += 8
        }
        while p < end {
            let byte = base[p]
            if byte < JSONASCII.space || byte >= 0x80 || byte == JSONASCII.quote || byte == JSONASCII.backslash {
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
        SourceLocation(line: state.line, column: p - state.lineStart + 1)
    }

    func error(describing p: Int, expected: String) -> JSONSyntaxError {
        JSONSyntaxError(message: "\(describe(at: p)), expected \(expected)", location: location(at: p))
    }

    /// The error for a missing value at `pos`; `previous` is the structural byte before it, 0 at the start.
    func error(valueExpectedAfter previous: UInt8) -> JSONSyntaxError {
        if previous == 0 {
            return error(describing: pos, expected: "a value")
        }
        let token = Character(Unicode.Scalar(previous))
        return JSONSyntaxError(message: "\(describe(at: pos)) after '\(token)'", location: location(at: pos))
    }

    func nestingTooDeep(maxDepth: Int) -> JSONSyntaxError {
        JSONSyntaxError(message: "nesting deeper than \(maxDepth) levels", location: location(at: pos))
    }

    func trailingContent() -> JSONSyntaxError {
        JSONSyntaxError(message: "trailing content after the JSON value", location: location(at: pos))
    }

    func unterminatedString(quote: Int) -> JSONSyntaxError {
        JSONSyntaxError(message: "unterminated string", location: location(at: quote))
    }

    func unpairedSurrogate(_ unit: UInt16, at backslash: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            message: "unpaired surrogate escape '\\u\(hex(unit, digits: 4))'", location: location(at: backslash))
    }

    func unescapedControlCharacter(at p: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            message: "unescaped control character U+\(hex(base[p], digits: 4)) in string", location: location(at: p))
    }

    /// Names what is found at `p`: "unexpected end of input", "unexpected character 'x'", and so on.
    func describe(at p: Int) -> String {
        guard p < end else {
            return "unexpected end of input"
        }
        let byte = base[p]
        if byte < JSONASCII.space || byte == JSONASCII.delete {
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

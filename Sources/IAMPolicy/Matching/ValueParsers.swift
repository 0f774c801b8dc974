import Foundation
import Wildcard

/// An IPv4 or IPv6 network in CIDR form; a bare address is a /32 or /128 network.
public struct IPNetwork: Sendable, Hashable {
    public let isIPv4: Bool
    /// 4 bytes for IPv4, 16 for IPv6, already masked to the prefix.
    let address: [UInt8]
    public let prefixLength: Int
    /// An IPv4 network's address and netmask as integers (0 for IPv6), for matching without allocating.
    let ipv4Address: UInt32
    let ipv4Mask: UInt32

    /// Parses `192.0.2.0/24`, `203.0.113.7`, `2001:db8::/32`, `::1`; `nil` when malformed.
    public init?(_ text: String) {
        var copy = text
        switch copy.withUTF8({ Self.asciiIPv4Network($0) }) {
        case .invalid:
            return nil
        case .network(let address, let length):
            self.init(ipv4Address: address, prefixLength: length)
        case .notASCIIIPv4:
            self.init(parsingCharacters: text)
        }
    }

    /// The IPv4 network of `address` and the first `prefixLength` bits (at most 32).
    private init(ipv4Address address: UInt32, prefixLength length: Int) {
        let mask = length == 0 ? 0 : UInt32.max << UInt32(32 - length)
        let masked = address & mask
        isIPv4 = true
        prefixLength = length
        ipv4Mask = mask
        ipv4Address = masked
        self.address = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: masked >> $0) }
    }

    /// The initializer's parsing, character by character, for any text.
    init?(parsingCharacters text: String) {
        var addressText = Substring(text)
        var prefix: Int?
        if let slash = text.firstIndex(of: "/") {
            addressText = text[text.startIndex..<slash]
            let prefixText = text[text.index(after: slash)...]
            guard !prefixText.isEmpty, prefixText.count <= 3, prefixText.allSatisfy(\.isASCIIDigit),
                let value = Int(prefixText)
            else { return nil }
            prefix = value
        }
        if let bytes = parseIPv4(addressText) {
            isIPv4 = true
            let length = prefix ?? 32
            guard length <= 32 else { return nil }
            prefixLength = length
            let masked = mask(bytes, prefixLength: length)
            address = masked
            ipv4Mask = length == 0 ? 0 : UInt32.max << UInt32(32 - length)
            ipv4Address = masked.reduce(0) { $0 << 8 | UInt32($1) }
        } else if let bytes = parseIPv6(addressText) {
            isIPv4 = false
            let length = prefix ?? 128
            guard length <= 128 else { return nil }
            prefixLength = length
            address = mask(bytes, prefixLength: length)
            ipv4Address = 0
            ipv4Mask = 0
        } else {
            return nil
        }
    }

    /// What ASCII text without a colon is: an IPv4 address with an optional prefix length, or nothing valid (it
    /// cannot be IPv6, which needs a colon). Other text is left to the general parsing.
    private enum ASCIIIPv4Network {
        case network(address: UInt32, length: Int)
        case invalid
        case notASCIIIPv4
    }

    /// The parsing of the initializer for ASCII text without a colon, on its bytes.
    private static func asciiIPv4Network(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIIIPv4Network {
        guard isASCIIBytes(bytes), !containsByte(bytes, UInt8(ascii: ":")) else { return .notASCIIIPv4 }
        var addressEnd = bytes.count
        var length = 32
        if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
            let prefix = bytes[(slash + 1)...]
            guard !prefix.isEmpty, prefix.count <= 3,
                prefix.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return .invalid }
            length = prefix.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            addressEnd = slash
        }
        guard let address = parseIPv4(asciiBytes: UnsafeBufferPointer(rebasing: bytes[..<addressEnd])), length <= 32
        else { return .invalid }
        return .network(address: address, length: length)
    }

    /// Whether a request address (no prefix) lies in this network.
    public func contains(_ addressText: String) -> Bool {
        var text = addressText
        let asciiAnswer: Bool? = text.withUTF8 { bytes in
            guard isASCIIBytes(bytes) else { return nil }
            if isIPv4 {
                guard let value = parseIPv4(asciiBytes: bytes) else { return false }
                return value & ipv4Mask == ipv4Address
            }
            // `parseIPv6` needs a colon.
            return containsByte(bytes, UInt8(ascii: ":")) ? nil : false
        }
        if let asciiAnswer { return asciiAnswer }
        if isIPv4 {
            guard let bytes = parseIPv4(Substring(addressText)) else { return false }
            return mask(bytes, prefixLength: prefixLength) == address
        }
        guard let bytes = parseIPv6(Substring(addressText)) else { return false }
        return mask(bytes, prefixLength: prefixLength) == address
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIIHexDigit: Bool { isASCIIDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
}

private func mask(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
    var result = bytes
    for index in result.indices {
        let bitsKept = max(0, min(8, prefixLength - index * 8))
        let byteMask: UInt8 = bitsKept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsKept))
        result[index] &= byteMask
    }
    return result
}

func parseIPv4(_ text: Substring) -> [UInt8]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var bytes: [UInt8] = []
    for part in parts {
        guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let value = Int(part), value <= 255
        else { return nil }
        bytes.append(UInt8(value))
    }
    return bytes
}

/// `parseIPv4` for ASCII text, as one integer: four dot-separated decimal parts of one to three digits, each at most
/// 255 (leading zeros allowed).
func parseIPv4(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
    var value: UInt32 = 0
    var part: UInt32 = 0
    var digits = 0
    var dots = 0
    for byte in bytes {
        if byte == UInt8(ascii: ".") {
            guard digits > 0, part <= 255, dots < 3 else { return nil }
            value = value << 8 | part
            dots += 1
            part = 0
            digits = 0
        } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            digits += 1
            guard digits <= 3 else { return nil }
            part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
        } else {
            return nil
        }
    }
    guard dots == 3, digits > 0, part <= 255 else { return nil }
    return value << 8 | part
}

func parseIPv6(_ text: Substring) -> [UInt8]? {
    guard text.contains(":") else { return nil }
    var head: [UInt16] = []
    var tail: [UInt16] = []
    var sawDoubleColon = false
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    sawDoubleColon = halves.count == 2
    func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
        if part.isEmpty { return [] }
        var result: [UInt16] = []
        let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
        for (offset, piece) in pieces.enumerated() {
            if allowIPv4Tail && offset == pieces.count - 1 && piece.contains(".") {
                guard let v4 = parseIPv4(piece) else { return nil }
                result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(\.isASCIIHexDigit),
                let value = UInt16(piece, radix: 16)
            else { return nil }
            result.append(value)
        }
        return result
    }
    if sawDoubleColon {
        guard let first = groups(halves[0], allowIPv4Tail: false), let second = groups(halves[1], allowIPv4Tail: true)
        else { return nil }
        head = first
        tail = second
        guard head.count + tail.count <= 7 else { return nil }
    } else {
        guard let all = groups(halves[0], allowIPv4Tail: true), all.count == 8 else { return nil }
        head = all
    }
    let all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
    var bytes: [UInt8] = []
    for group in all {
        bytes.append(UInt8(group >> 8))
        bytes.append(UInt8(group & 0xFF))
    }
    return bytes
}

/// Parses a decimal number as IAM's numeric operators accept it: optional sign, digits, optional fraction.
func parseNumber(_ text: String) -> Double? {
    var copy = text
    let asciiForm: Double?? = copy.withUTF8 { bytes in
        guard isASCIIBytes(bytes) else { return nil }
        return .some(parseNumber(asciiBytes: bytes))
    }
    if let asciiForm {
        return asciiForm
    }
    var sawDigit = false
    var sawDot = false
    for (offset, character) in text.enumerated() {
        if character.isASCIIDigit {
            sawDigit = true
        } else if character == "." && !sawDot {
            sawDot = true
        } else if (character == "-" || character == "+") && offset == 0 {
            continue
        } else {
            return nil
        }
    }
    guard sawDigit else { return nil }
    return Double(text)
}

/// `parseNumber` for ASCII text given as UTF-8 bytes.
func parseNumber(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var sawDigit = false
    var sawDot = false
    for (offset, byte) in bytes.enumerated() {
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            sawDigit = true
        } else if byte == UInt8(ascii: ".") && !sawDot {
            sawDot = true
        } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && offset == 0 {
            continue
        } else {
            return nil
        }
    }
    guard sawDigit else { return nil }
    return Double(String(decoding: bytes, as: UTF8.self))
}

/// Parses a date as the date operators accept it: ISO 8601 (`2026-01-01`, `2026-01-01T10:00:00Z`, fractions,
/// `+02:00` offsets; no zone means UTC) or epoch seconds. Returns seconds since 1970-01-01T00:00:00Z.
func parseDate(_ text: String) -> Double? {
    if let epoch = parseNumber(text) {
        return epoch
    }
    var copy = text
    return copy.withUTF8 { parseDate(utf8: $0) }
}

/// `parseDate` for ASCII text given as UTF-8 bytes.
func parseDate(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    parseNumber(asciiBytes: bytes) ?? parseDate(utf8: bytes)
}

/// `parseDate` after the epoch-seconds form, on the UTF-8 bytes.
private func parseDate(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var cursor = ByteCursor(bytes: bytes)
    guard let year = cursor.digits(4), cursor.expect(UInt8(ascii: "-")), let month = cursor.digits(2),
        cursor.expect(UInt8(ascii: "-")), let day = cursor.digits(2), (1...12).contains(month),
        (1...daysIn(month: month, year: year)).contains(day)
    else { return nil }
    var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
    guard !cursor.atEnd else { return seconds }
    guard cursor.expect(UInt8(ascii: "T")) || cursor.expect(UInt8(ascii: "t")) || cursor.expect(UInt8(ascii: " ")),
        let hour = cursor.digits(2), hour < 24, cursor.expect(UInt8(ascii: ":")), let minute = cursor.digits(2),
        minute < 60
    else { return nil }
    seconds += Double(hour * 3600 + minute * 60)
    if cursor.expect(UInt8(ascii: ":")) {
        guard let second = cursor.digits(2), second <= 60 else { return nil }
        seconds += Double(second)
        if cursor.expect(UInt8(ascii: ".")) {
            var scale = 0.1
            var sawFraction = false
            while let digit = cursor.digit() {
                seconds += Double(digit) * scale
                scale /= 10
                sawFraction = true
            }
            guard sawFraction else { return nil }
        }
    }
    guard !cursor.atEnd else { return seconds }
    if cursor.expect(UInt8(ascii: "Z")) || cursor.expect(UInt8(ascii: "z")) {
        return cursor.atEnd ? seconds : nil
    }
    let sign: Double
    if cursor.expect(UInt8(ascii: "+")) {
        sign = 1
    } else if cursor.expect(UInt8(ascii: "-")) {
        sign = -1
    } else {
        return nil
    }
    guard let offsetHours = cursor.digits(2) else { return nil }
    _ = cursor.expect(UInt8(ascii: ":"))
    guard let offsetMinutes = cursor.digits(2), cursor.atEnd, offsetHours < 24, offsetMinutes < 60 else {
        return nil
    }
    return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
}

/// Reads fixed-width fields from bytes, left to right.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index >= bytes.count }

    /// The value of the next `count` ASCII digits, consumed; `nil` (nothing consumed) when they are not digits.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += count
        return value
    }

    /// The next byte's value when it is an ASCII digit, consumed.
    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 else { return nil }
        index += 1
        return Int(bytes[index - 1] - 48)
    }

    /// Consumes the next byte when it is `byte`.
    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}

private func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
private func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

/// Parses `true`/`false` in any case.
func parseBool(_ text: String) -> Bool? {
    var copy = text
    let asciiAnswer: Bool?? = copy.withUTF8 { bytes in
        guard isASCIIBytes(bytes) else { return nil }
        return .some(parseBool(asciiBytes: bytes))
    }
    if let asciiAnswer { return asciiAnswer }
    switch text.lowercased() {
    case "true": return true
    case "false": return false
    default: return nil
    }
}

/// `parseBool` for ASCII text given as UTF-8 bytes.
func parseBool(asciiBytes bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    // ASCII lowercasing folds exactly A–Z.
    func equalsFolded(_ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] | 0x20 != word.utf8Start[index] {
            return false
        }
        return true
    }
    if equalsFolded("true") { return true }
    if equalsFolded("false") { return false }
    return nil
}

/// Decodes standard base64 (padding optional); `nil` when malformed.
func decodeBase64(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    var padding = 0
    for byte in text.utf8 {
        let value: UInt8
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - 65
        case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - 97 + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - 48 + 52
        case UInt8(ascii: "+"): value = 62
        case UInt8(ascii: "/"): value = 63
        case UInt8(ascii: "="):
            padding += 1
            continue
        default: return nil
        }
        guard padding == 0 else { return nil }
        values.append(value)
    }
    guard padding <= 2, values.count % 4 != 1 else { return nil }
    var output: [UInt8] = []
    var index = 0
    while index < values.count {
        let chunk = values[index..<min(index + 4, values.count)]
        var buffer: UInt32 = 0
        for value in chunk { buffer = buffer << 6 | UInt32(value) }
        buffer <<= UInt32(6 * (4 - chunk.count))
        let produced = chunk.count - 1
        for offset in 0..<produced {
            output.append(UInt8((buffer >> UInt32(16 - offset * 8)) & 0xFF))
        }
        index += 4
    }
    return output
}

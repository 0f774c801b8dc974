/// Report text cut where its pieces recur across principals, so that the HTML report's data holds each piece once:
/// a bracketed list of two or more values (`[arn:…/a-*, arn:…/b-*]`, cut again into its values), the separators
/// `; and `, ` at `, ` (`, `)`, `'`, an IAM ARN's head up to its account (`arn:aws:iam::111122223333:`), and a
/// trailing `:LINE:COLUMN`. Joining the pieces in order gives the text back exactly.
enum TextPieces {
    /// A run of the text kept whole, or a bracketed list's values (without the brackets and the `, ` between them).
    enum Piece: Equatable {
        case literal(String)
        case list([String])
    }

    static func split(_ text: String) -> [Piece] {
        let bytes = Array(text.utf8)
        var pieces: [Piece] = []
        var start = 0
        var index = 0
        func literal(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func flush(_ end: Int) {
            if end > start { pieces.append(.literal(literal(start..<end))) }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "["), let close = listEnd(bytes, from: index) {
                flush(index)
                pieces.append(.list(values(bytes, index + 1..<close)))
                index = close + 1
                start = index
                continue
            }
            if let length = separatorLength(bytes, at: index) {
                flush(index)
                pieces.append(.literal(literal(index..<index + length)))
                index += length
                start = index
                continue
            }
            index += 1
        }
        flush(bytes.count)
        return pieces
    }

    /// The text back from its pieces.
    static func join(_ pieces: [Piece]) -> String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): text
            case .list(let values): "[" + values.joined(separator: ", ") + "]"
            }
        }.joined()
    }

    /// The index of the `]` closing the list opened at `open`, when no bracket comes between and the list holds `, `.
    private static func listEnd(_ bytes: [UInt8], from open: Int) -> Int? {
        var index = open + 1
        var separated = false
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "]"): return separated ? index : nil
            case UInt8(ascii: "["): return nil
            case UInt8(ascii: ","):
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: " ") { separated = true }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The values of a list's inside, cut at each `, `.
    private static func values(_ bytes: [UInt8], _ range: Range<Int>) -> [String] {
        var values: [String] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: ","), index + 1 < range.upperBound, bytes[index + 1] == UInt8(ascii: " ") {
                values.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 2
                start = index
                continue
            }
            index += 1
        }
        values.append(String(decoding: bytes[start..<range.upperBound], as: UTF8.self))
        return values
    }

    /// The length of the separator that starts at `index`, if one does.
    private static func separatorLength(_ bytes: [UInt8], at index: Int) -> Int? {
        func starts(_ prefix: String) -> Bool {
            let utf8 = prefix.utf8
            guard index + utf8.count <= bytes.count else { return false }
            return zip(bytes[index...], utf8).allSatisfy { $0 == $1 }
        }
        func digits(from position: Int) -> Int {
            var end = position
            while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
            return end
        }
        switch bytes[index] {
        case UInt8(ascii: "'"), UInt8(ascii: ")"):
            return 1
        case UInt8(ascii: " "):
            if starts(" (") { return 2 }
            if starts(" at ") { return 4 }
            return nil
        case UInt8(ascii: ";"):
            return starts("; and ") ? 6 : nil
        case UInt8(ascii: ":"):
            // `:LINE:COLUMN` ending the text.
            let line = digits(from: index + 1)
            guard line > index + 1, line < bytes.count, bytes[line] == UInt8(ascii: ":") else { return nil }
            let column = digits(from: line + 1)
            return column > line + 1 && column == bytes.count ? column - index : nil
        case UInt8(ascii: "a"):
            // `arn:PARTITION:iam::ACCOUNT:`
            guard starts("arn:") else { return nil }
            var position = index + 4
            while position < bytes.count,
                bytes[position] == UInt8(ascii: "-")
                    || (bytes[position] >= UInt8(ascii: "a") && bytes[position] <= UInt8(ascii: "z"))
            {
                position += 1
            }
            let iam = Array(":iam::".utf8)
            guard position + iam.count <= bytes.count, Array(bytes[position..<position + iam.count]) == iam else {
                return nil
            }
            let account = digits(from: position + iam.count)
            guard account < bytes.count, bytes[account] == UInt8(ascii: ":") else { return nil }
            return account + 1 - index
        default:
            return nil
        }
    }
}

/// The two facts the importer reads from a page's SQL examples: the identifier placeholder of
/// `… AND Identifier = '<Arn>'` and the column list of `INSERT INTO table ( A, B, region )`.
enum SQLExampleText {
    /// The quoted value after the first `Identifier =` in `fence`, with its line, e.g. `<Arn>` or `{{ arn }}`.
    static func identifierPlaceholder(in fence: MDXFence) -> (value: String, line: Int)? {
        for (offset, text) in fence.body.enumerated() {
            let characters = Array(text)
            var position = 0
            while let found = find("identifier", in: characters, from: position) {
                position = found + 1
                let before = found > 0 ? characters[found - 1] : " "
                if before.isLetter || before.isNumber || before == "_" { continue }
                var cursor = found + "identifier".count
                while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
                guard cursor < characters.count, characters[cursor] == "=" else { continue }
                cursor += 1
                while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
                guard cursor < characters.count, characters[cursor] == "'" else { continue }
                guard let end = characters[(cursor + 1)...].firstIndex(of: "'") else { continue }
                return (String(characters[(cursor + 1)..<end]), fence.line + 1 + offset)
            }
        }
        return nil
    }

    /// The columns of the first `INSERT INTO name ( … )` in `fence`, in order, as written.
    static func insertColumns(in fence: MDXFence) -> [String]? {
        let characters = Array(fence.body.joined(separator: "\n"))
        guard let insert = find("insert into", in: characters, from: 0),
            let open = characters[insert...].firstIndex(of: "(")
        else { return nil }
        var depth = 0
        var current = ""
        var columns: [String] = []
        for character in characters[open...] {
            switch character {
            case "(":
                depth += 1
                if depth > 1 { current.append(character) }
            case ")":
                depth -= 1
                if depth == 0 {
                    columns.append(current)
                    return columns.map(\.collapsingWhitespace).filter { !$0.isEmpty }
                }
                current.append(character)
            case "," where depth == 1:
                columns.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        return nil
    }

    /// The position of `word` (ASCII, case-insensitive; spaces in `word` match any run of whitespace) in
    /// `characters` at or after `start`.
    static func find(_ word: String, in characters: [Character], from start: Int) -> Int? {
        let parts = word.lowercased().split(separator: " ").map(Array.init)
        var candidate = start
        while candidate < characters.count {
            var cursor = candidate
            var matched = true
            for (index, part) in parts.enumerated() {
                if index > 0 {
                    let whitespaceStart = cursor
                    while cursor < characters.count, characters[cursor].isWhitespace { cursor += 1 }
                    if cursor == whitespaceStart {
                        matched = false
                        break
                    }
                }
                for expected in part {
                    guard cursor < characters.count, characters[cursor].lowercased() == String(expected) else {
                        matched = false
                        break
                    }
                    cursor += 1
                }
                if !matched { break }
            }
            if matched { return candidate }
            candidate += 1
        }
        return nil
    }
}

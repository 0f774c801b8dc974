/// Text made safe for the places the HTML report puts it: element content and attribute values, and JSON inside a
/// `<script>` element.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references, so text can stand in element content and in a quoted
    /// attribute value.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// JSON text that can stand inside `<script type="application/json">`: `<`, `>` and `&` (which only occur inside
    /// JSON strings) as `\u003c`, `\u003e`, `\u0026`, so no `</script>` or `<!--` in the data can end or change the
    /// element; U+2028 and U+2029 as escapes too. The JSON means the same after the change.
    static func scriptSafeJSON(_ json: String) -> String {
        guard
            json.unicodeScalars.contains(where: {
                $0 == "<" || $0 == ">" || $0 == "&" || $0 == "\u{2028}" || $0 == "\u{2029}"
            })
        else { return json }
        var result = ""
        result.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Text made safe for the places the HTML report puts it: element content and attribute values, and JSON inside a
/// `<script>` element.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references, so text can stand in element content and in a quoted
    /// attribute value.
    static func escaped(_ text: String) -> String {
        // Most texts hold none of the five: one pass over the bytes says so.
        replacing(text, mayNeed: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }

    /// JSON text that can stand inside `<script type="application/json">`: `<`, `>` and `&` (which only occur inside
    /// JSON strings) as `\u003c`, `\u003e`, `\u0026`, so no `</script>` or `<!--` in the data can end or change the
    /// element; U+2028 and U+2029 as escapes too. The JSON means the same after the change.
    static func scriptSafeJSON(_ json: String) -> String {
        // 0xE2 starts U+2028 and U+2029 in UTF-8 (and other characters, which the replacement leaves).
        replacing(json, mayNeed: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0xE2 }) { scalar in
            switch scalar {
            case "<": "\\u003c"
            case ">": "\\u003e"
            case "&": "\\u0026"
            case "\u{2028}": "\\u2028"
            case "\u{2029}": "\\u2029"
            default: nil
            }
        }
    }

    /// `text` with each scalar `replacement` names replaced by what it returns; `text` itself when no byte of it
    /// `mayNeed` one.
    private static func replacing(
        _ text: String, mayNeed: (UInt8) -> Bool, _ replacement: (Unicode.Scalar) -> String?
    ) -> String {
        guard text.utf8.contains(where: mayNeed) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                result += replaced
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

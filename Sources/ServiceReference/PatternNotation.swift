import Wildcard

/// How the service reference and policies write wildcard patterns, read into the one matcher's syntax (the
/// `Wildcard` module): which of `*`, `?`, `${…}` and `<…>` are wildcards in action patterns, ARN patterns in
/// policies, ARN templates of the service reference, and templated condition keys.
enum PatternNotation {
    /// Text without wildcards; every character is literal.
    case literal
    /// An `Action` pattern: `*` and `?` are wildcards, everything else is literal.
    case action
    /// A `Resource` pattern: `*`, `?`, and policy variables `${key}` (which may be anything, so they count as
    /// `*`); `${*}`, `${?}` and `${$}` stand for the literal characters.
    case policy
    /// An ARN template from the reference: `${Name}` is any non-empty text; `*` and `?` are wildcards.
    case arnTemplate
    /// A condition key or key prefix from the reference: `${Name}` and `<name>` (as in `s3:ExistingObjectTag/<key>`)
    /// are any non-empty text, the rest is literal.
    case keyTemplate

    /// `text` in the matcher's syntax: this notation's wildcards as `*` and `?`, a placeholder that stands for any
    /// non-empty text as `?*`, and a `*` or `?` that is literal here escaped.
    func globText(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var glob = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if self != .literal, self != .action, scalar == "$", index + 1 < scalars.count,
                scalars[index + 1] == "{", let close = scalars[(index + 2)...].firstIndex(of: "}")
            {
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                glob.append(contentsOf: placeholder(name).unicodeScalars)
                index = close + 1
                continue
            }
            if self == .keyTemplate, scalar == "<", let close = scalars[(index + 1)...].firstIndex(of: ">"),
                close > index + 1
            {
                glob.append(contentsOf: "?*".unicodeScalars)
                index = close + 1
                continue
            }
            switch (scalar, self) {
            case ("*", .action), ("*", .policy), ("*", .arnTemplate), ("?", .action), ("?", .policy),
                ("?", .arnTemplate):
                glob.append(scalar)
            default:
                glob.append(contentsOf: escapeWildcards(String(scalar)).unicodeScalars)
            }
            index += 1
        }
        return String(glob)
    }

    /// What a `${name}` placeholder is in the matcher's syntax.
    private func placeholder(_ name: String) -> String {
        guard self == .policy else { return "?*" }
        switch name {
        case "*", "?": return escapeWildcards(name)
        case "$": return "$"
        default: return "*"
        }
    }

    /// `text` compiled for matching.
    func pattern(_ text: String) -> WildcardPattern {
        WildcardPattern(globText(text))
    }

    /// `text` as tokens, for asking whether two patterns can match the same text.
    func tokens(_ text: String) -> [WildcardToken] {
        WildcardToken.tokens(of: globText(text))
    }

    /// Splits an ARN (or ARN pattern or template) into at most `limit` colon-separated parts; the last part keeps any
    /// further colons. Colons inside `${...}` do not split.
    static func arnSegments(_ text: String, limit: Int = 6) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "{", previous == "$" {
                depth += 1
            } else if scalar == "}", depth > 0 {
                depth -= 1
            }
            if scalar == ":", depth == 0, parts.count < limit - 1 {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
            previous = scalar
        }
        parts.append(String(current))
        return parts
    }
}

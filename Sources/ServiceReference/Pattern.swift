/// One element of a compiled wildcard pattern or template.
enum PatternToken: Hashable, Sendable {
    /// Exactly this character.
    case literal(Unicode.Scalar)
    /// Any single character (`?`, or the first character of a `${...}` template placeholder).
    case one
    /// Any run of characters, possibly empty (`*`, or a policy variable such as `${aws:username}`).
    case many
}

/// Compiles and matches the wildcard notations used by IAM: action patterns, ARN patterns in
/// policies, ARN templates of the service reference, and templated condition keys.
enum Pattern {
    /// How `*`, `?` and `${...}` are read.
    enum Syntax {
        /// Text without wildcards; every character is literal.
        case literal
        /// An `Action` pattern: `*` and `?` are wildcards, everything else is literal.
        case action
        /// A `Resource` pattern: `*`, `?`, and policy variables `${key}` (which may be anything, so they
        /// count as `*`); `${*}`, `${?}` and `${$}` stand for the literal characters.
        case policy
        /// An ARN template from the reference: `${Name}` is any non-empty text; `*` and `?` are wildcards.
        case arnTemplate
        /// A condition key or key prefix from the reference: `${Name}` and `<name>` (as in
        /// `s3:ExistingObjectTag/<key>`) are any non-empty text, the rest is literal.
        case keyTemplate
    }

    static func compile(_ text: String, _ syntax: Syntax) -> [PatternToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [PatternToken] = []
        tokens.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if syntax != .literal, syntax != .action, scalar == "$", index + 1 < scalars.count,
                scalars[index + 1] == "{", let close = scalars[(index + 2)...].firstIndex(of: "}")
            {
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                tokens.append(contentsOf: placeholderTokens(name, syntax))
                index = close + 1
                continue
            }
            if syntax == .keyTemplate, scalar == "<", let close = scalars[(index + 1)...].firstIndex(of: ">"),
                close > index + 1
            {
                tokens.append(contentsOf: [.one, .many])
                index = close + 1
                continue
            }
            switch (scalar, syntax) {
            case ("*", .action), ("*", .policy), ("*", .arnTemplate):
                if tokens.last != .many { tokens.append(.many) }
            case ("?", .action), ("?", .policy), ("?", .arnTemplate):
                tokens.append(.one)
            default:
                tokens.append(.literal(scalar))
            }
            index += 1
        }
        return tokens
    }

    private static func placeholderTokens(_ name: String, _ syntax: Syntax) -> [PatternToken] {
        if syntax == .policy {
            switch name {
            case "*": return [.literal("*")]
            case "?": return [.literal("?")]
            case "$": return [.literal("$")]
            default: return [.many]
            }
        }
        return [.one, .many]
    }

    /// Whether `text` (taken literally) is matched by `pattern`. Compare lowercased forms for case-insensitivity.
    static func matches(_ pattern: [PatternToken], _ text: String) -> Bool {
        let chars = Array(text.unicodeScalars)
        var patternIndex = 0
        var textIndex = 0
        var starPattern = -1
        var starText = 0
        while textIndex < chars.count {
            if patternIndex < pattern.count {
                switch pattern[patternIndex] {
                case .many:
                    starPattern = patternIndex
                    starText = textIndex
                    patternIndex += 1
                    continue
                case .one:
                    patternIndex += 1
                    textIndex += 1
                    continue
                case .literal(let scalar) where scalar == chars[textIndex]:
                    patternIndex += 1
                    textIndex += 1
                    continue
                case .literal:
                    break
                }
            }
            guard starPattern >= 0 else { return false }
            patternIndex = starPattern + 1
            starText += 1
            textIndex = starText
        }
        while patternIndex < pattern.count, pattern[patternIndex] == .many { patternIndex += 1 }
        return patternIndex == pattern.count
    }

    /// Whether some string is matched by both patterns (the intersection of the two languages is not empty).
    static func overlaps(_ first: [PatternToken], _ second: [PatternToken], caseInsensitive: Bool) -> Bool {
        let width = second.count + 1
        var visited = [Bool](repeating: false, count: (first.count + 1) * width)
        var pending = [(0, 0)]
        visited[0] = true
        func visit(_ state: (Int, Int)) {
            let slot = state.0 * width + state.1
            if !visited[slot] {
                visited[slot] = true
                pending.append(state)
            }
        }
        while let (i, j) = pending.popLast() {
            if i == first.count, j == second.count { return true }
            // Stars may match the empty string.
            if i < first.count, first[i] == .many { visit((i + 1, j)) }
            if j < second.count, second[j] == .many { visit((i, j + 1)) }
            // Both consume one common character.
            guard i < first.count, j < second.count,
                compatible(first[i], second[j], caseInsensitive: caseInsensitive)
            else { continue }
            visit((first[i] == .many ? i : i + 1, second[j] == .many ? j : j + 1))
        }
        return false
    }

    private static func compatible(_ lhs: PatternToken, _ rhs: PatternToken, caseInsensitive: Bool) -> Bool {
        guard case .literal(let left) = lhs, case .literal(let right) = rhs else { return true }
        if left == right { return true }
        guard caseInsensitive else { return false }
        return String(left).lowercased() == String(right).lowercased()
    }

    /// Whether the text contains `*` or `?`.
    static func hasWildcard(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "*" || $0 == "?" }
    }

    /// Splits an ARN (or ARN pattern or template) into at most `limit` colon-separated parts; the last part
    /// keeps any further colons. Colons inside `${...}` do not split.
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

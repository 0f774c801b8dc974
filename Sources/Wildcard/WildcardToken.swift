/// One element of a wildcard pattern, for the question no single subject can answer: could some text match both of
/// two patterns (``WildcardToken/intersect(_:_:)``)? A policy's resource pattern against a service reference ARN
/// template, or against an ARN whose parts are not known yet.
public enum WildcardToken: Sendable, Hashable {
    /// Exactly this character.
    case literal(Unicode.Scalar)
    /// `?`: any one character.
    case one
    /// `*`, or a placeholder that holds any run of characters other than `excluding` (an ARN part has no `:`): any
    /// run, possibly empty.
    case run(excluding: [Unicode.Scalar])

    /// `*`: any run of characters at all.
    public static let anyRun = WildcardToken.run(excluding: [])

    /// The tokens of a pattern in the matcher's syntax (``WildcardPattern``): `*` and `?` are wildcards, escaped
    /// ones (``escapedStar``, ``escapedQuestion``) and everything else literal.
    public static func tokens(of text: String) -> [WildcardToken] {
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "*": return .anyRun
            case "?": return .one
            case escapedStarScalar: return .literal("*")
            case escapedQuestionScalar: return .literal("?")
            default: return .literal(scalar)
            }
        }
    }

    private static let escapedStarScalar: Unicode.Scalar = "\u{E000}"
    private static let escapedQuestionScalar: Unicode.Scalar = "\u{E001}"

    /// Whether the token is a run (which may match nothing).
    var isRun: Bool {
        if case .run = self { return true }
        return false
    }

    /// Whether a run token may consume `character`.
    func runAccepts(_ character: Unicode.Scalar) -> Bool {
        guard case .run(let excluding) = self else { return false }
        return !excluding.contains(character)
    }

    /// Whether some text matches both `a` and `b`. Runs may match nothing; two runs, or a run and `?`, can always
    /// share a character (no run excludes every character).
    public static func intersect(_ a: [WildcardToken], _ b: [WildcardToken]) -> Bool {
        let rows = a.count + 1
        let columns = b.count + 1
        // reachable[i][j]: the prefixes a[..<i] and b[..<j] can match a common text. Every step goes right, down or
        // diagonally, so one pass in row order settles every cell.
        var reachable = [Bool](repeating: false, count: rows * columns)
        reachable[0] = true
        for i in 0..<rows {
            for j in 0..<columns where reachable[i * columns + j] {
                // A run may match nothing: skip it.
                if i < a.count && a[i].isRun { reachable[(i + 1) * columns + j] = true }
                if j < b.count && b[j].isRun { reachable[i * columns + j + 1] = true }
                guard i < a.count && j < b.count else { continue }
                switch (a[i], b[j]) {
                case (.literal(let x), .literal(let y)):
                    if x == y { reachable[(i + 1) * columns + j + 1] = true }
                case (.literal, .one), (.one, .literal), (.one, .one):
                    reachable[(i + 1) * columns + j + 1] = true
                case (.literal(let x), .run):
                    // The run consumes the literal and stays.
                    if b[j].runAccepts(x) { reachable[(i + 1) * columns + j] = true }
                case (.run, .literal(let x)):
                    if a[i].runAccepts(x) { reachable[i * columns + j + 1] = true }
                case (.run, .run):
                    // They share one character, then either may go on.
                    reachable[(i + 1) * columns + j + 1] = true
                    reachable[i * columns + j + 1] = true
                    reachable[(i + 1) * columns + j] = true
                case (.run, .one):
                    reachable[i * columns + j + 1] = true
                case (.one, .run):
                    reachable[(i + 1) * columns + j] = true
                }
            }
        }
        return reachable[rows * columns - 1]
    }
}

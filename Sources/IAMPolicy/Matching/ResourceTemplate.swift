/// A resource ARN that is only partly known: literal text with named placeholders for the parts nobody knows yet,
/// e.g. `arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}`.
/// A policy pattern relates to it in one of three ways: it names every resource the template can stand for
/// (`includes`), none of them (`overlaps` is false), or some.
public struct ResourceTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case placeholder(String)
    }

    public let parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// Parses `${Name}` placeholders out of `text`; everything else is literal.
    public init(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[rest.startIndex..<open.lowerBound]))) }
            parts.append(.placeholder(String(rest[open.upperBound..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The placeholder names, in order.
    public var placeholders: [String] {
        parts.compactMap {
            if case .placeholder(let name) = $0 { return name }
            return nil
        }
    }

    /// Whether the template is fully known (no placeholder).
    public var isConcrete: Bool { placeholders.isEmpty }

    /// `…:image/${ImageName}/…`.
    public var description: String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .placeholder(let name): return "${\(name)}"
            }
        }.joined()
    }

    /// The text with every placeholder replaced by `value`.
    func instantiated(_ value: String) -> String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .placeholder: return value
            }
        }.joined()
    }

    /// A private-use character no policy is expected to contain; placeholders are instantiated with runs of it.
    static let sentinel: Character = "\u{E003}"

    /// Whether `pattern` names every resource the template can stand for (placeholders are non-empty and may hold
    /// any text). Sound: the placeholders are replaced by runs of a sentinel character the pattern does not contain,
    /// once one long and once 64 long, so only a `*` can absorb them, and a `*` absorbs any text.
    public func isIncluded(in pattern: ARNPattern) -> Bool {
        if pattern.matchesEverything { return true }
        if pattern.text.contains(Self.sentinel) { return false }
        let short = instantiated(String(Self.sentinel))
        let long = instantiated(String(repeating: Self.sentinel, count: 64))
        return pattern.matches(short) && pattern.matches(long)
    }

    /// Whether some resource the template stands for could match `pattern`. Over-approximates (placeholders and
    /// the pattern's `*` are both treated as any text, colons included), so `false` is certain.
    public func overlaps(_ pattern: ARNPattern) -> Bool {
        if pattern.matchesEverything { return true }
        let template = Array(instantiated("*").unicodeScalars)
        let policy = Array(unescapeWildcards(pattern.text).unicodeScalars)
        let policyEscapes = Array(pattern.text.unicodeScalars)
        return globsIntersect(template, policy, literalMask: policyEscapes.map { $0 == "\u{E000}" || $0 == "\u{E001}" })
    }
}

/// Whether two globs (`*` any run, `?` one character) share at least one matching string. In `b`, positions marked
/// in `literalMask` are literal characters even when they are `*` or `?`.
func globsIntersect(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], literalMask: [Bool]) -> Bool {
    let rows = a.count + 1
    let columns = b.count + 1
    // reachable[i][j]: prefixes a[..<i] and b[..<j] can produce a common string.
    var reachable = [Bool](repeating: false, count: rows * columns)
    reachable[0] = true
    func isStarA(_ i: Int) -> Bool { a[i] == "*" }
    func isStarB(_ j: Int) -> Bool { b[j] == "*" && !(j < literalMask.count && literalMask[j]) }
    func isAnyA(_ i: Int) -> Bool { a[i] == "?" }
    func isAnyB(_ j: Int) -> Bool { b[j] == "?" && !(j < literalMask.count && literalMask[j]) }
    for i in 0..<rows {
        for j in 0..<columns where reachable[i * columns + j] {
            // A star may match nothing: skip it.
            if i < a.count && isStarA(i) { reachable[(i + 1) * columns + j] = true }
            if j < b.count && isStarB(j) { reachable[i * columns + j + 1] = true }
            guard i < a.count && j < b.count else { continue }
            let starA = isStarA(i)
            let starB = isStarB(j)
            if starA && starB {
                reachable[(i + 1) * columns + j + 1] = true
            } else if starA {
                // The star consumes b's next character (literal or `?`) and stays.
                reachable[i * columns + j + 1] = true
            } else if starB {
                reachable[(i + 1) * columns + j] = true
            } else if isAnyA(i) || isAnyB(j) || a[i] == b[j] {
                reachable[(i + 1) * columns + j + 1] = true
            }
        }
    }
    return reachable[rows * columns - 1]
}

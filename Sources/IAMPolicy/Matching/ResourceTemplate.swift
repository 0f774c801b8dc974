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
            if open.lowerBound > rest.startIndex {
                parts.append(.literal(String(rest[rest.startIndex..<open.lowerBound])))
            }
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

    /// Whether some resource the template stands for could match `pattern`. Over-approximates, so `false` is
    /// certain: placeholders may hold any text without `:` (they are ARN components; only `…WithPath` placeholders,
    /// like IAM's `RoleNameWithPath`, may also hold `/`), and the pattern's `*` any text at all.
    public func overlaps(_ pattern: ARNPattern) -> Bool {
        if pattern.matchesEverything { return true }
        var tokens: [GlobToken] = []
        for part in parts {
            switch part {
            case .literal(let text): tokens += text.unicodeScalars.map(GlobToken.literal)
            case .placeholder(let name): tokens.append(.component(allowsSlash: name.hasSuffix("WithPath")))
            }
        }
        let escaped = Array(pattern.text.unicodeScalars)
        var policy: [GlobToken] = []
        for scalar in escaped {
            switch scalar {
            case "\u{E000}": policy.append(.literal("*"))
            case "\u{E001}": policy.append(.literal("?"))
            case "*": policy.append(.anyRun)
            case "?": policy.append(.anyOne)
            default: policy.append(.literal(scalar))
            }
        }
        return globsIntersect(tokens, policy)
    }
}

/// One element of a glob for the intersection test.
enum GlobToken: Equatable {
    case literal(Unicode.Scalar)
    /// `*`: any run of characters.
    case anyRun
    /// `?`: exactly one character.
    case anyOne
    /// A placeholder: any run of characters other than `:` (and `/` unless allowed).
    case component(allowsSlash: Bool)

    var isRun: Bool {
        switch self {
        case .anyRun, .component: return true
        default: return false
        }
    }

    /// Whether a run token may consume `character`.
    func runAccepts(_ character: Unicode.Scalar) -> Bool {
        switch self {
        case .anyRun: return true
        case .component(let allowsSlash): return character != ":" && (allowsSlash || character != "/")
        default: return false
        }
    }
}

/// Whether two globs share at least one matching string. Runs (`*`, placeholders) may match nothing.
func globsIntersect(_ a: [GlobToken], _ b: [GlobToken]) -> Bool {
    let rows = a.count + 1
    let columns = b.count + 1
    // reachable[i][j]: prefixes a[..<i] and b[..<j] can produce a common string.
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
            case (.literal(let x), .anyOne), (.anyOne, .literal(let x)):
                _ = x
                reachable[(i + 1) * columns + j + 1] = true
            case (.anyOne, .anyOne):
                reachable[(i + 1) * columns + j + 1] = true
            case (.literal(let x), let run) where run.isRun:
                // The run consumes the literal and stays.
                if run.runAccepts(x) { reachable[(i + 1) * columns + j] = true }
            case (let run, .literal(let x)) where run.isRun:
                if run.runAccepts(x) { reachable[i * columns + j + 1] = true }
            default:
                // Two runs, or a run and `?`: they can share one character that both accept (any but `:`/`/`), or
                // the longer one can go on; either advances.
                if a[i].isRun && b[j].isRun {
                    reachable[(i + 1) * columns + j + 1] = true
                    reachable[i * columns + j + 1] = true
                    reachable[(i + 1) * columns + j] = true
                } else if a[i].isRun {
                    reachable[i * columns + j + 1] = true
                } else {
                    reachable[(i + 1) * columns + j] = true
                }
            }
        }
    }
    return reachable[rows * columns - 1]
}

import Wildcard

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

    /// The text with every placeholder replaced by `value`, and every IAM path placeholder by `path`.
    func instantiated(_ value: String, path: String = "/") -> String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .placeholder(let name): return Self.isIAMPath(name) ? path : value
            }
        }.joined()
    }

    /// The placeholders that stand for an IAM path, which is `/` or `/segment/…/` (IAM's `pathType`: `/`, or `/`,
    /// printable ASCII, `/`). A role given by name has an unknown path, and its ARN is
    /// `arn:aws:iam::ACCOUNT:role${RolePath}NAME` (`reference_identifiers.md#identifiers-arns`).
    public static let iamPathPlaceholders: Set<String> = ["RolePath", "UserPath", "GroupPath", "InstanceProfilePath"]

    static func isIAMPath(_ name: String) -> Bool { iamPathPlaceholders.contains(name) }

    private var hasIAMPath: Bool { placeholders.contains { Self.isIAMPath($0) } }

    /// A private-use character no policy is expected to contain; placeholders are instantiated with runs of it.
    static let sentinel: Character = "\u{E003}"

    /// Whether `pattern` names every resource the template can stand for (placeholders are non-empty and may hold
    /// any text). Sound: the placeholders are replaced by runs of a sentinel character the pattern does not contain,
    /// once one long and once 64 long, so only a `*` can absorb them, and a `*` absorbs any text.
    public func isIncluded(in pattern: ARNPattern) -> Bool {
        if pattern.matchesEverything { return true }
        if pattern.text.contains(Self.sentinel) { return false }
        let runs = [String(Self.sentinel), String(repeating: Self.sentinel, count: 64)]
        for run in runs {
            // An IAM path may be `/` itself (nothing for a `*` to absorb), one segment or several.
            let paths = hasIAMPath ? ["/", "/\(run)/", "/\(run)/\(run)/"] : ["/"]
            for path in paths where !pattern.matches(instantiated(run, path: path)) { return false }
        }
        return true
    }

    /// Whether some resource the template stands for could match `pattern`. Over-approximates, so `false` is
    /// certain: placeholders may hold any text without `:` (they are ARN components; only `…WithPath` placeholders,
    /// like IAM's `RoleNameWithPath`, may also hold `/`), and the pattern's `*` any text at all.
    /// An IAM path placeholder is `/`, or `/`, any text, `/` (a path may hold any printable character, `:` too);
    /// the template overlaps when either form of each path does.
    public func overlaps(_ pattern: ARNPattern) -> Bool {
        if pattern.matchesEverything { return true }
        var sequences: [[WildcardToken]] = [[]]
        for part in parts {
            switch part {
            case .literal(let text):
                let scalars = text.unicodeScalars.map(WildcardToken.literal)
                sequences = sequences.map { $0 + scalars }
            case .placeholder(let name) where Self.isIAMPath(name):
                sequences = sequences.flatMap { [$0 + [.literal("/")], $0 + [.literal("/"), .anyRun, .literal("/")]] }
            case .placeholder(let name):
                sequences = sequences.map { $0 + [.run(excluding: name.hasSuffix("WithPath") ? [":"] : [":", "/"])] }
            }
        }
        let policy = WildcardToken.tokens(of: pattern.text)
        return sequences.contains { WildcardToken.intersect($0, policy) }
    }
}

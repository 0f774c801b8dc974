import Wildcard

/// A partly known resource and a policy's resource pattern: the pattern names every resource the value can stand for
/// (`isIncluded(in:)`), none of them (`overlaps` is false), or some.
extension PartialValue {
    /// The text with every unknown part replaced by `value`, and every IAM path by `path`.
    func instantiated(_ value: String, path: String = "/") -> String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .unknown(let name): return Self.isIAMPath(name) ? path : value
            }
        }.joined()
    }

    /// The names of unknown parts that stand for an IAM path, which is `/` or `/segment/…/` (IAM's `pathType`: `/`, or `/`,
    /// printable ASCII, `/`). A role given by name has an unknown path, and its ARN is
    /// `arn:aws:iam::ACCOUNT:role${RolePath}NAME` (`reference_identifiers.md#identifiers-arns`).
    public static let iamPathNames: Set<String> = ["RolePath", "UserPath", "GroupPath", "InstanceProfilePath"]

    static func isIAMPath(_ name: String) -> Bool { iamPathNames.contains(name) }

    private var hasIAMPath: Bool { unknownNames.contains { Self.isIAMPath($0) } }

    /// A private-use character no policy is expected to contain; unknown parts are instantiated with runs of it.
    static let sentinel: Character = "\u{E003}"

    /// Whether `pattern` names every resource the value can stand for (unknown parts are non-empty and may hold any
    /// text). Sound: the unknown parts are replaced by runs of a sentinel character the pattern does not contain,
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

    /// Whether some resource the value stands for could match `pattern`. Over-approximates, so `false` is certain:
    /// unknown parts may hold any text without `:` (they are ARN components; only `…WithPath` parts, like IAM's
    /// `RoleNameWithPath`, may also hold `/`), and the pattern's `*` any text at all. An IAM path is `/`, or `/`,
    /// any text, `/` (a path may hold any printable character, `:` too); the value overlaps when either form of each
    /// path does.
    public func overlaps(_ pattern: ARNPattern) -> Bool {
        if pattern.matchesEverything { return true }
        var sequences: [[WildcardToken]] = [[]]
        for part in parts {
            switch part {
            case .literal(let text):
                let scalars = text.unicodeScalars.map(WildcardToken.literal)
                sequences = sequences.map { $0 + scalars }
            case .unknown(let name) where Self.isIAMPath(name):
                sequences = sequences.flatMap { [$0 + [.literal("/")], $0 + [.literal("/"), .anyRun, .literal("/")]] }
            case .unknown(let name):
                sequences = sequences.map { $0 + [.run(excluding: name.hasSuffix("WithPath") ? [":"] : [":", "/"])] }
            }
        }
        let policy = WildcardToken.tokens(of: pattern.text)
        return sequences.contains { WildcardToken.intersect($0, policy) }
    }
}

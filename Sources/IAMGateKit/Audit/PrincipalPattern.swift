/// A `--principal` pattern of `iamgate audit`: matches a user or role by its ARN, its name, or the ARN's part after the
/// account (`role/service-role/ci`), with `*` standing for any run of characters and `?` for one. Case-sensitive, as
/// IAM names are unique without regard to case but ARNs are compared as written.
struct PrincipalPattern: Sendable, Hashable {
    let text: String
    private let scalars: [Unicode.Scalar]

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    /// Whether the principal with `arn` and `name` is selected.
    func matches(arn: String, name: String) -> Bool {
        if Self.glob(scalars, Array(arn.unicodeScalars)) || Self.glob(scalars, Array(name.unicodeScalars)) {
            return true
        }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 && Self.glob(scalars, Array(parts[5].unicodeScalars))
    }

    /// Iterative wildcard matching with backtracking to the last `*`.
    static func glob(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

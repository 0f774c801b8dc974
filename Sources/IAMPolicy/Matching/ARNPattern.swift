/// Splits an ARN into its six colon-separated parts: `arn`, partition, service, region, account and the resource
/// (which keeps any further colons). Returns fewer parts when the text has fewer than five colons.
func splitARN(_ text: Substring) -> [Substring] {
    var parts: [Substring] = []
    parts.reserveCapacity(6)
    var start = text.startIndex
    var index = text.startIndex
    while index < text.endIndex && parts.count < 5 {
        if text[index] == ":" {
            parts.append(text[start..<index])
            start = text.index(after: index)
        }
        index = text.index(after: index)
    }
    parts.append(text[start...])
    return parts
}

/// A resource pattern from a `Resource`, `NotResource` or `Arn*` condition, compiled for matching ARNs part by part
/// (`reference_policies_elements_resource.md`: wildcards work within each colon-separated part; resource ARNs are
/// case-sensitive).
public struct ARNPattern: Sendable, Hashable {
    /// The text as written in the policy.
    public let text: String
    let parts: [WildcardPattern]
    /// `*` alone (or only stars): matches every resource, including the `*` of actions without resource types.
    public let matchesEverything: Bool
    /// Whether a part ending in `*` may also consume the colons of the parts after it (the current AWS text:
    /// "a trailing `*` in a segment can expand across colons"). Off for `ArnLike`, which the operator page defines
    /// as six separately matched components.
    let trailingStarSpansColons: Bool
    let hasEscapes: Bool

    /// Compiles a pattern.
    public init(_ text: String, trailingStarSpansColons: Bool = true) {
        self.text = text
        self.trailingStarSpansColons = trailingStarSpansColons
        hasEscapes = containsEscapes(text)
        matchesEverything = !text.isEmpty && text.allSatisfy { $0 == "*" }
        parts = splitARN(Substring(text)).map { WildcardPattern(String($0)) }
    }

    /// True when the pattern has no wildcard, so matching is a plain comparison.
    var isLiteral: Bool { !matchesEverything && parts.allSatisfy { !$0.hasWildcards } }

    /// Whether `resource` (an ARN, or `*` for actions without resource-level permissions) matches.
    public func matches(_ resource: String) -> Bool {
        if matchesEverything { return true }
        if resource == "*" { return false }
        let resource = hasEscapes ? escapeWildcards(resource) : resource
        if isLiteral { return resource == text }
        let subject = splitARN(Substring(resource))
        return match(patternIndex: 0, subject: subject, subjectIndex: 0)
    }

    private func match(patternIndex: Int, subject: [Substring], subjectIndex: Int) -> Bool {
        if patternIndex == parts.count {
            return subjectIndex == subject.count
        }
        guard subjectIndex < subject.count else { return false }
        let part = parts[patternIndex]
        let isLastPattern = patternIndex == parts.count - 1
        let spans = trailingStarSpansColons && part.bytes.last == UInt8(ascii: "*")
        // The part on its own.
        if part.matchesFolded(String(subject[subjectIndex])) {
            if match(patternIndex: patternIndex + 1, subject: subject, subjectIndex: subjectIndex + 1) {
                return true
            }
        }
        guard spans || (isLastPattern && part.shape == .anything) else { return false }
        // A trailing star: let it consume the following parts, colons included.
        var joined = String(subject[subjectIndex])
        var end = subjectIndex + 1
        while end < subject.count {
            joined += ":" + subject[end]
            end += 1
            if part.matchesFolded(joined)
                && match(patternIndex: patternIndex + 1, subject: subject, subjectIndex: end)
            {
                return true
            }
        }
        return false
    }
}

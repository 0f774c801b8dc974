import Foundation

/// One anchored query of a resource file: the anchor, its options, and the text up to the next anchor.
public struct QuerySection: Sendable, Hashable {
    public var anchor: QueryAnchor
    /// The anchor's key as written (`preflight`, `Create`).
    public var writtenAnchor: String
    public var options: [QueryOption]
    /// The anchor's line.
    public var anchorLine: Int
    /// The line `text` starts on: the one after the anchor (stackql-deploy drops the anchor's line).
    public var firstLine: Int
    /// The query text as written, `{{ }}` templates included, up to the next anchor.
    public var text: String

    public init(
        anchor: QueryAnchor, writtenAnchor: String, options: [QueryOption], anchorLine: Int, firstLine: Int,
        text: String
    ) {
        self.anchor = anchor
        self.writtenAnchor = writtenAnchor
        self.options = options
        self.anchorLine = anchorLine
        self.firstLine = firstLine
        self.text = text
    }

    /// The first line of `text` with something other than whitespace or a `--` comment: where the statement is.
    public var statementLine: Int {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && !trimmed.hasPrefix("--") { return firstLine + offset }
        }
        return firstLine
    }
}

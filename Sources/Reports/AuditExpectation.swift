/// One expectation of an expectations file (`iamgate audit --expectations FILE`): what must hold of who may perform
/// some of the audit's operations, with who answers for it, why, and until when.
public struct AuditExpectation: Sendable, Hashable {
    /// What the expectation requires of the principals its patterns match.
    public enum Rule: Sendable, Hashable {
        /// Principals that match none of these patterns must not be allowed (an empty list: nobody may).
        case only([String])
        /// Principals that match any of these patterns must be allowed, and at least one must exist.
        case must([String])

        /// `only` or `must`, as the file writes it.
        public var keyword: String {
            switch self {
            case .only: return "only"
            case .must: return "must"
            }
        }

        /// The `--principal`-style patterns.
        public var patterns: [String] {
            switch self {
            case .only(let patterns), .must(let patterns): return patterns
            }
        }
    }

    /// Unique within its file.
    public var name: String
    public var rule: Rule
    /// The audit's columns (report `columns`) it covers, in the report's order.
    public var columns: [String]
    /// Who answers for it (a team, an address).
    public var owner: String
    /// Why it must hold.
    public var reason: String
    /// From this day on the expectation is expired; `nil`: it does not expire.
    public var expires: CalendarDate?
    /// The expectations file and the line its entry starts on.
    public var source: String
    public var line: Int

    public init(
        name: String, rule: Rule, columns: [String], owner: String, reason: String, expires: CalendarDate? = nil,
        source: String, line: Int
    ) {
        self.name = name
        self.rule = rule
        self.columns = columns
        self.owner = owner
        self.reason = reason
        self.expires = expires
        self.source = source
        self.line = line
    }
}

/// One option of an anchor (`/*+ statecheck, retries=5, retry_delay=10 */`), as written.
public struct QueryOption: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The numeric options; the others (a callback's short circuit) are text.
    static let numeric: Set<String> = ["retries", "retry_delay", "postdelete_retries", "postdelete_retry_delay"]
}

/// One header field of an HTTP request, as written: the name keeps its case and the value is not trimmed. A request
/// keeps its headers in order, duplicates included, because SigV4 joins repeated headers in the order they appear.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name as sent, for example `X-Amz-Target`; compared case-insensitively.
    public var name: String
    /// The field value as sent.
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the field is called `name`, ignoring ASCII case as HTTP does.
    public func hasName(_ name: String) -> Bool {
        self.name.lowercased() == name.lowercased()
    }
}

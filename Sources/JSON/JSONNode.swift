/// A 1-based line and column in a JSON source document, so diagnostics can point at the exact text.
///
/// Lines are counted by line feeds (a CRLF pair is one line break; a lone CR does not start a line).
/// Columns count UTF-8 bytes from the start of the line, not characters; a leading byte order mark is not counted.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, in UTF-8 bytes.
    public var column: Int

    /// Creates a location from a 1-based line and a 1-based byte column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// One parsed JSON value together with the location where it starts, so later stages can report
/// semantic errors against the original source.
public struct JSONNode: Sendable {
    /// The JSON type of a node and its contents.
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        /// The number literal exactly as written, e.g. `"10"` or `"-1.5e3"`, so no precision is lost.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// The members in document order; duplicate keys are kept for the caller to judge.
        case object([JSONMember])
    }

    /// The value of this node.
    public var kind: Kind
    /// Where the value's first byte is in the source.
    public var location: SourceLocation

    /// Creates a node from its value and source location.
    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// One `"key": value` member of a JSON object, with the location of the key for diagnostics.
public struct JSONMember: Sendable {
    /// The decoded key.
    public var key: String
    /// Where the key's opening quote is in the source.
    public var keyLocation: SourceLocation
    /// The member's value.
    public var value: JSONNode

    /// Creates a member from its key, the key's location, and its value.
    public init(key: String, keyLocation: SourceLocation, value: JSONNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A JSON syntax error: one lowercase sentence and the location it applies to.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `unexpected character '}' after ','`; lowercase, no trailing period.
    public var message: String
    /// Where the problem was found.
    public var location: SourceLocation

    init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// The message prefixed by its location, e.g. `line 3:14: unexpected character '}'`.
    public var description: String { "line \(location): \(message)" }
}

extension JSONNode {
    /// The string, if this node is a JSON string.
    public var stringValue: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    /// The elements, if this node is a JSON array.
    public var arrayValue: [JSONNode]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    /// The members in document order, if this node is a JSON object.
    public var objectValue: [JSONMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    /// The boolean, if this node is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    /// A short name of the node's JSON type for error messages, e.g. "a string" or "an object".
    public var typeDescription: String {
        switch kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

import Foundation

/// The parameters of one AWS query-protocol call, in the order they go on the wire, flattened the way botocore's
/// `QuerySerializer` flattens them: lists as `Name.member.N`, structures in lists as `Name.member.N.Field`, an empty
/// list as `Name=`.
public struct QueryParameters: Sendable, Hashable {
    /// The name–value pairs, not yet percent-encoded.
    public private(set) var pairs: [(name: String, value: String)] = []

    /// Parameters starting with `Action` and `Version`.
    public init(action: String, version: String) {
        pairs = [("Action", action), ("Version", version)]
    }

    /// Appends one scalar parameter.
    public mutating func add(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// Appends one scalar parameter when `value` is not `nil`.
    public mutating func add(_ name: String, _ value: String?) {
        if let value { pairs.append((name, value)) }
    }

    /// Appends an integer parameter when `value` is not `nil`.
    public mutating func add(_ name: String, _ value: Int?) {
        if let value { pairs.append((name, String(value))) }
    }

    /// Appends a list of strings as `Name.member.1`, `Name.member.2`, …; an empty list is sent as `Name=` as botocore
    /// does.
    public mutating func addList(_ name: String, _ values: [String]) {
        guard !values.isEmpty else {
            pairs.append((name, ""))
            return
        }
        for (index, value) in values.enumerated() {
            pairs.append(("\(name).member.\(index + 1)", value))
        }
    }

    /// Appends a list of strings unless it is empty (an optional parameter left out).
    public mutating func addListIfPresent(_ name: String, _ values: [String]) {
        if !values.isEmpty { addList(name, values) }
    }

    /// Appends a list of structures: each element's fields are written by `fields` under `Name.member.N`.
    public mutating func addList<Element>(
        _ name: String, _ values: [Element], fields: (Element, _ prefix: String, inout QueryParameters) -> Void
    ) {
        guard !values.isEmpty else {
            pairs.append((name, ""))
            return
        }
        for (index, value) in values.enumerated() {
            fields(value, "\(name).member.\(index + 1)", &self)
        }
    }

    /// The form body: `name=value` pairs joined with `&`, names and values percent-encoded per RFC 3986 (only
    /// `A-Za-z0-9-_.~` left as they are), as botocore's `percent_encode_sequence` does.
    public var formBody: String {
        pairs.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }.joined(separator: "&")
    }

    /// `text` as UTF-8 with every byte except the RFC 3986 unreserved characters percent-encoded in upper-case hex.
    public static func percentEncode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return output
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }
}

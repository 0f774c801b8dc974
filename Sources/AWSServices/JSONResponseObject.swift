import AWSCore
import Foundation
import JSON

/// One JSON object of a JSON-protocol response, read field by field: a field may be absent (`nil`), but a field that
/// is present with the wrong JSON type, or given twice, makes the response malformed, named by its key path
/// (`ProgressEvent.RetryAfter`) together with the operation and host. Keys the reader does not ask for are ignored,
/// so fields AWS adds later do no harm.
struct JSONResponseObject {
    /// The object's members in document order.
    let members: [JSONMember]
    /// The key path of this object from the response's root, empty for the root.
    let path: String
    /// The operation whose response this is, for error messages.
    let operation: String
    /// The host that answered, for error messages.
    let host: String

    /// The root object of `node`, or a malformed-response error when the root is not an object.
    init(root node: JSONNode, operation: String, host: String) throws(AWSServiceError) {
        guard let members = node.objectValue else {
            throw .malformedResponse(
                operation: operation, host: host, detail: "the body is \(node.typeDescription), not a JSON object")
        }
        self.init(members: members, path: "", operation: operation, host: host)
    }

    init(members: [JSONMember], path: String, operation: String, host: String) {
        self.members = members
        self.path = path
        self.operation = operation
        self.host = host
    }

    /// A malformed-response error about `key` (or about this object when `key` is `nil`).
    func malformed(_ key: String?, _ problem: String) -> AWSServiceError {
        .malformedResponse(operation: operation, host: host, detail: "\(name(key)) \(problem)")
    }

    /// The value of `key`; `nil` when absent or `null` (the JSON protocol's "not set").
    func value(_ key: String) throws(AWSServiceError) -> JSONNode? {
        var found: JSONNode?
        for member in members where member.key == key {
            guard found == nil else { throw malformed(key, "is given twice") }
            found = member.value
        }
        if let found, case .null = found.kind { return nil }
        return found
    }

    /// The string at `key`; `nil` when absent.
    func string(_ key: String) throws(AWSServiceError) -> String? {
        guard let node = try value(key) else { return nil }
        guard let text = node.stringValue else { throw wrongType(key, node, "a string") }
        return text
    }

    /// The string at `key`, which must be present.
    func requiredString(_ key: String) throws(AWSServiceError) -> String {
        guard let text = try string(key) else { throw malformed(key, "is missing") }
        return text
    }

    /// The boolean at `key`; `nil` when absent.
    func bool(_ key: String) throws(AWSServiceError) -> Bool? {
        guard let node = try value(key) else { return nil }
        guard case .bool(let flag) = node.kind else { throw wrongType(key, node, "a boolean") }
        return flag
    }

    /// The timestamp at `key`: epoch seconds as a JSON number (whole, fractional or in exponent form, such as
    /// `1.714554753123E9`), or a string holding such a number or an ISO 8601 date-time, as botocore's JSON parser
    /// accepts; `nil` when absent.
    func date(_ key: String) throws(AWSServiceError) -> Date? {
        guard let node = try value(key) else { return nil }
        let text: String
        switch node.kind {
        case .number(let literal): text = literal
        case .string(let literal): text = literal
        default: throw wrongType(key, node, "a timestamp")
        }
        if let seconds = Double(text), seconds.isFinite {
            return Date(timeIntervalSince1970: seconds)
        }
        if case .string = node.kind, let date = Self.isoDate(text) {
            return date
        }
        throw malformed(key, "is not a timestamp: '\(text)'")
    }

    /// The object at `key`; `nil` when absent.
    func object(_ key: String) throws(AWSServiceError) -> JSONResponseObject? {
        guard let node = try value(key) else { return nil }
        guard let members = node.objectValue else { throw wrongType(key, node, "an object") }
        return JSONResponseObject(members: members, path: name(key), operation: operation, host: host)
    }

    /// The objects of the array at `key`; empty when absent.
    func objects(_ key: String) throws(AWSServiceError) -> [JSONResponseObject] {
        guard let node = try value(key) else { return [] }
        guard let elements = node.arrayValue else { throw wrongType(key, node, "an array") }
        var objects: [JSONResponseObject] = []
        objects.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let elementName = "\(name(key))[\(index)]"
            guard let members = element.objectValue else {
                throw .malformedResponse(
                    operation: operation, host: host,
                    detail: "\(elementName) is \(element.typeDescription), not an object")
            }
            objects.append(JSONResponseObject(members: members, path: elementName, operation: operation, host: host))
        }
        return objects
    }

    private func name(_ key: String?) -> String {
        guard let key else { return path.isEmpty ? "the body" : path }
        return path.isEmpty ? key : "\(path).\(key)"
    }

    private func wrongType(_ key: String, _ node: JSONNode, _ expected: String) -> AWSServiceError {
        malformed(key, "is \(node.typeDescription), not \(expected)")
    }

    private static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

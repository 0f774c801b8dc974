import JSON

/// Lookups the service-file decoder needs on the project's JSON model.
extension JSONNode {
    subscript(key: String) -> JSONNode? {
        objectValue?.first { $0.key == key }?.value
    }

    var string: String? { stringValue }

    var bool: Bool? { boolValue }

    var int: Int? {
        if case .number(let text) = kind { return Int(text) }
        return nil
    }

    var array: [JSONNode]? { arrayValue }

    /// The members as a dictionary (the first of duplicate keys wins).
    var object: [String: JSONNode]? {
        objectValue.map { members in
            Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The value as an array of strings; nil unless every element is a string.
    var strings: [String]? {
        guard let array else { return nil }
        var result: [String] = []
        result.reserveCapacity(array.count)
        for element in array {
            guard let string = element.string else { return nil }
            result.append(string)
        }
        return result
    }
}

import AWSCore

extension XMLElement {
    /// The `<member>` children of the list element `name`; empty when the list is missing or empty.
    func members(_ name: String) -> [XMLElement] {
        child(name)?.children("member") ?? []
    }

    /// The trimmed texts of the `<member>` children of the list element `name`.
    func memberValues(_ name: String) -> [String] {
        members(name).map(\.textValue)
    }

    /// The `<entry><key/><value/></entry>` pairs of the map element `name`.
    func mapValues(_ name: String) -> [String: String] {
        var map: [String: String] = [:]
        for entry in child(name)?.children("entry") ?? [] {
            guard let key = entry.value(at: "key") else { continue }
            map[key] = entry.value(at: "value") ?? ""
        }
        return map
    }

    /// `true`/`false` at `name`, `nil` when absent or something else.
    func bool(at name: String) -> Bool? {
        switch value(at: name) {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// An integer at `name`, `nil` when absent or not a number.
    func int(at name: String) -> Int? {
        value(at: name).flatMap { Int($0) }
    }
}

import JSON

/// An UPDATE's `PatchDocument`, checked as an RFC 6902 JSON Patch before anything is sent: Cloud Control applies the
/// operations in order and fails the whole update on an invalid one (Cloud Control user guide,
/// resource-operations-update), which would otherwise be found only after the request was accepted.
public enum PatchDocument {
    /// Why a patch document is refused: one sentence naming the operation (0-based, as JSON Pointer counts) and member.
    public struct Problem: Error, Sendable, Hashable {
        public var message: String
    }

    /// The operations of RFC 6902 §4 and the members each needs.
    static let operations: [String: [String]] = [
        "add": ["path", "value"], "remove": ["path"], "replace": ["path", "value"], "move": ["from", "path"],
        "copy": ["from", "path"], "test": ["path", "value"],
    ]

    /// The document as compact JSON text, or the first problem: not JSON, not a non-empty array of objects, an
    /// unknown `op`, a missing member, a `path`/`from` that is not a JSON Pointer (RFC 6901), a repeated member.
    public static func validated(_ text: String) throws(Problem) -> String {
        let root: JSONNode
        do {
            root = try JSONParser.parse(Array(text.utf8))
        } catch {
            throw Problem(message: "the PatchDocument is not JSON (\(error.description))")
        }
        guard let items = root.arrayValue else {
            throw Problem(
                message: "the PatchDocument must be a JSON array of operations (RFC 6902), not \(root.typeDescription)")
        }
        guard !items.isEmpty else { throw Problem(message: "the PatchDocument has no operations") }
        for (index, item) in items.enumerated() {
            let place = "PatchDocument operation \(index)"
            guard let members = item.objectValue else {
                throw Problem(message: "\(place) must be an object, not \(item.typeDescription)")
            }
            var seen: [String: JSONNode] = [:]
            for member in members {
                guard seen[member.key] == nil else {
                    throw Problem(message: "\(place) repeats '\(member.key)'")
                }
                seen[member.key] = member.value
            }
            guard let op = seen["op"]?.stringValue else {
                throw Problem(message: "\(place) has no 'op' string (add, remove, replace, move, copy or test)")
            }
            guard let needed = operations[op] else {
                throw Problem(
                    message: "\(place) has the unknown op '\(op)' (expected add, remove, replace, move, copy or test)")
            }
            for name in needed {
                guard let node = seen[name] else { throw Problem(message: "\(place) ('\(op)') has no '\(name)'") }
                guard name == "path" || name == "from" else { continue }
                guard let pointer = node.stringValue, isPointer(pointer) else {
                    throw Problem(message: "\(place) '\(name)' is not a JSON Pointer such as '/Tags' (RFC 6901)")
                }
            }
        }
        return JSONOutput(root).rendered(pretty: false)
    }

    /// RFC 6901: empty, or `/`-prefixed reference tokens in which `~` is followed only by `0` or `1`.
    static func isPointer(_ text: String) -> Bool {
        guard text.isEmpty || text.hasPrefix("/") else { return false }
        var characters = text.makeIterator()
        while let character = characters.next() {
            if character == "~" {
                guard let next = characters.next(), next == "0" || next == "1" else { return false }
            }
        }
        return true
    }
}

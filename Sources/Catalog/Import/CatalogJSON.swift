import JSON

/// The catalog's file format: a ``ResourceDefinition`` as JSON with sorted keys, two-space indentation, `": "`
/// between key and value, unescaped slashes and a trailing newline. Written with the JSON module's writer rather than
/// `JSONEncoder` so the bytes do not depend on the Foundation version; read with the located parser so errors name
/// the line. Keys are the `Codable` property names; `listView` is left out when absent.
enum CatalogJSON {
    // MARK: Writing

    static func encode(_ definition: ResourceDefinition) -> [UInt8] {
        var writer = JSONWriter(layout: .indented(spaces: 2))
        writer.value(value(of: definition).sortingKeys())
        writer.endLine()
        return writer.bytes
    }

    static func value(of definition: ResourceDefinition) -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("id", .string(definition.id)),
            ("provider", .string(definition.provider)),
            ("service", .string(definition.service)),
            ("name", .string(definition.name)),
            ("cloudFormationType", .string(definition.cloudFormationType)),
            ("summary", .string(definition.summary)),
            ("identifier", .string(definition.identifier)),
            ("properties", .strings(definition.properties)),
            ("methods", .array(definition.methods.map(value(of:)))),
            (
                "fields",
                .array(
                    definition.fields.map {
                        .object([
                            ("column", .string($0.column)), ("property", .string($0.property)),
                            ("type", .string($0.type)),
                        ])
                    })
            ),
            (
                "source",
                .object([
                    ("page", .string(definition.source.page)), ("fingerprint", .string(definition.source.fingerprint)),
                ])
            ),
        ]
        if let listView = definition.listView { members.append(("listView", .string(listView))) }
        return .object(members)
    }

    static func value(of method: ResourceMethod) -> JSONOutput {
        .object([
            ("name", .string(method.name)),
            ("table", .string(method.table)),
            ("sqlVerb", .string(method.sqlVerb)),
            ("requiredParams", .strings(method.requiredParams)),
            ("handler", .string(method.handler)),
            ("permissions", .strings(method.permissions)),
            (
                "cloudControl",
                .object([
                    ("operation", .string(method.cloudControl.operation)),
                    ("action", .string(method.cloudControl.action)),
                    ("followUpActions", .strings(method.cloudControl.followUpActions)),
                ])
            ),
        ])
    }

    // MARK: Reading

    /// Reads a definition, naming `file` and the line:column of the first problem.
    static func decode(_ bytes: [UInt8], file: String) throws(CatalogLoadError) -> ResourceDefinition {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw CatalogLoadError("catalog file '\(file)' line \(error.location): \(error.message)")
        }
        let reader = Reader(file: file)
        let definition = try reader.object(root, path: "", keys: Self.definitionKeys)
        let source = try reader.object(
            try reader.member(definition, "source", path: ""), path: "source", keys: ["page", "fingerprint"])
        var methods: [ResourceMethod] = []
        for (index, node) in try reader.array(try reader.member(definition, "methods", path: ""), path: "methods")
            .enumerated()
        {
            let path = "methods[\(index)]"
            let method = try reader.object(node, path: path, keys: Self.methodKeys)
            let callPath = path + ".cloudControl"
            let call = try reader.object(
                try reader.member(method, "cloudControl", path: path), path: callPath,
                keys: ["operation", "action", "followUpActions"])
            methods.append(
                ResourceMethod(
                    name: try reader.string(method, "name", path: path),
                    table: try reader.string(method, "table", path: path),
                    sqlVerb: try reader.string(method, "sqlVerb", path: path),
                    requiredParams: try reader.strings(method, "requiredParams", path: path),
                    handler: try reader.string(method, "handler", path: path),
                    permissions: try reader.strings(method, "permissions", path: path),
                    cloudControl: CloudControlCall(
                        operation: try reader.string(call, "operation", path: callPath),
                        action: try reader.string(call, "action", path: callPath),
                        followUpActions: try reader.strings(call, "followUpActions", path: callPath))))
        }
        var fields: [ResourceField] = []
        if let fieldsNode = definition.members["fields"] {
            for (index, node) in try reader.array(fieldsNode, path: "fields").enumerated() {
                let path = "fields[\(index)]"
                let field = try reader.object(node, path: path, keys: ["column", "property", "type"])
                fields.append(
                    ResourceField(
                        column: try reader.string(field, "column", path: path),
                        property: try reader.string(field, "property", path: path),
                        type: try reader.string(field, "type", path: path)))
            }
        }
        return ResourceDefinition(
            id: try reader.string(definition, "id", path: ""),
            provider: try reader.string(definition, "provider", path: ""),
            service: try reader.string(definition, "service", path: ""),
            name: try reader.string(definition, "name", path: ""),
            listView: definition.members["listView"] == nil ? nil : try reader.string(definition, "listView", path: ""),
            cloudFormationType: try reader.string(definition, "cloudFormationType", path: ""),
            summary: try reader.string(definition, "summary", path: ""),
            identifier: try reader.string(definition, "identifier", path: ""),
            properties: try reader.strings(definition, "properties", path: ""),
            methods: methods, fields: fields,
            source: ImportSource(
                page: try reader.string(source, "page", path: "source"),
                fingerprint: try reader.string(source, "fingerprint", path: "source")))
    }

    static let definitionKeys: Set<String> = [
        "id", "provider", "service", "name", "listView", "cloudFormationType", "summary", "identifier", "properties",
        "methods", "fields", "source",
    ]
    static let methodKeys: Set<String> = [
        "name", "table", "sqlVerb", "requiredParams", "handler", "permissions", "cloudControl",
    ]

    /// An object's members by key, with the object's own location.
    struct Object {
        var members: [String: JSONNode]
        var location: SourceLocation
    }

    /// Typed access to the parsed tree; each failure is one sentence naming the file, line:column and key path.
    struct Reader {
        var file: String

        func failure(_ location: SourceLocation, _ message: String) -> CatalogLoadError {
            CatalogLoadError("catalog file '\(file)' line \(location): \(message)")
        }

        func name(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        /// The object at `node`; every key must be one of `keys`, none repeated.
        func object(_ node: JSONNode, path: String, keys: Set<String>) throws(CatalogLoadError) -> Object {
            guard let members = node.objectValue else {
                throw failure(
                    node.location,
                    "'\(path.isEmpty ? "the definition" : path)' must be an object, not \(node.typeDescription)")
            }
            var result: [String: JSONNode] = [:]
            for member in members {
                guard keys.contains(member.key) else {
                    throw failure(member.keyLocation, "unknown key '\(name(path, member.key))'")
                }
                guard result[member.key] == nil else {
                    throw failure(member.keyLocation, "duplicate key '\(name(path, member.key))'")
                }
                result[member.key] = member.value
            }
            return Object(members: result, location: node.location)
        }

        func member(_ object: Object, _ key: String, path: String) throws(CatalogLoadError) -> JSONNode {
            guard let node = object.members[key] else {
                throw failure(object.location, "missing key '\(name(path, key))'")
            }
            return node
        }

        func array(_ node: JSONNode, path: String) throws(CatalogLoadError) -> [JSONNode] {
            guard let elements = node.arrayValue else {
                throw failure(node.location, "'\(path)' must be an array, not \(node.typeDescription)")
            }
            return elements
        }

        func string(_ object: Object, _ key: String, path: String) throws(CatalogLoadError) -> String {
            let node = try member(object, key, path: path)
            guard let text = node.stringValue else {
                throw failure(node.location, "'\(name(path, key))' must be a string, not \(node.typeDescription)")
            }
            return text
        }

        func strings(_ object: Object, _ key: String, path: String) throws(CatalogLoadError) -> [String] {
            var result: [String] = []
            for (index, node) in try array(try member(object, key, path: path), path: name(path, key)).enumerated() {
                guard let text = node.stringValue else {
                    throw failure(
                        node.location, "'\(name(path, key))[\(index)]' must be a string, not \(node.typeDescription)")
                }
                result.append(text)
            }
            return result
        }
    }
}
